// SPDX-License-Identifier: MIT
#pragma once

#include "CellThread.h"
#include "ResultGrid.h"

#include <vector>

/// A grid held in memory with no engine behind it: a saved run laid out exactly as the window's
/// grid lays it out (History's export without opening it), and the grid the judging, export and
/// history tests drive cell by cell.
class StaticGrid : public ResultGrid
{
    Q_OBJECT
public:
    explicit StaticGrid(QObject *parent = nullptr);
    StaticGrid(const RunPlan &plan, const std::vector<CellResult> &results, QObject *parent = nullptr);
    StaticGrid(const RunPlan &plan, const std::vector<CellResult> &results, const std::vector<CellThread> &threads,
               QObject *parent = nullptr);

    /// Replaces the grid with \a plan's cells and \a results in grid order, as a saved run is
    /// shown again (CellResult::restored); cells without a result stay queued. \a threads (in
    /// grid order, optional) are the cells' own threads: their latest spec replaces the plan's.
    /// Emits planReset.
    void load(const RunPlan &plan, const std::vector<CellResult> &results = {},
              const std::vector<CellThread> &threads = {});
    /// Sets one cell's result and announces it as the engine would: cellStarted when it starts
    /// running, cellFinished when it reaches a final state, then cellsChanged, and runFinished
    /// when no cell is left unfinished.
    void setResult(int cell, const CellResult &result);

    const RunPlan &plan() const override { return m_plan; }
    int cellCount() const override { return int(m_specs.size()); }
    const CellSpec &spec(int cell) const override { return m_specs[size_t(cell)]; }
    const CellResult &result(int cell) const override { return m_results[size_t(cell)]; }
    const QList<CellTurn> &earlierTurns(int cell) const override { return m_earlier[size_t(cell)]; }

private:
    RunPlan m_plan;
    std::vector<CellSpec> m_specs;
    std::vector<CellResult> m_results;
    std::vector<QList<CellTurn>> m_earlier;
};
