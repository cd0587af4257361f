// SPDX-License-Identifier: MIT
#include "StaticGrid.h"

#include <algorithm>

StaticGrid::StaticGrid(QObject *parent)
    : ResultGrid(parent)
{
}

StaticGrid::StaticGrid(const RunPlan &plan, const std::vector<CellResult> &results, QObject *parent)
    : ResultGrid(parent)
{
    load(plan, results);
}

StaticGrid::StaticGrid(const RunPlan &plan, const std::vector<CellResult> &results,
                       const std::vector<CellThread> &threads, QObject *parent)
    : ResultGrid(parent)
{
    load(plan, results, threads);
}

void StaticGrid::load(const RunPlan &plan, const std::vector<CellResult> &results, const std::vector<CellThread> &threads)
{
    m_plan = plan;
    m_plan.samples = std::max(1, plan.samples);
    m_specs = m_plan.cellSpecs();
    m_results.assign(m_specs.size(), CellResult());
    for (size_t cell = 0; cell < m_results.size() && cell < results.size(); ++cell)
        m_results[cell] = CellResult::restored(results[cell]);
    m_earlier.assign(m_specs.size(), {});
    for (size_t cell = 0; cell < m_specs.size() && cell < threads.size(); ++cell) {
        if (threads[cell].isEmpty())
            continue;
        m_earlier[cell] = threads[cell].earlier;
        m_specs[cell] = threads[cell].latest;
    }
    Q_EMIT planReset();
}

void StaticGrid::setResult(int cell, const CellResult &result)
{
    if (cell < 0 || cell >= cellCount())
        return;
    const CellStatus before = m_results[size_t(cell)].status;
    m_results[size_t(cell)] = result;
    if (result.status == CellStatus::Running && before != CellStatus::Running)
        Q_EMIT cellStarted(cell);
    if (isFinalStatus(result.status) && !isFinalStatus(before))
        Q_EMIT cellFinished(cell);
    Q_EMIT cellsChanged({cell});
    if (isFinalStatus(result.status)
        && std::all_of(m_results.begin(), m_results.end(), [](const CellResult &r) { return isFinalStatus(r.status); }))
        Q_EMIT runFinished();
}
