// SPDX-License-Identifier: MIT
#pragma once

#include "ProviderConfig.h"

#include <QHash>
#include <QString>

/// Resolves the API key of a provider: keys held in memory for this session (typed in, or read
/// from the system keychain), then the provider's environment variable, then the well-known
/// variable of its service. Never writes anything anywhere.
class ApiKeyStore
{
public:
    void setKey(const QString &provider, const QString &key);
    void removeKey(const QString &provider);
    bool hasStoredKey(const QString &provider) const;

    /// The key, or an empty string when none is needed or none was found.
    QString key(const ProviderConfig &provider) const;
    /// Environment variables consulted for \a provider, in order.
    static QStringList environmentVariables(const ProviderConfig &provider);
    /// Why a key is missing, or empty when it is not: "set OPENAI_API_KEY", ...
    QString missingKeyReason(const ProviderConfig &provider) const;

private:
    QHash<QString, QString> m_keys;
};
