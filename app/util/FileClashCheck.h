// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

/// The files one run reads and writes, checked before anything is sent: every output can be
/// written, and none is the same file as an input or another output (compared by device and
/// inode after links are followed, or by the resolved path for files that do not exist yet).
/// Devices and pipes may be named more than once: they are written in place, one after another.
class FileClashCheck
{
public:
    /// \a what names the file in messages, e.g. "--prompts".
    void addInput(const QString &what, const QString &path);
    void addOutput(const QString &what, const QString &path);
    /// False with a one-line \a error naming the flags and the file.
    bool check(QString *error) const;

    /// What makes two paths the same file: "inode DEV:INO" for an existing regular file, "path
    /// /resolved/name" for one that does not exist yet, empty for devices, pipes and directories.
    static QString identity(const QString &path);

private:
    struct Entry {
        QString what;
        QString path;
        bool output = false;
    };
    QList<Entry> m_entries;
};
