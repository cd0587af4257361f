// SPDX-License-Identifier: MIT
// Compiled by tst_layering_build with the ui/judging folder's include path: must NOT compile,
// since panels never include the main window and ui/window is not on their include path.
#include "MainWindow.h"

int uiWrongWayProbe()
{
    return MainWindow().isVisible() ? 1 : 0;
}
