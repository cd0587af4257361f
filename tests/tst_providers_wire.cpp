// SPDX-License-Identifier: MIT
// Every wire format against a fake server that answers like the provider's documented
// examples: the exact request, the stream split anywhere, in-stream errors, HTTP error bodies,
// safety blocks, reasoning kept apart, and model lists.
#include "FakeLlmServer.h"
#include "ModelLister.h"
#include "OllamaProbe.h"
#include "PlanBuilder.h"
#include "ProviderStreams.h"
#include "Scheduler.h"
#include "ProtocolFactory.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

namespace {
const QString kKey = QStringLiteral("sk-test-SECRET-1234");

ProviderConfig makeConfig(ProviderKind kind, const FakeLlmServer &server, const QString &path = {})
{
    ProviderConfig config;
    config.name = providerKindName(kind);
    config.kind = kind;
    config.baseUrl = server.baseUrl(path).toString();
    return config;
}

struct Outcome {
    CellResult result;
};

CellResult runCell(const ProviderConfig &config, const QString &model, const QString &system = {},
                   const RequestParams &params = {}, const QString &key = kKey)
{
    ProviderRegistry registry;
    registry.upsert(config);
    Scheduler scheduler;
    scheduler.setProviders(registry);
    scheduler.keys().setKey(config.name, key);
    RequestLimits limits;
    limits.maxAttempts = 1;
    limits.connectTimeoutMs = 3000;
    limits.firstByteTimeoutMs = 3000;
    limits.idleTimeoutMs = 3000;
    limits.totalTimeoutMs = 5000;
    scheduler.setLimits(limits);
    ModelColumn column;
    column.provider = config.name;
    column.model = model;
    column.params = params;
    QSignalSpy finished(&scheduler, &Scheduler::runFinished);
    scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("Why is the sky blue?")}, {column}, 1, system));
    if (!finished.wait(8000))
        qWarning("the run did not finish");
    return scheduler.result(0);
}

/// Everything a parser reports, accumulated (the runner drains text and reasoning).
struct Parsed {
    QString text;
    QString reasoning;
    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens;
    QString finishReason;
    QString error;
    bool done = false;
    int malformed = 0;
    bool operator==(const Parsed &) const = default;
};

Parsed parse(ProviderKind kind, const QList<QByteArray> &pieces)
{
    const auto protocol = ProtocolFactory::create(kind);
    auto parser = protocol->createParser();
    StreamOutput out;
    Parsed parsed;
    const auto drain = [&] {
        parsed.text += out.text;
        parsed.reasoning += out.reasoning;
        out.text.clear();
        out.reasoning.clear();
    };
    for (const QByteArray &piece : pieces) {
        parser->feed(piece, out);
        drain();
    }
    parser->finish(out);
    drain();
    parsed.inputTokens = out.inputTokens;
    parsed.outputTokens = out.outputTokens;
    parsed.finishReason = out.finishReason;
    parsed.error = out.error;
    parsed.done = out.done;
    parsed.malformed = out.malformedEvents;
    return parsed;
}

/// readCompleteAnswer's verdict and what it read; nullopt when the body was not recognised.
std::optional<Parsed> parseWhole(ProviderKind kind, const QByteArray &body)
{
    StreamOutput out;
    if (!ProtocolFactory::create(kind)->readCompleteAnswer(body, out))
        return std::nullopt;
    return Parsed{out.text, out.reasoning, out.inputTokens, out.outputTokens, out.finishReason, out.error, out.done, out.malformedEvents};
}

// One non-streaming answer per format, as the providers document them.
const QByteArray kOpenAiWhole = R"({"id":"chatcmpl-9","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Blue light scatters.","reasoning":"Rayleigh."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":13,"completion_tokens":4,"total_tokens":17}})";
const QByteArray kAnthropicWhole = R"({"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"thinking","thinking":"Rayleigh.","signature":"sig"},{"type":"text","text":"Blue light"},{"type":"text","text":" scatters."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":13,"output_tokens":4}})";
const QByteArray kGeminiWhole = R"({"candidates":[{"content":{"role":"model","parts":[{"text":"Rayleigh.","thought":true},{"text":"Blue light scatters."}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":13,"candidatesTokenCount":3,"thoughtsTokenCount":1,"totalTokenCount":17},"modelVersion":"gemini-2.5-flash"})";
const QByteArray kOllamaWhole = R"({"model":"llama3.2","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"Blue light scatters.","thinking":"Rayleigh."},"done_reason":"stop","done":true,"total_duration":5191566416,"prompt_eval_count":13,"eval_count":4})";

QString statusOf(const CellResult &result)
{
    return cellStatusName(result.status);
}
} // namespace

class TestProvidersWire : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // --- Anthropic -------------------------------------------------------------------------
    void anthropicRequestIsExact()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse{.chunks = {ProviderStreams::anthropic({QStringLiteral("Hi")}, 25, 15)}});
        RequestParams params;
        params.temperature = 0.25;
        const CellResult r = runCell(makeConfig(ProviderKind::Anthropic, server), QStringLiteral("claude-sonnet-4-5"),
                                     QStringLiteral("Be brief."), params);
        QCOMPARE(statusOf(r), QStringLiteral("ok"));
        QCOMPARE(server.requestCount(), 1);
        const RecordedRequest request = server.requests().first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray("/v1/messages"));
        QCOMPARE(request.headers.value("x-api-key"), kKey.toUtf8());
        QCOMPARE(request.headers.value("anthropic-version"), QByteArray("2023-06-01"));
        QCOMPARE(request.headers.value("content-type"), QByteArray("application/json"));
        QVERIFY(!request.headers.contains("authorization"));
        const QJsonObject body = request.json();
        QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("claude-sonnet-4-5"));
        QCOMPARE(body.value(QLatin1String("max_tokens")).toInt(), 1024); // required; our default
        QCOMPARE(body.value(QLatin1String("system")).toString(), QStringLiteral("Be brief."));
        QCOMPARE(body.value(QLatin1String("stream")).toBool(), true);
        QCOMPARE(body.value(QLatin1String("temperature")).toDouble(), 0.25);
        const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.at(0).toObject().value(QLatin1String("role")).toString(), QStringLiteral("user"));
        QCOMPARE(messages.at(0).toObject().value(QLatin1String("content")).toString(), QStringLiteral("Why is the sky blue?"));
    }

    void anthropicMaxTokensIsSettable()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse{.chunks = {ProviderStreams::anthropic({QStringLiteral("Hi")}, 25, 15)}});
        RequestParams params;
        params.maxTokens = 77;
        const CellResult r = runCell(makeConfig(ProviderKind::Anthropic, server), QStringLiteral("claude-haiku-4-5"), {}, params);
        QCOMPARE(statusOf(r), QStringLiteral("ok"));
        const QJsonObject body = server.requests().first().json();
        QCOMPARE(body.value(QLatin1String("max_tokens")).toInt(), 77);
        QVERIFY(!body.contains(QLatin1String("system")));
    }

    void anthropicStreamSplitAnywhere()
    {
        const QByteArray body = ProviderStreams::anthropic({QStringLiteral("Hello"), QStringLiteral("! "), QStringLiteral("Grüße ☀")},
                                                           25, 15, {QStringLiteral("Let me "), QStringLiteral("think.")});
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(ProviderStreams::splitRandomly(body, 7));
        const CellResult r = runCell(makeConfig(ProviderKind::Anthropic, server), QStringLiteral("claude-sonnet-4-5"));
        QCOMPARE(statusOf(r), QStringLiteral("ok"));
        QCOMPARE(r.text, QStringLiteral("Hello! Grüße ☀"));
        QCOMPARE(r.reasoning, QStringLiteral("Let me think.")); // thinking_delta, apart from the answer
        QCOMPARE(r.inputTokens.value_or(-1), 25);
        QCOMPARE(r.outputTokens.value_or(-1), 15);
        QCOMPARE(r.finishReason, QStringLiteral("end_turn"));
    }

    void anthropicOverloadedMidStream()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(ProviderStreams::splitRandomly(ProviderStreams::anthropicOverloaded({QStringLiteral("Par"), QStringLiteral("tial")}), 3));
        const CellResult r = runCell(makeConfig(ProviderKind::Anthropic, server), QStringLiteral("claude-sonnet-4-5"));
        QCOMPARE(statusOf(r), QStringLiteral("error"));
        QVERIFY2(r.error.contains(QLatin1String("Overloaded")) && r.error.contains(QLatin1String("overloaded_error")), qPrintable(r.error));
        QCOMPARE(r.text, QStringLiteral("Partial")); // what arrived is kept
    }

    // --- Gemini ----------------------------------------------------------------------------
    void geminiRequestIsExact()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse{.chunks = {ProviderStreams::gemini({QStringLiteral("Hi")}, 8, 1)}});
        RequestParams params;
        params.temperature = 0.5;
        params.maxTokens = 300;
        const CellResult r = runCell(makeConfig(ProviderKind::Gemini, server), QStringLiteral("gemini-2.5-flash"),
                                     QStringLiteral("Answer in French."), params);
        QCOMPARE(statusOf(r), QStringLiteral("ok"));
        const RecordedRequest request = server.requests().first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"));
        QCOMPARE(request.headers.value("x-goog-api-key"), kKey.toUtf8());
        QVERIFY(!request.path.contains("key="));
        QVERIFY(!request.path.contains(kKey.toUtf8()));
        QVERIFY(!request.headers.contains("authorization"));
        const QJsonObject body = request.json();
        const QJsonObject content = body.value(QLatin1String("contents")).toArray().at(0).toObject();
        QCOMPARE(content.value(QLatin1String("role")).toString(), QStringLiteral("user"));
        QCOMPARE(content.value(QLatin1String("parts")).toArray().at(0).toObject().value(QLatin1String("text")).toString(),
                 QStringLiteral("Why is the sky blue?"));
        QCOMPARE(body.value(QLatin1String("systemInstruction")).toObject().value(QLatin1String("parts")).toArray().at(0)
                     .toObject().value(QLatin1String("text")).toString(),
                 QStringLiteral("Answer in French."));
        const QJsonObject config = body.value(QLatin1String("generationConfig")).toObject();
        QCOMPARE(config.value(QLatin1String("temperature")).toDouble(), 0.5);
        QCOMPARE(config.value(QLatin1String("maxOutputTokens")).toInt(), 300);
    }

    void geminiStreamSplitAnywhere()
    {
        const QByteArray body = ProviderStreams::gemini({QStringLiteral("The"), QStringLiteral(" opposite"), QStringLiteral(" of hot.")}, 8, 12);
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(ProviderStreams::splitRandomly(body, 11));
        const CellResult r = runCell(makeConfig(ProviderKind::Gemini, server), QStringLiteral("gemini-2.5-flash"));
        QCOMPARE(statusOf(r), QStringLiteral("ok"));
        QCOMPARE(r.text, QStringLiteral("The opposite of hot."));
        QCOMPARE(r.inputTokens.value_or(-1), 8);
        QCOMPARE(r.outputTokens.value_or(-1), 12);
        QCOMPARE(r.finishReason, QStringLiteral("STOP"));
    }

    void geminiSafetyBlocks_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("reason");
        QTest::addRow("prompt blocked") << ProviderStreams::geminiPromptBlocked() << QStringLiteral("SAFETY");
        QTest::addRow("answer blocked") << ProviderStreams::gemini({QStringLiteral("I can"), QStringLiteral("")}, 9, 2, QStringLiteral("SAFETY"))
                                        << QStringLiteral("SAFETY");
    }
    void geminiSafetyBlocks()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, reason);
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(ProviderStreams::splitRandomly(body, 5));
        const CellResult r = runCell(makeConfig(ProviderKind::Gemini, server), QStringLiteral("gemini-2.5-flash"));
        QCOMPARE(statusOf(r), QStringLiteral("error"));
        QVERIFY2(r.error.contains(QLatin1String("safety")) && r.error.contains(reason), qPrintable(r.error));
        QCOMPARE(r.finishReason, reason);
    }

    // --- Ollama ----------------------------------------------------------------------------
    void ollamaRequestIsExact()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse{.contentType = "application/x-ndjson", .chunks = {ProviderStreams::ollama({QStringLiteral("Hi")}, 26, 1)}});
        RequestParams params;
        params.temperature = 0.1;
        params.maxTokens = 64;
        const CellResult r = runCell(makeConfig(ProviderKind::Ollama, server), QStringLiteral("llama3.2"),
                                     QStringLiteral("You are terse."), params, QString());
        QCOMPARE(statusOf(r), QStringLiteral("ok"));
        const RecordedRequest request = server.requests().first();
        QCOMPARE(request.path, QByteArray("/api/chat"));
        QVERIFY(!request.headers.contains("authorization"));
        QVERIFY(!request.headers.contains("x-api-key"));
        QVERIFY(!request.headers.contains("x-goog-api-key"));
        const QJsonObject body = request.json();
        QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("llama3.2"));
        QCOMPARE(body.value(QLatin1String("stream")).toBool(), true);
        const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).toObject().value(QLatin1String("role")).toString(), QStringLiteral("system"));
        QCOMPARE(messages.at(1).toObject().value(QLatin1String("content")).toString(), QStringLiteral("Why is the sky blue?"));
        const QJsonObject options = body.value(QLatin1String("options")).toObject();
        QCOMPARE(options.value(QLatin1String("num_predict")).toInt(), 64);
        QCOMPARE(options.value(QLatin1String("temperature")).toDouble(), 0.1);
    }

    void ollamaLinesSplitAcrossReads()
    {
        const QByteArray body = ProviderStreams::ollama({QStringLiteral("The sky"), QStringLiteral(" is blue"), QStringLiteral(" because…")}, 26, 282);
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse response = FakeResponse{.contentType = "application/x-ndjson", .chunks = {body}}.splitEvery(5);
        response.chunkDelayMs = 1; // separate network reads
        server.enqueue(response);
        const CellResult r = runCell(makeConfig(ProviderKind::Ollama, server), QStringLiteral("llama3.2"), {}, {}, QString());
        QCOMPARE(statusOf(r), QStringLiteral("ok"));
        QCOMPARE(r.text, QStringLiteral("The sky is blue because…"));
        QCOMPARE(r.inputTokens.value_or(-1), 26);
        QCOMPARE(r.outputTokens.value_or(-1), 282);
        QCOMPARE(r.finishReason, QStringLiteral("stop"));
    }

    void ollamaErrorLine()
    {
        QByteArray body = ProviderStreams::ollama({QStringLiteral("Par"), QStringLiteral("tial")}, 5, 2);
        body = body.left(body.lastIndexOf('\n', body.size() - 2) + 1) + "{\"error\":\"an unknown error was encountered while running the model\"}\n";
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(ProviderStreams::splitRandomly(body, 9, "application/x-ndjson"));
        const CellResult r = runCell(makeConfig(ProviderKind::Ollama, server), QStringLiteral("llama3.2"), {}, {}, QString());
        QCOMPARE(statusOf(r), QStringLiteral("error"));
        QVERIFY2(r.error.contains(QLatin1String("unknown error was encountered")), qPrintable(r.error));
        QCOMPARE(r.text, QStringLiteral("Partial"));
    }

    // --- OpenAI-compatible -----------------------------------------------------------------
    void openAiRequestIsExact_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("limitField");
        QTest::addRow("chat model") << QStringLiteral("gpt-4o-mini") << QStringLiteral("max_tokens");
        QTest::addRow("reasoning model") << QStringLiteral("o4-mini") << QStringLiteral("max_completion_tokens");
        QTest::addRow("gpt-5") << QStringLiteral("gpt-5-mini") << QStringLiteral("max_completion_tokens");
    }
    void openAiRequestIsExact()
    {
        QFETCH(QString, model);
        QFETCH(QString, limitField);
        FakeLlmServer server;
        QVERIFY(server.listen());
        RequestParams params;
        params.maxTokens = 100;
        const CellResult r = runCell(makeConfig(ProviderKind::OpenAI, server, QStringLiteral("/v1")), model, {}, params);
        QCOMPARE(statusOf(r), QStringLiteral("ok"));
        const RecordedRequest request = server.requests().first();
        QCOMPARE(request.path, QByteArray("/v1/chat/completions"));
        QCOMPARE(request.headers.value("authorization"), "Bearer " + kKey.toUtf8());
        const QJsonObject body = request.json();
        QCOMPARE(body.value(limitField).toInt(), 100);
        QCOMPARE(body.contains(QLatin1String("max_tokens")), limitField == QLatin1String("max_tokens"));
        QCOMPARE(body.value(QLatin1String("stream_options")).toObject().value(QLatin1String("include_usage")).toBool(), true);
    }

    void deepseekReasoningKeptApart()
    {
        const QByteArray body = ProviderStreams::deepseekReasoning({QStringLiteral("The user asks"), QStringLiteral(" about the sky.")},
                                                                   {QStringLiteral("Rayleigh"), QStringLiteral(" scattering.")}, 12, 40);
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(ProviderStreams::splitRandomly(body, 13));
        const CellResult r = runCell(makeConfig(ProviderKind::OpenAI, server), QStringLiteral("deepseek-reasoner"));
        QCOMPARE(statusOf(r), QStringLiteral("ok"));
        QCOMPARE(r.text, QStringLiteral("Rayleigh scattering."));
        QCOMPARE(r.reasoning, QStringLiteral("The user asks about the sky."));
        QCOMPARE(r.outputTokens.value_or(-1), 40);
    }

    // --- every format ----------------------------------------------------------------------
    void randomSplitsGiveTheSameResult_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("openai") << int(ProviderKind::OpenAI)
                                << ProviderStreams::deepseekReasoning({QStringLiteral("hm")}, {QStringLiteral("Ça"), QStringLiteral(" va ✓")}, 3, 4);
        QTest::addRow("anthropic") << int(ProviderKind::Anthropic)
                                   << ProviderStreams::anthropic({QStringLiteral("Ça"), QStringLiteral(" va ✓")}, 3, 4, {QStringLiteral("hm")});
        QTest::addRow("gemini") << int(ProviderKind::Gemini) << ProviderStreams::gemini({QStringLiteral("Ça"), QStringLiteral(" va ✓")}, 3, 4);
        QTest::addRow("ollama") << int(ProviderKind::Ollama) << ProviderStreams::ollama({QStringLiteral("Ça"), QStringLiteral(" va ✓")}, 3, 4);
    }
    void randomSplitsGiveTheSameResult()
    {
        QFETCH(int, kind);
        QFETCH(QByteArray, body);
        const Parsed whole = parse(ProviderKind(kind), {body});
        QVERIFY(whole.done);
        QCOMPARE(whole.text, QStringLiteral("Ça va ✓"));
        QCOMPARE(whole.inputTokens.value_or(-1), 3);
        QCOMPARE(whole.outputTokens.value_or(-1), 4);
        QCOMPARE(whole.malformed, 0);
        for (quint32 seed = 1; seed <= 200; ++seed) {
            const Parsed split = parse(ProviderKind(kind), ProviderStreams::randomPieces(body, seed, 1 + int(seed % 17)));
            if (!(split == whole))
                QFAIL(qPrintable(QStringLiteral("seed %1 gave \"%2\"").arg(seed).arg(split.text)));
        }
    }

    void httpErrorsAreReadable_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::addRow("openai 401") << int(ProviderKind::OpenAI) << 401
                                    << QByteArray("{\"error\":{\"message\":\"Incorrect API key provided: sk-test-***1234. You can find your API key at https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}")
                                    << QStringLiteral("HTTP 401: Incorrect API key provided");
        QTest::addRow("anthropic 529") << int(ProviderKind::Anthropic) << 529
                                       << QByteArray("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")
                                       << QStringLiteral("HTTP 529: Overloaded (overloaded_error)");
        QTest::addRow("anthropic 400") << int(ProviderKind::Anthropic) << 400
                                       << QByteArray("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: Field required\"}}")
                                       << QStringLiteral("HTTP 400: max_tokens: Field required (invalid_request_error)");
        QTest::addRow("gemini 400") << int(ProviderKind::Gemini) << 400
                                    << QByteArray("{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\",\"status\":\"INVALID_ARGUMENT\"}}")
                                    << QStringLiteral("HTTP 400: API key not valid. Please pass a valid API key. (INVALID_ARGUMENT)");
        QTest::addRow("gemini 429 array") << int(ProviderKind::Gemini) << 429
                                          << QByteArray("[{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\",\"status\":\"RESOURCE_EXHAUSTED\"}}]")
                                          << QStringLiteral("HTTP 429: Resource has been exhausted (e.g. check quota). (RESOURCE_EXHAUSTED)");
        QTest::addRow("ollama 404") << int(ProviderKind::Ollama) << 404
                                    << QByteArray("{\"error\":\"model 'nope' not found, try pulling it first\"}")
                                    << QStringLiteral("HTTP 404: model 'nope' not found, try pulling it first");
    }
    void httpErrorsAreReadable()
    {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::jsonError(status, body));
        const CellResult r = runCell(makeConfig(ProviderKind(kind), server), QStringLiteral("m"));
        QVERIFY2(statusOf(r) == QLatin1String("error"), qPrintable(statusOf(r) + QLatin1Char(' ') + r.error));
        QCOMPARE(r.httpStatus, status);
        QVERIFY2(r.error.startsWith(expected), qPrintable(r.error));
        QVERIFY(!r.error.contains(kKey));
    }

    // --- whole (non-streaming) answers ------------------------------------------------------
    void completeAnswersParse_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("finish");
        QTest::addRow("openai chat.completion") << int(ProviderKind::OpenAI) << kOpenAiWhole << QStringLiteral("stop");
        QTest::addRow("anthropic message") << int(ProviderKind::Anthropic) << kAnthropicWhole << QStringLiteral("end_turn");
        QTest::addRow("gemini generateContent") << int(ProviderKind::Gemini) << kGeminiWhole << QStringLiteral("STOP");
        QTest::addRow("ollama stream false") << int(ProviderKind::Ollama) << kOllamaWhole << QStringLiteral("stop");
    }
    void completeAnswersParse()
    {
        QFETCH(int, kind);
        QFETCH(QByteArray, body);
        QFETCH(QString, finish);
        const std::optional<Parsed> parsed = parseWhole(ProviderKind(kind), body);
        QVERIFY(parsed);
        QCOMPARE(parsed->text, QStringLiteral("Blue light scatters."));
        QCOMPARE(parsed->reasoning, QStringLiteral("Rayleigh."));
        QCOMPARE(parsed->finishReason, finish);
        QCOMPARE(parsed->inputTokens.value_or(-1), 13);
        QCOMPARE(parsed->outputTokens.value_or(-1), 4);
        QVERIFY(parsed->error.isEmpty());
        QVERIFY(parsed->done);
        // Every other format's answer is not this one's.
        for (const QByteArray &other : {kOpenAiWhole, kAnthropicWhole, kGeminiWhole, kOllamaWhole}) {
            if (other != body)
                QVERIFY2(!parseWhole(ProviderKind(kind), other), other.constData());
        }
    }

    void completeAnswerVariants()
    {
        // OpenAI-compatible servers that send content as typed parts, with no usage.
        const auto parts = parseWhole(ProviderKind::OpenAI,
                                      R"({"choices":[{"message":{"content":[{"type":"text","text":"a"},{"type":"image_url"},{"type":"text","text":"b"}]},"finish_reason":"stop"}]})");
        QVERIFY(parts);
        QCOMPARE(parts->text, QStringLiteral("ab"));
        QVERIFY(!parts->inputTokens && !parts->outputTokens);
        // A tool call only: no text, but an answer all the same.
        const auto toolCall = parseWhole(ProviderKind::OpenAI,
                                         R"({"choices":[{"message":{"content":null,"tool_calls":[]},"finish_reason":"tool_calls"}]})");
        QVERIFY(toolCall && toolCall->text.isEmpty() && toolCall->finishReason == QLatin1String("tool_calls"));
        // streamGenerateContent without alt=sse: one JSON array of chunks.
        const auto geminiArray = parseWhole(ProviderKind::Gemini,
                                            R"([{"candidates":[{"content":{"parts":[{"text":"Bl"}]}}]},)"
                                            R"({"candidates":[{"content":{"parts":[{"text":"ue"}]},"finishReason":"MAX_TOKENS"}],"usageMetadata":{"promptTokenCount":2,"candidatesTokenCount":5}}])");
        QVERIFY(geminiArray);
        QCOMPARE(geminiArray->text, QStringLiteral("Blue"));
        QCOMPARE(geminiArray->finishReason, QStringLiteral("MAX_TOKENS"));
        QCOMPARE(geminiArray->outputTokens.value_or(-1), 5);
        // Ollama pretty-printed over several lines, and an NDJSON stream sent as application/json.
        const auto pretty = parseWhole(ProviderKind::Ollama, "{\n  \"message\": {\"content\": \"Hi\"},\n  \"done\": true\n}\n");
        QVERIFY(pretty && pretty->text == QLatin1String("Hi") && pretty->done);
        const auto lines = parseWhole(ProviderKind::Ollama,
                                      "{\"message\":{\"content\":\"Hi\"},\"done\":false}\n{\"message\":{\"content\":\" you\"},\"done\":true,\"done_reason\":\"stop\",\"eval_count\":2}\n");
        QVERIFY(lines);
        QCOMPARE(lines->text, QStringLiteral("Hi you"));
        QCOMPARE(lines->outputTokens.value_or(-1), 2);
    }

    void completeAnswerErrors_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::addRow("openai error object") << int(ProviderKind::OpenAI) << QByteArray(R"({"error":{"message":"quota","type":"insufficient_quota"}})")
                                             << QStringLiteral("quota (insufficient_quota)");
        QTest::addRow("anthropic error") << int(ProviderKind::Anthropic)
                                         << QByteArray(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")
                                         << QStringLiteral("Overloaded (overloaded_error)");
        QTest::addRow("gemini error") << int(ProviderKind::Gemini) << QByteArray(R"({"error":{"code":500,"message":"internal","status":"INTERNAL"}})")
                                      << QStringLiteral("internal");
        QTest::addRow("gemini safety") << int(ProviderKind::Gemini) << QByteArray(R"({"candidates":[{"finishReason":"SAFETY"}]})")
                                       << QStringLiteral("the answer was blocked by Gemini's safety filter (SAFETY)");
        QTest::addRow("gemini blocked prompt") << int(ProviderKind::Gemini) << QByteArray(R"({"promptFeedback":{"blockReason":"OTHER"}})")
                                               << QStringLiteral("the prompt was blocked by Gemini's safety filter (OTHER)");
        QTest::addRow("ollama error") << int(ProviderKind::Ollama) << QByteArray(R"({"error":"model 'x' not found"})")
                                      << QStringLiteral("model 'x' not found");
    }
    void completeAnswerErrors()
    {
        QFETCH(int, kind);
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        const std::optional<Parsed> parsed = parseWhole(ProviderKind(kind), body);
        QVERIFY(parsed);
        QCOMPARE(parsed->error, error);
        QVERIFY(parsed->text.isEmpty());
    }

    void notCompleteAnswers_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("empty") << QByteArray();
        QTest::addRow("object") << QByteArray("{}");
        QTest::addRow("array") << QByteArray("[]");
        QTest::addRow("numbers") << QByteArray("[1,2]");
        QTest::addRow("not JSON") << QByteArray("<html>");
        QTest::addRow("cut") << kOpenAiWhole.left(80);
        QTest::addRow("empty choices") << QByteArray(R"({"choices":[]})");
        QTest::addRow("choices not array") << QByteArray(R"({"choices":{"message":{}},"content":"x","message":"y"})");
        QTest::addRow("content not array") << QByteArray(R"({"type":"message","content":"x","candidates":7})");
    }
    void notCompleteAnswers()
    {
        QFETCH(QByteArray, body);
        for (const ProviderKind kind : {ProviderKind::OpenAI, ProviderKind::Anthropic, ProviderKind::Gemini, ProviderKind::Ollama})
            QVERIFY2(!parseWhole(kind, body), qPrintable(providerKindName(kind)));
    }

    void completeAnswerEndToEnd_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("openai") << int(ProviderKind::OpenAI) << kOpenAiWhole;
        QTest::addRow("anthropic") << int(ProviderKind::Anthropic) << kAnthropicWhole;
        QTest::addRow("gemini") << int(ProviderKind::Gemini) << kGeminiWhole;
        QTest::addRow("ollama") << int(ProviderKind::Ollama) << kOllamaWhole;
    }
    void completeAnswerEndToEnd()
    {
        QFETCH(int, kind);
        QFETCH(QByteArray, body);
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse response = FakeResponse::json(body).splitEvery(16);
        response.contentType = "application/json; charset=utf-8";
        server.enqueue(response);
        const CellResult r = runCell(makeConfig(ProviderKind(kind), server), QStringLiteral("m"));
        QVERIFY2(statusOf(r) == QLatin1String("ok"), qPrintable(statusOf(r) + QLatin1Char(' ') + r.error));
        QCOMPARE(r.text, QStringLiteral("Blue light scatters."));
        QCOMPARE(r.reasoning, QStringLiteral("Rayleigh."));
        QCOMPARE(r.inputTokens.value_or(-1), 13);
        QCOMPARE(r.outputTokens.value_or(-1), 4);
        QVERIFY(!r.finishReason.isEmpty());
        QVERIFY(r.error.isEmpty());
        QCOMPARE(server.requestCount(), 1);
    }

    // --- numbers and text from servers -----------------------------------------------------
    void negativeTokenCountsAreUnknown_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("whole");
        QTest::addColumn<int>("input"); ///< -1: unknown
        QTest::addColumn<int>("output");
        const QByteArray openAiText = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\n";
        QTest::addRow("openai (fast path)") << int(ProviderKind::OpenAI)
                                            << openAiText + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":-7,\"completion_tokens\":-2}}\n\ndata: [DONE]\n\n"
                                            << false << -1 << -1;
        QTest::addRow("openai (Qt's path)") << int(ProviderKind::OpenAI)
                                            << openAiText + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":-7,\"completion_tokens\":-2,\"cost\":0.5}}\n\ndata: [DONE]\n\n"
                                            << false << -1 << -1;
        QTest::addRow("openai fractional") << int(ProviderKind::OpenAI)
                                           << openAiText + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7.5,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n"
                                           << false << -1 << 2;
        QTest::addRow("anthropic") << int(ProviderKind::Anthropic)
                                   << QByteArray("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":-5,\"output_tokens\":1}}}\n\n"
                                                 "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
                                                 "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":-1}}\n\n"
                                                 "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")
                                   << false << -1 << 1;
        QTest::addRow("gemini") << int(ProviderKind::Gemini)
                                << QByteArray("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]},\"finishReason\":\"STOP\"}],"
                                              "\"usageMetadata\":{\"promptTokenCount\":-3,\"candidatesTokenCount\":-2}}\r\n\r\n")
                                << false << -1 << -1;
        QTest::addRow("gemini thoughts below zero") << int(ProviderKind::Gemini)
                                                    << QByteArray("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]},\"finishReason\":\"STOP\"}],"
                                                                  "\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2,\"thoughtsTokenCount\":-9}}\r\n\r\n")
                                                    << false << 3 << 2;
        QTest::addRow("ollama") << int(ProviderKind::Ollama)
                                << QByteArray("{\"message\":{\"content\":\"Hi\"},\"done\":false}\n"
                                              "{\"message\":{\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":-4,\"eval_count\":-1}\n")
                                << false << -1 << -1;
        QTest::addRow("openai whole") << int(ProviderKind::OpenAI) << QByteArray(kOpenAiWhole).replace("\"prompt_tokens\":13", "\"prompt_tokens\":-13")
                                      << true << -1 << 4;
        QTest::addRow("anthropic whole") << int(ProviderKind::Anthropic) << QByteArray(kAnthropicWhole).replace("\"output_tokens\":4", "\"output_tokens\":-4")
                                         << true << 13 << -1;
        QTest::addRow("gemini whole") << int(ProviderKind::Gemini) << QByteArray(kGeminiWhole).replace("\"promptTokenCount\":13", "\"promptTokenCount\":-13")
                                      << true << -1 << 4;
        QTest::addRow("ollama whole") << int(ProviderKind::Ollama) << QByteArray(kOllamaWhole).replace("\"eval_count\":4", "\"eval_count\":-4")
                                      << true << 13 << -1;
    }

    void negativeTokenCountsAreUnknown()
    {
        QFETCH(int, kind);
        QFETCH(QByteArray, body);
        QFETCH(bool, whole);
        QFETCH(int, input);
        QFETCH(int, output);
        const auto wanted = [](int count) { return count < 0 ? std::optional<qint64>() : std::optional<qint64>(count); };
        const std::optional<Parsed> parsed = whole ? parseWhole(ProviderKind(kind), body) : parse(ProviderKind(kind), ProviderStreams::randomPieces(body, 3));
        QVERIFY(parsed);
        QVERIFY2(parsed->error.isEmpty(), qPrintable(parsed->error));
        QVERIFY(parsed->done);
        QVERIFY(!parsed->text.isEmpty());
        QCOMPARE(parsed->inputTokens, wanted(input));
        QCOMPARE(parsed->outputTokens, wanted(output));
    }

    void negativeTokenCountsNeverCost()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse response = FakeResponse::openAiStream({QStringLiteral("Hi")}, -7, 5);
        for (QByteArray &chunk : response.chunks)
            chunk.replace("\"completion_tokens\":5", "\"completion_tokens\":-2");
        server.enqueue(response);
        ProviderConfig config = makeConfig(ProviderKind::OpenAI, server, QStringLiteral("/v1"));
        config.prices.insert(QStringLiteral("m"), ModelPrice{2.5, 10});
        const CellResult r = runCell(config, QStringLiteral("m"));
        QCOMPARE(statusOf(r), QStringLiteral("ok"));
        QCOMPARE(r.inputTokens, std::nullopt);
        QCOMPARE(r.outputTokens, std::nullopt);
        QCOMPARE(r.costUsd, std::nullopt); // unknown, never negative
    }

    void leadingByteOrderMarkKeptInAnswers_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("text");
        const QByteArray bom = "\xEF\xBB\xBF";
        const QString mark(QChar(0xFEFF));
        const auto openAi = [](const QByteArray &content, const QByteArray &extra = {}) {
            return "data: {\"choices\":[{\"delta\":{\"content\":\"" + content + "\"}}]" + extra + "}\n\n";
        };
        QTest::addRow("openai, as bytes") << int(ProviderKind::OpenAI) << openAi(bom + "Hi") + "data: [DONE]\n\n" << mark + QStringLiteral("Hi");
        QTest::addRow("openai, escaped") << int(ProviderKind::OpenAI) << openAi("\\ufeffHi") + "data: [DONE]\n\n" << mark + QStringLiteral("Hi");
        QTest::addRow("openai, Qt's path") << int(ProviderKind::OpenAI) << openAi(bom + "Hi", ",\"x\":0.5") + "data: [DONE]\n\n"
                                           << mark + QStringLiteral("Hi");
        QTest::addRow("openai, later piece") << int(ProviderKind::OpenAI) << openAi("A") + openAi(bom + "B") + "data: [DONE]\n\n"
                                             << QStringLiteral("A") + mark + QStringLiteral("B");
        // The stream's own byte-order mark is framing and goes; the answer's stays.
        QTest::addRow("openai, after the stream's mark") << int(ProviderKind::OpenAI) << bom + openAi(bom + "Hi") + "data: [DONE]\n\n"
                                                         << mark + QStringLiteral("Hi");
        QTest::addRow("anthropic") << int(ProviderKind::Anthropic)
                                   << "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"" + bom
                + "Hi\"}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
                                   << mark + QStringLiteral("Hi");
        QTest::addRow("gemini") << int(ProviderKind::Gemini)
                                << "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + bom + "Hi\"}]},\"finishReason\":\"STOP\"}]}\r\n\r\n"
                                << mark + QStringLiteral("Hi");
        QTest::addRow("ollama, after the stream's mark") << int(ProviderKind::Ollama)
                                                         << bom + "{\"message\":{\"content\":\"" + bom + "Hi\"},\"done\":true}\n"
                                                         << mark + QStringLiteral("Hi");
    }

    void leadingByteOrderMarkKeptInAnswers()
    {
        QFETCH(int, kind);
        QFETCH(QByteArray, body);
        QFETCH(QString, text);
        for (const quint32 seed : {1u, 2u, 3u}) {
            const Parsed parsed = parse(ProviderKind(kind), ProviderStreams::randomPieces(body, seed));
            QCOMPARE(parsed.text, text);
            QCOMPARE(parsed.malformed, 0);
            QVERIFY(parsed.done);
        }
        const Parsed whole = parse(ProviderKind(kind), {body});
        QCOMPARE(whole.text, text);
    }

    void leadingByteOrderMarkKeptEndToEnd()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::openAiStream({QStringLiteral("\uFEFFHello"), QStringLiteral(" world")}));
        const CellResult r = runCell(makeConfig(ProviderKind::OpenAI, server, QStringLiteral("/v1")), QStringLiteral("m"));
        QCOMPARE(statusOf(r), QStringLiteral("ok"));
        QCOMPARE(r.text, QStringLiteral("\uFEFFHello world"));
    }

    // --- model lists -----------------------------------------------------------------------
    void modelListsParse_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("openai") << int(ProviderKind::OpenAI)
                                << QByteArray("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\",\"created\":1721172741,\"owned_by\":\"system\"},{\"id\":\"gpt-4.1\",\"object\":\"model\",\"created\":1744316542,\"owned_by\":\"system\"}]}")
                                << QStringList{QStringLiteral("gpt-4.1"), QStringLiteral("gpt-4o-mini")};
        QTest::addRow("together (bare array)") << int(ProviderKind::OpenAI)
                                               << QByteArray("[{\"id\":\"meta-llama/Llama-3.3-70B-Instruct-Turbo\",\"object\":\"model\",\"type\":\"chat\"}]")
                                               << QStringList{QStringLiteral("meta-llama/Llama-3.3-70B-Instruct-Turbo")};
        QTest::addRow("anthropic") << int(ProviderKind::Anthropic)
                                   << QByteArray("{\"data\":[{\"type\":\"model\",\"id\":\"claude-sonnet-4-5-20250929\",\"display_name\":\"Claude Sonnet 4.5\",\"created_at\":\"2025-09-29T00:00:00Z\"},{\"type\":\"model\",\"id\":\"claude-haiku-4-5-20251001\",\"display_name\":\"Claude Haiku 4.5\",\"created_at\":\"2025-10-01T00:00:00Z\"}],\"has_more\":false,\"first_id\":\"claude-sonnet-4-5-20250929\",\"last_id\":\"claude-haiku-4-5-20251001\"}")
                                   << QStringList{QStringLiteral("claude-sonnet-4-5-20250929"), QStringLiteral("claude-haiku-4-5-20251001")};
        QTest::addRow("gemini") << int(ProviderKind::Gemini)
                                << QByteArray("{\"models\":[{\"name\":\"models/gemini-2.5-flash\",\"version\":\"001\",\"displayName\":\"Gemini 2.5 Flash\",\"supportedGenerationMethods\":[\"generateContent\",\"countTokens\"]},{\"name\":\"models/text-embedding-004\",\"supportedGenerationMethods\":[\"embedContent\"]}],\"nextPageToken\":\"x\"}")
                                << QStringList{QStringLiteral("gemini-2.5-flash")};
        QTest::addRow("ollama") << int(ProviderKind::Ollama)
                                << QByteArray("{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"modified_at\":\"2025-05-04T17:37:44.706015396-07:00\",\"size\":2019393189,\"digest\":\"a80c4f17acd5\",\"details\":{\"format\":\"gguf\",\"family\":\"llama\",\"parameter_size\":\"3.2B\",\"quantization_level\":\"Q4_K_M\"}}]}")
                                << QStringList{QStringLiteral("llama3.2:latest")};
    }
    void modelListsParse()
    {
        QFETCH(int, kind);
        QFETCH(QByteArray, body);
        QFETCH(QStringList, expected);
        const auto protocol = ProtocolFactory::create(ProviderKind(kind));
        QString error;
        QCOMPARE(protocol->parseModels(body, &error), expected);
        QVERIFY(error.isEmpty());
        QVERIFY(protocol->parseModels("<html>nope</html>", &error).isEmpty());
        QVERIFY(!error.isEmpty());
    }

    void modelListerAsksEachFormat_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("basePath");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("keyHeader");
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("openai") << int(ProviderKind::OpenAI) << QStringLiteral("/v1") << QByteArray("/v1/models") << QByteArray("authorization")
                                << QByteArray("{\"data\":[{\"id\":\"a\"}]}");
        QTest::addRow("anthropic") << int(ProviderKind::Anthropic) << QString() << QByteArray("/v1/models?limit=1000") << QByteArray("x-api-key")
                                   << QByteArray("{\"data\":[{\"id\":\"a\"}]}");
        QTest::addRow("gemini") << int(ProviderKind::Gemini) << QString() << QByteArray("/v1beta/models?pageSize=1000") << QByteArray("x-goog-api-key")
                                << QByteArray("{\"models\":[{\"name\":\"models/a\"}]}");
        QTest::addRow("ollama") << int(ProviderKind::Ollama) << QString() << QByteArray("/api/tags") << QByteArray()
                                << QByteArray("{\"models\":[{\"name\":\"a\"}]}");
    }
    void modelListerAsksEachFormat()
    {
        QFETCH(int, kind);
        QFETCH(QString, basePath);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, keyHeader);
        QFETCH(QByteArray, body);
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::json(body));
        ModelLister lister;
        QSignalSpy finished(&lister, &ModelLister::finished);
        lister.request(makeConfig(ProviderKind(kind), server, basePath), kKey, QStringLiteral("tag"));
        QVERIFY(finished.wait(3000));
        const auto result = finished.first().at(1).value<ModelListResult>();
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.models, QStringList{QStringLiteral("a")});
        QCOMPARE(finished.first().at(0).toString(), QStringLiteral("tag"));
        const RecordedRequest request = server.requests().first();
        QCOMPARE(request.method, QByteArray("GET"));
        QCOMPARE(request.path, path);
        QVERIFY(!request.path.contains(kKey.toUtf8()));
        if (!keyHeader.isEmpty())
            QVERIFY(request.headers.value(keyHeader).contains(kKey.toUtf8()));
    }

    void modelListerReportsErrors()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::jsonError(401, "{\"error\":{\"message\":\"Invalid Authentication\",\"type\":\"invalid_request_error\"}}"));
        FakeResponse hang;
        hang.hangBeforeHeaders = true;
        server.enqueue(hang);
        ModelLister lister;
        lister.setTimeoutMs(200);
        const ProviderConfig config = makeConfig(ProviderKind::OpenAI, server, QStringLiteral("/v1"));

        ModelListResult unauthorized = QCoro::waitFor(lister.fetch(config, kKey));
        QCOMPARE(unauthorized.httpStatus, 401);
        QVERIFY2(unauthorized.error.contains(QLatin1String("HTTP 401: Invalid Authentication")), qPrintable(unauthorized.error));
        QVERIFY(unauthorized.error.contains(QLatin1String("API key")));

        QElapsedTimer clock;
        clock.start();
        ModelListResult slow = QCoro::waitFor(lister.fetch(config, kKey));
        QVERIFY2(slow.error.contains(QLatin1String("no answer")), qPrintable(slow.error));
        QVERIFY(clock.elapsed() < 2000);
    }

    void modelListerDiesWhileAsking()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse hang;
        hang.hangBeforeHeaders = true;
        server.enqueue(hang);
        auto *lister = new ModelLister;
        QSignalSpy finished(lister, &ModelLister::finished);
        lister->request(makeConfig(ProviderKind::Ollama, server), {}, QStringLiteral("gone"));
        QTRY_COMPARE(server.requestCount(), 1);
        delete lister; // aborts the request; nobody is told, nothing crashes
        QTRY_COMPARE(server.clientAborts(), 1);
        QTest::qWait(20);
        QCOMPARE(finished.size(), 0);
    }

    void ollamaProbe()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::json("{\"models\":[{\"name\":\"llama3.2:latest\"},{\"name\":\"qwen2.5:7b\"}]}"));
        OllamaProbe found;
        found.setBaseUrl(server.baseUrl().toString());
        QSignalSpy foundSpy(&found, &OllamaProbe::finished);
        found.start();
        QVERIFY(found.isRunning()); // never blocks
        QVERIFY(foundSpy.wait(3000));
        QCOMPARE(foundSpy.first().at(0).toBool(), true);
        QCOMPARE(found.models(), (QStringList{QStringLiteral("llama3.2:latest"), QStringLiteral("qwen2.5:7b")}));
        QCOMPARE(server.requests().first().path, QByteArray("/api/tags"));

        // Nothing listening: a quick "not found".
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        OllamaProbe missing;
        missing.setBaseUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        QSignalSpy missingSpy(&missing, &OllamaProbe::finished);
        missing.start();
        QVERIFY(missingSpy.wait(3000));
        QCOMPARE(missingSpy.first().at(0).toBool(), false);
        QVERIFY(missing.models().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProvidersWire)
#include "tst_providers_wire.moc"
