// SPDX-License-Identifier: MIT
// Compiled by tst_layering_build with the model layer's include path: must NOT compile, since
// the engine is above the model and its folder is not on the model's include path.
#include "Scheduler.h"

int wrongWayProbe()
{
    return Scheduler().cellCount();
}
