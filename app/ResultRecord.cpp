// SPDX-License-Identifier: MIT
#include "ResultRecord.h"

#include "JudgingState.h"
#include "Scheduler.h"

QList<ResultRecord> ResultRecord::snapshot(const Scheduler &scheduler)
{
    QList<int> cells;
    cells.reserve(scheduler.cellCount());
    for (int cell = 0; cell < scheduler.cellCount(); ++cell)
        cells.append(cell);
    return snapshot(scheduler, cells);
}

QList<ResultRecord> ResultRecord::snapshot(const Scheduler &scheduler, const QList<int> &cells)
{
    QList<ResultRecord> records;
    records.reserve(cells.size());
    for (int cell : cells) {
        const CellSpec &spec = scheduler.spec(cell);
        records.append(ResultRecord{spec, scheduler.result(cell), scheduler.plan().rows.value(spec.row)});
    }
    // Ratings, notes and quick-check counts, when the window judges this grid.
    if (const JudgingState *judging = JudgingState::of(scheduler))
        judging->annotate(records);
    return records;
}
