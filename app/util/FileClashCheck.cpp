// SPDX-License-Identifier: MIT
#include "FileClashCheck.h"

#include "OutputFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

void FileClashCheck::addInput(const QString &what, const QString &path)
{
    if (!path.isEmpty())
        m_entries.append({what, path, false});
}

void FileClashCheck::addOutput(const QString &what, const QString &path)
{
    m_entries.append({what, path, true});
}

QString FileClashCheck::identity(const QString &path)
{
    if (OutputFile::writesInPlace(path))
        return {};
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) == 0) {
        if (!S_ISREG(info.st_mode))
            return {};
        return QStringLiteral("inode %1:%2").arg(quint64(info.st_dev)).arg(quint64(info.st_ino));
    }
    // Not there yet: follow a dangling link to where the file would be created.
    QString target = QFileInfo(path).absoluteFilePath();
    for (int hop = 0; hop < 16; ++hop) {
        const QFileInfo link(target);
        if (!link.isSymLink())
            break;
        target = link.symLinkTarget();
    }
    const QFileInfo file(target);
    const QString folder = QFileInfo(file.absolutePath()).canonicalFilePath();
    return QStringLiteral("path ") + QDir(folder.isEmpty() ? file.absolutePath() : folder).filePath(file.fileName());
}

bool FileClashCheck::check(QString *error) const
{
    QList<QString> identities;
    identities.reserve(m_entries.size());
    for (const Entry &entry : m_entries)
        identities.append(identity(entry.path));
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        const Entry &entry = m_entries.at(i);
        if (!entry.output)
            continue;
        QString why;
        if (!OutputFile::checkWritable(entry.path, &why)) {
            *error = QStringLiteral("%1: %2").arg(entry.what, why);
            return false;
        }
        if (identities.at(i).isEmpty())
            continue;
        for (qsizetype j = 0; j < m_entries.size(); ++j) {
            const Entry &other = m_entries.at(j);
            if (j == i || identities.at(j) != identities.at(i) || (other.output && j > i))
                continue;
            *error = other.output ? QStringLiteral("%1 and %2 name the same file (%3); give each output its own file")
                                        .arg(other.what, entry.what, QDir::toNativeSeparators(entry.path))
                                  : QStringLiteral("%1 %2 is the %3 file; writing it would destroy that input")
                                        .arg(entry.what, QDir::toNativeSeparators(entry.path), other.what);
            return false;
        }
    }
    return true;
}
