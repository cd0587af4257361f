// SPDX-License-Identifier: MIT
#include "WireProtocol.h"

#include "AnthropicProtocol.h"
#include "GeminiProtocol.h"
#include "OllamaProtocol.h"
#include "OpenAiProtocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>
#include <cstring>

namespace {
constexpr char kHex[] = "0123456789abcdef";

// Calls put(bytes, size) for the JSON-escaped UTF-8 of text, in order.
template<typename Put>
void escapeJsonString(QStringView text, Put put)
{
    char buffer[12];
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t c = text[i].unicode();
        if (c < 0x80) {
            switch (c) {
            case '"': put("\\\"", 2); continue;
            case '\\': put("\\\\", 2); continue;
            case '\b': put("\\b", 2); continue;
            case '\f': put("\\f", 2); continue;
            case '\n': put("\\n", 2); continue;
            case '\r': put("\\r", 2); continue;
            case '\t': put("\\t", 2); continue;
            default:
                break;
            }
            if (c < 0x20) {
                const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
                put(escaped, 6);
            } else {
                buffer[0] = char(c);
                put(buffer, 1);
            }
            continue;
        }
        char32_t code = c;
        if (QChar::isHighSurrogate(c) && i + 1 < size && QChar::isLowSurrogate(text[i + 1].unicode()))
            code = QChar::surrogateToUcs4(c, text[++i].unicode());
        else if (QChar::isSurrogate(c))
            code = 0xFFFD; // a lone surrogate has no UTF-8 form
        if (code < 0x800) {
            buffer[0] = char(0xC0 | (code >> 6));
            buffer[1] = char(0x80 | (code & 0x3F));
            put(buffer, 2);
        } else if (code < 0x10000) {
            buffer[0] = char(0xE0 | (code >> 12));
            buffer[1] = char(0x80 | ((code >> 6) & 0x3F));
            buffer[2] = char(0x80 | (code & 0x3F));
            put(buffer, 3);
        } else {
            buffer[0] = char(0xF0 | (code >> 18));
            buffer[1] = char(0x80 | ((code >> 12) & 0x3F));
            buffer[2] = char(0x80 | ((code >> 6) & 0x3F));
            buffer[3] = char(0x80 | (code & 0x3F));
            put(buffer, 4);
        }
    }
}

// How a short marker string appears inside the serialized body.
QByteArray serializedMarker(const QString &marker)
{
    QByteArray json = QJsonDocument(QJsonArray{marker}).toJson(QJsonDocument::Compact);
    return json.mid(2, json.size() - 4); // inside ["..."]
}
} // namespace

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

QByteArray WireProtocol::jsonStringContent(QStringView text)
{
    qsizetype length = 0;
    escapeJsonString(text, [&length](const char *, qsizetype n) { length += n; });
    QByteArray out(length, Qt::Uninitialized);
    char *cursor = out.data();
    escapeJsonString(text, [&cursor](const char *bytes, qsizetype n) {
        std::memcpy(cursor, bytes, size_t(n));
        cursor += n;
    });
    return out;
}

QByteArray WireProtocol::requestBody(const ChatRequest &request) const
{
    const bool bigPrompt = request.prompt.size() >= kSpliceThreshold;
    const bool bigSystem = request.system.size() >= kSpliceThreshold;
    if (!bigPrompt && !bigSystem)
        return chatBody(request);
    // Markers no text can contain by chance: control characters around a random id.
    const QString nonce = QUuid::createUuid().toString(QUuid::Id128);
    struct Splice {
        QByteArray marker;
        const QString *text;
        qsizetype at = -1;
        qsizetype length = 0; ///< of the escaped text
    };
    QList<Splice> splices;
    ChatRequest skeleton = request;
    if (bigPrompt) {
        skeleton.prompt = QStringLiteral("\x01prompt-%1\x01").arg(nonce);
        splices.append({serializedMarker(skeleton.prompt), &request.prompt});
    }
    if (bigSystem) {
        skeleton.system = QStringLiteral("\x01system-%1\x01").arg(nonce);
        splices.append({serializedMarker(skeleton.system), &request.system});
    }
    const QByteArray layout = chatBody(skeleton);
    for (Splice &splice : splices) {
        splice.at = layout.indexOf(splice.marker);
        // The format changed or repeated the text: build it the ordinary way.
        if (splice.at < 0 || layout.indexOf(splice.marker, splice.at + 1) >= 0)
            return chatBody(request);
    }
    std::sort(splices.begin(), splices.end(), [](const Splice &a, const Splice &b) { return a.at < b.at; });
    qsizetype total = layout.size();
    for (Splice &splice : splices) {
        escapeJsonString(*splice.text, [&splice](const char *, qsizetype n) { splice.length += n; });
        total += splice.length - splice.marker.size();
    }
    // One allocation for the whole body; the escaped texts are written straight into it.
    QByteArray body(total, Qt::Uninitialized);
    char *cursor = body.data();
    const auto put = [&cursor](const char *bytes, qsizetype n) {
        std::memcpy(cursor, bytes, size_t(n));
        cursor += n;
    };
    qsizetype from = 0;
    for (const Splice &splice : splices) {
        put(layout.constData() + from, splice.at - from);
        escapeJsonString(*splice.text, put);
        from = splice.at + splice.marker.size();
    }
    put(layout.constData() + from, layout.size() - from);
    return body;
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
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(5);
    if (http2Direct)
        request.setAttribute(QNetworkRequest::Http2DirectAttribute, true);
    return request;
}
