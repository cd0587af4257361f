// SPDX-License-Identifier: MIT
#include "OpenAiProtocol.h"

#include "AttachmentParts.h"
#include "ChatTranscript.h"
#include "OpenAiFastChunk.h"
#include "SseDecoder.h"
#include "StreamJson.h"
#include "StructuredParts.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <limits>

namespace {
/// prompt_tokens, completion_tokens (reasoning included) and completion_tokens_details'
/// reasoning_tokens of a "usage" object (or Groq's "x_groq.usage"); each count present wins.
void readUsage(const QJsonValue &usage, StreamOutput &out)
{
    if (!usage.isObject())
        return;
    const QJsonObject counts = usage.toObject();
    if (const auto input = StreamJson::tokenCount(counts.value(QLatin1String("prompt_tokens"))))
        out.inputTokens = input;
    if (const auto output = StreamJson::tokenCount(counts.value(QLatin1String("completion_tokens"))))
        out.outputTokens = output;
    const QJsonValue details = counts.value(QLatin1String("completion_tokens_details"));
    if (const auto reasoning = StreamJson::tokenCount(details.toObject().value(QLatin1String("reasoning_tokens"))))
        out.reasoningTokens = reasoning;
}

/// A message's content: a string, or (Mistral and other compatible servers) an array of typed
/// parts, "text" parts being answer and "thinking" parts (Magistral) reasoning.
void readContent(const QJsonValue &content, StreamOutput &out)
{
    if (!content.isArray()) {
        out.text += content.toString();
        return;
    }
    for (const QJsonValue &part : content.toArray()) {
        const QJsonObject p = part.toObject();
        const QString type = p.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text")) {
            out.text += p.value(QLatin1String("text")).toString();
        } else if (type == QLatin1String("thinking")) {
            const QJsonValue thinking = p.value(QLatin1String("thinking"));
            if (thinking.isString())
                out.reasoning += thinking.toString();
            for (const QJsonValue &piece : thinking.toArray())
                out.reasoning += piece.toObject().value(QLatin1String("text")).toString();
        }
    }
}

/// The reasoning of one delta or message, from one source only: OpenRouter sends the same text
/// in "reasoning" and "reasoning_details", and some servers fill both "reasoning" and
/// "reasoning_content". Encrypted details are counted, not shown.
void readReasoning(const QJsonObject &part, StreamOutput &out)
{
    const QJsonArray details = part.value(QLatin1String("reasoning_details")).toArray();
    if (!details.isEmpty()) {
        for (const QJsonValue &entry : details) {
            const QJsonObject detail = entry.toObject();
            const QString type = detail.value(QLatin1String("type")).toString();
            if (type == QLatin1String("reasoning.text"))
                out.reasoning += detail.value(QLatin1String("text")).toString();
            else if (type == QLatin1String("reasoning.summary"))
                out.reasoning += detail.value(QLatin1String("summary")).toString();
            else if (type == QLatin1String("reasoning.encrypted"))
                ++out.hiddenReasoningBlocks;
        }
        return;
    }
    const QString reasoning = part.value(QLatin1String("reasoning")).toString();
    out.reasoning += reasoning.isEmpty() ? part.value(QLatin1String("reasoning_content")).toString() : reasoning;
}

/// "tool_calls" of a delta (pieces: the arguments come in many, keyed by "index") or of a
/// whole message (each call complete).
void readToolCalls(const QJsonValue &toolCalls, StreamOutput &out)
{
    const QJsonArray calls = toolCalls.toArray();
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QJsonObject entry = calls.at(i).toObject();
        const QJsonValue index = entry.value(QLatin1String("index"));
        ToolCall &call = out.toolCall(QString::number(index.isDouble() ? index.toInteger(i) : i));
        const QString id = entry.value(QLatin1String("id")).toString();
        if (!id.isEmpty())
            call.id = id;
        const QJsonObject function = entry.value(QLatin1String("function")).toObject();
        // The name comes whole in the first piece; some servers repeat it in every piece.
        const QString name = function.value(QLatin1String("name")).toString();
        if (call.name.isEmpty())
            call.name = name;
        call.arguments += function.value(QLatin1String("arguments")).toString();
    }
}

/// One choice's text, reasoning, refusal and finish reason: \a part is the stream's "delta" or
/// the whole answer's "message", which share their fields.
void readChoice(const QJsonObject &choice, const QJsonObject &part, StreamOutput &out)
{
    readContent(part.value(QLatin1String("content")), out);
    readReasoning(part, out);
    readToolCalls(part.value(QLatin1String("tool_calls")), out);
    // A refusal is the answer: the model's own words for declining.
    const QString refusal = part.value(QLatin1String("refusal")).toString();
    if (!refusal.isEmpty()) {
        out.text += refusal;
        out.markRefused();
    }
    const QJsonValue finish = choice.value(QLatin1String("finish_reason"));
    if (finish.isString())
        out.setFinishReason(finish.toString());
}

/// Only the choice with index 0 makes the answer (a choice without an index counts by its
/// place); the others are counted for the note. \a partKey is "delta" or "message".
void readChoices(const QJsonArray &choices, QLatin1String partKey, StreamOutput &out)
{
    for (qsizetype i = 0; i < choices.size(); ++i) {
        const QJsonObject choice = choices.at(i).toObject();
        const QJsonValue index = choice.value(QLatin1String("index"));
        const qint64 at = index.isDouble() ? index.toInteger(-1) : i;
        if (at == 0)
            readChoice(choice, choice.value(partKey).toObject(), out);
        else
            out.noteOtherChoice(int(std::clamp<qint64>(at, -1, std::numeric_limits<int>::max())));
    }
}

/// An error the server put in the stream or the answer ("error": object or string).
QString errorText(const QJsonValue &error)
{
    const QString message = error.isObject() ? error.toObject().value(QLatin1String("message")).toString() : error.toString();
    return message.isEmpty() ? QStringLiteral("the server reported an error in the stream") : message;
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
        // An error chunk may still carry the last text, a finish reason and the usage.
        readChoices(chunk.value(QLatin1String("choices")).toArray(), QLatin1String("delta"), out);
        readUsage(chunk.value(QLatin1String("x_groq")).toObject().value(QLatin1String("usage")), out);
        readUsage(chunk.value(QLatin1String("usage")), out);
        const QJsonValue error = chunk.value(QLatin1String("error"));
        if (!error.isUndefined() && !error.isNull())
            out.error = errorText(error);
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
    const QList<ChatMessage> transcript = ChatTranscript::messages(request.history, request.prompt, request.attachments,
                                                                   ChatTranscript::Merge::None);
    AttachmentParts::appendRoleContent(&messages, transcript, &AttachmentParts::openAiChatContent);
    QJsonObject json{
        {QStringLiteral("model"), request.model},
        {QStringLiteral("messages"), messages},
        {QStringLiteral("stream"), true},
        {QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}}},
    };
    const RequestParams &params = request.params;
    const bool openRouter = request.reasoningStyle == ReasoningStyle::OpenRouter;
    if (params.temperature)
        json.insert(QStringLiteral("temperature"), *params.temperature);
    if (params.topP)
        json.insert(QStringLiteral("top_p"), *params.topP);
    if (params.maxTokens) {
        // A reasoning setting means a reasoning model, whatever it is called.
        const bool reasoningModel = isReasoningModel(request.model) || (params.reasoning && !openRouter);
        json.insert(reasoningModel ? QStringLiteral("max_completion_tokens") : QStringLiteral("max_tokens"), *params.maxTokens);
    }
    if (params.seed)
        json.insert(QStringLiteral("seed"), *params.seed);
    if (!params.stop.isEmpty())
        json.insert(QStringLiteral("stop"), QJsonArray::fromStringList(params.stop));
    if (openRouter) {
        // OpenRouter's reasoning object: an effort or a budget, never both (the budget wins).
        if (params.reasoningBudget)
            json.insert(QStringLiteral("reasoning"), QJsonObject{{QStringLiteral("max_tokens"), *params.reasoningBudget}});
        else if (params.reasoning)
            json.insert(QStringLiteral("reasoning"), QJsonObject{{QStringLiteral("effort"), reasoningLevelName(*params.reasoning)}});
    } else if (params.reasoning) {
        // Chat Completions has no budget: ProviderConfig::paramsProblem refuses one.
        json.insert(QStringLiteral("reasoning_effort"), reasoningLevelName(*params.reasoning));
    }
    StructuredParts::addOpenAiChat(request, &json);
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
    // A "chat.completion": choices[].message instead of the stream's choices[].delta.
    const QJsonArray choices = answer.value(QLatin1String("choices")).toArray();
    if (!choices.at(0).toObject().value(QLatin1String("message")).isObject())
        return false;
    readChoices(choices, QLatin1String("message"), out);
    readUsage(answer.value(QLatin1String("x_groq")).toObject().value(QLatin1String("usage")), out);
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
