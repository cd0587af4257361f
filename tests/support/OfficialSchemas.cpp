// SPDX-License-Identifier: MIT
#include "OfficialSchemas.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>

QString OfficialSchemas::missing()
{
    const QString specs = QStringLiteral(PROMPTGRID_SPECS_DIR);
    if (!QFile::exists(specs + QStringLiteral("/openai-openapi.prism-v1.json")))
        return QStringLiteral("the official specs are not in %1").arg(specs);
    QProcess probe;
    probe.start(QStringLiteral("python3"), {QStringLiteral("-c"), QStringLiteral("import jsonschema")});
    if (!probe.waitForFinished(30000) || probe.exitCode() != 0)
        return QStringLiteral("python3 needs jsonschema (Debian: apt-get install python3-jsonschema)");
    return {};
}

int OfficialSchemas::validate(const QString &folder, const QString &spec, const QString &component, const QJsonObject &body,
                              QString *output, bool relaxInputItem)
{
    static int serial = 0;
    const QString path = QDir(folder).filePath(QStringLiteral("%1-%2.json").arg(component).arg(++serial));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return -1;
    file.write(QJsonDocument(body).toJson());
    file.close();
    QStringList arguments{QStringLiteral(PROMPTGRID_SCHEMA_SCRIPT), QStringLiteral(PROMPTGRID_SPECS_DIR "/") + spec};
    if (relaxInputItem)
        arguments << QStringLiteral("--relax-oneof") << QStringLiteral("InputItem");
    arguments << component + QLatin1Char('=') + path;
    QProcess python;
    python.setProcessChannelMode(QProcess::MergedChannels);
    python.start(QStringLiteral("python3"), arguments);
    if (!python.waitForFinished(60000))
        return -1;
    *output = QString::fromUtf8(python.readAll());
    return python.exitStatus() == QProcess::NormalExit ? python.exitCode() : -1;
}
