// SPDX-License-Identifier: MIT
#include "TestHome.h"

#include "HistoryDatabase.h"

#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>

namespace TestHome {

void isolate(const QString &applicationName, const QString &settingsFolder)
{
    QCoreApplication::setOrganizationName(QStringLiteral("PromptGridTest"));
    QCoreApplication::setApplicationName(applicationName);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsFolder);
    QStandardPaths::setTestModeEnabled(true);
}

void reset()
{
    QSettings().clear();
    const QString history = HistoryDatabase::defaultPath();
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(history + suffix);
}

} // namespace TestHome
