// SPDX-License-Identifier: MIT
#pragma once

#include "WireProtocol.h"

/// Anthropic Messages API (SSE with named events).
class AnthropicProtocol : public WireProtocol
{
public:
    QNetworkRequest chatHttpRequest(const ProviderConfig &provider, const QString &apiKey,
                                    const QString &model) const override;
    QByteArray chatBody(const ChatRequest &request) const override;
    QString requestProblem(const ChatRequest &request) const override;
    std::unique_ptr<StreamParser> createParser() const override;
    bool readCompleteAnswer(const QByteArray &body, StreamOutput &out) const override;
    QNetworkRequest modelsRequest(const ProviderConfig &provider, const QString &apiKey) const override;
    QStringList parseModels(const QByteArray &body, QString *error) const override;
};
