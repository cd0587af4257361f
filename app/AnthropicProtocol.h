// SPDX-License-Identifier: MIT
#pragma once

#include "WireProtocol.h"

/// Anthropic Messages API (SSE with named events).
class AnthropicProtocol : public WireProtocol
{
public:
    QNetworkRequest chatRequest(const ProviderConfig &provider, const QString &apiKey,
                                const ChatRequest &request, QByteArray *body) const override;
    std::unique_ptr<StreamParser> createParser() const override;
    QNetworkRequest modelsRequest(const ProviderConfig &provider, const QString &apiKey) const override;
    QStringList parseModels(const QByteArray &body, QString *error) const override;
};
