// SPDX-License-Identifier: MIT
#include "CliApplication.h"

#include "MemoryReserve.h"

#include <new>

CliApplication::CliApplication(int &argc, char **argv)
    : QCoreApplication(argc, argv)
{
}

bool CliApplication::notify(QObject *receiver, QEvent *event)
{
    try {
        return QCoreApplication::notify(receiver, event);
    } catch (const std::bad_alloc &) {
        MemoryReserve::reportExhausted();
        return false;
    }
}
