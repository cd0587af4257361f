// SPDX-License-Identifier: MIT
// Reasoning models end to end (issue 15): the reasoning setting on each wire format (the exact
// field, nothing when unset), the Responses API stream, every reasoning shape kept apart from
// the answer, reasoning tokens from each provider, refusals, and the robustness cases seen in
// real streams (usage in error chunks and x_groq, several choices, an Anthropic message whose
// last blank line is missing). The streams are in tests/data/streams (see its README).
#include "CliProcess.h"
#include "CostEstimator.h"
#include "CsvReader.h"
#include "ExportColumns.h"
#include "FakeLlmServer.h"
#include "PresetCatalog.h"
#include "PlanBuilder.h"
#include "ProtocolFactory.h"
#include "ProviderStreams.h"
#include "Scheduler.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kKey = QStringLiteral("sk-test-SECRET-1234");

QByteArray stream(const QString &name)
{
    QFile file(QStringLiteral(PROMPTGRID_TEST_DATA "/streams/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the stream %s", qPrintable(name));
    return file.readAll();
}

ProviderConfig makeConfig(ProviderKind kind, const FakeLlmServer &server, const QString &path = {})
{
    ProviderConfig config;
    config.name = providerKindName(kind);
    config.kind = kind;
    config.baseUrl = server.baseUrl(path).toString();
    return config;
}

CellResult runCell(const ProviderConfig &config, const QString &model, const RequestParams &params = {})
{
    ProviderRegistry registry;
    registry.upsert(config);
    Scheduler scheduler;
    scheduler.setProviders(registry);
    scheduler.keys().setKey(config.name, kKey);
    RequestLimits limits;
    limits.maxAttempts = 1;
    limits.connectTimeoutMs = 3000;
    limits.firstByteTimeoutMs = 3000;
    limits.idleTimeoutMs = 3000;
    limits.totalTimeoutMs = 8000;
    scheduler.setLimits(limits);
    ModelColumn column;
    column.provider = config.name;
    column.model = model;
    column.params = params;
    QSignalSpy finished(&scheduler, &Scheduler::runFinished);
    scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("Think about it.")}, {column}, 1, QStringLiteral("Be brief.")));
    if (!finished.wait(10000))
        qWarning("the run did not finish");
    return scheduler.result(0);
}

/// Everything a parser reports, the text and reasoning accumulated as the runner drains them.
struct Parsed {
    QString text;
    QString reasoning;
    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens;
    std::optional<qint64> reasoningTokens;
    QString finishReason;
    QString error;
    bool done = false;
    bool refused = false;
    QString note;
    bool operator==(const Parsed &) const = default;
};

Parsed parse(ProviderKind kind, const QList<QByteArrayView> &pieces)
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
    for (const QByteArrayView piece : pieces) {
        parser->feed(piece, out);
        drain();
    }
    parser->finish(out);
    drain();
    parsed.inputTokens = out.inputTokens;
    parsed.outputTokens = out.outputTokens;
    parsed.reasoningTokens = out.reasoningTokens;
    parsed.finishReason = out.finishReason;
    parsed.error = out.error;
    parsed.done = out.done;
    parsed.refused = out.refused;
    parsed.note = out.note();
    return parsed;
}

Parsed parseWhole(ProviderKind kind, const QByteArray &body)
{
    return parse(kind, {QByteArrayView(body)});
}

std::optional<qint64> count(int n)
{
    return n < 0 ? std::nullopt : std::optional<qint64>(n);
}

/// The request body's JSON value at a dotted \a path ("generationConfig.thinkingConfig").
QJsonValue at(const QJsonObject &object, const QString &path)
{
    QJsonValue value = object;
    for (const QString &key : path.split(QLatin1Char('.')))
        value = value.toObject().value(key);
    return value;
}

RequestParams level(ReasoningLevel level)
{
    RequestParams params;
    params.reasoning = level;
    return params;
}

RequestParams budget(int tokens)
{
    RequestParams params;
    params.reasoningBudget = tokens;
    return params;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

QList<QStringList> readCsv(const QString &path)
{
    QFile file(path);
    QList<QStringList> rows;
    QString error;
    if (!file.open(QIODevice::ReadOnly) || !CsvReader::parse(file.readAll(), &rows, &error))
        qWarning("cannot read %s: %s", qPrintable(path), qPrintable(error));
    return rows;
}
} // namespace

Q_DECLARE_METATYPE(ProviderKind)
Q_DECLARE_METATYPE(RequestParams)

class TestReasoning : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // --- The reasoning setting on the wire -------------------------------------------------
    void requestFields_data()
    {
        QTest::addColumn<ProviderKind>("kind");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("style"); ///< the provider's reasoning_style, or empty
        QTest::addColumn<RequestParams>("params");
        QTest::addColumn<QString>("field");    ///< dotted path in the body
        QTest::addColumn<QByteArray>("value"); ///< its compact JSON
        const auto add = [](const char *name, ProviderKind kind, const char *model, const char *style,
                            const RequestParams &params, const char *field, const QByteArray &value) {
            QTest::newRow(name) << kind << QString::fromLatin1(model) << QString::fromLatin1(style) << params
                                << QString::fromLatin1(field) << value;
        };
        using L = ReasoningLevel;
        // OpenAI Chat Completions: reasoning_effort, every level verbatim.
        add("openai none", ProviderKind::OpenAI, "gpt-5", "", level(L::None), "reasoning_effort", "\"none\"");
        add("openai minimal", ProviderKind::OpenAI, "gpt-5", "", level(L::Minimal), "reasoning_effort", "\"minimal\"");
        add("openai low", ProviderKind::OpenAI, "gpt-5", "", level(L::Low), "reasoning_effort", "\"low\"");
        add("openai medium", ProviderKind::OpenAI, "gpt-5", "", level(L::Medium), "reasoning_effort", "\"medium\"");
        add("openai high", ProviderKind::OpenAI, "gpt-5", "", level(L::High), "reasoning_effort", "\"high\"");
        add("openai xhigh", ProviderKind::OpenAI, "gpt-5", "", level(L::XHigh), "reasoning_effort", "\"xhigh\"");
        add("openai max", ProviderKind::OpenAI, "gpt-5", "", level(L::Max), "reasoning_effort", "\"max\"");
        // OpenRouter's reasoning object: an effort or a budget.
        add("openrouter high", ProviderKind::OpenAI, "openai/gpt-5", "openrouter", level(L::High), "reasoning", R"({"effort":"high"})");
        add("openrouter none", ProviderKind::OpenAI, "openai/gpt-5", "openrouter", level(L::None), "reasoning", R"({"effort":"none"})");
        add("openrouter budget", ProviderKind::OpenAI, "anthropic/claude-sonnet-4.5", "openrouter", budget(4096), "reasoning",
            R"({"max_tokens":4096})");
        // Responses: reasoning {effort, summary auto}; none asks for no summary.
        add("responses low", ProviderKind::OpenAIResponses, "gpt-5", "", level(L::Low), "reasoning", R"({"effort":"low","summary":"auto"})");
        add("responses high", ProviderKind::OpenAIResponses, "gpt-5", "", level(L::High), "reasoning", R"({"effort":"high","summary":"auto"})");
        add("responses xhigh", ProviderKind::OpenAIResponses, "gpt-5", "", level(L::XHigh), "reasoning",
            R"({"effort":"xhigh","summary":"auto"})");
        add("responses none", ProviderKind::OpenAIResponses, "gpt-5", "", level(L::None), "reasoning", R"({"effort":"none"})");
        // Anthropic adaptive models: adaptive thinking shown summarized, and the effort.
        add("anthropic adaptive thinking", ProviderKind::Anthropic, "claude-opus-4-7", "", level(L::High), "thinking",
            R"({"display":"summarized","type":"adaptive"})");
        add("anthropic adaptive effort", ProviderKind::Anthropic, "claude-opus-4-7", "", level(L::High), "output_config", R"({"effort":"high"})");
        add("anthropic adaptive low", ProviderKind::Anthropic, "claude-sonnet-4-6", "", level(L::Low), "output_config", R"({"effort":"low"})");
        add("anthropic minimal is low", ProviderKind::Anthropic, "claude-sonnet-4-6", "", level(L::Minimal), "output_config",
            R"({"effort":"low"})");
        add("anthropic xhigh", ProviderKind::Anthropic, "claude-opus-4-7", "", level(L::XHigh), "output_config", R"({"effort":"xhigh"})");
        add("anthropic none", ProviderKind::Anthropic, "claude-opus-4-7", "", level(L::None), "thinking", R"({"type":"disabled"})");
        // Older Claude models and budgets: thinking enabled with budget_tokens, max_tokens above it.
        add("anthropic old model level", ProviderKind::Anthropic, "claude-sonnet-4-5", "", level(L::Medium), "thinking",
            R"({"budget_tokens":8192,"type":"enabled"})");
        add("anthropic old model max_tokens", ProviderKind::Anthropic, "claude-sonnet-4-5", "", level(L::Medium), "max_tokens", "9216");
        add("anthropic dated old model", ProviderKind::Anthropic, "claude-opus-4-20250514", "", level(L::Low), "thinking",
            R"({"budget_tokens":2048,"type":"enabled"})");
        add("anthropic budget", ProviderKind::Anthropic, "claude-opus-4-6", "", budget(4096), "thinking", R"({"budget_tokens":4096,"type":"enabled"})");
        add("anthropic style from providers JSON", ProviderKind::Anthropic, "my-claude-proxy", "budget", level(L::High), "thinking",
            R"({"budget_tokens":16384,"type":"enabled"})");
        // Gemini 3: thinkingLevel; Gemini 2.5: thinkingBudget; never both; thoughts included.
        add("gemini 3 high", ProviderKind::Gemini, "gemini-3-flash-preview", "", level(L::High), "generationConfig.thinkingConfig",
            R"({"includeThoughts":true,"thinkingLevel":"high"})");
        add("gemini 3 minimal", ProviderKind::Gemini, "gemini-3-flash-preview", "", level(L::Minimal), "generationConfig.thinkingConfig",
            R"({"includeThoughts":true,"thinkingLevel":"minimal"})");
        add("gemini 3 xhigh is high", ProviderKind::Gemini, "gemini-3-pro-preview", "", level(L::XHigh), "generationConfig.thinkingConfig",
            R"({"includeThoughts":true,"thinkingLevel":"high"})");
        add("gemini 2.5 medium", ProviderKind::Gemini, "gemini-2.5-flash", "", level(L::Medium), "generationConfig.thinkingConfig",
            R"({"includeThoughts":true,"thinkingBudget":8192})");
        add("gemini 2.5 none", ProviderKind::Gemini, "gemini-2.5-flash", "", level(L::None), "generationConfig.thinkingConfig",
            R"({"thinkingBudget":0})");
        add("gemini budget", ProviderKind::Gemini, "gemini-3-flash-preview", "", budget(1500), "generationConfig.thinkingConfig",
            R"({"includeThoughts":true,"thinkingBudget":1500})");
        // Ollama: think true/false, or a level for gpt-oss.
        add("ollama on", ProviderKind::Ollama, "qwen3", "", level(L::High), "think", "true");
        add("ollama off", ProviderKind::Ollama, "qwen3", "", level(L::None), "think", "false");
        add("ollama gpt-oss", ProviderKind::Ollama, "gpt-oss:20b", "", level(L::Medium), "think", "\"medium\"");
        add("ollama gpt-oss minimal", ProviderKind::Ollama, "gpt-oss:20b", "", level(L::Minimal), "think", "\"low\"");
    }

    void requestFields()
    {
        QFETCH(ProviderKind, kind);
        QFETCH(QString, model);
        QFETCH(QString, style);
        QFETCH(RequestParams, params);
        QFETCH(QString, field);
        QFETCH(QByteArray, value);
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(ProviderStreams::streamOf(kind == ProviderKind::OpenAIResponses ? QStringLiteral("openai-responses")
                                                                                         : providerKindName(kind),
                                                 {QStringLiteral("Hi")}));
        ProviderConfig config = makeConfig(kind, server);
        if (!style.isEmpty())
            config.reasoningStyle = reasoningStyleFromName(style);
        const CellResult r = runCell(config, model, params);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        QCOMPARE(server.requestCount(), 1);
        const QJsonObject body = server.requests().first().json();
        const QJsonValue sent = at(body, field);
        QVERIFY2(!sent.isUndefined(), qPrintable(field + QStringLiteral(" was not sent: ") + QString::fromUtf8(server.requests().first().body)));
        const QByteArray json = QJsonDocument(QJsonArray{sent}).toJson(QJsonDocument::Compact);
        QCOMPARE(json.mid(1, json.size() - 2), value);
        // Never both of Gemini's knobs; never reasoning_effort beside OpenRouter's object.
        const QJsonObject thinking = at(body, QStringLiteral("generationConfig.thinkingConfig")).toObject();
        QVERIFY(!(thinking.contains(QLatin1String("thinkingLevel")) && thinking.contains(QLatin1String("thinkingBudget"))));
        QVERIFY(!(body.contains(QLatin1String("reasoning")) && body.contains(QLatin1String("reasoning_effort"))));
    }

    void nothingSentWhenUnset_data()
    {
        QTest::addColumn<ProviderKind>("kind");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("style");
        QTest::newRow("openai") << ProviderKind::OpenAI << QStringLiteral("gpt-5") << QString();
        QTest::newRow("openrouter") << ProviderKind::OpenAI << QStringLiteral("openai/gpt-5") << QStringLiteral("openrouter");
        QTest::newRow("responses") << ProviderKind::OpenAIResponses << QStringLiteral("gpt-5") << QString();
        QTest::newRow("anthropic adaptive") << ProviderKind::Anthropic << QStringLiteral("claude-opus-4-7") << QString();
        QTest::newRow("anthropic budget") << ProviderKind::Anthropic << QStringLiteral("claude-sonnet-4-5") << QString();
        QTest::newRow("gemini 3") << ProviderKind::Gemini << QStringLiteral("gemini-3-flash-preview") << QString();
        QTest::newRow("gemini 2.5") << ProviderKind::Gemini << QStringLiteral("gemini-2.5-flash") << QString();
        QTest::newRow("ollama") << ProviderKind::Ollama << QStringLiteral("gpt-oss:20b") << QString();
    }

    void nothingSentWhenUnset()
    {
        QFETCH(ProviderKind, kind);
        QFETCH(QString, model);
        QFETCH(QString, style);
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(ProviderStreams::streamOf(kind == ProviderKind::OpenAIResponses ? QStringLiteral("openai-responses")
                                                                                         : providerKindName(kind),
                                                 {QStringLiteral("Hi")}));
        ProviderConfig config = makeConfig(kind, server);
        if (!style.isEmpty())
            config.reasoningStyle = reasoningStyleFromName(style);
        const CellResult r = runCell(config, model);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        const QByteArray body = server.requests().first().body;
        for (const char *name : {"reasoning", "reasoning_effort", "thinking", "output_config", "thinkingConfig", "think\"",
                                 "includeThoughts", "budget"})
            QVERIFY2(!body.contains(name), body.constData());
        // Anthropic's required max_tokens stays the default when nothing is asked.
        if (kind == ProviderKind::Anthropic)
            QCOMPARE(QJsonDocument::fromJson(body).object().value(QLatin1String("max_tokens")).toInt(), 1024);
    }

    void responsesRequestIsExact()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse{.chunks = {stream(QStringLiteral("openai-responses-text.sse"))}});
        RequestParams params = level(ReasoningLevel::High);
        params.maxTokens = 2000;
        params.temperature = 0.5;
        const CellResult r = runCell(makeConfig(ProviderKind::OpenAIResponses, server, QStringLiteral("/v1")), QStringLiteral("gpt-5"), params);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        const RecordedRequest request = server.requests().first();
        QCOMPARE(request.path, QByteArray("/v1/responses"));
        QCOMPARE(request.headers.value("authorization"), "Bearer " + kKey.toUtf8());
        const QJsonObject body = request.json();
        QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("gpt-5"));
        QCOMPARE(body.value(QLatin1String("stream")).toBool(), true);
        QCOMPARE(body.value(QLatin1String("instructions")).toString(), QStringLiteral("Be brief."));
        const QJsonArray input = body.value(QLatin1String("input")).toArray();
        QCOMPARE(input.size(), 1);
        QCOMPARE(input.at(0).toObject().value(QLatin1String("role")).toString(), QStringLiteral("user"));
        QCOMPARE(input.at(0).toObject().value(QLatin1String("content")).toString(), QStringLiteral("Think about it."));
        QCOMPARE(body.value(QLatin1String("max_output_tokens")).toInt(), 2000);
        QCOMPARE(body.value(QLatin1String("temperature")).toDouble(), 0.5);
        QVERIFY(!body.contains(QLatin1String("messages")));
        QVERIFY(!body.contains(QLatin1String("max_tokens")));
        QCOMPARE(r.text, QStringLiteral("Hi there! How can I help today?"));
    }

    void providerRejectsAValue()
    {
        // The provider's own 400 is what the cell says.
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::jsonError(
            400, R"({"error":{"message":"Unsupported value: 'reasoning.effort' does not support 'minimal' with this model.","type":"invalid_request_error","param":"reasoning.effort","code":"unsupported_value"}})"));
        const CellResult r = runCell(makeConfig(ProviderKind::OpenAIResponses, server), QStringLiteral("gpt-5.1"), level(ReasoningLevel::Minimal));
        QCOMPARE(cellStatusName(r.status), QStringLiteral("error"));
        QCOMPARE(r.httpStatus, 400);
        QVERIFY2(r.error.contains(QLatin1String("does not support 'minimal' with this model")), qPrintable(r.error));
    }

    void oneModelAtSeveralLevels()
    {
        // "gpt-5 low" and "gpt-5 high" are two columns, each sent its own level.
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return FakeResponse{.chunks = {stream(QStringLiteral("openai-responses-text.sse"))}}; });
        ProviderRegistry registry;
        registry.upsert(makeConfig(ProviderKind::OpenAIResponses, server));
        Scheduler scheduler;
        scheduler.setProviders(registry);
        ModelColumn low{QStringLiteral("openai-responses"), QStringLiteral("gpt-5"), {}, level(ReasoningLevel::Low)};
        ModelColumn high{QStringLiteral("openai-responses"), QStringLiteral("gpt-5"), {}, level(ReasoningLevel::High)};
        QCOMPARE(low.displayName(), QStringLiteral("openai-responses/gpt-5 low"));
        QCOMPARE(high.displayName(), QStringLiteral("openai-responses/gpt-5 high"));
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("Hi")}, {low, high}, 1, {}));
        QVERIFY(finished.wait(10000));
        QCOMPARE(server.requestCount(), 2);
        QStringList efforts;
        for (const RecordedRequest &request : server.requests())
            efforts.append(at(request.json(), QStringLiteral("reasoning.effort")).toString());
        efforts.sort();
        QCOMPARE(efforts, (QStringList{QStringLiteral("high"), QStringLiteral("low")}));
    }

    // --- Every fixture stream, end to end and split anywhere ---------------------------------
    void streams_data()
    {
        QTest::addColumn<ProviderKind>("kind");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reasoning"); ///< exact, or "prefix…" to compare the start
        QTest::addColumn<QString>("finish");
        QTest::addColumn<int>("inputTokens"); ///< -1: not reported
        QTest::addColumn<int>("outputTokens");
        QTest::addColumn<int>("reasoningTokens");
        QTest::addColumn<QString>("error"); ///< a part of the cell's message, or empty
        QTest::addColumn<QString>("note");  ///< a part of the cell's note, or empty
        const auto add = [](const char *file, ProviderKind kind, const char *status, const QString &text, const QString &reasoning,
                            const char *finish, int in, int out, int reasoningTokens, const char *error = "", const char *note = "") {
            QTest::newRow(file) << kind << QString::fromLatin1(file) << QString::fromLatin1(status) << text << reasoning
                                << QString::fromLatin1(finish) << in << out << reasoningTokens << QString::fromUtf8(error)
                                << QString::fromUtf8(note);
        };
        const auto u = [](const char *text) { return QString::fromUtf8(text); };
        using K = ProviderKind;
        // OpenAI Chat Completions and compatible servers.
        add("openai-chat-refusal.sse", K::OpenAI, "ok", u("I'm sorry, but I can't assist with that request."), {}, "refusal", 17, 12, -1);
        add("openai-chat-reasoning-tokens-usage.sse", K::OpenAI, "ok", u("The answer is **391**."), {}, "stop", 14, 278, 256);
        add("openai-chat-multiple-choices.sse", K::OpenAI, "ok", u("Red is warm."), {}, "stop", 12, 12, 0, "",
            "2 other choice(s) ignored (index 1, 2)");
        add("deepseek-reasoning-content.sse", K::OpenAI, "ok", u("17 × 23 = **391**."),
            u("We need 17 × 23. 17 × 20 = 340, 17 × 3 = 51, total 391."), "stop", 15, 96, 71);
        add("openrouter-reasoning-details-text.sse", K::OpenAI, "ok", u("The capital of Australia is **Canberra**."),
            u("The user wants the capital of Australia. It is Canberra, not Sydney."), "stop", 19, 64, 38);
        add("openrouter-reasoning-details-encrypted.sse", K::OpenAI, "ok", u("12 × 12 = 144."),
            u("**Checking the arithmetic**\n\nMultiply 12 by 12 to get 144."), "stop", 13, 150, 128, "",
            "1 encrypted or redacted reasoning block(s) counted, not shown");
        add("openrouter-midstream-error-with-usage.sse", K::OpenAI, "error", u("Half of the answer"), {}, "error", 21, 4, -1,
            "Provider disconnected unexpectedly");
        add("vllm-reasoning.sse", K::OpenAI, "ok", u("2 + 2 = 4."), u("Okay, the user asks for 2 + 2. That is 4."), "stop", 16, 42, -1);
        add("groq-reasoning-x-groq-usage.sse", K::OpenAI, "ok", u("Hello! How can I help?"), u("User says hi. Respond politely."), "stop",
            75, 23, -1);
        add("mistral-magistral-thinking-parts.sse", K::OpenAI, "ok", u("17 × 23 = 391."),
            u("Let me compute 17 times 23: 340 + 51 = 391. Done."), "stop", 12, 58, -1);
        // The Responses API (OpenAI, LM Studio, Ollama).
        add("openai-responses-text.sse", K::OpenAIResponses, "ok", u("Hi there! How can I help today?"), {}, "stop", 20, 11, 0);
        add("openai-responses-reasoning-summary.sse", K::OpenAIResponses, "ok", u("**9.8** is larger than 9.11 (9.80 > 9.11)."),
            u("**Breaking down the question**\n\nThe user asks which is larger: 9.11 or 9.8.\n\n**Comparing decimals**\n\n9.8 = 9.80, "
              "and 0.80 > 0.11, so 9.8 is larger."),
            "stop", 23, 412, 384);
        add("openai-responses-refusal.sse", K::OpenAIResponses, "ok", u("I'm sorry, but I can't assist with that request."), {}, "refusal",
            18, 10, 0);
        add("openai-responses-incomplete-max-output-tokens.sse", K::OpenAIResponses, "ok", u("#!/usr/bin/env bash\n# transpose"), u("…"),
            "length", 57, 300, 291, "", "1 encrypted or redacted reasoning block(s) counted, not shown");
        add("openai-responses-failed.sse", K::OpenAIResponses, "error", {}, u("…"), "", -1, -1, -1,
            "The model failed to generate a response. (server_error)");
        add("openai-responses-error-event-flat.sse", K::OpenAIResponses, "error", {}, u("…"), "", -1, -1, -1,
            "Your input exceeds the context window of this model. Please adjust your input and try again. (context_length_exceeded)");
        add("openai-responses-error-event-nested.sse", K::OpenAIResponses, "error", {}, u("…"), "", -1, -1, -1,
            "Too Many Requests (too_many_requests)");
        add("openai-responses-function-calls-parallel.sse", K::OpenAIResponses, "ok", {}, {}, "tool_calls", 96, 118, 64, "",
            "1 encrypted or redacted reasoning block(s) counted, not shown");
        add("lmstudio-responses-reasoning-text.sse", K::OpenAIResponses, "ok", u("19 is a prime number less than 20."),
            u("The user wants a prime number less than 20. 19 works."), "stop", 84, 29, 18);
        add("ollama-responses-reasoning.sse", K::OpenAIResponses, "ok", u("9.8 is larger."),
            u("Okay, 9.11 vs 9.8. Compare tenths: 1 < 8. So 9.8 is larger."), "stop", 22, 61, 0);
        // Anthropic.
        add("anthropic-adaptive-thinking-usage.sse", K::Anthropic, "ok", u("The greatest common divisor of 1071 and 462 is **21**."),
            u("The user asks for the GCD of 1071 and 462.\n1071 = 2 × 462 + 147\n462 = 3 × 147 + 21\n147 = 7 × 21 + 0, so the GCD is 21."),
            "end_turn", 31, 412, 371);
        add("anthropic-thinking-tool-use.sse", K::Anthropic, "ok", {},
            u("The user is asking for weather information for Florence, Italy.…"), "tool_use", 423, 119, -1);
        add("anthropic-thinking-display-omitted.sse", K::Anthropic, "ok", u("The answer is 12,231."), {}, "end_turn", 28, 655, 641);
        add("anthropic-redacted-thinking.sse", K::Anthropic, "ok", u("Here is a general overview."),
            u("I can answer the general part of the question."), "end_turn", 44, 208, -1, "",
            "1 encrypted or redacted reasoning block(s) counted, not shown");
        add("anthropic-refusal.sse", K::Anthropic, "ok",
            u("Hello..\n\nThis request was declined because it could enable cyber harm."), {}, "refusal", 58, 6, -1);
        add("anthropic-eof-single-newline.sse", K::Anthropic, "ok", u("Hi!"), {}, "end_turn", 12, 5, -1);
        add("anthropic-eof-no-newline.sse", K::Anthropic, "ok", u("Hi!"), {}, "end_turn", 12, 5, -1);
        // Gemini: output = candidates + thoughts, reasoning = thoughts.
        add("gemini-3-thought-summaries.sse", K::Gemini, "ok", u("The sum of the first 10 primes is **129**."),
            u("**Evaluating the request**\n\nThe user wants the sum of the first 10 primes.\n\n**Summing primes**\n\n"
              "2+3+5+7+11+13+17+19+23+29 = 129.\n\n"),
            "STOP", 11, 320, 299);
        add("gemini-thinking-max-tokens.sse", K::Gemini, "ok", u("We"), u("**Initiating the Descent**\n\n…"), "MAX_TOKENS", 29, 59, 59);
        add("gemini-thinking-function-call.sse", K::Gemini, "ok", {}, u("**Analyzing Weather Request**\n\n…"), "STOP", 54, 76, 62);
        add("gemini-text-after-tool.sse", K::Gemini, "ok", u("The weather in Florence, Italy is 40 C."), {}, "STOP", 84, 12, -1);
        add("gemini-function-calls-parallel.sse", K::Gemini, "ok", {}, {}, "STOP", 121, 75, 39);
        // Ollama.
        add("ollama-thinking.ndjson", K::Ollama, "ok", u("17 × 23 = **391**."), u("Okay, 17 × 23. 17×20=340, 17×3=51, sum 391."), "stop",
            18, 57, -1);
        add("ollama-error-line.ndjson", K::Ollama, "error", u("Partial"), {}, "", -1, -1, -1,
            "an error was encountered while running the model: unexpected EOF");
    }

    void streams()
    {
        QFETCH(ProviderKind, kind);
        QFETCH(QString, file);
        QFETCH(QString, status);
        QFETCH(QString, text);
        QFETCH(QString, reasoning);
        QFETCH(QString, finish);
        QFETCH(int, inputTokens);
        QFETCH(int, outputTokens);
        QFETCH(int, reasoningTokens);
        QFETCH(QString, error);
        QFETCH(QString, note);
        const QByteArray body = stream(file);
        const QByteArray contentType = file.endsWith(QLatin1String(".ndjson")) ? "application/x-ndjson" : "text/event-stream";

        // Through the engine, as the window and the CLI run it.
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(ProviderStreams::splitRandomly(body, 15, contentType));
        const CellResult r = runCell(makeConfig(kind, server), QStringLiteral("model-x"));
        QCOMPARE(cellStatusName(r.status), status);
        QCOMPARE(r.text, text);
        if (reasoning == QStringLiteral("…"))
            ; // not checked: the reasoning of an error stream
        else if (reasoning.endsWith(QStringLiteral("…")))
            QVERIFY2(r.reasoning.startsWith(reasoning.chopped(1)) && r.reasoning.size() > reasoning.size(), qPrintable(r.reasoning));
        else
            QCOMPARE(r.reasoning, reasoning);
        if (!finish.isEmpty())
            QCOMPARE(r.finishReason, finish);
        QCOMPARE(r.inputTokens, count(inputTokens));
        QCOMPARE(r.outputTokens, count(outputTokens));
        QCOMPARE(r.reasoningTokens, count(reasoningTokens));
        if (!error.isEmpty())
            QVERIFY2(r.error.contains(error), qPrintable(r.error));
        if (!note.isEmpty())
            QVERIFY2(r.error.contains(note), qPrintable(r.error));
        if (status == QStringLiteral("ok") && note.isEmpty())
            QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        // Never shown twice, never mixed in: no reasoning text inside the answer.
        if (!r.reasoning.isEmpty())
            QVERIFY(!r.text.contains(r.reasoning.left(20)));

        // The parser, at every split into two reads and byte by byte: always the same.
        const Parsed whole = parseWhole(kind, body);
        QCOMPARE(whole.text, text);
        QList<QByteArrayView> bytes;
        for (qsizetype i = 0; i < body.size(); ++i)
            bytes.append(QByteArrayView(body).sliced(i, 1));
        QCOMPARE(parse(kind, bytes), whole);
        const qsizetype step = body.size() > 4000 ? 7 : 1;
        for (qsizetype cut = 1; cut < body.size(); cut += step) {
            const QByteArrayView view(body);
            const Parsed split = parse(kind, {view.first(cut), view.sliced(cut)});
            if (!(split == whole))
                QFAIL(qPrintable(QStringLiteral("split at byte %1 reads differently").arg(cut)));
        }
    }

    void responsesCompleteAnswer()
    {
        // A server that ignores "stream": true answers with the whole response object.
        StreamOutput out;
        QVERIFY(ProtocolFactory::create(ProviderKind::OpenAIResponses)
                    ->readCompleteAnswer(stream(QStringLiteral("openai-responses-nonstream.json")), out));
        QCOMPARE(out.text, QStringLiteral("**9.8** is larger than 9.11 (9.80 > 9.11)."));
        QVERIFY(out.reasoning.startsWith(QStringLiteral("**Breaking down the question**\n\n")));
        QVERIFY(out.reasoning.contains(QStringLiteral("\n\n**Comparing decimals**")));
        QCOMPARE(out.inputTokens, 23);
        QCOMPARE(out.outputTokens, 412);
        QCOMPARE(out.reasoningTokens, 384);
        QCOMPARE(out.finishReason, QStringLiteral("stop"));
        QVERIFY(out.done);
    }

    void responsesWithoutTerminalIsIncomplete()
    {
        // No [DONE] in this format: a stream cut before its terminal event is incomplete.
        QByteArray body = stream(QStringLiteral("openai-responses-text.sse"));
        body.truncate(body.indexOf("event: response.completed"));
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse{.chunks = {body}});
        const CellResult r = runCell(makeConfig(ProviderKind::OpenAIResponses, server), QStringLiteral("gpt-5"));
        QCOMPARE(cellStatusName(r.status), QStringLiteral("incomplete"));
        QCOMPARE(r.text, QStringLiteral("Hi there! How can I help today?"));
        // And a trailing [DONE] that some Open Responses servers add changes nothing.
        const QByteArray withDone = stream(QStringLiteral("openai-responses-text.sse")) + "data: [DONE]\n\n";
        const Parsed parsed = parseWhole(ProviderKind::OpenAIResponses, withDone);
        QVERIFY(parsed.done);
        QCOMPARE(parsed.text, QStringLiteral("Hi there! How can I help today?"));
        QVERIFY(parsed.note.isEmpty());
    }

    void anthropicEofCasesNeedACompleteMessage()
    {
        // The missing blank line is forgiven only when the message is complete.
        QByteArray body = stream(QStringLiteral("anthropic-eof-no-newline.sse"));
        body.truncate(body.indexOf("event: message_delta"));
        const Parsed cut = parseWhole(ProviderKind::Anthropic, body);
        QVERIFY(!cut.done);
        // A message_delta with a stop reason at the very end (no message_stop) is complete.
        QByteArray stopOnly = stream(QStringLiteral("anthropic-eof-no-newline.sse"));
        stopOnly.truncate(stopOnly.indexOf("event: message_stop"));
        while (stopOnly.endsWith('\n'))
            stopOnly.chop(1);
        const Parsed stopped = parseWhole(ProviderKind::Anthropic, stopOnly);
        QVERIFY(stopped.done);
        QCOMPARE(stopped.text, QStringLiteral("Hi!"));
        QCOMPARE(stopped.finishReason, QStringLiteral("end_turn"));
    }

    void refusalIsMarked()
    {
        // The grid's mark reads the finish reason; the answer is the refusal's text.
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse{.chunks = {stream(QStringLiteral("openai-chat-refusal.sse"))}});
        const CellResult r = runCell(makeConfig(ProviderKind::OpenAI, server), QStringLiteral("gpt-4o"));
        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        QCOMPARE(r.finishReason, QStringLiteral("refusal"));
        QVERIFY(!r.text.isEmpty());
        QVERIFY(r.isRefusal());
        CellResult plain;
        plain.finishReason = QStringLiteral("stop");
        QVERIFY(!plain.isRefusal());
    }

    // --- Cost -------------------------------------------------------------------------------
    void costCountsReasoning()
    {
        ProviderConfig provider;
        provider.name = QStringLiteral("p");
        provider.kind = ProviderKind::Anthropic;
        provider.prices.insert(QStringLiteral("claude-opus-4-7"), ModelPrice{1.0, 10.0});
        // No setting: the default output.
        QCOMPARE(CostEstimator::outputTokens(provider.requestParams(QStringLiteral("claude-opus-4-7"), {}), 500), 500);
        // A high effort: the level's budget on top of the answer.
        QCOMPARE(CostEstimator::outputTokens(level(ReasoningLevel::High), 500), 500 + reasoningBudgetFor(ReasoningLevel::High));
        // A budget: the budget on top.
        QCOMPARE(CostEstimator::outputTokens(budget(4096), 500), 500 + 4096);
        // Max tokens bound answer and reasoning together.
        RequestParams bounded = level(ReasoningLevel::High);
        bounded.maxTokens = 3000;
        QCOMPARE(CostEstimator::outputTokens(bounded, 500), 3000);
        // The cell's estimate (the spend cap's) uses it too.
        CellSpec spec;
        spec.model.provider = QStringLiteral("p");
        spec.model.model = QStringLiteral("claude-opus-4-7");
        spec.prompt = QString(400, QLatin1Char('x'));
        spec.model.params = level(ReasoningLevel::High);
        const double expected = (100 * 1.0 + (500 + reasoningBudgetFor(ReasoningLevel::High)) * 10.0) / 1e6;
        QVERIFY(qFuzzyCompare(*CostEstimator::cellCostUsd(spec, provider, 500), expected));
        // A model's default setting from the providers JSON counts as well.
        ModelSettings settings;
        settings.reasoningBudget = 10000;
        provider.modelSettings.insert(QStringLiteral("claude-opus-4-7"), settings);
        spec.model.params = {};
        QVERIFY(qFuzzyCompare(*CostEstimator::cellCostUsd(spec, provider, 500), (100 * 1.0 + 10500 * 10.0) / 1e6));
    }

    void costUsesEveryBilledOutputToken()
    {
        // Gemini's thoughts are billed: the cost counts candidates + thoughts.
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse{.chunks = {stream(QStringLiteral("gemini-3-thought-summaries.sse"))}});
        ProviderConfig config = makeConfig(ProviderKind::Gemini, server);
        config.prices.insert(QStringLiteral("gemini-3-flash-preview"), ModelPrice{1.0, 1'000'000.0 / 1000});
        const CellResult r = runCell(config, QStringLiteral("gemini-3-flash-preview"));
        QCOMPARE(r.outputTokens, 320);
        QCOMPARE(r.reasoningTokens, 299);
        QVERIFY(r.costUsd);
        QVERIFY(qFuzzyCompare(*r.costUsd, (11 * 1.0 + 320 * 1000.0) / 1e6));
    }

    // --- Settings in files ------------------------------------------------------------------
    void providersJsonReasoning()
    {
        QString error;
        const auto config = ProviderConfig::fromJson(
            QJsonDocument::fromJson(R"({"name":"a","kind":"anthropic","reasoning_style":"budget",
                "model_settings":{"claude-x":{"reasoning":"high"},"claude-y":{"reasoning_budget":4096,"reasoning_style":"effort"}}})")
                .object(),
            &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->reasoningStyleFor(QStringLiteral("claude-x")), ReasoningStyle::Budget);
        QCOMPARE(config->reasoningStyleFor(QStringLiteral("claude-y")), ReasoningStyle::Effort);
        QCOMPARE(config->requestParams(QStringLiteral("claude-x"), {}).reasoning, ReasoningLevel::High);
        QCOMPARE(config->requestParams(QStringLiteral("claude-y"), {}).reasoningBudget, 4096);
        // A column's own setting wins over the model's default.
        QCOMPARE(config->requestParams(QStringLiteral("claude-x"), level(ReasoningLevel::Low)).reasoning, ReasoningLevel::Low);
        // Written back the same.
        const auto again = ProviderConfig::fromJson(config->toJson(), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->modelSettings, config->modelSettings);
        QCOMPARE(again->reasoningStyle, config->reasoningStyle);
    }

    void providersJsonInvalidValues_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("level") << QByteArray(R"({"name":"a","kind":"openai","model_settings":{"gpt-5":{"reasoning":"extreme"}}})")
                               << QStringLiteral("provider \"a\": field \"model_settings.gpt-5\".reasoning must be one of none, minimal, low, medium, high, xhigh, max");
        QTest::newRow("level type") << QByteArray(R"({"name":"a","kind":"openai","model_settings":{"gpt-5":{"reasoning":3}}})")
                                    << QStringLiteral("\"model_settings.gpt-5\".reasoning must be one of");
        QTest::newRow("budget") << QByteArray(R"({"name":"a","kind":"gemini","model_settings":{"g":{"reasoning_budget":-5}}})")
                                << QStringLiteral("\"model_settings.g\".reasoning_budget must be a whole number of tokens from 0 to 10000000");
        QTest::newRow("budget fraction") << QByteArray(R"({"name":"a","kind":"gemini","model_settings":{"g":{"reasoning_budget":1.5}}})")
                                         << QStringLiteral("reasoning_budget must be a whole number");
        QTest::newRow("style") << QByteArray(R"({"name":"a","kind":"gemini","reasoning_style":"hard"})")
                               << QStringLiteral("provider \"a\": field \"reasoning_style\" must be one of effort, budget, boolean, openrouter");
        QTest::newRow("settings type") << QByteArray(R"({"name":"a","kind":"gemini","model_settings":[]})")
                                       << QStringLiteral("provider \"a\": field \"model_settings\" must be an object");
    }

    void providersJsonInvalidValues()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!ProviderConfig::fromJson(QJsonDocument::fromJson(json).object(), &error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void modelColumnReasoningInFiles()
    {
        QString error;
        const auto column = ModelColumn::fromJson(
            QJsonDocument::fromJson(R"({"provider":"o","model":"gpt-5","reasoning":"xhigh","reasoning_budget":2048})").object(),
            QStringLiteral("models[0]"), &error);
        QVERIFY2(column, qPrintable(error));
        QCOMPARE(column->params.reasoning, ReasoningLevel::XHigh);
        QCOMPARE(column->params.reasoningBudget, 2048);
        QJsonObject written;
        column->writeJson(&written);
        QCOMPARE(written.value(QLatin1String("reasoning")).toString(), QStringLiteral("xhigh"));
        QCOMPARE(written.value(QLatin1String("reasoning_budget")).toInt(), 2048);
        QCOMPARE(ModelColumn::readJson(written).params, column->params);
        // Unset stays unset, and writes nothing.
        const auto plain = ModelColumn::fromJson(QJsonDocument::fromJson(R"({"provider":"o","model":"gpt-5"})").object(),
                                                 QStringLiteral("models[0]"), &error);
        QVERIFY(plain && !plain->params.hasReasoning());
        QJsonObject none;
        plain->writeJson(&none);
        QVERIFY(!none.contains(QLatin1String("reasoning")) && !none.contains(QLatin1String("reasoning_budget")));
        // Wrong values are named.
        QVERIFY(!ModelColumn::fromJson(QJsonDocument::fromJson(R"({"provider":"o","model":"m","reasoning":"HIGH"})").object(),
                                       QStringLiteral("models[3]"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("models[3].reasoning must be one of none, minimal")), qPrintable(error));
        QVERIFY(!ModelColumn::fromJson(QJsonDocument::fromJson(R"({"provider":"o","model":"m","reasoning_budget":"4k"})").object(),
                                       QStringLiteral("models[1]"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("models[1].reasoning_budget must be a whole number")), qPrintable(error));
    }

    void budgetWhereOnlyALevelIsTaken()
    {
        ProviderConfig openai;
        openai.name = QStringLiteral("o");
        openai.kind = ProviderKind::OpenAI;
        QVERIFY(openai.paramsProblem(budget(1000), QStringLiteral("gpt-5")).contains(QLatin1String("not a reasoning budget")));
        QVERIFY(openai.paramsProblem(level(ReasoningLevel::High), QStringLiteral("gpt-5")).isEmpty());
        openai.reasoningStyle = ReasoningStyle::OpenRouter;
        QVERIFY(openai.paramsProblem(budget(1000), QStringLiteral("x/y")).isEmpty());
        ProviderConfig anthropic;
        anthropic.kind = ProviderKind::Anthropic;
        QVERIFY(anthropic.paramsProblem(budget(1000), QStringLiteral("claude-opus-4-7")).isEmpty());
    }

    void openRouterPresetSendsItsObject()
    {
        // A providers JSON entry at OpenRouter's address gets the preset's reasoning style.
        ProviderRegistry registry;
        ProviderConfig config;
        config.name = QStringLiteral("or");
        config.kind = ProviderKind::OpenAI;
        config.baseUrl = QStringLiteral("https://openrouter.ai/api/v1");
        registry.upsert(config);
        PresetCatalog::builtIn().applyPrices(registry, PriceTable::builtIn());
        QCOMPARE(registry.find(QStringLiteral("or"))->reasoningStyleFor(QStringLiteral("openai/gpt-5")), ReasoningStyle::OpenRouter);
        // Not so at OpenAI's.
        config.name = QStringLiteral("oa");
        config.baseUrl = QStringLiteral("https://api.openai.com/v1");
        registry.upsert(config);
        PresetCatalog::builtIn().applyPrices(registry, PriceTable::builtIn());
        QCOMPARE(registry.find(QStringLiteral("oa"))->reasoningStyleFor(QStringLiteral("gpt-5")), ReasoningStyle::Effort);
    }

    void csvColumnComesAfterTheOthers()
    {
        // The contract's columns stay where they were; reasoning_tokens follows the fixed ones
        // (and is followed by the columns later issues appended: turn, mode).
        const QStringList columns = ExportColumns::csvColumns();
        const qsizetype reasoning = columns.indexOf(QStringLiteral("reasoning_tokens"));
        QCOMPARE(columns.at(reasoning - 1), QStringLiteral("checks_failed"));
        QCOMPARE(columns.mid(reasoning + 1, 2), (QStringList{QStringLiteral("turn"), QStringLiteral("mode")}));
        QCOMPARE(columns.at(12), QStringLiteral("output_tokens"));
    }

    // --- The command line -------------------------------------------------------------------
    void cliSendsTheLevelAndWritesReasoningTokens()
    {
        // "gpt-5 low" and "gpt-5 high" on the Responses API next to "claude adaptive high".
        FakeLlmServer responses, anthropic;
        QVERIFY(responses.listen() && anthropic.listen());
        responses.setHandler([](const RecordedRequest &) {
            return ProviderStreams::splitRandomly(stream(QStringLiteral("openai-responses-reasoning-summary.sse")), 3);
        });
        anthropic.enqueue(ProviderStreams::splitRandomly(stream(QStringLiteral("anthropic-adaptive-thinking-usage.sse")), 4));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString providers = dir.filePath(QStringLiteral("providers.json"));
        QVERIFY(writeFile(providers, QStringLiteral(R"({"providers":[
            {"name":"r","kind":"openai-responses","base_url":"%1/v1","prices":{"gpt-5":{"input_per_mtok":1,"output_per_mtok":10}}},
            {"name":"a","kind":"anthropic","base_url":"%2"}]})")
                                         .arg(responses.baseUrl().toString(), anthropic.baseUrl().toString())
                                         .toUtf8()));
        const QString comparison = dir.filePath(QStringLiteral("c.promptgrid"));
        QVERIFY(writeFile(comparison, R"({"format":"promptgrid-comparison","version":1,"prompts":["Which is larger, 9.11 or 9.8?"],"models":[
            {"provider":"r","model":"gpt-5","reasoning":"low"},
            {"provider":"r","model":"gpt-5","reasoning":"high"},
            {"provider":"a","model":"claude-opus-4-7","reasoning":"high","label":"claude adaptive high"}]})"));
        const QString csv = dir.filePath(QStringLiteral("out.csv"));
        const QString json = dir.filePath(QStringLiteral("out.json"));
        const CliProcess::Result run = CliProcess::run({QStringLiteral("--providers"), providers, QStringLiteral("--comparison"), comparison,
                                                        QStringLiteral("--out"), csv, QStringLiteral("--json"), json,
                                                        QStringLiteral("--concurrency"), QStringLiteral("1")},
                                                       CliProcess::isolatedEnvironment(dir.path()));
        QVERIFY2(run.finished && run.exitCode == 0, run.err.constData());
        QCOMPARE(responses.requestCount(), 2);
        QStringList efforts;
        for (const RecordedRequest &request : responses.requests()) {
            QCOMPARE(request.path, QByteArray("/v1/responses"));
            efforts.append(at(request.json(), QStringLiteral("reasoning.effort")).toString());
            QCOMPARE(at(request.json(), QStringLiteral("reasoning.summary")).toString(), QStringLiteral("auto"));
        }
        efforts.sort();
        QCOMPARE(efforts, (QStringList{QStringLiteral("high"), QStringLiteral("low")}));
        const QJsonObject claude = anthropic.requests().first().json();
        QCOMPARE(at(claude, QStringLiteral("thinking.type")).toString(), QStringLiteral("adaptive"));
        QCOMPARE(at(claude, QStringLiteral("output_config.effort")).toString(), QStringLiteral("high"));

        const QList<QStringList> rows = readCsv(csv);
        QCOMPARE(rows.size(), 4);
        const QStringList header = rows.first();
        QCOMPARE(header.mid(0, ExportColumns::csvColumns().size()), ExportColumns::csvColumns());
        const auto field = [&](int row, const char *name) { return rows.at(row).value(header.indexOf(QLatin1String(name))); };
        for (int row = 1; row <= 2; ++row) {
            QCOMPARE(field(row, "answer"), QStringLiteral("**9.8** is larger than 9.11 (9.80 > 9.11)."));
            QVERIFY(field(row, "reasoning").startsWith(QStringLiteral("**Breaking down the question**")));
            QCOMPARE(field(row, "output_tokens"), QStringLiteral("412"));
            QCOMPARE(field(row, "reasoning_tokens"), QStringLiteral("384"));
            QCOMPARE(field(row, "cost_usd").toDouble(), (23 * 1.0 + 412 * 10.0) / 1e6);
        }
        QCOMPARE(field(1, "label"), QStringLiteral("r/gpt-5 low"));
        QCOMPARE(field(2, "label"), QStringLiteral("r/gpt-5 high"));
        QCOMPARE(field(3, "label"), QStringLiteral("claude adaptive high"));
        QCOMPARE(field(3, "reasoning_tokens"), QStringLiteral("371"));
        QCOMPARE(field(3, "output_tokens"), QStringLiteral("412"));
        // JSON carries the figure and the setting.
        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QByteArray jsonText = jsonFile.readAll();
        QVERIFY2(jsonText.contains("\"reasoning_tokens\":384") || jsonText.contains("\"reasoning_tokens\": 384"), jsonText.left(400).constData());
    }

    void cliFlagsOverrideAndAreChecked()
    {
        FakeLlmServer openai;
        QVERIFY(openai.listen());
        openai.enqueue(FakeResponse{.chunks = {stream(QStringLiteral("openai-chat-reasoning-tokens-usage.sse"))}});
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString providers = CliProcess::writeProviders(dir.filePath(QStringLiteral("p.json")), QStringLiteral("o"),
                                                             openai.baseUrl(QStringLiteral("/v1")).toString());
        const QString csv = dir.filePath(QStringLiteral("out.csv"));
        const QStringList base{QStringLiteral("--providers"), providers, QStringLiteral("--model"), QStringLiteral("o/gpt-5"),
                               QStringLiteral("--prompt"), QStringLiteral("17 x 23?"), QStringLiteral("--out"), csv};
        CliProcess::Result run = CliProcess::run(base + QStringList{QStringLiteral("--reasoning"), QStringLiteral("high")},
                                                 CliProcess::isolatedEnvironment(dir.path()));
        QVERIFY2(run.finished && run.exitCode == 0, run.err.constData());
        QCOMPARE(at(openai.requests().first().json(), QStringLiteral("reasoning_effort")).toString(), QStringLiteral("high"));
        const QList<QStringList> rows = readCsv(csv);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(1).value(rows.first().indexOf(QStringLiteral("reasoning_tokens"))), QStringLiteral("256"));
        QCOMPARE(rows.at(1).value(rows.first().indexOf(QStringLiteral("output_tokens"))), QStringLiteral("278"));

        // A budget where Chat Completions takes only a level: a usage error naming the flag, nothing sent.
        run = CliProcess::run(base + QStringList{QStringLiteral("--reasoning-budget"), QStringLiteral("2048")},
                              CliProcess::isolatedEnvironment(dir.path()));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("--reasoning-budget: model o/gpt-5 budget 2048: openai takes a reasoning level, not a reasoning budget"), run.err.constData());
        run = CliProcess::run(base + QStringList{QStringLiteral("--reasoning"), QStringLiteral("ultra")}, CliProcess::isolatedEnvironment(dir.path()));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("--reasoning must be one of none, minimal, low, medium, high, xhigh, max"), run.err.constData());
        QCOMPARE(openai.requestCount(), 1);
    }

    void cliNamesWrongFileFields()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString providers = dir.filePath(QStringLiteral("bad-providers.json"));
        QVERIFY(writeFile(providers, R"({"providers":[{"name":"o","kind":"openai","base_url":"http:\/\/127.0.0.1:9\/v1",
            "model_settings":{"gpt-5":{"reasoning":"hard"}}}]})"));
        const QString csv = dir.filePath(QStringLiteral("out.csv"));
        CliProcess::Result run = CliProcess::run({QStringLiteral("--providers"), providers, QStringLiteral("--model"), QStringLiteral("o/gpt-5"),
                                                  QStringLiteral("--prompt"), QStringLiteral("x"), QStringLiteral("--out"), csv},
                                                 CliProcess::isolatedEnvironment(dir.path()));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(providers.toUtf8()) && run.err.contains("\"model_settings.gpt-5\".reasoning must be one of"), run.err.constData());
        const QString comparison = dir.filePath(QStringLiteral("bad.promptgrid"));
        QVERIFY(writeFile(comparison, R"({"format":"promptgrid-comparison","version":1,"prompts":["x"],"models":[{"provider":"demo","model":"echo","reasoning_budget":-1}]})"));
        run = CliProcess::run({QStringLiteral("--comparison"), comparison, QStringLiteral("--out"), csv}, CliProcess::isolatedEnvironment(dir.path()));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(comparison.toUtf8()) && run.err.contains("models[0].reasoning_budget must be a whole number"), run.err.constData());
        QVERIFY(!QFile::exists(csv));
    }

    void reasoningStyleFromModelNames_data()
    {
        QTest::addColumn<ProviderKind>("kind");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("style");
        const auto add = [](ProviderKind kind, const char *model, const char *style) {
            QTest::newRow(model) << kind << QString::fromLatin1(model) << QString::fromLatin1(style);
        };
        add(ProviderKind::Anthropic, "claude-opus-4-7", "effort");
        add(ProviderKind::Anthropic, "claude-sonnet-4-6", "effort");
        add(ProviderKind::Anthropic, "claude-opus-5", "effort");
        add(ProviderKind::Anthropic, "claude-sonnet-4-5-20250929", "budget");
        add(ProviderKind::Anthropic, "claude-haiku-4-5", "budget");
        add(ProviderKind::Anthropic, "claude-opus-4-20250514", "budget");
        add(ProviderKind::Anthropic, "claude-3-7-sonnet-latest", "budget");
        add(ProviderKind::Gemini, "gemini-2.5-pro", "budget");
        add(ProviderKind::Gemini, "gemini-3-flash-preview", "effort");
        add(ProviderKind::Ollama, "qwen3:8b", "boolean");
        add(ProviderKind::Ollama, "gpt-oss:120b", "effort");
        add(ProviderKind::OpenAI, "gpt-5", "effort");
    }

    void reasoningStyleFromModelNames()
    {
        QFETCH(ProviderKind, kind);
        QFETCH(QString, model);
        QFETCH(QString, style);
        QCOMPARE(reasoningStyleName(ProviderConfig::defaultReasoningStyle(kind, model)), style);
    }
};

QTEST_GUILESS_MAIN(TestReasoning)
#include "tst_reasoning.moc"
