// SPDX-License-Identifier: MIT
#include "MemoryReserve.h"

#include <QMetaObject>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<void *> g_reserve{nullptr};
std::atomic<void *> g_writeReserve{nullptr};
std::atomic<bool> g_exhausted{false};

void freeReserve()
{
    std::free(g_reserve.exchange(nullptr));
}

// operator new calls this when malloc fails; returning makes it try again, now with the
// reserve given back. A second failure throws std::bad_alloc as usual.
void onNewFailed()
{
    std::set_new_handler(nullptr);
    MemoryReserve::reportExhausted();
}
} // namespace

MemoryReserve *MemoryReserve::instance()
{
    // Lives as long as the process; created on the main thread by arm().
    static MemoryReserve *reserve = new MemoryReserve;
    return reserve;
}

void MemoryReserve::arm(std::size_t bytes)
{
    instance();
    if (!g_reserve.load())
        g_reserve.store(std::malloc(bytes));
    if (!g_writeReserve.load())
        g_writeReserve.store(std::malloc(bytes));
    std::set_new_handler(onNewFailed);
}

void MemoryReserve::reportExhausted()
{
    // A failure after the run's block is gone (while writing) takes the writing block too.
    if (!g_reserve.load())
        std::free(g_writeReserve.exchange(nullptr));
    freeReserve();
    if (g_exhausted.exchange(true))
        return;
    QMetaObject::invokeMethod(instance(), &MemoryReserve::exhausted, Qt::QueuedConnection);
}

void MemoryReserve::releaseForWriting()
{
    if (g_exhausted.load())
        std::free(g_writeReserve.exchange(nullptr));
}

bool MemoryReserve::isExhausted()
{
    return g_exhausted.load();
}
