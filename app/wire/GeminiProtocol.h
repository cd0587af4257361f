// SPDX-License-Identifier: MIT
#pragma once

#include "WireProtocol.h"

/// Google Gemini streamGenerateContent with alt=sse.
class GeminiProtocol : public WireProtocol
{
public:
    QNetworkRequest chatHttpRequest(const ProviderConfig &provider, const QString &apiKey,
                                    const QString &model) const override;
    QByteArray chatBody(const ChatRequest &request) const override;
    std::unique_ptr<StreamParser> createParser() const override;
    bool readCompleteAnswer(const QByteArray &body, StreamOutput &out) const override;
    QNetworkRequest modelsRequest(const ProviderConfig &provider, const QString &apiKey) const override;
    QStringList parseModels(const QByteArray &body, QString *error) const override;
    /// Also reads the JSON-array form ([{"error":...}]) Google uses for streaming endpoints.
    QString errorMessage(const QByteArray &body) const override;
};
