// SPDX-License-Identifier: MIT
#pragma once

#include "WireProtocol.h"

/// OpenAI Chat Completions and every server that copies it.
class OpenAiProtocol : public WireProtocol
{
public:
    QNetworkRequest chatHttpRequest(const ProviderConfig &provider, const QString &apiKey,
                                    const QString &model) const override;
    QByteArray chatBody(const ChatRequest &request) const override;
    std::unique_ptr<StreamParser> createParser() const override;
    bool readCompleteAnswer(const QByteArray &body, StreamOutput &out) const override;
    QNetworkRequest modelsRequest(const ProviderConfig &provider, const QString &apiKey) const override;
    QStringList parseModels(const QByteArray &body, QString *error) const override;

    /// The stream parser; \a fastPath false reads every chunk with Qt's JSON parser, the
    /// reference that the simdjson path (OpenAiFastChunk) is tested against.
    static std::unique_ptr<StreamParser> createStreamParser(bool fastPath);
    /// o-series and GPT-5 models take max_completion_tokens instead of max_tokens.
    static bool isReasoningModel(const QString &model);
};
