// SPDX-License-Identifier: MIT
#include "PromptGridApplication.h"

#include "MemoryReserve.h"

#include <new>

PromptGridApplication::PromptGridApplication(int &argc, char **argv)
    : QApplication(argc, argv)
{
}

bool PromptGridApplication::notify(QObject *receiver, QEvent *event)
{
    try {
        return QApplication::notify(receiver, event);
    } catch (const std::bad_alloc &) {
        MemoryReserve::reportExhausted();
        return false;
    }
}
