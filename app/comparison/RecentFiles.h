// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

class QSettings;

/// The most recently opened or saved comparison files, newest first, kept in QSettings.
class RecentFiles
{
public:
    static constexpr int kMaximum = 10;
    /// Uses \a settings when given (tests), else the application's default QSettings.
    explicit RecentFiles(QSettings *settings = nullptr);

    /// Newest first; files that no longer exist are left out.
    QStringList files() const;
    /// Moves \a path to the front (adding it when new) and keeps at most kMaximum entries.
    void add(const QString &path);
    void remove(const QString &path);
    void clear();

private:
    QStringList read() const;
    void write(const QStringList &files);

    QSettings *m_settings;
};
