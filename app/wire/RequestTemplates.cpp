// SPDX-License-Identifier: MIT
#include "RequestTemplates.h"

#include "ProviderConfig.h"
#include "WireProtocol.h"

QNetworkRequest RequestTemplates::chatRequest(const WireProtocol &protocol, const ProviderConfig &provider,
                                              const QString &apiKey, const QString &model)
{
    auto it = m_entries.find(qMakePair(provider.name, model));
    // The key is compared too, so that a changed key takes effect on the next request; it stays
    // in memory only, like the key itself.
    if (it == m_entries.end() || it->kind != provider.kind || it->baseUrl != provider.baseUrl
        || it->http2Direct != provider.http2Direct || it->apiKey != apiKey) {
        it = m_entries.insert(qMakePair(provider.name, model),
                              Entry{provider.kind, provider.baseUrl, provider.http2Direct, apiKey,
                                    protocol.chatHttpRequest(provider, apiKey, model)});
    }
    return it->request;
}
