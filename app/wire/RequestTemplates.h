// SPDX-License-Identifier: MIT
#pragma once

#include "ProviderConfig.h"

#include <QHash>
#include <QNetworkRequest>
#include <QPair>
#include <QString>

class WireProtocol;

/// The HTTP part of chat requests (URL, headers, attributes), built once per provider and model
/// and shared by every request of a run.
///
/// QNetworkRequest is implicitly shared, but each one built from scratch owns its own header and
/// attribute tables, and Qt 6.4's QHash allocates room for 48 entries in its first bucket span:
/// about 2 KB per table. Shared, a run of 1,000 requests keeps one set instead of 1,000 and
/// skips building them in the launch burst.
class RequestTemplates
{
public:
    /// The request for \a model of \a provider with \a apiKey; built the first time, then
    /// copied (a reference count). Rebuilt when the provider's URL, kind, h2c flag or key change.
    QNetworkRequest chatRequest(const WireProtocol &protocol, const ProviderConfig &provider,
                                const QString &apiKey, const QString &model);
    void clear() { m_entries.clear(); }
    qsizetype size() const { return m_entries.size(); }

private:
    /// What the request was built from, besides the provider's name and the model.
    struct Entry {
        ProviderKind kind;
        QString baseUrl;
        bool http2Direct;
        QString apiKey;
        QNetworkRequest request;
    };
    QHash<QPair<QString, QString>, Entry> m_entries; ///< by provider name and model
};
