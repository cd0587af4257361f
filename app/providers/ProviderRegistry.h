// SPDX-License-Identifier: MIT
#pragma once

#include "ProviderConfig.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

/// The list of configured providers, as read from or written to a providers JSON file.
class ProviderRegistry
{
public:
    /// Parses {"providers":[...]}; on failure returns nullopt with a one-line \a error.
    static std::optional<ProviderRegistry> fromJson(const QByteArray &json, QString *error);
    static std::optional<ProviderRegistry> fromFile(const QString &path, QString *error);
    /// A registry holding only the offline Demo provider.
    static ProviderRegistry withDemo();

    QByteArray toJson() const;

    const QList<ProviderConfig> &providers() const { return m_providers; }
    const ProviderConfig *find(const QString &name) const;
    /// Adds or replaces (by name).
    void upsert(const ProviderConfig &config);
    bool remove(const QString &name);

private:
    QList<ProviderConfig> m_providers;
};
