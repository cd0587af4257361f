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
    for (int cell : cells) {
        const CellSpec &spec = grid.spec(cell);
        records.append(ResultRecord{spec, grid.result(cell), grid.plan().rows.value(spec.row)});
    }
    return records;
}
