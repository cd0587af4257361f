// SPDX-License-Identifier: MIT
#include "CliProcess.h"

#include <QProcess>
#include <QSignalSpy>

CliProcess CliProcess::run(const QStringList &arguments, int timeoutMs, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(PROMPTGRID_CLI_PATH), arguments);
    CliProcess result;
    if (!process.waitForStarted(5000))
        return result;
    result.finished = finished.wait(timeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished(1000);
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit && result.finished ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}
