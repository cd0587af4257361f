// SPDX-License-Identifier: MIT
// Compiled by tst_layering_build with the model layer's include path: must compile.
#include "CellResult.h" // the model's own folder
#include "TextCodec.h"  // util, below the model

int rightWayProbe()
{
    return int(CellResult().status) + int(TextCodec::withoutLoneSurrogates(QString()).size());
}
