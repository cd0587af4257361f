// SPDX-License-Identifier: MIT
#include "StreamOutput.h"

void StreamOutput::noteMalformed(const QString &what)
{
    if (malformedEvents++ == 0)
        firstMalformed = what.left(200);
}
