// SPDX-License-Identifier: MIT
#include "OpenAiResponsesProtocol.h"

#include "AttachmentParts.h"
#include "ChatTranscript.h"
#include "OpenAiFastChunk.h"
#include "SseDecoder.h"
#include "StreamJson.h"
#include "StructuredParts.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace {
QString field(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

/// input_tokens, output_tokens (reasoning included) and output_tokens_details.reasoning_tokens
/// of a response's "usage" (null on a failed response).
void readUsage(const QJsonObject &response, StreamOutput &out)
{
    const QJsonObject usage = response.value(QLatin1String("usage")).toObject();
    if (const auto input = StreamJson::tokenCount(usage.value(QLatin1String("input_tokens"))))
        out.inputTokens = input;
    if (const auto output = StreamJson::tokenCount(usage.value(QLatin1String("output_tokens"))))
        out.outputTokens = output;
    const QJsonObject details = usage.value(QLatin1String("output_tokens_details")).toObject();
    if (const auto reasoning = StreamJson::tokenCount(details.value(QLatin1String("reasoning_tokens"))))
        out.reasoningTokens = reasoning;
}

/// "message (code)", from an error object or an error event (flat, or nested under "error").
QString errorText(const QJsonObject &error, const QString &fallback)
{
    const QString message = field(error, "message");
    const QString code = field(error, "code").isEmpty() ? field(error, "type") : field(error, "code");
    if (message.isEmpty())
        return code.isEmpty() ? fallback : QStringLiteral("%1 (%2)").arg(fallback, code);
    return code.isEmpty() ? message : QStringLiteral("%1 (%2)").arg(message, code);
}

/// The end of a response: finish reason, usage, and the error of a failed one.
void readTerminal(const QJsonObject &response, bool toolCalls, StreamOutput &out)
{
    const QString status = field(response, "status");
    readUsage(response, out);
    out.done = true;
    if (status == QLatin1String("failed")) {
        out.error = errorText(response.value(QLatin1String("error")).toObject(), QStringLiteral("the response failed"));
        return;
    }
    if (status == QLatin1String("incomplete")) {
        // max_output_tokens (the Assistants API's max_tokens too) is a length stop; others verbatim.
        const QString reason = field(response.value(QLatin1String("incomplete_details")).toObject(), "reason");
        const bool length = reason == QLatin1String("max_output_tokens") || reason == QLatin1String("max_tokens");
        out.setFinishReason(length ? QStringLiteral("length") : reason.isEmpty() ? QStringLiteral("incomplete") : reason);
        return;
    }
    out.setFinishReason(toolCalls ? QStringLiteral("tool_calls") : QStringLiteral("stop"));
}

using Delta = OpenAiFastChunk::ResponsesDelta;

/// The text-carrying event types, and the kind each is.
std::optional<Delta::Kind> deltaKind(const QString &type)
{
    if (type == QLatin1String("response.output_text.delta"))
        return Delta::Kind::Text;
    if (type == QLatin1String("response.refusal.delta"))
        return Delta::Kind::Refusal;
    if (type == QLatin1String("response.reasoning_summary_text.delta"))
        return Delta::Kind::ReasoningSummary;
    if (type == QLatin1String("response.reasoning_text.delta"))
        return Delta::Kind::ReasoningText;
    return std::nullopt;
}

class ResponsesStreamParser : public StreamParser
{
public:
    explicit ResponsesStreamParser(bool fastPath) : m_fastPath(fastPath) {}

    void feed(QByteArrayView bytes, StreamOutput &out) override
    {
        for (const SseEvent &event : m_decoder.feed(bytes))
            handle(event, out);
        out.overflowed = out.overflowed || m_decoder.overflowed();
    }

    void setMaxEventBytes(qsizetype bytes) override { m_decoder.setMaxLineBytes(bytes); }

    // A terminal event is complete in itself: one left without its blank line still ends it.
    void finish(StreamOutput &out) override
    {
        for (const SseEvent &event : m_decoder.finish()) {
            QJsonParseError parseError;
            if (StreamJson::parse(event.data, &parseError).isObject())
                handle(event, out);
        }
        countHiddenReasoning(out);
    }

private:
    void handle(const SseEvent &event, StreamOutput &out)
    {
        // Open Responses servers may add OpenAI Chat's end marker; the terminal event decides.
        if (event.data == "[DONE]")
            return;
        // The deltas, most of a stream, take simdjson's path; Qt's reads the rest.
        Delta delta;
        if (m_fastPath && OpenAiFastChunk::readResponsesDelta(event.data, &delta)) {
            applyDelta(delta, out);
            return;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = StreamJson::parse(event.data, &parseError);
        if (!doc.isObject()) {
            out.noteMalformed(QStringLiteral("invalid JSON in event: %1").arg(parseError.errorString()));
            return;
        }
        const QJsonObject object = doc.object();
        // The JSON's type, not the event line: some proxies drop "event:" lines.
        QString type = field(object, "type");
        if (type.isEmpty())
            type = QString::fromUtf8(event.event);
        const QString part = field(object, "item_id") + QLatin1Char('/')
            + QString::number(object.value(QLatin1String("summary_index")).toInteger(object.value(QLatin1String("content_index")).toInteger()));

        if (const auto kind = deltaKind(type)) {
            delta.kind = *kind;
            delta.delta = field(object, "delta");
            delta.itemId = field(object, "item_id");
            delta.index = object.value(QLatin1String("summary_index")).toInteger(object.value(QLatin1String("content_index")).toInteger());
            applyDelta(delta, out);
        } else if (type == QLatin1String("response.output_text.done")) {
            // The .done events repeat the whole text: only a part that had no deltas takes it.
            if (!m_streamed.contains(part))
                appendText(part, field(object, "text"), out);
        } else if (type == QLatin1String("response.refusal.done")) {
            if (!m_streamed.contains(part)) {
                appendText(part, field(object, "refusal"), out);
                out.markRefused();
            }
        } else if (type == QLatin1String("response.reasoning_summary_text.done")
                   || type == QLatin1String("response.reasoning_text.done")) {
            const QString key = type.chopped(4) + QStringLiteral("delta") + part;
            if (!m_streamed.contains(key))
                appendReasoning(key, field(object, "text"), out);
            m_reasoningItems.insert(field(object, "item_id"));
        } else if (type == QLatin1String("response.output_item.added") || type == QLatin1String("response.output_item.done")) {
            noteItem(object.value(QLatin1String("item")).toObject(), out);
        } else if (type == QLatin1String("response.function_call_arguments.delta")) {
            out.toolCall(field(object, "item_id")).arguments += field(object, "delta");
        } else if (type == QLatin1String("response.function_call_arguments.done")) {
            // The whole arguments: they replace the pieces.
            if (object.value(QLatin1String("arguments")).isString())
                out.toolCall(field(object, "item_id")).arguments = field(object, "arguments");
        } else if (type == QLatin1String("response.completed") || type == QLatin1String("response.incomplete")
                   || type == QLatin1String("response.failed")) {
            readTerminal(object.value(QLatin1String("response")).toObject(), m_toolCalls, out);
            countHiddenReasoning(out);
        } else if (type == QLatin1String("error")) {
            // Nothing follows an error event.
            const QJsonValue nested = object.value(QLatin1String("error"));
            out.error = errorText(nested.isObject() ? nested.toObject() : object, QStringLiteral("the server reported an error in the stream"));
            out.done = true;
        }
        // response.created, .in_progress, content_part and summary_part events and every type
        // this version does not know carry nothing recorded.
    }

    // One delta event, read by either path.
    void applyDelta(const Delta &delta, StreamOutput &out)
    {
        const QString part = delta.itemId + QLatin1Char('/') + QString::number(delta.index);
        switch (delta.kind) {
        case Delta::Kind::Text:
            appendText(part, delta.delta, out);
            break;
        case Delta::Kind::Refusal:
            appendText(part, delta.delta, out);
            out.markRefused();
            break;
        case Delta::Kind::ReasoningSummary:
        case Delta::Kind::ReasoningText: {
            const bool summary = delta.kind == Delta::Kind::ReasoningSummary;
            appendReasoning((summary ? QStringLiteral("response.reasoning_summary_text.delta") : QStringLiteral("response.reasoning_text.delta"))
                                + part,
                            delta.delta, out);
            m_reasoningItems.insert(delta.itemId);
            break;
        }
        }
    }

    void appendText(const QString &part, const QString &text, StreamOutput &out)
    {
        out.text += text;
        m_streamed.insert(part);
    }

    // Summary parts and reasoning items apart from each other by a blank line.
    void appendReasoning(const QString &key, const QString &text, StreamOutput &out)
    {
        m_streamed.insert(key);
        if (text.isEmpty())
            return;
        if (m_reasoningSeen && key != m_reasoningKey)
            out.reasoning += QStringLiteral("\n\n");
        out.reasoning += text;
        m_reasoningSeen = true;
        m_reasoningKey = key;
    }

    // A function call makes the finish reason tool_calls and brings its call id and name (in
    // output_item.done, the whole arguments too), kept under the item id the argument deltas
    // name; encrypted reasoning is remembered to be counted at the end.
    void noteItem(const QJsonObject &item, StreamOutput &out)
    {
        const QString type = field(item, "type");
        if (type == QLatin1String("function_call")) {
            m_toolCalls = true;
            ToolCall &call = out.toolCall(field(item, "id"));
            if (!field(item, "call_id").isEmpty())
                call.id = field(item, "call_id");
            if (!field(item, "name").isEmpty())
                call.name = field(item, "name");
            if (!field(item, "arguments").isEmpty())
                call.arguments = field(item, "arguments");
        }
        if (type == QLatin1String("reasoning") && !field(item, "encrypted_content").isEmpty())
            m_encrypted.insert(field(item, "id"));
    }

    // Encrypted reasoning is never shown: an item of it whose text did not come as a summary
    // (or as raw text, which Ollama also puts in encrypted_content) is counted, once.
    void countHiddenReasoning(StreamOutput &out)
    {
        for (const QString &id : std::as_const(m_encrypted)) {
            if (!m_reasoningItems.contains(id) && !m_counted.contains(id)) {
                m_counted.insert(id);
                ++out.hiddenReasoningBlocks;
            }
        }
    }

    SseDecoder m_decoder;
    bool m_fastPath;
    QSet<QString> m_streamed; ///< the text and reasoning parts that had deltas
    QSet<QString> m_encrypted;      ///< the reasoning items with encrypted content
    QSet<QString> m_reasoningItems; ///< the reasoning items whose text came
    QSet<QString> m_counted;        ///< the encrypted items counted as hidden
    QString m_reasoningKey;
    bool m_reasoningSeen = false;
    bool m_toolCalls = false;
};
} // namespace

QNetworkRequest OpenAiResponsesProtocol::chatHttpRequest(const ProviderConfig &provider, const QString &apiKey,
                                                         const QString &model) const
{
    QNetworkRequest http = OpenAiProtocol::chatHttpRequest(provider, apiKey, model);
    http.setUrl(QUrl(provider.baseUrl + QStringLiteral("/responses")));
    return http;
}

QByteArray OpenAiResponsesProtocol::chatBody(const ChatRequest &request) const
{
    // Earlier answers go back as plain-string assistant content: the one form both the API and
    // its published schema accept.
    QJsonArray input;
    const QList<ChatMessage> transcript = ChatTranscript::messages(request.history, request.prompt, request.attachments,
                                                                   ChatTranscript::Merge::None);
    AttachmentParts::appendRoleContent(&input, transcript, &AttachmentParts::responsesContent);
    QJsonObject json{
        {QStringLiteral("model"), request.model},
        {QStringLiteral("input"), input},
        {QStringLiteral("stream"), true},
        // A comparison is stateless: nothing to keep on the provider's side for 30 days.
        {QStringLiteral("store"), false},
    };
    if (!request.system.isEmpty())
        json.insert(QStringLiteral("instructions"), request.system);
    const RequestParams &params = request.params;
    if (params.maxTokens)
        json.insert(QStringLiteral("max_output_tokens"), *params.maxTokens);
    if (params.temperature)
        json.insert(QStringLiteral("temperature"), *params.temperature);
    if (params.topP)
        json.insert(QStringLiteral("top_p"), *params.topP);
    if (params.reasoning) {
        // Summaries are opt-in; "auto" gives the most detailed one the model offers.
        QJsonObject reasoning{{QStringLiteral("effort"), reasoningLevelName(*params.reasoning)}};
        if (*params.reasoning != ReasoningLevel::None)
            reasoning.insert(QStringLiteral("summary"), QStringLiteral("auto"));
        json.insert(QStringLiteral("reasoning"), reasoning);
    }
    StructuredParts::addResponses(request, &json);
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

std::unique_ptr<StreamParser> OpenAiResponsesProtocol::createParser() const
{
    return createStreamParser(true);
}

std::unique_ptr<StreamParser> OpenAiResponsesProtocol::createStreamParser(bool fastPath)
{
    return std::make_unique<ResponsesStreamParser>(fastPath);
}

bool OpenAiResponsesProtocol::readCompleteAnswer(const QByteArray &body, StreamOutput &out) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = StreamJson::parse(body, &parseError);
    if (!doc.isObject())
        return false;
    const QJsonObject response = doc.object();
    const QJsonValue output = response.value(QLatin1String("output"));
    if (!output.isArray()) {
        // An error body ({"error": {...}}) answered with status 200.
        const QJsonValue error = response.value(QLatin1String("error"));
        if (!error.isObject())
            return false;
        out.error = errorMessage(body);
        return true;
    }
    bool toolCalls = false;
    for (const QJsonValue &entry : output.toArray()) {
        const QJsonObject item = entry.toObject();
        const QString type = field(item, "type");
        if (type == QLatin1String("reasoning")) {
            // Summary parts, then raw reasoning text (gpt-oss on LM Studio and Ollama).
            QJsonArray texts = item.value(QLatin1String("summary")).toArray();
            for (const QJsonValue &content : item.value(QLatin1String("content")).toArray())
                texts.append(content);
            bool shown = false;
            for (const QJsonValue &text : texts) {
                const QString reasoning = field(text.toObject(), "text");
                if (reasoning.isEmpty())
                    continue;
                if (!out.reasoning.isEmpty())
                    out.reasoning += QStringLiteral("\n\n");
                out.reasoning += reasoning;
                shown = true;
            }
            // As in the stream: encrypted reasoning that came with no text is counted.
            if (!shown && !field(item, "encrypted_content").isEmpty())
                ++out.hiddenReasoningBlocks;
        } else if (type == QLatin1String("message")) {
            for (const QJsonValue &content : item.value(QLatin1String("content")).toArray()) {
                const QJsonObject part = content.toObject();
                if (field(part, "type") == QLatin1String("output_text")) {
                    out.text += field(part, "text");
                } else if (field(part, "type") == QLatin1String("refusal")) {
                    out.text += field(part, "refusal");
                    out.markRefused();
                }
            }
        } else if (type == QLatin1String("function_call")) {
            toolCalls = true;
            out.addToolCall({field(item, "call_id"), field(item, "name"), field(item, "arguments")});
        }
    }
    readTerminal(response, toolCalls, out);
    return true;
}
