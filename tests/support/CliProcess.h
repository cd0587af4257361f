// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>

/// The real promptgrid-cli (PROMPTGRID_CLI_PATH) as a child process, for the suites that test
/// what only a process shows: exit codes, signals, resource limits, closed descriptors.
namespace CliProcess {

struct Result {
    bool finished = false; ///< within the time limit
    bool crashed = false;  ///< ended by a signal
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// Runs the CLI with \a arguments and waits for it while this thread's event loop keeps running
/// (so that fake servers in this process answer). \a inChild runs in the child between fork
/// and exec: setrlimit(), dup2() and the like, async-signal-safe calls only.
Result run(const QStringList &arguments, const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
           const std::function<void()> &inChild = {}, int timeoutMs = 60'000);

/// The system environment with HOME and XDG_DATA_HOME in \a folder, so that a recovery file
/// or a history lands there and nowhere else.
QProcessEnvironment isolatedEnvironment(const QString &folder);

/// {"providers":[{"name": NAME, "kind":"openai", "base_url": URL}]} written to \a path.
QString writeProviders(const QString &path, const QString &name, const QString &baseUrl);

/// An RLIMIT_* for the child, as an inChild function (both soft and hard, like `ulimit`).
std::function<void()> limit(int resource, quint64 value);

} // namespace CliProcess
