// SPDX-License-Identifier: MIT
#include "TestHome.h"

#include "EnglishPlurals.h"
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
    // As the window's main() does: the suites read "1 cell", not "1 cell(s)".
    static EnglishPlurals plurals;
    QCoreApplication::installTranslator(&plurals);
}

void reset()
{
    QSettings().clear();
    const QString history = HistoryDatabase::defaultPath();
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(history + suffix);
}

} // namespace TestHome
