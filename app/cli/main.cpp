// SPDX-License-Identifier: MIT
#include "CliRunner.h"
#include "SecretMask.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace {
int g_signalPipe[2] = {-1, -1};
volatile std::sig_atomic_t g_interrupts = 0;

void onSigint(int)
{
    // A second Ctrl+C leaves at once, without waiting for the event loop.
    g_interrupts = g_interrupts + 1;
    if (g_interrupts > 1)
        _exit(CliRunner::kExitInterrupted);
    const char byte = 1;
    [[maybe_unused]] const auto written = write(g_signalPipe[1], &byte, 1);
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("promptgrid"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROMPTGRID_VERSION));

    // Qt's own logs may quote a server or a header.
    SecretMask::installLogMask();
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
        action.sa_handler = onSigint;
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, nullptr);
        sigaction(SIGTERM, &action, nullptr);
    }
    runner.start();
    return app.exec();
}
