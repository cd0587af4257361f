// SPDX-License-Identifier: MIT
#pragma once

#include "CellAddress.h"
#include "CellResult.h"
#include "CellSpec.h"
#include "CellTurn.h"
#include "ConversationMode.h"
#include "RunPlan.h"

#include <QList>
#include <QObject>

/// A run's grid as its readers see it: the plan, each cell's spec and result, and the signals
/// that say what changed. The engine's Scheduler is one; a StaticGrid (a saved run in memory) is
/// another. History, judging, the export snapshot and the views read a grid through this
/// interface, so none of them depends on the engine.
class ResultGrid : public QObject
{
    Q_OBJECT
public:
    explicit ResultGrid(QObject *parent = nullptr);

    virtual const RunPlan &plan() const = 0;
    virtual int cellCount() const = 0;
    virtual const CellSpec &spec(int cell) const = 0;
    /// The result so far, including the text streamed until now.
    virtual const CellResult &result(int cell) const = 0;
    /// 1-based place in its provider's queue, or 0 when not queued (always 0 unless live).
    virtual int queuePosition(int cell) const;
    /// The turns of \a cell's own thread before the one spec() and result() show (Own thread
    /// mode); empty for a cell that has answered once.
    virtual const QList<CellTurn> &earlierTurns(int cell) const;
    /// The turn spec() and result() are: 1 for the first answer.
    int turn(int cell) const { return int(earlierTurns(cell).size()) + 1; }
    /// Own thread when the plan says so or once any cell has gone on past its first answer,
    /// else Shared transcript.
    ConversationMode mode() const;

    CellAddress address(int cell) const { return spec(cell).address(); }
    /// The cell at \a address of the current plan (CellAddress::index).
    int cellIndex(const CellAddress &address) const;
    int cellIndex(int row, int column, int sample = 0) const;
    /// Every cell, in grid order.
    QList<int> allCells() const;

Q_SIGNALS:
    /// The grid's shape changed: a new plan was started or loaded.
    void planReset();
    /// Cells whose result changed since the last emission (coalesced by a live grid).
    void cellsChanged(const QList<int> &cells);
    /// Emitted at once when \a cell starts running (for storage).
    void cellStarted(int cell);
    /// Emitted at once when \a cell reaches a final state.
    void cellFinished(int cell);
    /// Every cell has reached a final state.
    void runFinished();
};
