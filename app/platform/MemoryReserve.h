// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

#include <cstddef>

/// Out of memory, handled: a block of address space is held back from the start and given
/// back the first time an allocation fails (a std::bad_alloc, or operator new's handler), so
/// that the program can still cancel the run, write what finished and say why. The exhausted()
/// signal reaches the main thread through the event loop, never from inside the failed code.
class MemoryReserve : public QObject
{
    Q_OBJECT
public:
    static MemoryReserve *instance();

    /// Holds back \a bytes (not touched, so it costs address space, not resident memory) and
    /// installs operator new's handler. Call once at start.
    static void arm(std::size_t bytes = kDefaultBytes);
    /// An allocation failed: frees the reserve and, the first time, emits exhausted() soon.
    /// Safe from any thread; allocates nothing before the reserve is freed.
    static void reportExhausted();
    /// Whether memory has run out in this process.
    static bool isExhausted();

    static constexpr std::size_t kDefaultBytes = 32 * 1024 * 1024;

Q_SIGNALS:
    void exhausted();

private:
    MemoryReserve() = default;
};
