// SPDX-License-Identifier: MIT
#include "WireProtocol.h"

#include "AnthropicProtocol.h"
#include "GeminiProtocol.h"
#include "OllamaProtocol.h"
#include "OpenAiProtocol.h"
#include "RedirectRule.h"

#include <QJsonDocument>
#include <QJsonObject>

std::unique_ptr<WireProtocol> WireProtocol::create(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAI:
        return std::make_unique<OpenAiProtocol>();
    case ProviderKind::Anthropic:
        return std::make_unique<AnthropicProtocol>();
    case ProviderKind::Gemini:
        return std::make_unique<GeminiProtocol>();
    case ProviderKind::Ollama:
        return std::make_unique<OllamaProtocol>();
    case ProviderKind::Demo:
        return nullptr;
    }
    return nullptr;
}

QString WireProtocol::errorMessage(const QByteArray &body) const
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QJsonValue error = object.value(QLatin1String("error"));
    if (error.isObject()) {
        const QJsonObject details = error.toObject();
        const QString message = details.value(QLatin1String("message")).toString();
        const QString type = details.value(QLatin1String("type")).toString(
            details.value(QLatin1String("status")).toString());
        if (!message.isEmpty())
            return type.isEmpty() ? message : QStringLiteral("%1 (%2)").arg(message, type);
    }
    if (error.isString() && !error.toString().isEmpty())
        return error.toString();
    for (const char *key : {"message", "detail"}) {
        const QString text = object.value(QLatin1String(key)).toString();
        if (!text.isEmpty())
            return text;
    }
    // Not JSON (an HTML error page, a proxy): show the start of it, on one line.
    QString text = QString::fromUtf8(body.left(300)).simplified();
    return text.isEmpty() ? QStringLiteral("empty response body") : text;
}

QNetworkRequest WireProtocol::jsonRequest(const QUrl &url, bool http2Direct)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "text/event-stream, application/x-ndjson, application/json");
    // Qt would copy the key to any host a redirect names; RedirectRule decides instead.
    RedirectRule::setManual(&request);
    if (http2Direct)
        request.setAttribute(QNetworkRequest::Http2DirectAttribute, true);
    return request;
}

QNetworkRequest WireProtocol::streamingRequest(const QUrl &url, bool http2Direct)
{
    QNetworkRequest request = jsonRequest(url, http2Direct);
    // Naming the encodings ourselves turns Qt's own decoding off (what Qt offers by default).
    request.setRawHeader("Accept-Encoding", "gzip, deflate");
    return request;
}
