// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QStringList>

/// The real promptgrid-cli (PROMPTGRID_CLI_PATH) run to its end while this process's event
/// loop keeps running, so that fake servers in the test answer it.
struct CliProcess {
    int exitCode = -1; ///< -1 when it crashed or did not finish
    bool finished = false;
    QByteArray out;
    QByteArray err;

    static CliProcess run(const QStringList &arguments, int timeoutMs = 30'000,
                          const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
};
