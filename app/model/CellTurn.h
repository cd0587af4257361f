// SPDX-License-Identifier: MIT
#pragma once

#include "CellResult.h"
#include "CellSpec.h"

/// One finished turn of a cell's own thread: exactly what was sent (the spec, with the earlier
/// messages it carried) and what came back, with its own metrics.
struct CellTurn {
    CellSpec spec;
    CellResult result;
};
