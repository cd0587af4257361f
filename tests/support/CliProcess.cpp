// SPDX-License-Identifier: MIT
#include "CliProcess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>

#include <sys/resource.h>

namespace CliProcess {

Result run(const QStringList &arguments, const QProcessEnvironment &environment, const std::function<void()> &inChild,
           int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    if (inChild)
        process.setChildProcessModifier(inChild);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(PROMPTGRID_CLI_PATH), arguments);
    Result result;
    if (!process.waitForStarted(10'000))
        return result;
    result.finished = finished.wait(timeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished(2000);
    }
    result.crashed = process.exitStatus() == QProcess::CrashExit;
    result.exitCode = result.crashed ? -1 : process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QProcessEnvironment isolatedEnvironment(const QString &folder)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QDir().mkpath(folder);
    environment.insert(QStringLiteral("HOME"), folder);
    environment.insert(QStringLiteral("XDG_DATA_HOME"), QDir(folder).filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), QDir(folder).filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("TMPDIR"), folder);
    return environment;
}

QString writeProviders(const QString &path, const QString &name, const QString &baseUrl)
{
    const QJsonObject provider{{QStringLiteral("name"), name}, {QStringLiteral("kind"), QStringLiteral("openai")},
                               {QStringLiteral("base_url"), baseUrl}};
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(QJsonDocument(QJsonObject{{QStringLiteral("providers"), QJsonArray{provider}}}).toJson());
    return path;
}

std::function<void()> limit(int resource, quint64 value)
{
    return [resource, value] {
        const rlimit wanted{rlim_t(value), rlim_t(value)};
        setrlimit(resource, &wanted);
    };
}

} // namespace CliProcess
