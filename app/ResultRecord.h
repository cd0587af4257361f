// SPDX-License-Identifier: MIT
#pragma once

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

    /// Copies every cell of \a scheduler, in grid order (prompt, model, sample).
    static QList<ResultRecord> snapshot(const Scheduler &scheduler);
    /// Copies only \a cells.
    static QList<ResultRecord> snapshot(const Scheduler &scheduler, const QList<int> &cells);
};
