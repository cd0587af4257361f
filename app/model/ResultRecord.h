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

    /// Copies every cell of \a grid, in grid order (prompt, model, sample), without judgements
    /// (ResultSnapshot adds them).
    static QList<ResultRecord> fromGrid(const ResultGrid &grid);
    /// Copies only \a cells.
    static QList<ResultRecord> fromGrid(const ResultGrid &grid, const QList<int> &cells);
};
