// SPDX-License-Identifier: MIT
#include "AnthropicProtocol.h"

#include "AttachmentParts.h"
#include "ChatTranscript.h"
#include "SseDecoder.h"
#include "StreamJson.h"
#include "StructuredParts.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
constexpr int kDefaultMaxTokens = 1024;

/// input_tokens, output_tokens (thinking included) and, where the API reports it,
/// output_tokens_details.thinking_tokens.
void readUsage(const QJsonObject &usage, StreamOutput &out)
{
    if (const auto input = StreamJson::tokenCount(usage.value(QLatin1String("input_tokens"))))
        out.inputTokens = input;
    if (const auto output = StreamJson::tokenCount(usage.value(QLatin1String("output_tokens"))))
        out.outputTokens = output;
    const QJsonObject details = usage.value(QLatin1String("output_tokens_details")).toObject();
    if (const auto thinking = StreamJson::tokenCount(details.value(QLatin1String("thinking_tokens"))))
        out.reasoningTokens = thinking;
}

/// stop_reason "refusal": the answer is the text so far followed by stop_details' explanation,
/// or a note saying there is none when nothing was written.
void readStop(const QJsonObject &message, bool textSoFar, StreamOutput &out)
{
    const QJsonValue stop = message.value(QLatin1String("stop_reason"));
    if (!stop.isString())
        return;
    if (stop.toString() != QLatin1String("refusal")) {
        out.setFinishReason(stop.toString());
        return;
    }
    const QString explanation = message.value(QLatin1String("stop_details")).toObject().value(QLatin1String("explanation")).toString();
    if (!explanation.isEmpty())
        out.text += (textSoFar ? QStringLiteral("\n\n") : QString()) + explanation;
    else if (!textSoFar)
        out.text += QStringLiteral("(the model declined to answer; Anthropic sent no explanation)");
    out.markRefused();
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

    // Some proxies drop the blank line after the last event: a complete message (message_stop,
    // or message_delta with a stop reason) at the end of the bytes is still the whole answer.
    void finish(StreamOutput &out) override
    {
        for (const SseEvent &event : m_decoder.finish()) {
            QJsonParseError parseError;
            if (StreamJson::parse(event.data, &parseError).isObject())
                handle(event, out);
        }
        if (m_stopped && out.error.isEmpty())
            out.done = true;
    }

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
        } else if (type == QLatin1String("content_block_start")) {
            // Redacted thinking is opaque (and complete in its start event): counted, not shown.
            const QJsonObject content = object.value(QLatin1String("content_block")).toObject();
            const QString block = content.value(QLatin1String("type")).toString();
            if (block == QLatin1String("redacted_thinking")) {
                ++out.hiddenReasoningBlocks;
            } else if (block == QLatin1String("tool_use")) {
                // The input arrives as input_json_delta pieces of this block's index.
                ToolCall &call = out.toolCall(QString::number(object.value(QLatin1String("index")).toInteger(-1)));
                call.id = content.value(QLatin1String("id")).toString();
                call.name = content.value(QLatin1String("name")).toString();
            }
        } else if (type == QLatin1String("content_block_delta")) {
            const QJsonObject delta = object.value(QLatin1String("delta")).toObject();
            const QString deltaType = delta.value(QLatin1String("type")).toString();
            if (deltaType == QLatin1String("text_delta")) {
                const QString text = delta.value(QLatin1String("text")).toString();
                out.text += text;
                m_textSeen = m_textSeen || !text.isEmpty();
            } else if (deltaType == QLatin1String("thinking_delta")) {
                appendThinking(object.value(QLatin1String("index")).toInteger(-1), delta.value(QLatin1String("thinking")).toString(), out);
            } else if (deltaType == QLatin1String("input_json_delta")) {
                out.toolCall(QString::number(object.value(QLatin1String("index")).toInteger(-1))).arguments
                    += delta.value(QLatin1String("partial_json")).toString();
            }
            // signature_delta (the thinking's signature) carries no text.
        } else if (type == QLatin1String("message_delta")) {
            const QJsonObject delta = object.value(QLatin1String("delta")).toObject();
            m_stopped = m_stopped || delta.value(QLatin1String("stop_reason")).isString();
            readStop(delta, m_textSeen, out);
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
        } else if (type == QLatin1String("content_block_stop")) {
            // A tool without parameters gets no input pieces: its input is the empty object.
            const QString key = QString::number(object.value(QLatin1String("index")).toInteger(-1));
            if (out.toolCallKeys.contains(key) && out.toolCall(key).arguments.isEmpty())
                out.toolCall(key).arguments = QStringLiteral("{}");
        }
        // ping carries nothing we record.
    }

    // Thinking blocks apart from each other by a blank line, as Responses summaries are.
    void appendThinking(qint64 block, const QString &thinking, StreamOutput &out)
    {
        if (thinking.isEmpty())
            return;
        if (m_thinkingSeen && block != m_thinkingBlock)
            out.reasoning += QStringLiteral("\n\n");
        out.reasoning += thinking;
        m_thinkingSeen = true;
        m_thinkingBlock = block;
    }

    SseDecoder m_decoder;
    bool m_textSeen = false;
    bool m_thinkingSeen = false;
    qint64 m_thinkingBlock = -1;
    bool m_stopped = false; ///< a message_delta with a stop reason arrived
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
    // Strict user/assistant alternation, no empty message (the system prompt is top-level).
    QJsonArray messages;
    const QList<ChatMessage> transcript = ChatTranscript::messages(request.history, request.prompt, request.attachments,
                                                                   ChatTranscript::Merge::SameRole);
    AttachmentParts::appendRoleContent(&messages, transcript, &AttachmentParts::anthropicContent);
    QJsonObject json{
        {QStringLiteral("model"), request.model},
        {QStringLiteral("messages"), messages},
        {QStringLiteral("stream"), true},
    };
    // max_tokens is required, and thinking counts against it: without one set, the budget (given,
    // or the level's) comes on top of the default.
    int maxTokens = params.maxTokens.value_or(kDefaultMaxTokens);
    const bool budgetStyle = params.reasoningBudget || request.reasoningStyle == ReasoningStyle::Budget;
    if (params.reasoning == ReasoningLevel::None && !params.reasoningBudget) {
        json.insert(QStringLiteral("thinking"), QJsonObject{{QStringLiteral("type"), QStringLiteral("disabled")}});
    } else if (params.hasReasoning() && budgetStyle) {
        // A budget, or a model from before adaptive thinking (which must be told one).
        const int budget = params.effectiveReasoningBudget();
        json.insert(QStringLiteral("thinking"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("enabled")}, {QStringLiteral("budget_tokens"), budget}});
        if (!params.maxTokens)
            maxTokens = budget + kDefaultMaxTokens;
    } else if (params.reasoning) {
        // Adaptive thinking; "summarized", or newer models stream no thinking text at all.
        json.insert(QStringLiteral("thinking"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("adaptive")}, {QStringLiteral("display"), QStringLiteral("summarized")}});
        if (!params.maxTokens)
            maxTokens = reasoningBudgetFor(*params.reasoning) + kDefaultMaxTokens;
    }
    // The effort where the model takes one (there is no "minimal": the lowest is "low").
    if (params.reasoning && *params.reasoning != ReasoningLevel::None && request.reasoningStyle == ReasoningStyle::Effort) {
        const ReasoningLevel effort = *params.reasoning == ReasoningLevel::Minimal ? ReasoningLevel::Low : *params.reasoning;
        json.insert(QStringLiteral("output_config"), QJsonObject{{QStringLiteral("effort"), reasoningLevelName(effort)}});
    }
    json.insert(QStringLiteral("max_tokens"), maxTokens);
    if (!request.system.isEmpty())
        json.insert(QStringLiteral("system"), request.system);
    if (params.temperature)
        json.insert(QStringLiteral("temperature"), *params.temperature);
    if (params.topP)
        json.insert(QStringLiteral("top_p"), *params.topP);
    if (!params.stop.isEmpty())
        json.insert(QStringLiteral("stop_sequences"), QJsonArray::fromStringList(params.stop));
    StructuredParts::addAnthropic(request, &json);
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QString AnthropicProtocol::requestProblem(const ChatRequest &request) const
{
    return StructuredParts::anthropicProblem(request);
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
        if (blockType == QLatin1String("text")) {
            out.text += b.value(QLatin1String("text")).toString();
        } else if (blockType == QLatin1String("thinking")) {
            const QString thinking = b.value(QLatin1String("thinking")).toString();
            if (!out.reasoning.isEmpty() && !thinking.isEmpty())
                out.reasoning += QStringLiteral("\n\n");
            out.reasoning += thinking;
        } else if (blockType == QLatin1String("redacted_thinking")) {
            ++out.hiddenReasoningBlocks;
        } else if (blockType == QLatin1String("tool_use")) {
            out.addToolCall({b.value(QLatin1String("id")).toString(), b.value(QLatin1String("name")).toString(),
                             QString::fromUtf8(QJsonDocument(b.value(QLatin1String("input")).toObject()).toJson(QJsonDocument::Compact))});
        }
    }
    readStop(answer, !out.text.isEmpty(), out);
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
