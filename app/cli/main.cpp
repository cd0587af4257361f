// SPDX-License-Identifier: MIT
#include "AppFolders.h"
#include "CliApplication.h"
#include "CliRunner.h"
#include "MemoryReserve.h"
#include "ProcessLimits.h"
#include "SecretMask.h"

#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <new>
#include <unistd.h>

namespace {
int g_signalPipe[2] = {-1, -1};
volatile std::sig_atomic_t g_interrupts = 0;

void onStopSignal(int)
{
    // A second Ctrl+C (or SIGTERM, SIGHUP) leaves at once, without waiting for the event loop.
    g_interrupts = g_interrupts + 1;
    if (g_interrupts > 1)
        _exit(CliRunner::kExitInterrupted);
    const char byte = 1;
    [[maybe_unused]] const auto written = write(g_signalPipe[1], &byte, 1);
}

int run(CliApplication &app)
{
    CliRunner runner;
    QString error;
    if (!runner.prepare(QCoreApplication::arguments(), &error)) {
        if (error.isEmpty())
            return CliRunner::kExitOk; // --help or --version
        std::fprintf(stderr, "promptgrid-cli: %s\n", qPrintable(SecretMask().apply(error)));
        return CliRunner::kExitUsage;
    }
    SecretMask::setLogSecrets(runner.secrets());

    if (pipe(g_signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &runner, [&runner] {
            char byte;
            [[maybe_unused]] const auto got = read(g_signalPipe[0], &byte, 1);
            runner.interrupt();
        });
        struct sigaction action = {};
        action.sa_handler = onStopSignal;
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, nullptr);
        sigaction(SIGTERM, &action, nullptr);
        // A closed terminal or ssh session: cancel and write what finished, as for SIGTERM.
        sigaction(SIGHUP, &action, nullptr);
    }
    runner.start();
    return app.exec();
}
} // namespace

int main(int argc, char **argv)
{
    // A closed stderr or output pipe (`2>&1 | true`) must fail that write, not kill the run
    // before the results are written.
    std::signal(SIGPIPE, SIG_IGN);
    ProcessLimits::raiseOpenFilesLimit();
    CliApplication app(argc, argv);
    // The window's names, so that both use one data folder (~/.local/share/PromptGrid).
    QCoreApplication::setOrganizationName(AppFolders::productName());
    QCoreApplication::setApplicationName(AppFolders::productName());
    QCoreApplication::setApplicationVersion(QStringLiteral(PROMPTGRID_VERSION));
    MemoryReserve::arm();
    // Qt's own logs may quote a server or a header.
    SecretMask::installLogMask();
    try {
        return run(app);
    } catch (const std::bad_alloc &) {
        // Only before the run starts (reading the inputs): once it runs, CliApplication::notify
        // and the request coroutines catch it and the runner saves what finished.
        MemoryReserve::reportExhausted();
        std::fputs("promptgrid-cli: out of memory while reading the inputs; nothing was sent\n", stderr);
        return CliRunner::kExitResourceExhausted;
    }
}
