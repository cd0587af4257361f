// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// Cell counts by state, for the status bar and the CLI summary. Every cell is in exactly one
/// of them.
struct RunCounts {
    int queued = 0;
    int running = 0;
    int ok = 0;
    int failed = 0; ///< error, timeout, incomplete, interrupted
    int cancelled = 0;
    int total() const { return queued + running + ok + failed + cancelled; }
    /// Cells that have finished, whichever way.
    int done() const { return ok + failed + cancelled; }
    /// The one wording of the counts, each state once: "Answered 8 · Failed 1 · Cancelled 1 ·
    /// Running 0 · Queued 0 · 10 cells".
    QString summary() const;
};
