// SPDX-License-Identifier: MIT
#pragma once

#include "ProviderConfig.h"

#include <QHash>
#include <QString>

/// Resolves the API key of a provider: keys held in memory for this session (typed in, or read
/// from the system keychain), then the provider's environment variable, then the well-known
/// variable of its service. Never writes anything anywhere. Keys are trimmed; one that still
/// holds a control character is not used (it would inject HTTP headers), and the reason says
/// where it came from, never what it is.
class ApiKeyStore
{
public:
    /// \a raw without the whitespace around it; empty, with \a problem saying which character,
    /// when what is left holds a control character (CR, LF, NUL, tab, other C0/C1, DEL).
    static QString cleanKey(const QString &raw, QString *problem = nullptr);

    /// Keeps \a key (typed in, or read from the keychain) for this session; one that
    /// cleanKey() refuses is not kept, and keyProblem() says why.
    void setKey(const QString &provider, const QString &key);
    void removeKey(const QString &provider);
    bool hasStoredKey(const QString &provider) const;

    /// The key, or an empty string when none is needed or none was found.
    QString key(const ProviderConfig &provider) const;
    /// The keys that requests to \a providers would carry (to hide them in logs).
    QStringList keys(const QList<ProviderConfig> &providers) const;
    /// Environment variables consulted for \a provider, in order.
    static QStringList environmentVariables(const ProviderConfig &provider);
    /// Why the key that would be used for \a provider is refused (naming the keychain entry or
    /// the variable), or empty.
    QString keyProblem(const ProviderConfig &provider) const;
    /// Why a key is missing or refused, or empty when there is none to worry about:
    /// "set OPENAI_API_KEY", ...
    QString missingKeyReason(const ProviderConfig &provider) const;

private:
    QHash<QString, QString> m_keys;
    QHash<QString, QString> m_refused; ///< provider -> why the key it was given is not used
};
