// SPDX-License-Identifier: MIT
#include "ProcessLimits.h"

#include <QFile>
#include <QThread>

#include <dirent.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <limits>

int ProcessLimits::raiseOpenFilesLimit()
{
    rlimit limit = {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 0;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) != 0) {
            // An unlimited hard limit cannot be the soft one: the kernel's nr_open is the most.
            QFile nrOpen(QStringLiteral("/proc/sys/fs/nr_open"));
            bool ok = false;
            const rlim_t most = nrOpen.open(QIODevice::ReadOnly) ? nrOpen.readAll().trimmed().toULongLong(&ok) : 0;
            if (ok && most > limit.rlim_cur) {
                raised.rlim_cur = std::min(most, limit.rlim_max);
                setrlimit(RLIMIT_NOFILE, &raised);
            }
        }
    }
    return openFilesLimit();
}

int ProcessLimits::openFilesLimit()
{
    rlimit limit = {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return 0;
    return int(std::min<rlim_t>(limit.rlim_cur, rlim_t(std::numeric_limits<int>::max())));
}

int ProcessLimits::openDescriptors()
{
    DIR *fds = opendir("/proc/self/fd");
    if (!fds)
        return -1;
    const int own = dirfd(fds);
    int count = 0;
    while (const dirent *entry = readdir(fds)) {
        if (entry->d_name[0] != '.' && std::atoi(entry->d_name) != own)
            ++count;
    }
    closedir(fds);
    return count;
}

int ProcessLimits::reservedDescriptors()
{
    // Qt's thread pools (DNS lookups, Qt Concurrent exports) start up to one thread per core.
    return kFixedReserve + 2 * kDescriptorsPerThread * std::max(1, QThread::idealThreadCount());
}

int ProcessLimits::requestDescriptorBudget(int heldByPool)
{
    const int limit = openFilesLimit();
    const int open = openDescriptors();
    if (limit <= 0 || open < 0)
        return 0;
    return std::max(1, limit - (open - heldByPool) - reservedDescriptors());
}
