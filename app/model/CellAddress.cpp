// SPDX-License-Identifier: MIT
#include "CellAddress.h"

#include <QHashFunctions>

CellAddress CellAddress::at(int index, int columns, int samples)
{
    return {index / (columns * samples), (index / samples) % columns, index % samples};
}

bool CellAddress::isInside(qsizetype rows, qsizetype columns, int samples) const
{
    return row >= 0 && row < rows && column >= 0 && column < columns && sample >= 0 && sample < samples;
}

size_t qHash(const CellAddress &address, size_t seed) noexcept
{
    return qHashMulti(seed, address.row, address.column, address.sample);
}
