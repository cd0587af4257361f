// SPDX-License-Identifier: MIT
#include "OpenAiProtocol.h"

#include "OpenAiFastChunk.h"
#include "SseDecoder.h"
#include "StreamJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace {
void readUsage(const QJsonValue &usage, StreamOutput &out)
{
    if (!usage.isObject())
        return;
    const QJsonObject counts = usage.toObject();
    if (const auto input = StreamJson::tokenCount(counts.value(QLatin1String("prompt_tokens"))))
        out.inputTokens = input;
    if (const auto output = StreamJson::tokenCount(counts.value(QLatin1String("completion_tokens"))))
        out.outputTokens = output;
}

// A message's content is a string, or (some compatible servers) an array of typed parts.
QString contentText(const QJsonValue &content)
{
    if (!content.isArray())
        return content.toString();
    QString text;
    for (const QJsonValue &part : content.toArray()) {
        const QJsonObject p = part.toObject();
        if (p.value(QLatin1String("type")).toString() == QLatin1String("text"))
            text += p.value(QLatin1String("text")).toString();
    }
    return text;
}

/// One choice's text, reasoning and finish reason: \a part is the stream's "delta" or the whole
/// answer's "message", which share their fields.
void readChoice(const QJsonObject &choice, const QJsonObject &part, StreamOutput &out)
{
    out.text += contentText(part.value(QLatin1String("content")));
    out.reasoning += part.value(QLatin1String("reasoning_content")).toString();
    out.reasoning += part.value(QLatin1String("reasoning")).toString();
    const QJsonValue finish = choice.value(QLatin1String("finish_reason"));
    if (finish.isString())
        out.finishReason = finish.toString();
}

class OpenAiStreamParser : public StreamParser
{
public:
    explicit OpenAiStreamParser(bool fastPath) : m_fastPath(fastPath) {}

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
        if (event.data == "[DONE]") {
            out.done = true;
            return;
        }
        // Most chunks take simdjson's path; Qt's reads whatever that path is not certain of.
        if (m_fastPath && OpenAiFastChunk::read(event.data, out))
            return;
        QJsonParseError parseError;
        const QJsonDocument doc = StreamJson::parse(event.data, &parseError);
        if (!doc.isObject()) {
            out.noteMalformed(QStringLiteral("invalid JSON in event: %1").arg(parseError.errorString()));
            return;
        }
        const QJsonObject chunk = doc.object();
        const QJsonValue error = chunk.value(QLatin1String("error"));
        if (!error.isUndefined() && !error.isNull()) {
            const QString message = error.isObject()
                ? error.toObject().value(QLatin1String("message")).toString()
                : error.toString();
            out.error = message.isEmpty() ? QStringLiteral("the server reported an error in the stream")
                                          : message;
            return;
        }
        const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
        if (!choices.isEmpty()) {
            const QJsonObject choice = choices.first().toObject();
            readChoice(choice, choice.value(QLatin1String("delta")).toObject(), out);
        }
        readUsage(chunk.value(QLatin1String("usage")), out);
    }

    SseDecoder m_decoder;
    bool m_fastPath;
};

void addBearer(QNetworkRequest *request, const QString &apiKey)
{
    if (!apiKey.isEmpty())
        request->setRawHeader("Authorization", "Bearer " + apiKey.toUtf8());
}
} // namespace

bool OpenAiProtocol::isReasoningModel(const QString &model)
{
    static const QRegularExpression pattern(QStringLiteral("^(openai/)?(o\\d|gpt-5)"));
    return pattern.match(model).hasMatch();
}

QNetworkRequest OpenAiProtocol::chatHttpRequest(const ProviderConfig &provider, const QString &apiKey,
                                                const QString &) const
{
    QNetworkRequest http = streamingRequest(QUrl(provider.baseUrl + QStringLiteral("/chat/completions")), provider.http2Direct);
    addBearer(&http, apiKey);
    return http;
}

QByteArray OpenAiProtocol::chatBody(const ChatRequest &request) const
{
    QJsonArray messages;
    if (!request.system.isEmpty())
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                    {QStringLiteral("content"), request.system}});
    messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                {QStringLiteral("content"), request.prompt}});
    QJsonObject json{
        {QStringLiteral("model"), request.model},
        {QStringLiteral("messages"), messages},
        {QStringLiteral("stream"), true},
        {QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}}},
    };
    const RequestParams &params = request.params;
    if (params.temperature)
        json.insert(QStringLiteral("temperature"), *params.temperature);
    if (params.topP)
        json.insert(QStringLiteral("top_p"), *params.topP);
    if (params.maxTokens) {
        json.insert(isReasoningModel(request.model) ? QStringLiteral("max_completion_tokens")
                                                    : QStringLiteral("max_tokens"),
                    *params.maxTokens);
    }
    if (params.seed)
        json.insert(QStringLiteral("seed"), *params.seed);
    if (!params.stop.isEmpty())
        json.insert(QStringLiteral("stop"), QJsonArray::fromStringList(params.stop));
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

std::unique_ptr<StreamParser> OpenAiProtocol::createParser() const
{
    return createStreamParser(true);
}

std::unique_ptr<StreamParser> OpenAiProtocol::createStreamParser(bool fastPath)
{
    return std::make_unique<OpenAiStreamParser>(fastPath);
}

bool OpenAiProtocol::readCompleteAnswer(const QByteArray &body, StreamOutput &out) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = StreamJson::parse(body, &parseError);
    if (!doc.isObject())
        return false;
    const QJsonObject answer = doc.object();
    const QJsonValue error = answer.value(QLatin1String("error"));
    if (!error.isUndefined() && !error.isNull()) {
        out.error = errorMessage(body);
        return true;
    }
    // A "chat.completion": choices[0].message instead of the stream's choices[0].delta.
    const QJsonObject choice = answer.value(QLatin1String("choices")).toArray().at(0).toObject();
    const QJsonValue message = choice.value(QLatin1String("message"));
    if (!message.isObject())
        return false;
    readChoice(choice, message.toObject(), out);
    readUsage(answer.value(QLatin1String("usage")), out);
    out.done = true;
    return true;
}

QNetworkRequest OpenAiProtocol::modelsRequest(const ProviderConfig &provider, const QString &apiKey) const
{
    QNetworkRequest http = jsonRequest(QUrl(provider.baseUrl + QStringLiteral("/models")));
    addBearer(&http, apiKey);
    return http;
}

QStringList OpenAiProtocol::parseModels(const QByteArray &body, QString *error) const
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    // Together AI answers with the bare array instead of {"data":[...]}.
    const QJsonValue data = doc.isArray() ? QJsonValue(doc.array()) : doc.object().value(QLatin1String("data"));
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
    ids.sort();
    return ids;
}
