// SPDX-License-Identifier: MIT
// A conversation in every wire format: the exact body each provider gets for a multi-turn
// history (its own system slot, roles, alternation and no empty content), a single prompt
// still sent as before, the big-text splice with history, the official OpenAI and Anthropic
// schemas accepting the bodies (python3 jsonschema), and the history reaching a fake server
// through the engine.
#include "ChatTranscript.h"
#include "FakeLlmServer.h"
#include "ProtocolFactory.h"
#include "ProviderStreams.h"
#include "Scheduler.h"
#include "WireProtocol.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
ChatMessage message(ChatMessage::Role role, const QString &text)
{
    return ChatMessage{role, text, {}};
}

// Two user messages in a row and an empty answer: what the formats that want strict
// alternation must merge and drop.
ChatRequest knockKnock(const QString &model)
{
    ChatRequest request;
    request.model = model;
    request.system = QStringLiteral("You are a concise assistant.");
    request.history = {message(ChatMessage::Role::User, QStringLiteral("Hi.")),
                       message(ChatMessage::Role::User, QStringLiteral("knock knock.")),
                       message(ChatMessage::Role::Assistant, QString()),
                       message(ChatMessage::Role::Assistant, QStringLiteral("Who is there?"))};
    request.prompt = QStringLiteral("Orange.");
    return request;
}

QList<ChatMessage> transcriptOf(const ChatRequest &request, ChatTranscript::Merge merge)
{
    return ChatTranscript::messages(request.history, request.prompt, request.attachments, merge);
}

QString modelFor(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Anthropic:
        return QStringLiteral("claude-sonnet-4-5");
    case ProviderKind::Gemini:
        return QStringLiteral("gemini-2.5-flash");
    case ProviderKind::Ollama:
        return QStringLiteral("llama3.2");
    default:
        return QStringLiteral("gpt-4o-mini");
    }
}

QString streamKind(ProviderKind kind)
{
    return providerKindName(kind);
}

// The python3 that has jsonschema: the one CMake found, else the system's.
QString python()
{
    return QStringLiteral(PROMPTGRID_PYTHON);
}
} // namespace

class TestConversationWire : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void historyInEachFormat_data()
    {
        QTest::addColumn<ProviderKind>("kind");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("openai chat") << ProviderKind::OpenAI
            << QByteArray(R"({"messages":[{"content":"You are a concise assistant.","role":"system"},{"content":"Hi.","role":"user"},)"
                          R"({"content":"knock knock.","role":"user"},{"content":"Who is there?","role":"assistant"},)"
                          R"({"content":"Orange.","role":"user"}],"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true}})");
        QTest::addRow("openai responses") << ProviderKind::OpenAIResponses
            << QByteArray(R"({"input":[{"content":"Hi.","role":"user"},{"content":"knock knock.","role":"user"},)"
                          R"({"content":"Who is there?","role":"assistant"},{"content":"Orange.","role":"user"}],)"
                          R"("instructions":"You are a concise assistant.","model":"gpt-4o-mini","store":false,"stream":true})");
        QTest::addRow("anthropic") << ProviderKind::Anthropic
            << QByteArray(R"({"max_tokens":1024,"messages":[{"content":"Hi.\n\nknock knock.","role":"user"},)"
                          R"({"content":"Who is there?","role":"assistant"},{"content":"Orange.","role":"user"}],)"
                          R"("model":"claude-sonnet-4-5","stream":true,"system":"You are a concise assistant."})");
        QTest::addRow("gemini") << ProviderKind::Gemini
            << QByteArray(R"({"contents":[{"parts":[{"text":"Hi.\n\nknock knock."}],"role":"user"},)"
                          R"({"parts":[{"text":"Who is there?"}],"role":"model"},{"parts":[{"text":"Orange."}],"role":"user"}],)"
                          R"("generationConfig":{},"systemInstruction":{"parts":[{"text":"You are a concise assistant."}]}})");
        QTest::addRow("ollama") << ProviderKind::Ollama
            << QByteArray(R"({"messages":[{"content":"You are a concise assistant.","role":"system"},{"content":"Hi.","role":"user"},)"
                          R"({"content":"knock knock.","role":"user"},{"content":"Who is there?","role":"assistant"},)"
                          R"({"content":"Orange.","role":"user"}],"model":"llama3.2","stream":true})");
    }
    void historyInEachFormat()
    {
        QFETCH(ProviderKind, kind);
        QFETCH(QByteArray, expected);
        const auto protocol = ProtocolFactory::create(kind);
        const ChatRequest request = knockKnock(modelFor(kind));
        QCOMPARE(protocol->chatBody(request), expected);
        QCOMPARE(protocol->requestBody(request), expected);
    }

    void singlePromptIsSentAsBefore_data()
    {
        QTest::addColumn<ProviderKind>("kind");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("openai chat") << ProviderKind::OpenAI
            << QByteArray(R"({"messages":[{"content":"Be brief.","role":"system"},{"content":"Why?","role":"user"}],)"
                          R"("model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true}})");
        QTest::addRow("openai responses") << ProviderKind::OpenAIResponses
            << QByteArray(R"({"input":[{"content":"Why?","role":"user"}],"instructions":"Be brief.","model":"gpt-4o-mini","store":false,"stream":true})");
        QTest::addRow("anthropic") << ProviderKind::Anthropic
            << QByteArray(R"({"max_tokens":1024,"messages":[{"content":"Why?","role":"user"}],"model":"claude-sonnet-4-5","stream":true,"system":"Be brief."})");
        QTest::addRow("gemini") << ProviderKind::Gemini
            << QByteArray(R"({"contents":[{"parts":[{"text":"Why?"}],"role":"user"}],"generationConfig":{},"systemInstruction":{"parts":[{"text":"Be brief."}]}})");
        QTest::addRow("ollama") << ProviderKind::Ollama
            << QByteArray(R"({"messages":[{"content":"Be brief.","role":"system"},{"content":"Why?","role":"user"}],"model":"llama3.2","stream":true})");
    }
    void singlePromptIsSentAsBefore()
    {
        QFETCH(ProviderKind, kind);
        QFETCH(QByteArray, expected);
        ChatRequest request;
        request.model = modelFor(kind);
        request.system = QStringLiteral("Be brief.");
        request.prompt = QStringLiteral("Why?");
        QCOMPARE(ProtocolFactory::create(kind)->chatBody(request), expected);
    }

    void transcriptNormalises()
    {
        ChatRequest request = knockKnock(QStringLiteral("m"));
        const QList<ChatMessage> plain = transcriptOf(request, ChatTranscript::Merge::None);
        QCOMPARE(plain.size(), 4); // the empty answer dropped
        QCOMPARE(plain.last(), message(ChatMessage::Role::User, QStringLiteral("Orange.")));
        const QList<ChatMessage> merged = transcriptOf(request, ChatTranscript::Merge::SameRole);
        QCOMPARE(merged.size(), 3);
        QCOMPARE(merged.at(0).text, QStringLiteral("Hi.\n\nknock knock."));
        // A history that ends with the user: the prompt joins that message, attachments in order.
        const Attachment a{Attachment::Kind::Text, QStringLiteral("a.txt"), QStringLiteral("text/plain"), "a"};
        const Attachment b{Attachment::Kind::Text, QStringLiteral("b.txt"), QStringLiteral("text/plain"), "b"};
        request.history = {ChatMessage{ChatMessage::Role::User, QStringLiteral("First."), {a}}};
        request.attachments = {b};
        const QList<ChatMessage> joined = transcriptOf(request, ChatTranscript::Merge::SameRole);
        QCOMPARE(joined.size(), 1);
        QCOMPARE(joined.at(0).text, QStringLiteral("First.\n\nOrange."));
        QCOMPARE(joined.at(0).attachments, (QList<Attachment>{a, b}));
        // The prompt is kept even when empty, as a single prompt always was.
        request.history.clear();
        request.prompt.clear();
        QCOMPARE(transcriptOf(request, ChatTranscript::Merge::SameRole).size(), 1);
    }

    void bigPromptAfterHistoryIsSpliced_data()
    {
        QTest::addColumn<ProviderKind>("kind");
        for (ProviderKind kind : {ProviderKind::OpenAI, ProviderKind::OpenAIResponses, ProviderKind::Anthropic,
                                  ProviderKind::Gemini, ProviderKind::Ollama})
            QTest::addRow("%s", qPrintable(providerKindName(kind))) << kind;
    }
    void bigPromptAfterHistoryIsSpliced()
    {
        QFETCH(ProviderKind, kind);
        const auto protocol = ProtocolFactory::create(kind);
        ChatRequest request = knockKnock(modelFor(kind));
        request.prompt = QStringLiteral("Orange \"who\"?\n").repeated(WireProtocol::kSpliceThreshold / 8);
        request.system = QStringLiteral("é\t").repeated(WireProtocol::kSpliceThreshold);
        QCOMPARE(protocol->requestBody(request), protocol->chatBody(request));
        // The prompt joins a user message before it where messages are merged.
        request.history.append(message(ChatMessage::Role::User, QStringLiteral("Wait.")));
        QCOMPARE(protocol->requestBody(request), protocol->chatBody(request));
    }

    void officialSchemasAcceptTheHistory()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto write = [&](const QString &name, const QByteArray &body) {
            QFile file(dir.filePath(name));
            if (!file.open(QIODevice::WriteOnly) || file.write(body) != body.size())
                qFatal("cannot write %s", qPrintable(file.fileName()));
            return file.fileName();
        };
        RequestParams params;
        params.maxTokens = 256;
        params.temperature = 0.5;
        QStringList openAi;
        for (ProviderKind kind : {ProviderKind::OpenAI, ProviderKind::OpenAIResponses}) {
            ChatRequest request = knockKnock(modelFor(kind));
            request.params = params;
            const QString component = kind == ProviderKind::OpenAI ? QStringLiteral("CreateChatCompletionRequest")
                                                                   : QStringLiteral("CreateResponse");
            openAi << component + QLatin1Char('=') + write(providerKindName(kind) + QStringLiteral(".json"),
                                                           ProtocolFactory::create(kind)->chatBody(request));
        }
        ChatRequest anthropic = knockKnock(modelFor(ProviderKind::Anthropic));
        anthropic.params = params;
        const QString anthropicBody = write(QStringLiteral("anthropic.json"), ProtocolFactory::create(ProviderKind::Anthropic)->chatBody(anthropic));
        // What the merging avoids, and the control that the check checks: a system role in
        // messages is no Anthropic request.
        const QString wrongBody = write(QStringLiteral("wrong.json"),
            R"({"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"system","content":"x"},{"role":"user","content":"y"}]})");
        const QString specs = QStringLiteral(PROMPTGRID_SPECS_DIR);
        const QString script = QStringLiteral(PROMPTGRID_SCHEMA_SCRIPT);
        const auto validate = [&](const QStringList &arguments, QString *output) {
            QProcess process;
            process.setProcessChannelMode(QProcess::MergedChannels);
            QSignalSpy finished(&process, &QProcess::finished);
            process.start(python(), QStringList{script} + arguments);
            if (!finished.wait(60'000))
                return -1;
            *output = QString::fromUtf8(process.readAll());
            return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        };
        QString output;
        QCOMPARE(validate(QStringList{specs + QStringLiteral("/openai-openapi.prism-v1.json")} + openAi, &output), 0);
        QCOMPARE(output.count(QLatin1String(": valid")), 2);
        QVERIFY2(validate({specs + QStringLiteral("/anthropic.prism.json"), QStringLiteral("CreateMessageParams=") + anthropicBody}, &output) == 0,
                 qPrintable(output));
        QCOMPARE(validate({specs + QStringLiteral("/anthropic.prism.json"), QStringLiteral("CreateMessageParams=") + wrongBody}, &output), 1);
        QVERIFY2(output.contains(QLatin1String("wrong.json: invalid")), qPrintable(output));
    }

    void historyReachesTheServer_data()
    {
        bigPromptAfterHistoryIsSpliced_data();
    }
    void historyReachesTheServer()
    {
        // Through the engine: the plan's row history and system go out as the format wants,
        // and the answer comes back into the cell.
        QFETCH(ProviderKind, kind);
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(ProviderStreams::streamOf(streamKind(kind), {QStringLiteral("Orange who?")}));
        ProviderConfig config;
        config.name = QStringLiteral("p");
        config.kind = kind;
        config.baseUrl = server.baseUrl().toString();
        ProviderRegistry registry;
        registry.upsert(config);
        Scheduler scheduler;
        scheduler.setProviders(registry);
        scheduler.keys().setKey(config.name, QStringLiteral("k"));
        ModelColumn column;
        column.provider = config.name;
        column.model = modelFor(kind);
        RunPlan plan;
        plan.columns = {column};
        const ChatRequest request = knockKnock(column.model);
        plan.rows = {RunRow{0, -1, request.prompt, request.system, QStringLiteral("#1"), {}, request.history, {}}};
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(plan);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(cellStatusName(scheduler.result(0).status), QStringLiteral("ok"));
        QCOMPARE(scheduler.result(0).text, QStringLiteral("Orange who?"));
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(server.requests().first().body, ProtocolFactory::create(kind)->chatBody(request));
    }
};

QTEST_GUILESS_MAIN(TestConversationWire)
#include "tst_conversation_wire.moc"
