// SPDX-License-Identifier: MIT
#include "ResultRecord.h"

#include "ResultGrid.h"

QList<ResultRecord> ResultRecord::fromGrid(const ResultGrid &grid)
{
    return fromGrid(grid, grid.allCells());
}

QList<ResultRecord> ResultRecord::fromGrid(const ResultGrid &grid, const QList<int> &cells)
{
    QList<ResultRecord> records;
    records.reserve(cells.size());
    const ConversationMode mode = grid.mode();
    for (int cell : cells) {
        CellSpec spec = grid.spec(cell);
        // A follow-up turns a shared-transcript run into threads: every record says so.
        spec.mode = mode;
        const RunRow row = grid.plan().rows.value(spec.row);
        const QList<CellTurn> &earlier = grid.earlierTurns(cell);
        for (qsizetype i = 0; i < earlier.size(); ++i) {
            CellSpec earlierSpec = earlier.at(i).spec;
            earlierSpec.mode = mode;
            records.append(ResultRecord{earlierSpec, earlier.at(i).result, row, {}, int(i) + 1, false});
        }
        records.append(ResultRecord{spec, grid.result(cell), row, {}, int(earlier.size()) + 1, true});
    }
    return records;
}
