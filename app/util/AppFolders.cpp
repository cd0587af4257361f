// SPDX-License-Identifier: MIT
#include "AppFolders.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace {
// SQLite's file and the journals that belong to it: they move together or not at all, as a
// database without its -wal would lose what was committed since the last checkpoint.
const QString kHistory = QStringLiteral("history.sqlite");
const QStringList kHistoryFiles{kHistory + QStringLiteral("-wal"), kHistory + QStringLiteral("-shm"), kHistory};
} // namespace

QString AppFolders::folderIn(QStandardPaths::StandardLocation generic)
{
    QString path = QStandardPaths::writableLocation(generic);
    const QString organization = QCoreApplication::organizationName();
    const QString application = QCoreApplication::applicationName();
    if (!organization.isEmpty() && organization != application)
        path += QLatin1Char('/') + organization;
    if (!application.isEmpty())
        path += QLatin1Char('/') + application;
    return path;
}

QString AppFolders::dataFolder()
{
    return folderIn(QStandardPaths::GenericDataLocation);
}

QString AppFolders::configFolder()
{
    return folderIn(QStandardPaths::GenericConfigLocation);
}

AppFolders::Migration AppFolders::migrateNestedFolders()
{
    Migration all;
    for (const QString &target : {dataFolder(), configFolder()}) {
        // Only where Qt would have nested the same name twice.
        if (QFileInfo(target).fileName() != productName())
            continue;
        const Migration one = migrateFolder(QDir(target).filePath(productName()), target);
        all.moved += one.moved;
        all.kept += one.kept;
        all.errors += one.errors;
    }
    return all;
}

AppFolders::Migration AppFolders::migrateFolder(const QString &nested, const QString &target)
{
    Migration result;
    QDir from(nested);
    if (!QFileInfo(nested).isDir())
        return result;
    const QDir to(target);
    QStringList entries = from.entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    const auto movedAway = [&](const QString &name) {
        const QString source = from.filePath(name);
        const QString destination = to.filePath(name);
        if (QFileInfo::exists(destination) || QFileInfo(destination).isSymLink()) {
            result.kept.append(QStringLiteral("%1 (%2 exists)").arg(QDir::toNativeSeparators(source), QDir::toNativeSeparators(destination)));
            return false;
        }
        if (!QDir().rename(source, destination)) {
            result.errors.append(QStringLiteral("could not move %1 to %2").arg(QDir::toNativeSeparators(source), QDir::toNativeSeparators(destination)));
            return false;
        }
        result.moved.append(QDir::toNativeSeparators(destination));
        return true;
    };

    // The history first, as one: kept where it is when the new place has one (that is the one
    // in use), or when any of its files cannot move.
    const bool nestedHistory = entries.contains(kHistory);
    if (nestedHistory) {
        const bool inUse = std::any_of(kHistoryFiles.begin(), kHistoryFiles.end(),
                                       [&to](const QString &name) { return QFileInfo::exists(to.filePath(name)); });
        if (inUse) {
            result.kept.append(QStringLiteral("%1 (the history in use is %2)")
                                   .arg(QDir::toNativeSeparators(from.filePath(kHistory)), QDir::toNativeSeparators(to.filePath(kHistory))));
        } else {
            QStringList done;
            for (const QString &name : kHistoryFiles) {
                if (!entries.contains(name))
                    continue;
                if (!movedAway(name)) {
                    // Put back what moved, so that the database and its journals stay together.
                    for (const QString &back : done)
                        QDir().rename(to.filePath(back), from.filePath(back));
                    result.moved = result.moved.mid(0, result.moved.size() - done.size());
                    break;
                }
                done.append(name);
            }
        }
    }
    for (const QString &name : entries) {
        if (!kHistoryFiles.contains(name))
            movedAway(name);
    }
    // Removes the folder only when it is empty.
    if (from.entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot).isEmpty())
        QDir().rmdir(nested);
    return result;
}
