// SPDX-License-Identifier: MIT
#include "OllamaProtocol.h"

#include "AttachmentParts.h"
#include "ChatTranscript.h"
#include "NdjsonDecoder.h"
#include "StreamJson.h"
#include "StructuredParts.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
class OllamaStreamParser : public StreamParser
{
public:
    void feed(QByteArrayView bytes, StreamOutput &out) override
    {
        for (const QByteArray &line : m_decoder.feed(bytes))
            handle(line, out);
        out.overflowed = out.overflowed || m_decoder.overflowed();
    }

    void setMaxEventBytes(qsizetype bytes) override { m_decoder.setMaxLineBytes(bytes); }

    void finish(StreamOutput &out) override
    {
        const QByteArray rest = m_decoder.finish();
        if (!rest.isEmpty())
            handle(rest, out);
    }

    // One line of the stream; a non-streaming answer is one such object with "done": true.
    static void readObject(const QJsonObject &object, StreamOutput &out)
    {
        const QJsonValue error = object.value(QLatin1String("error"));
        if (error.isString()) {
            out.error = error.toString();
            return;
        }
        const QJsonObject message = object.value(QLatin1String("message")).toObject();
        out.text += message.value(QLatin1String("content")).toString();
        out.reasoning += message.value(QLatin1String("thinking")).toString();
        // Tool calls come whole, arguments as an object.
        for (const QJsonValue &entry : message.value(QLatin1String("tool_calls")).toArray()) {
            const QJsonObject call = entry.toObject();
            const QJsonObject function = call.value(QLatin1String("function")).toObject();
            const QJsonValue arguments = function.value(QLatin1String("arguments"));
            out.addToolCall({call.value(QLatin1String("id")).toString(), function.value(QLatin1String("name")).toString(),
                             arguments.isString() ? arguments.toString()
                                                  : QString::fromUtf8(QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact))});
        }
        if (object.value(QLatin1String("done")).toBool()) {
            out.done = true;
            out.finishReason = object.value(QLatin1String("done_reason")).toString();
            if (const auto input = StreamJson::tokenCount(object.value(QLatin1String("prompt_eval_count"))))
                out.inputTokens = input;
            if (const auto output = StreamJson::tokenCount(object.value(QLatin1String("eval_count"))))
                out.outputTokens = output;
        }
    }

private:
    static void handle(const QByteArray &line, StreamOutput &out)
    {
        QJsonParseError parseError;
        const QJsonDocument doc = StreamJson::parse(line, &parseError);
        if (!doc.isObject()) {
            out.noteMalformed(QStringLiteral("invalid JSON line: %1").arg(parseError.errorString()));
            return;
        }
        readObject(doc.object(), out);
    }

    NdjsonDecoder m_decoder;
};

/// "think": false for none; otherwise true, or for models that take levels (gpt-oss) low,
/// medium or high (minimal is low, xhigh and max are high).
QJsonValue think(const RequestParams &params, ReasoningStyle style)
{
    if (params.reasoning == ReasoningLevel::None)
        return false;
    if (style != ReasoningStyle::Effort || !params.reasoning)
        return true;
    switch (*params.reasoning) {
    case ReasoningLevel::None:
        return false;
    case ReasoningLevel::Minimal:
    case ReasoningLevel::Low:
        return QStringLiteral("low");
    case ReasoningLevel::Medium:
        return QStringLiteral("medium");
    case ReasoningLevel::High:
    case ReasoningLevel::XHigh:
    case ReasoningLevel::Max:
        return QStringLiteral("high");
    }
    return true;
}
} // namespace

QNetworkRequest OllamaProtocol::chatHttpRequest(const ProviderConfig &provider, const QString &apiKey,
                                                const QString &) const
{
    QNetworkRequest http = streamingRequest(QUrl(provider.baseUrl + QStringLiteral("/api/chat")), provider.http2Direct);
    if (!apiKey.isEmpty()) // Ollama behind an authenticating proxy
        http.setRawHeader("Authorization", "Bearer " + apiKey.toUtf8());
    return http;
}

QByteArray OllamaProtocol::chatBody(const ChatRequest &request) const
{
    QJsonArray messages;
    if (!request.system.isEmpty())
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                    {QStringLiteral("content"), request.system}});
    const QList<ChatMessage> transcript = ChatTranscript::messages(request.history, request.prompt, request.attachments,
                                                                   ChatTranscript::Merge::None);
    for (const ChatMessage &message : transcript) {
        QJsonObject entry{{QStringLiteral("role"), ChatMessage::roleName(message.role)},
                          {QStringLiteral("content"), AttachmentParts::withDocuments(message.text, message.attachments)}};
        if (AttachmentParts::hasImages(message.attachments))
            entry.insert(QStringLiteral("images"), AttachmentParts::ollamaImages(message.attachments));
        messages.append(entry);
    }
    const RequestParams &params = request.params;
    QJsonObject options;
    if (params.temperature)
        options.insert(QStringLiteral("temperature"), *params.temperature);
    if (params.topP)
        options.insert(QStringLiteral("top_p"), *params.topP);
    if (params.maxTokens)
        options.insert(QStringLiteral("num_predict"), *params.maxTokens);
    if (params.seed)
        options.insert(QStringLiteral("seed"), *params.seed);
    if (!params.stop.isEmpty())
        options.insert(QStringLiteral("stop"), QJsonArray::fromStringList(params.stop));
    QJsonObject json{
        {QStringLiteral("model"), request.model},
        {QStringLiteral("messages"), messages},
        {QStringLiteral("stream"), true},
    };
    if (!options.isEmpty())
        json.insert(QStringLiteral("options"), options);
    if (params.hasReasoning())
        json.insert(QStringLiteral("think"), think(params, request.reasoningStyle));
    StructuredParts::addOllama(request, &json);
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QString OllamaProtocol::requestProblem(const ChatRequest &request) const
{
    return StructuredParts::ollamaProblem(request);
}

std::unique_ptr<StreamParser> OllamaProtocol::createParser() const
{
    return std::make_unique<OllamaStreamParser>();
}

bool OllamaProtocol::readCompleteAnswer(const QByteArray &body, StreamOutput &out) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = StreamJson::parse(body, &parseError);
    if (doc.isObject()) {
        const QJsonObject object = doc.object();
        if (!object.value(QLatin1String("error")).isString() && !object.value(QLatin1String("message")).isObject())
            return false;
        OllamaStreamParser::readObject(object, out);
        out.done = true;
        return true;
    }
    // An NDJSON stream sent as application/json: read it as the stream it is.
    StreamOutput lines;
    OllamaStreamParser parser;
    parser.feed(body, lines);
    parser.finish(lines);
    if (!lines.done && lines.error.isEmpty())
        return false;
    out = lines;
    return true;
}

QNetworkRequest OllamaProtocol::modelsRequest(const ProviderConfig &provider, const QString &apiKey) const
{
    Q_UNUSED(apiKey)
    return jsonRequest(QUrl(provider.baseUrl + QStringLiteral("/api/tags")));
}

QStringList OllamaProtocol::parseModels(const QByteArray &body, QString *error) const
{
    const QJsonValue models = QJsonDocument::fromJson(body).object().value(QLatin1String("models"));
    if (!models.isArray()) {
        *error = QStringLiteral("the models answer has no \"models\" array");
        return {};
    }
    QStringList ids;
    for (const QJsonValue &entry : models.toArray()) {
        const QString name = entry.toObject().value(QLatin1String("name")).toString();
        if (!name.isEmpty())
            ids.append(name);
    }
    return ids;
}
