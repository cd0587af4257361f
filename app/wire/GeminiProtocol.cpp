// SPDX-License-Identifier: MIT
#include "GeminiProtocol.h"

#include "AttachmentParts.h"
#include "ChatTranscript.h"
#include "SseDecoder.h"
#include "StreamJson.h"
#include "StructuredParts.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <limits>

namespace {
// One answer chunk; a non-streaming answer has the same shape.
void readChunk(const QJsonObject &object, StreamOutput &out)
{
    const QJsonValue error = object.value(QLatin1String("error"));
    if (error.isObject()) {
        out.error = error.toObject().value(QLatin1String("message")).toString(
            QStringLiteral("the server reported an error in the stream"));
        return;
    }
    const QString blockReason = object.value(QLatin1String("promptFeedback"))
                                    .toObject()
                                    .value(QLatin1String("blockReason"))
                                    .toString();
    if (!blockReason.isEmpty()) {
        out.error = QStringLiteral("the prompt was blocked by Gemini's safety filter (%1)").arg(blockReason);
        out.finishReason = blockReason;
        out.done = true;
    }
    // Only candidate 0 makes the answer (a candidate without an index counts by its place).
    const QJsonArray candidates = object.value(QLatin1String("candidates")).toArray();
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        const QJsonObject candidate = candidates.at(i).toObject();
        const QJsonValue index = candidate.value(QLatin1String("index"));
        const qint64 at = index.isDouble() ? index.toInteger(-1) : i;
        if (at != 0) {
            out.noteOtherChoice(int(std::clamp<qint64>(at, -1, std::numeric_limits<int>::max())));
            continue;
        }
        const QJsonArray parts = candidate.value(QLatin1String("content")).toObject().value(QLatin1String("parts")).toArray();
        for (const QJsonValue &part : parts) {
            const QJsonObject p = part.toObject();
            // A function call comes whole, in one part.
            const QJsonValue function = p.value(QLatin1String("functionCall"));
            if (function.isObject()) {
                const QJsonObject f = function.toObject();
                out.addToolCall({f.value(QLatin1String("id")).toString(), f.value(QLatin1String("name")).toString(),
                                 QString::fromUtf8(QJsonDocument(f.value(QLatin1String("args")).toObject()).toJson(QJsonDocument::Compact))});
                continue;
            }
            if (p.value(QLatin1String("thought")).toBool())
                out.reasoning += p.value(QLatin1String("text")).toString();
            else
                out.text += p.value(QLatin1String("text")).toString();
        }
        const QString finish = candidate.value(QLatin1String("finishReason")).toString();
        if (!finish.isEmpty()) {
            out.finishReason = finish;
            // Gemini has no end marker: the chunk carrying finishReason is the last one.
            out.done = true;
            if (finish == QLatin1String("SAFETY") || finish == QLatin1String("PROHIBITED_CONTENT")
                || finish == QLatin1String("BLOCKLIST") || finish == QLatin1String("SPII")) {
                out.error = QStringLiteral("the answer was blocked by Gemini's safety filter (%1)").arg(finish);
            }
        }
    }
    // Thought tokens are billed as output but not counted in candidatesTokenCount (which is
    // absent while only thoughts were produced): output = candidates + thoughts.
    const QJsonObject usage = object.value(QLatin1String("usageMetadata")).toObject();
    if (const auto input = StreamJson::tokenCount(usage.value(QLatin1String("promptTokenCount"))))
        out.inputTokens = input;
    const auto answerTokens = StreamJson::tokenCount(usage.value(QLatin1String("candidatesTokenCount")));
    const auto thoughts = StreamJson::tokenCount(usage.value(QLatin1String("thoughtsTokenCount")));
    if (answerTokens || thoughts)
        out.outputTokens = answerTokens.value_or(0) + thoughts.value_or(0);
    if (thoughts)
        out.reasoningTokens = thoughts;
}

class GeminiStreamParser : public StreamParser
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
        readChunk(doc.object(), out);
    }

    SseDecoder m_decoder;
};

// The budget every Gemini 2.5 model takes (Flash and Flash-Lite stop at 24576, Pro at 32768).
constexpr int kMaxLevelBudget = 24576;

/// thinkingLevel (Gemini 3) or thinkingBudget (2.5, or any budget given), never both, with
/// the thought summaries asked for unless thinking is off.
QJsonObject thinkingConfig(const RequestParams &params, ReasoningStyle style)
{
    if (params.reasoningBudget || style == ReasoningStyle::Budget) {
        const int budget = params.reasoningBudget ? *params.reasoningBudget
                                                  : std::min(params.effectiveReasoningBudget(), kMaxLevelBudget);
        QJsonObject config{{QStringLiteral("thinkingBudget"), budget}};
        if (budget != 0)
            config.insert(QStringLiteral("includeThoughts"), true);
        return config;
    }
    // Gemini 3 has minimal to high: it cannot switch thinking off, nor go past high.
    ReasoningLevel level = *params.reasoning;
    if (level == ReasoningLevel::None)
        level = ReasoningLevel::Minimal;
    else if (level == ReasoningLevel::XHigh || level == ReasoningLevel::Max)
        level = ReasoningLevel::High;
    return {{QStringLiteral("thinkingLevel"), reasoningLevelName(level)}, {QStringLiteral("includeThoughts"), true}};
}

void addKey(QNetworkRequest *request, const QString &apiKey)
{
    // In a header, never in the URL, so that it cannot end up in logs.
    if (!apiKey.isEmpty())
        request->setRawHeader("x-goog-api-key", apiKey.toUtf8());
}
} // namespace

QNetworkRequest GeminiProtocol::chatHttpRequest(const ProviderConfig &provider, const QString &apiKey,
                                                const QString &model) const
{
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(model, "-._~"));
    QNetworkRequest http = streamingRequest(
        QUrl(provider.baseUrl + QStringLiteral("/v1beta/models/%1:streamGenerateContent?alt=sse").arg(encoded)),
        provider.http2Direct);
    addKey(&http, apiKey);
    return http;
}

QByteArray GeminiProtocol::chatBody(const ChatRequest &request) const
{
    const RequestParams &params = request.params;
    // Answers have the role "model"; consecutive contents of one role are merged and none is
    // empty, as Gemini rejects both.
    QJsonArray contents;
    const QList<ChatMessage> transcript = ChatTranscript::messages(request.history, request.prompt, request.attachments,
                                                                   ChatTranscript::Merge::SameRole);
    for (const ChatMessage &message : transcript) {
        const QString role = message.role == ChatMessage::Role::User ? QStringLiteral("user") : QStringLiteral("model");
        contents.append(QJsonObject{{QStringLiteral("role"), role},
                                    {QStringLiteral("parts"), message.role == ChatMessage::Role::User
                                                                  ? AttachmentParts::geminiParts(message.text, message.attachments)
                                                                  : QJsonArray{QJsonObject{{QStringLiteral("text"), message.text}}}}});
    }
    QJsonObject json{{QStringLiteral("contents"), contents}};
    if (!request.system.isEmpty()) {
        json.insert(QStringLiteral("systemInstruction"),
                    QJsonObject{{QStringLiteral("parts"), QJsonArray{QJsonObject{{QStringLiteral("text"), request.system}}}}});
    }
    QJsonObject config;
    if (params.temperature)
        config.insert(QStringLiteral("temperature"), *params.temperature);
    if (params.topP)
        config.insert(QStringLiteral("topP"), *params.topP);
    if (params.maxTokens)
        config.insert(QStringLiteral("maxOutputTokens"), *params.maxTokens);
    if (params.seed)
        config.insert(QStringLiteral("seed"), *params.seed);
    if (!params.stop.isEmpty())
        config.insert(QStringLiteral("stopSequences"), QJsonArray::fromStringList(params.stop));
    if (params.hasReasoning())
        config.insert(QStringLiteral("thinkingConfig"), thinkingConfig(params, request.reasoningStyle));
    StructuredParts::addGemini(request, &json, &config);
    json.insert(QStringLiteral("generationConfig"), config);
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

std::unique_ptr<StreamParser> GeminiProtocol::createParser() const
{
    return std::make_unique<GeminiStreamParser>();
}

bool GeminiProtocol::readCompleteAnswer(const QByteArray &body, StreamOutput &out) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = StreamJson::parse(body, &parseError);
    // generateContent answers with one object; streamGenerateContent without alt=sse with an
    // array of them.
    const QJsonArray chunks = doc.isArray() ? doc.array() : doc.isObject() ? QJsonArray{doc.object()} : QJsonArray();
    bool recognised = false;
    for (const QJsonValue &chunk : chunks) {
        const QJsonObject object = chunk.toObject();
        if (!object.value(QLatin1String("candidates")).isArray() && !object.value(QLatin1String("promptFeedback")).isObject()
            && !object.value(QLatin1String("error")).isObject())
            continue;
        recognised = true;
        readChunk(object, out);
        if (!out.error.isEmpty())
            break;
    }
    if (recognised)
        out.done = true;
    return recognised;
}

QNetworkRequest GeminiProtocol::modelsRequest(const ProviderConfig &provider, const QString &apiKey) const
{
    QNetworkRequest http = jsonRequest(QUrl(provider.baseUrl + QStringLiteral("/v1beta/models?pageSize=1000")));
    addKey(&http, apiKey);
    return http;
}

QStringList GeminiProtocol::parseModels(const QByteArray &body, QString *error) const
{
    const QJsonValue models = QJsonDocument::fromJson(body).object().value(QLatin1String("models"));
    if (!models.isArray()) {
        *error = QStringLiteral("the models answer has no \"models\" array");
        return {};
    }
    QStringList ids;
    for (const QJsonValue &entry : models.toArray()) {
        const QJsonObject model = entry.toObject();
        const QJsonArray methods = model.value(QLatin1String("supportedGenerationMethods")).toArray();
        if (!methods.isEmpty() && !methods.contains(QStringLiteral("generateContent")))
            continue;
        QString name = model.value(QLatin1String("name")).toString();
        if (name.startsWith(QLatin1String("models/")))
            name = name.mid(7);
        if (!name.isEmpty())
            ids.append(name);
    }
    return ids;
}

QString GeminiProtocol::errorMessage(const QByteArray &body) const
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isArray() && doc.array().size() == 1 && doc.array().first().isObject())
        return WireProtocol::errorMessage(QJsonDocument(doc.array().first().toObject()).toJson(QJsonDocument::Compact));
    return WireProtocol::errorMessage(body);
}
