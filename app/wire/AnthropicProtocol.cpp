// SPDX-License-Identifier: MIT
#include "AnthropicProtocol.h"

#include "SseDecoder.h"
#include "StreamJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
constexpr int kDefaultMaxTokens = 1024;

void readUsage(const QJsonObject &usage, StreamOutput &out)
{
    if (const auto input = StreamJson::tokenCount(usage.value(QLatin1String("input_tokens"))))
        out.inputTokens = input;
    if (const auto output = StreamJson::tokenCount(usage.value(QLatin1String("output_tokens"))))
        out.outputTokens = output;
}

class AnthropicStreamParser : public StreamParser
{
public:
    void feed(QByteArrayView bytes, StreamOutput &out) override
    {
        for (const SseEvent &event : m_decoder.feed(bytes))
            handle(event, out);
        out.overflowed = out.overflowed || m_decoder.overflowed();
    }

    void setMaxEventBytes(qsizetype bytes) override { m_decoder.setMaxLineBytes(bytes); }

private:
    void handle(const SseEvent &event, StreamOutput &out)
    {
        QJsonParseError parseError;
        const QJsonDocument doc = StreamJson::parse(event.data, &parseError);
        if (!doc.isObject()) {
            out.noteMalformed(QStringLiteral("invalid JSON in event: %1").arg(parseError.errorString()));
            return;
        }
        const QJsonObject object = doc.object();
        QString type = object.value(QLatin1String("type")).toString();
        if (type.isEmpty())
            type = QString::fromUtf8(event.event);

        if (type == QLatin1String("message_start")) {
            readUsage(object.value(QLatin1String("message")).toObject().value(QLatin1String("usage")).toObject(), out);
        } else if (type == QLatin1String("content_block_delta")) {
            const QJsonObject delta = object.value(QLatin1String("delta")).toObject();
            const QString deltaType = delta.value(QLatin1String("type")).toString();
            if (deltaType == QLatin1String("text_delta"))
                out.text += delta.value(QLatin1String("text")).toString();
            else if (deltaType == QLatin1String("thinking_delta"))
                out.reasoning += delta.value(QLatin1String("thinking")).toString();
        } else if (type == QLatin1String("message_delta")) {
            const QJsonValue stop = object.value(QLatin1String("delta")).toObject().value(QLatin1String("stop_reason"));
            if (stop.isString())
                out.finishReason = stop.toString();
            readUsage(object.value(QLatin1String("usage")).toObject(), out);
        } else if (type == QLatin1String("message_stop")) {
            out.done = true;
        } else if (type == QLatin1String("error")) {
            const QJsonObject error = object.value(QLatin1String("error")).toObject();
            const QString message = error.value(QLatin1String("message")).toString();
            const QString errorType = error.value(QLatin1String("type")).toString();
            out.error = errorType.isEmpty() ? message : QStringLiteral("%1 (%2)").arg(message, errorType);
            if (out.error.isEmpty())
                out.error = QStringLiteral("the server reported an error in the stream");
        }
        // ping, content_block_start and content_block_stop carry nothing we record.
    }

    SseDecoder m_decoder;
};

void addHeaders(QNetworkRequest *request, const QString &apiKey)
{
    request->setRawHeader("anthropic-version", "2023-06-01");
    if (!apiKey.isEmpty())
        request->setRawHeader("x-api-key", apiKey.toUtf8());
}
} // namespace

QNetworkRequest AnthropicProtocol::chatHttpRequest(const ProviderConfig &provider, const QString &apiKey,
                                                   const QString &) const
{
    QNetworkRequest http = streamingRequest(QUrl(provider.baseUrl + QStringLiteral("/v1/messages")), provider.http2Direct);
    addHeaders(&http, apiKey);
    return http;
}

QByteArray AnthropicProtocol::chatBody(const ChatRequest &request) const
{
    const RequestParams &params = request.params;
    QJsonObject json{
        {QStringLiteral("model"), request.model},
        {QStringLiteral("max_tokens"), params.maxTokens.value_or(kDefaultMaxTokens)},
        {QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                            {QStringLiteral("content"), request.prompt}}}},
        {QStringLiteral("stream"), true},
    };
    if (!request.system.isEmpty())
        json.insert(QStringLiteral("system"), request.system);
    if (params.temperature)
        json.insert(QStringLiteral("temperature"), *params.temperature);
    if (params.topP)
        json.insert(QStringLiteral("top_p"), *params.topP);
    if (!params.stop.isEmpty())
        json.insert(QStringLiteral("stop_sequences"), QJsonArray::fromStringList(params.stop));
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

std::unique_ptr<StreamParser> AnthropicProtocol::createParser() const
{
    return std::make_unique<AnthropicStreamParser>();
}

bool AnthropicProtocol::readCompleteAnswer(const QByteArray &body, StreamOutput &out) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = StreamJson::parse(body, &parseError);
    if (!doc.isObject())
        return false;
    const QJsonObject answer = doc.object();
    const QString type = answer.value(QLatin1String("type")).toString();
    if (type == QLatin1String("error")) {
        out.error = errorMessage(body);
        return true;
    }
    // A "message": the stream's text and thinking deltas, as whole content blocks.
    const QJsonValue content = answer.value(QLatin1String("content"));
    if (!content.isArray() || (type != QLatin1String("message") && answer.value(QLatin1String("role")).toString() != QLatin1String("assistant")))
        return false;
    for (const QJsonValue &block : content.toArray()) {
        const QJsonObject b = block.toObject();
        const QString blockType = b.value(QLatin1String("type")).toString();
        if (blockType == QLatin1String("text"))
            out.text += b.value(QLatin1String("text")).toString();
        else if (blockType == QLatin1String("thinking"))
            out.reasoning += b.value(QLatin1String("thinking")).toString();
    }
    const QJsonValue stop = answer.value(QLatin1String("stop_reason"));
    if (stop.isString())
        out.finishReason = stop.toString();
    readUsage(answer.value(QLatin1String("usage")).toObject(), out);
    out.done = true;
    return true;
}

QNetworkRequest AnthropicProtocol::modelsRequest(const ProviderConfig &provider, const QString &apiKey) const
{
    QNetworkRequest http = jsonRequest(QUrl(provider.baseUrl + QStringLiteral("/v1/models?limit=1000")));
    addHeaders(&http, apiKey);
    return http;
}

QStringList AnthropicProtocol::parseModels(const QByteArray &body, QString *error) const
{
    const QJsonValue data = QJsonDocument::fromJson(body).object().value(QLatin1String("data"));
    if (!data.isArray()) {
        *error = QStringLiteral("the models answer has no \"data\" array");
        return {};
    }
    QStringList ids;
    for (const QJsonValue &entry : data.toArray()) {
        const QString id = entry.toObject().value(QLatin1String("id")).toString();
        if (!id.isEmpty())
            ids.append(id);
    }
    return ids;
}
