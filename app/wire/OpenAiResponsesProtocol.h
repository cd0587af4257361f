// SPDX-License-Identifier: MIT
#pragma once

#include "OpenAiProtocol.h"

/// OpenAI's Responses API (POST {base}/responses), also served by Ollama, LM Studio and
/// OpenRouter: a stream of typed events that ends with a terminal one (response.completed,
/// response.incomplete, response.failed or error), no [DONE]. Keys and model lists as OpenAI's.
class OpenAiResponsesProtocol : public OpenAiProtocol
{
public:
    QNetworkRequest chatHttpRequest(const ProviderConfig &provider, const QString &apiKey,
                                    const QString &model) const override;
    QByteArray chatBody(const ChatRequest &request) const override;
    std::unique_ptr<StreamParser> createParser() const override;
    bool readCompleteAnswer(const QByteArray &body, StreamOutput &out) const override;

    /// The stream parser; \a fastPath false reads every event with Qt's JSON parser, the
    /// reference the simdjson path for delta events (OpenAiFastChunk) is tested against.
    static std::unique_ptr<StreamParser> createStreamParser(bool fastPath);
};
