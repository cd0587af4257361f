// SPDX-License-Identifier: MIT
#include "ResultSnapshot.h"

#include "JudgingState.h"
#include "ResultGrid.h"

QList<ResultRecord> ResultSnapshot::take(const ResultGrid &grid, const JudgingState *judging)
{
    return take(grid, grid.allCells(), judging);
}

QList<ResultRecord> ResultSnapshot::take(const ResultGrid &grid, const QList<int> &cells, const JudgingState *judging)
{
    QList<ResultRecord> records = ResultRecord::fromGrid(grid, cells);
    if (judging)
        judging->annotate(records);
    return records;
}
