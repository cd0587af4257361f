// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

/// Where one cell sits in a run's grid: prompt row, model column and sample. The one place
/// that turns an address into the cell's index in grid order (row, then column, then sample)
/// and back; every other type asks it.
struct CellAddress {
    int row = 0;
    int column = 0;
    int sample = 0;

    /// The index of this cell in a grid of \a columns columns and \a samples samples per cell.
    int index(int columns, int samples) const { return (row * columns + column) * samples + sample; }
    /// The address of cell \a index in such a grid (\a columns and \a samples at least 1).
    static CellAddress at(int index, int columns, int samples);
    /// True when the address lies inside a grid of that size.
    bool isInside(qsizetype rows, qsizetype columns, int samples) const;

    bool operator==(const CellAddress &other) const = default;
};
size_t qHash(const CellAddress &address, size_t seed = 0) noexcept;
