// SPDX-License-Identifier: MIT
#include "RecentFiles.h"

#include <QFileInfo>
#include <QSettings>

namespace {
const QString kKey = QStringLiteral("recentComparisons");
} // namespace

RecentFiles::RecentFiles(QSettings *settings)
    : m_settings(settings)
{
}

QStringList RecentFiles::read() const
{
    return m_settings ? m_settings->value(kKey).toStringList() : QSettings().value(kKey).toStringList();
}

void RecentFiles::write(const QStringList &files)
{
    if (m_settings)
        m_settings->setValue(kKey, files);
    else
        QSettings().setValue(kKey, files);
}

QStringList RecentFiles::files() const
{
    QStringList existing;
    for (const QString &path : read()) {
        if (QFileInfo::exists(path))
            existing.append(path);
    }
    return existing;
}

void RecentFiles::add(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = read();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaximum)
        files.removeLast();
    write(files);
}

void RecentFiles::remove(const QString &path)
{
    QStringList files = read();
    files.removeAll(QFileInfo(path).absoluteFilePath());
    write(files);
}

void RecentFiles::clear()
{
    write({});
}
