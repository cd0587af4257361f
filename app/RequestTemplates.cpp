// SPDX-License-Identifier: MIT
#include "RequestTemplates.h"

#include "ProviderConfig.h"
#include "WireProtocol.h"

QNetworkRequest RequestTemplates::chatRequest(const WireProtocol &protocol, const ProviderConfig &provider,
                                              const QString &apiKey, const QString &model)
{
    const QChar separator(u'\x1f');
    const QString key = provider.name + separator + model;
    // The key is part of the identity so that a changed key takes effect on the next request;
    // the identity stays in memory only, like the key itself.
    const QString identity = providerKindName(provider.kind) + separator + provider.baseUrl + separator
        + (provider.http2Direct ? u'2' : u'1') + separator + apiKey;
    auto it = m_entries.find(key);
    if (it == m_entries.end() || it->identity != identity)
        it = m_entries.insert(key, Entry{identity, protocol.chatHttpRequest(provider, apiKey, model)});
    return it->request;
}
