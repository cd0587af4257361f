// SPDX-License-Identifier: MIT
#pragma once

#include <QStandardPaths>
#include <QString>
#include <QStringList>

/// PromptGrid's own folders, for the window and the CLI alike: ~/.local/share/PromptGrid (the
/// history) and ~/.config/PromptGrid (presets.json, next to the settings file PromptGrid.conf).
/// Qt's AppDataLocation nests <organization>/<application>, and PromptGrid is both, which gave
/// ~/.local/share/PromptGrid/PromptGrid; one level is enough. Other names (the tests') keep
/// Qt's two levels.
class AppFolders
{
public:
    /// The organization and application name of the window and the CLI.
    static QString productName() { return QStringLiteral("PromptGrid"); }
    /// Where the history database lives (not created here).
    static QString dataFolder();
    /// Where presets.json is read from.
    static QString configFolder();

    /// What migrateNestedFolders() did, for the log.
    struct Migration {
        QStringList moved;   ///< entries moved up from the nested folder
        QStringList kept;    ///< entries left in the nested folder, and why
        QStringList errors;
    };
    /// Moves what an older PromptGrid kept in <folder>/PromptGrid up into <folder>, once, for
    /// the data and the config folder. A history already in the new place wins: the nested one
    /// stays where it is, and the result says so. Nothing is deleted but the emptied folder.
    static Migration migrateNestedFolders();
    /// The same for one pair of folders (tests).
    static Migration migrateFolder(const QString &nested, const QString &target);

private:
    static QString folderIn(QStandardPaths::StandardLocation generic);
};
