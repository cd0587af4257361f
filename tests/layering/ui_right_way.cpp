// SPDX-License-Identifier: MIT
// Compiled by tst_layering_build with the ui/judging folder's include path: must compile.
#include "DiffView.h"  // the folder's own
#include "Scheduler.h" // the engine, which every ui folder may use

int uiRightWayProbe()
{
    Scheduler scheduler;
    return DiffView(&scheduler).similarity() >= 0 ? 1 : 0;
}
