// SPDX-License-Identifier: MIT
#pragma once

#include <QTextBrowser>

class ResultGrid;

/// The selected cell's own thread, turn by turn (Own thread mode): each turn's follow-up, the
/// model's answer, its status and its metrics. Hidden for a cell that has answered once.
class ThreadView : public QTextBrowser
{
    Q_OBJECT
public:
    explicit ThreadView(const ResultGrid *grid, QWidget *parent = nullptr);

    /// Shows \a cell's thread (-1: none); rebuilt only when its turns or its latest status changed.
    void showCell(int cell);

private:
    const ResultGrid *m_grid;
    QString m_shownKey;
};
