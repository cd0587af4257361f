// SPDX-License-Identifier: MIT
#pragma once

#include "CellJudgement.h"
#include "CellResult.h"
#include "CellSpec.h"
#include "RunPlan.h"

#include <QList>

class Scheduler;

/// A self-contained copy of one cell, safe to hand to another thread for export.
struct ResultRecord {
    CellSpec spec;
    CellResult result;
    RunRow row;
    /// Rating, note and quick-check counts; empty unless Ratings::annotate() filled it.
    CellJudgement judgement = {};

    /// Copies every cell of \a scheduler, in grid order (prompt, model, sample).
    static QList<ResultRecord> snapshot(const Scheduler &scheduler);
    /// Copies only \a cells.
    static QList<ResultRecord> snapshot(const Scheduler &scheduler, const QList<int> &cells);
};
