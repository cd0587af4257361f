// SPDX-License-Identifier: MIT
#pragma once

#include "CellJudgement.h"
#include "CellResult.h"
#include "CellSpec.h"
#include "RunPlan.h"

#include <QList>

class ResultGrid;

/// A self-contained copy of one cell, safe to hand to another thread for export.
struct ResultRecord {
    CellSpec spec;
    CellResult result;
    RunRow row;
    /// Rating, note and quick-check counts; empty unless Ratings::annotate() filled it.
    CellJudgement judgement = {};
    /// The turn of the cell's own thread (1 = the first answer); spec.mode is the run's mode.
    int turn = 1;
    /// False for a cell's earlier turns: the grid shows (and judges) only its latest.
    bool isLatestTurn = true;

    /// Copies every cell of \a grid, in grid order (prompt, model, sample), without judgements
    /// (ResultSnapshot adds them): one record per turn of each cell's thread, oldest first.
    static QList<ResultRecord> fromGrid(const ResultGrid &grid);
    /// Copies only \a cells.
    static QList<ResultRecord> fromGrid(const ResultGrid &grid, const QList<int> &cells);
};
