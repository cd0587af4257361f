// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

/// What the benchmarks read about their own process.
class ProcessStats
{
public:
    /// A "Name:  123 kB" field of /proc/self/status (VmRSS, VmHWM, Threads), or 0.
    static qint64 statusFieldKb(const char *field);
    /// User + system CPU time used so far, in seconds.
    static double cpuSeconds();
};
