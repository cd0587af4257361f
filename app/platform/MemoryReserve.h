// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

#include <cstddef>

/// Out of memory, handled: two blocks of address space are held back from the start. The first
/// is given back the first time an allocation fails (a std::bad_alloc, or operator new's
/// handler), so that the program can still cancel the run; the second only when the outputs
/// are written after that (releaseForWriting()), because the streams still arriving until the
/// cancel takes effect may use up the first. The exhausted()
/// signal reaches the main thread through the event loop, never from inside the failed code.
class MemoryReserve : public QObject
{
    Q_OBJECT
public:
    static MemoryReserve *instance();

    /// Holds back \a bytes twice (not touched, so it costs address space, not resident memory) and
    /// installs operator new's handler. Call once at start.
    static void arm(std::size_t bytes = kDefaultBytes);
    /// An allocation failed: frees the reserve and, the first time, emits exhausted() soon.
    /// Safe from any thread; allocates nothing before the reserve is freed.
    static void reportExhausted();
    /// Gives back the block kept for writing the outputs once memory has run out (no-op before).
    static void releaseForWriting();
    /// Whether memory has run out in this process.
    static bool isExhausted();

    static constexpr std::size_t kDefaultBytes = 32 * 1024 * 1024;

Q_SIGNALS:
    void exhausted();

private:
    MemoryReserve() = default;
};
