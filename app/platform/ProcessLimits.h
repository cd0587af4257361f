// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// The process's open-files limit, and how many descriptors a run may spend on requests.
///
/// Measured with Qt 6.4.2 and GLib 2.74 on Debian 12 (see the README): every HTTP/1.1 request
/// in flight holds one socket (Qt keeps up to 6 per host and manager, idle ones included); an
/// h2c manager holds one socket for its 100 streams; every QNetworkAccessManager runs one HTTP
/// thread, whose GLib main context needs one eventfd for its GWakeup (two pipe descriptors where
/// eventfd is missing). Running out of them aborts inside GLib, so the budget keeps a reserve.
class ProcessLimits
{
public:
    /// Raises the soft RLIMIT_NOFILE to the hard limit (at most the kernel's nr_open); returns
    /// the soft limit in force afterwards (0 when unknown).
    static int raiseOpenFilesLimit();
    static int openFilesLimit();
    /// Descriptors open now (counted in /proc/self/fd; -1 when unknown).
    static int openDescriptors();
    /// Descriptors kept back from requests: outputs, the history database and its journal
    /// files, Qt's DNS and worker threads (one GWakeup each), TLS certificate files.
    static int reservedDescriptors();
    /// What is left for network managers and their sockets: the limit, minus what is open now
    /// and not held by the pool (\a heldByPool), minus the reserve. 0 means no limit known.
    static int requestDescriptorBudget(int heldByPool);

    /// One HTTP thread's GWakeup (eventfd).
    static constexpr int kDescriptorsPerThread = 1;
    static constexpr int kFixedReserve = 24;
};
