// SPDX-License-Identifier: MIT
#include "RunCounts.h"

#include <QCoreApplication>

QString RunCounts::summary() const
{
    const int cells = total();
    const QString all = cells == 1 ? QCoreApplication::translate("RunCounts", "1 cell")
                                   : QCoreApplication::translate("RunCounts", "%1 cells").arg(cells);
    return QCoreApplication::translate("RunCounts", "Answered %1 · Failed %2 · Cancelled %3 · Running %4 · Queued %5 · %6")
        .arg(ok)
        .arg(failed)
        .arg(cancelled)
        .arg(running)
        .arg(queued)
        .arg(all);
}
