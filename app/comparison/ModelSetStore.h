// SPDX-License-Identifier: MIT
#pragma once

#include "ModelColumn.h"

#include <QList>
#include <QString>
#include <QStringList>

class QSettings;

/// Named lists of model configurations ("model sets"), kept in QSettings as JSON so that a
/// set can be picked again in a later comparison.
class ModelSetStore
{
public:
    /// Uses \a settings when given (tests), else the application's default QSettings.
    explicit ModelSetStore(QSettings *settings = nullptr);

    QStringList names() const; ///< sorted, case-insensitively
    bool contains(const QString &name) const;
    /// Empty when there is no set called \a name.
    QList<ModelColumn> load(const QString &name) const;
    /// Saves (or replaces) the set; false when \a name is blank.
    bool save(const QString &name, const QList<ModelColumn> &models);
    void remove(const QString &name);

private:
    QByteArray readAll() const;
    void writeAll(const QByteArray &json);

    QSettings *m_settings;
};
