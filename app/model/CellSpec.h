// SPDX-License-Identifier: MIT
#pragma once

#include "CellAddress.h"
#include "ModelColumn.h"

#include <QString>

/// What one cell asks: a rendered prompt sent to one model configuration.
struct CellSpec {
    int row = 0;    ///< index of the prompt row in the grid
    int column = 0; ///< index of the model column
    int sample = 0; ///< 0-based repeat number
    QString prompt;
    QString system;
    ModelColumn model;

    CellAddress address() const { return {row, column, sample}; }
};
