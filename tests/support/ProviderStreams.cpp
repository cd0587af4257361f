// SPDX-License-Identifier: MIT
#include "ProviderStreams.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

namespace {
QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray event(const char *name, const QJsonObject &data)
{
    return QByteArray("event: ") + name + "\ndata: " + compact(data) + "\n\n";
}

QJsonObject blockDelta(int index, const QString &type, const char *field, const QString &text)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("content_block_delta")},
                       {QStringLiteral("index"), index},
                       {QStringLiteral("delta"), QJsonObject{{QStringLiteral("type"), type}, {QLatin1String(field), text}}}};
}

QByteArray anthropicStart(int inputTokens)
{
    const QJsonObject message{{QStringLiteral("id"), QStringLiteral("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY")},
                              {QStringLiteral("type"), QStringLiteral("message")},
                              {QStringLiteral("role"), QStringLiteral("assistant")},
                              {QStringLiteral("content"), QJsonArray()},
                              {QStringLiteral("model"), QStringLiteral("claude-sonnet-4-5")},
                              {QStringLiteral("stop_reason"), QJsonValue()},
                              {QStringLiteral("stop_sequence"), QJsonValue()},
                              {QStringLiteral("usage"), QJsonObject{{QStringLiteral("input_tokens"), inputTokens},
                                                                    {QStringLiteral("output_tokens"), 1}}}};
    return event("message_start", QJsonObject{{QStringLiteral("type"), QStringLiteral("message_start")},
                                              {QStringLiteral("message"), message}});
}

QByteArray blockStart(int index, const QString &type, const char *field)
{
    return event("content_block_start",
                 QJsonObject{{QStringLiteral("type"), QStringLiteral("content_block_start")},
                             {QStringLiteral("index"), index},
                             {QStringLiteral("content_block"), QJsonObject{{QStringLiteral("type"), type}, {QLatin1String(field), QString()}}}});
}

QByteArray blockStop(int index)
{
    return event("content_block_stop", QJsonObject{{QStringLiteral("type"), QStringLiteral("content_block_stop")},
                                                   {QStringLiteral("index"), index}});
}
} // namespace

namespace ProviderStreams {

QByteArray anthropic(const QStringList &pieces, int inputTokens, int outputTokens, const QStringList &thinking,
                     const QString &stopReason)
{
    QByteArray out = anthropicStart(inputTokens);
    int index = 0;
    if (!thinking.isEmpty()) {
        out += blockStart(index, QStringLiteral("thinking"), "thinking");
        for (const QString &piece : thinking)
            out += event("content_block_delta", blockDelta(index, QStringLiteral("thinking_delta"), "thinking", piece));
        out += event("content_block_delta", blockDelta(index, QStringLiteral("signature_delta"), "signature", QStringLiteral("EqQBCgIYAhIM1gbcDa9GJwZA2b3h")));
        out += blockStop(index);
        ++index;
    }
    out += blockStart(index, QStringLiteral("text"), "text");
    out += event("ping", QJsonObject{{QStringLiteral("type"), QStringLiteral("ping")}});
    for (const QString &piece : pieces)
        out += event("content_block_delta", blockDelta(index, QStringLiteral("text_delta"), "text", piece));
    out += blockStop(index);
    out += event("message_delta",
                 QJsonObject{{QStringLiteral("type"), QStringLiteral("message_delta")},
                             {QStringLiteral("delta"), QJsonObject{{QStringLiteral("stop_reason"), stopReason},
                                                                   {QStringLiteral("stop_sequence"), QJsonValue()}}},
                             {QStringLiteral("usage"), QJsonObject{{QStringLiteral("output_tokens"), outputTokens}}}});
    out += event("message_stop", QJsonObject{{QStringLiteral("type"), QStringLiteral("message_stop")}});
    return out;
}

QByteArray anthropicOverloaded(const QStringList &pieces)
{
    QByteArray out = anthropicStart(10);
    out += blockStart(0, QStringLiteral("text"), "text");
    for (const QString &piece : pieces)
        out += event("content_block_delta", blockDelta(0, QStringLiteral("text_delta"), "text", piece));
    out += event("error", QJsonObject{{QStringLiteral("type"), QStringLiteral("error")},
                                      {QStringLiteral("error"), QJsonObject{{QStringLiteral("type"), QStringLiteral("overloaded_error")},
                                                                            {QStringLiteral("message"), QStringLiteral("Overloaded")}}}});
    return out;
}

QByteArray gemini(const QStringList &pieces, int promptTokens, int candidateTokens, const QString &finishReason)
{
    QByteArray out;
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        const bool last = i == pieces.size() - 1;
        QJsonObject candidate{{QStringLiteral("content"),
                               QJsonObject{{QStringLiteral("parts"), QJsonArray{QJsonObject{{QStringLiteral("text"), pieces.at(i)}}}},
                                           {QStringLiteral("role"), QStringLiteral("model")}}},
                              {QStringLiteral("index"), 0}};
        QJsonObject usage{{QStringLiteral("promptTokenCount"), promptTokens}};
        if (last) {
            candidate.insert(QStringLiteral("finishReason"), finishReason);
            usage.insert(QStringLiteral("candidatesTokenCount"), candidateTokens);
            usage.insert(QStringLiteral("totalTokenCount"), promptTokens + candidateTokens);
        } else {
            usage.insert(QStringLiteral("totalTokenCount"), promptTokens);
        }
        const QJsonObject chunk{{QStringLiteral("candidates"), QJsonArray{candidate}},
                                {QStringLiteral("usageMetadata"), usage},
                                {QStringLiteral("modelVersion"), QStringLiteral("gemini-2.5-flash")},
                                {QStringLiteral("responseId"), QStringLiteral("mBQxaK2xBdqY1e8P5c-3kAI")}};
        out += "data: " + compact(chunk) + "\r\n\r\n";
    }
    return out;
}

QByteArray geminiPromptBlocked()
{
    const QJsonObject chunk{
        {QStringLiteral("promptFeedback"),
         QJsonObject{{QStringLiteral("blockReason"), QStringLiteral("SAFETY")},
                     {QStringLiteral("safetyRatings"),
                      QJsonArray{QJsonObject{{QStringLiteral("category"), QStringLiteral("HARM_CATEGORY_DANGEROUS_CONTENT")},
                                             {QStringLiteral("probability"), QStringLiteral("HIGH")}}}}}},
        {QStringLiteral("usageMetadata"), QJsonObject{{QStringLiteral("promptTokenCount"), 9}, {QStringLiteral("totalTokenCount"), 9}}},
        {QStringLiteral("modelVersion"), QStringLiteral("gemini-2.5-flash")}};
    return "data: " + compact(chunk) + "\r\n\r\n";
}

QByteArray ollama(const QStringList &pieces, int promptEvalCount, int evalCount, const QString &doneReason)
{
    QByteArray out;
    for (const QString &piece : pieces) {
        out += compact(QJsonObject{{QStringLiteral("model"), QStringLiteral("llama3.2")},
                                   {QStringLiteral("created_at"), QStringLiteral("2023-08-04T08:52:19.385406455-07:00")},
                                   {QStringLiteral("message"), QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                                                           {QStringLiteral("content"), piece}}},
                                   {QStringLiteral("done"), false}})
            + "\n";
    }
    out += compact(QJsonObject{{QStringLiteral("model"), QStringLiteral("llama3.2")},
                               {QStringLiteral("created_at"), QStringLiteral("2023-08-04T19:22:45.499127Z")},
                               {QStringLiteral("message"), QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                                                       {QStringLiteral("content"), QString()}}},
                               {QStringLiteral("done"), true},
                               {QStringLiteral("done_reason"), doneReason},
                               {QStringLiteral("total_duration"), 4883583458LL},
                               {QStringLiteral("load_duration"), 1334875},
                               {QStringLiteral("prompt_eval_count"), promptEvalCount},
                               {QStringLiteral("prompt_eval_duration"), 342546000},
                               {QStringLiteral("eval_count"), evalCount},
                               {QStringLiteral("eval_duration"), 4535599000LL}})
        + "\n";
    return out;
}

QByteArray deepseekReasoning(const QStringList &reasoning, const QStringList &pieces, int promptTokens, int completionTokens)
{
    QByteArray out;
    const auto chunk = [](const QJsonObject &delta, const QJsonValue &finish) {
        return "data: "
            + compact(QJsonObject{{QStringLiteral("id"), QStringLiteral("0f2a")},
                                  {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
                                  {QStringLiteral("model"), QStringLiteral("deepseek-reasoner")},
                                  {QStringLiteral("choices"), QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                                                     {QStringLiteral("delta"), delta},
                                                                                     {QStringLiteral("finish_reason"), finish}}}}})
            + "\n\n";
    };
    for (const QString &piece : reasoning)
        out += chunk(QJsonObject{{QStringLiteral("content"), QJsonValue()}, {QStringLiteral("reasoning_content"), piece}}, QJsonValue());
    for (const QString &piece : pieces)
        out += chunk(QJsonObject{{QStringLiteral("content"), piece}, {QStringLiteral("reasoning_content"), QJsonValue()}}, QJsonValue());
    out += chunk(QJsonObject{{QStringLiteral("content"), QString()}}, QStringLiteral("stop"));
    out += QStringLiteral("data: {\"id\":\"0f2a\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":%1,"
                          "\"completion_tokens\":%2,\"total_tokens\":%3}}\n\n")
               .arg(promptTokens)
               .arg(completionTokens)
               .arg(promptTokens + completionTokens)
               .toUtf8();
    out += "data: [DONE]\n\n";
    return out;
}

QList<QByteArray> randomPieces(const QByteArray &body, quint32 seed, int maxPiece)
{
    QRandomGenerator random(seed);
    QList<QByteArray> pieces;
    qsizetype at = 0;
    while (at < body.size()) {
        const int size = 1 + int(random.bounded(maxPiece));
        pieces.append(body.mid(at, size));
        at += size;
    }
    return pieces;
}

FakeResponse splitRandomly(const QByteArray &body, quint32 seed, const QByteArray &contentType)
{
    FakeResponse response;
    response.contentType = contentType;
    response.chunks = randomPieces(body, seed);
    return response;
}

void enqueueFourFormatAnswers(FakeLlmServer &openai, FakeLlmServer &anthropic, FakeLlmServer &gemini,
                              FakeLlmServer &ollama)
{
    openai.enqueue(FakeResponse::openAiStream({QStringLiteral("Blue"), QStringLiteral(" light")}, 11, 2).splitEvery(9));
    anthropic.enqueue(splitRandomly(ProviderStreams::anthropic({QStringLiteral("Rayleigh")}, 12, 3), 1));
    gemini.enqueue(splitRandomly(ProviderStreams::gemini({QStringLiteral("Scatter"), QStringLiteral("ing")}, 13, 4), 2));
    ollama.enqueue(splitRandomly(ProviderStreams::ollama({QStringLiteral("Because")}, 14, 5), 3, "application/x-ndjson"));
}

QByteArray openAiResponses(const QStringList &pieces, int inputTokens, int outputTokens, const QStringList &reasoning)
{
    const auto typed = [](const char *type, QJsonObject object) {
        object.insert(QStringLiteral("type"), QLatin1String(type));
        return event(type, object);
    };
    const QJsonObject created{{QStringLiteral("id"), QStringLiteral("resp_0a1b2c")}, {QStringLiteral("status"), QStringLiteral("in_progress")},
                              {QStringLiteral("output"), QJsonArray()}, {QStringLiteral("usage"), QJsonValue()}};
    QByteArray out = typed("response.created", {{QStringLiteral("response"), created}, {QStringLiteral("sequence_number"), 0}});
    for (const QString &piece : reasoning)
        out += typed("response.reasoning_summary_text.delta", {{QStringLiteral("item_id"), QStringLiteral("rs_1")},
                                                               {QStringLiteral("summary_index"), 0},
                                                               {QStringLiteral("delta"), piece}});
    for (const QString &piece : pieces)
        out += typed("response.output_text.delta", {{QStringLiteral("item_id"), QStringLiteral("msg_1")},
                                                    {QStringLiteral("content_index"), 0},
                                                    {QStringLiteral("delta"), piece}});
    QJsonObject done = created;
    done.insert(QStringLiteral("status"), QStringLiteral("completed"));
    done.insert(QStringLiteral("usage"), QJsonObject{{QStringLiteral("input_tokens"), inputTokens},
                                                     {QStringLiteral("output_tokens"), outputTokens},
                                                     {QStringLiteral("total_tokens"), inputTokens + outputTokens}});
    out += typed("response.completed", {{QStringLiteral("response"), done}});
    return out;
}

FakeResponse streamOf(const QString &kind, const QStringList &pieces)
{
    if (kind == QLatin1String("openai-responses"))
        return FakeResponse::json(openAiResponses(pieces, 5, int(pieces.size()))).withContentType("text/event-stream");
    if (kind == QLatin1String("anthropic"))
        return FakeResponse::json(anthropic(pieces, 5, int(pieces.size()))).withContentType("text/event-stream");
    if (kind == QLatin1String("gemini"))
        return FakeResponse::json(gemini(pieces, 5, int(pieces.size()))).withContentType("text/event-stream");
    if (kind == QLatin1String("ollama"))
        return FakeResponse::json(ollama(pieces, 5, int(pieces.size()))).withContentType("application/x-ndjson");
    return FakeResponse::openAiStream(pieces);
}

FakeResponse streamErrorOf(const QString &kind, const QStringList &pieces, const QString &message)
{
    QByteArray body;
    QByteArray contentType = "text/event-stream";
    if (kind == QLatin1String("anthropic")) {
        body = anthropicStart(5) + blockStart(0, QStringLiteral("text"), "text");
        for (const QString &piece : pieces)
            body += event("content_block_delta", blockDelta(0, QStringLiteral("text_delta"), "text", piece));
        body += event("error", QJsonObject{{QStringLiteral("type"), QStringLiteral("error")},
                                           {QStringLiteral("error"), QJsonObject{{QStringLiteral("type"), QStringLiteral("authentication_error")},
                                                                                 {QStringLiteral("message"), message}}}});
    } else if (kind == QLatin1String("gemini")) {
        const QByteArray all = gemini(pieces, 5, int(pieces.size()));
        // Every chunk but the last, which would carry the finish reason.
        body = all.left(all.lastIndexOf("data: "));
        body += "data: "
            + compact(QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), 401},
                                                                      {QStringLiteral("message"), message},
                                                                      {QStringLiteral("status"), QStringLiteral("UNAUTHENTICATED")}}}})
            + "\r\n\r\n";
    } else if (kind == QLatin1String("ollama")) {
        contentType = "application/x-ndjson";
        for (const QString &piece : pieces)
            body += compact(QJsonObject{{QStringLiteral("model"), QStringLiteral("m")},
                                        {QStringLiteral("message"), QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                                                                {QStringLiteral("content"), piece}}},
                                        {QStringLiteral("done"), false}})
                + "\n";
        body += compact(QJsonObject{{QStringLiteral("error"), message}}) + "\n";
    } else {
        for (const QString &piece : pieces) {
            const QJsonObject delta{{QStringLiteral("content"), piece}};
            body += "data: "
                + compact(QJsonObject{{QStringLiteral("choices"), QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                                                        {QStringLiteral("delta"), delta}}}}})
                + "\n\n";
        }
        body += "data: " + compact(QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), message}}}}) + "\n\n";
    }
    return FakeResponse::json(body).withContentType(contentType);
}

FakeResponse keyEchoingAnswer(const QString &kind, const RecordedRequest &request, const QString &key, const QUrl &elsewhere)
{
    const QByteArray bytes = key.toUtf8();
    const QString prompt = promptOf(request);
    if (prompt == QLatin1String("echo-401")) {
        FakeResponse response = FakeResponse::jsonError(
            401, "{\"error\":{\"message\":\"Incorrect API key provided: " + bytes + " (sent as Authorization: Bearer " + bytes
                     + ")\",\"type\":\"invalid_request_error\"}}");
        response.headers.append({"X-Echoed-Key", bytes});
        return response;
    }
    if (prompt == QLatin1String("echo-stream"))
        return streamErrorOf(kind, {QStringLiteral("partial ")}, QStringLiteral("the key %1 was revoked").arg(key));
    if (prompt == QLatin1String("echo-header")) {
        FakeResponse response = FakeResponse::redirect(302, elsewhere.toEncoded() + "?key=" + bytes);
        response.headers.append({"X-Echoed-Key", bytes});
        return response;
    }
    return streamOf(kind, {QStringLiteral("Your key is ") + key.left(9), key.mid(9) + QStringLiteral(", keep it safe.")}).splitEvery(7);
}

QByteArray keyHeader(const QString &kind)
{
    if (kind == QLatin1String("anthropic"))
        return "x-api-key";
    if (kind == QLatin1String("gemini"))
        return "x-goog-api-key";
    return "authorization";
}

QString promptOf(const RecordedRequest &request)
{
    const QJsonObject json = request.json();
    if (json.contains(QLatin1String("contents"))) {
        const QJsonArray contents = json.value(QLatin1String("contents")).toArray();
        return contents.last().toObject().value(QLatin1String("parts")).toArray().first().toObject().value(QLatin1String("text")).toString();
    }
    // The Responses API's "input" holds the same messages.
    const QJsonArray messages = json.value(QLatin1String(json.contains(QLatin1String("input")) ? "input" : "messages")).toArray();
    if (messages.isEmpty())
        return {};
    const QJsonValue content = messages.last().toObject().value(QLatin1String("content"));
    if (content.isArray()) // Anthropic's content blocks
        return content.toArray().first().toObject().value(QLatin1String("text")).toString();
    return content.toString();
}

} // namespace ProviderStreams
