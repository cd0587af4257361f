// SPDX-License-Identifier: MIT
#include "ResultGrid.h"

ResultGrid::ResultGrid(QObject *parent)
    : QObject(parent)
{
}

int ResultGrid::queuePosition(int) const
{
    return 0;
}

const QList<CellTurn> &ResultGrid::earlierTurns(int) const
{
    static const QList<CellTurn> none;
    return none;
}

ConversationMode ResultGrid::mode() const
{
    if (plan().mode == ConversationMode::OwnThread)
        return ConversationMode::OwnThread;
    for (int cell = 0; cell < cellCount(); ++cell) {
        if (!earlierTurns(cell).isEmpty())
            return ConversationMode::OwnThread;
    }
    return ConversationMode::SharedTranscript;
}

int ResultGrid::cellIndex(const CellAddress &address) const
{
    return plan().cellIndex(address);
}

int ResultGrid::cellIndex(int row, int column, int sample) const
{
    return cellIndex(CellAddress{row, column, sample});
}

QList<int> ResultGrid::allCells() const
{
    QList<int> cells;
    cells.reserve(cellCount());
    for (int cell = 0; cell < cellCount(); ++cell)
        cells.append(cell);
    return cells;
}
