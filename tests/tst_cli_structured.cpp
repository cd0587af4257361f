// SPDX-License-Identifier: MIT
// The real promptgrid-cli with --schema, --json-mode, --tools and --tool-choice against a fake
// OpenAI server on 127.0.0.1: the request carries response_format, tools and tool_choice as
// OpenAI documents them; an answer that is only tool calls is an ok cell whose calls fill the
// CSV's tool_calls column (compact JSON) and the JSON export's "tool_calls" (arguments as JSON);
// bad --schema and --tools files are usage errors (exit 2) naming the file and the place in it;
// Anthropic's missing JSON mode is a cell error before anything is sent.
#include "CliProcess.h"
#include "CsvTable.h"
#include "FakeLlmServer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {
// A tool-call-only answer, its arguments in three pieces.
FakeResponse toolCallStream()
{
    FakeResponse response;
    const QList<QByteArray> events{
        R"({"choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]})",
        "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]},\"finish_reason\":null}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]},\"finish_reason\":null}]}",
        R"({"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})",
        R"({"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}})",
        "[DONE]"};
    for (const QByteArray &event : events)
        response.chunks.append("data: " + event + "\n\n");
    return response;
}
} // namespace

class TestCliStructured : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    FakeLlmServer *m_server = nullptr;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QString write(const QString &name, const QByteArray &content) const
    {
        QFile file(path(name));
        if (file.open(QIODevice::WriteOnly))
            file.write(content);
        return path(name);
    }

    CliProcess::Result run(const QStringList &extra)
    {
        const QStringList arguments{QStringLiteral("--providers"),
                                    CliProcess::writeProviders(path(QStringLiteral("providers.json")), QStringLiteral("local"),
                                                               m_server->baseUrl(QStringLiteral("/v1")).toString()),
                                    QStringLiteral("--model"), QStringLiteral("local/m1"), QStringLiteral("--prompt"),
                                    QStringLiteral("Weather in Oslo?"), QStringLiteral("--out"), path(QStringLiteral("out.csv"))};
        return CliProcess::run(arguments + extra, CliProcess::isolatedEnvironment(m_dir.path()), {}, 30'000);
    }

    QString tools() const
    {
        return write(QStringLiteral("tools.json"),
                     R"([{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},)"
                     R"( {"name":"get_time"}])");
    }

    QString schema() const
    {
        return write(QStringLiteral("schema.json"), R"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"]})");
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void init()
    {
        m_server = new FakeLlmServer(this);
        QVERIFY(m_server->listen());
        m_server->setHandler([](const RecordedRequest &) { return toolCallStream().splitEvery(7); });
        QFile::remove(path(QStringLiteral("out.csv")));
        QFile::remove(path(QStringLiteral("out.json")));
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void toolCallsReachTheCsvAndJson()
    {
        const CliProcess::Result r = run({QStringLiteral("--schema"), schema(), QStringLiteral("--tools"), tools(), QStringLiteral("--tool-choice"),
                                          QStringLiteral("get_weather"), QStringLiteral("--json"), path(QStringLiteral("out.json"))});
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(m_server->requestCount(), 1);
        const QJsonObject sent = m_server->requests().first().json();
        QCOMPARE(sent.value(QLatin1String("response_format")).toObject().value(QLatin1String("type")).toString(), QStringLiteral("json_schema"));
        QCOMPARE(sent.value(QLatin1String("response_format")).toObject().value(QLatin1String("json_schema")).toObject().value(QLatin1String("strict")).toBool(), true);
        QCOMPARE(sent.value(QLatin1String("tools")).toArray().size(), 2);
        QCOMPARE(sent.value(QLatin1String("tool_choice")).toObject().value(QLatin1String("function")).toObject().value(QLatin1String("name")).toString(),
                 QStringLiteral("get_weather"));

        const CsvTable csv = CsvTable::read(path(QStringLiteral("out.csv")));
        QCOMPARE(csv.rows.size(), 1);
        QCOMPARE(csv.at(0, "status"), QStringLiteral("ok"));
        QCOMPARE(csv.at(0, "answer"), QString());
        QCOMPARE(csv.at(0, "finish_reason"), QStringLiteral("tool_calls"));
        QCOMPARE(csv.at(0, "tool_calls"), QStringLiteral(R"([{"arguments":{"city":"Oslo"},"id":"call_1","name":"get_weather"}])"));
        QVERIFY(csv.header.indexOf(QLatin1String("tool_calls")) > csv.header.indexOf(QLatin1String("mode")));

        QFile json(path(QStringLiteral("out.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonArray cells = QJsonDocument::fromJson(json.readAll()).object().value(QLatin1String("cells")).toArray();
        QCOMPARE(cells.size(), 1);
        const QJsonArray calls = cells.at(0).toObject().value(QLatin1String("tool_calls")).toArray();
        QCOMPARE(calls.size(), 1);
        QCOMPARE(calls.at(0).toObject().value(QLatin1String("name")).toString(), QStringLiteral("get_weather"));
        QCOMPARE(calls.at(0).toObject().value(QLatin1String("arguments")).toObject().value(QLatin1String("city")).toString(), QStringLiteral("Oslo"));
    }

    void jsonModeIsSent()
    {
        m_server->setHandler([](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral("{\"a\":1}")}); });
        const CliProcess::Result r = run({QStringLiteral("--json-mode")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(m_server->requests().first().json().value(QLatin1String("response_format")).toObject().value(QLatin1String("type")).toString(),
                 QStringLiteral("json_object"));
        QVERIFY(!m_server->requests().first().json().contains(QLatin1String("tools")));
        const CsvTable csv = CsvTable::read(path(QStringLiteral("out.csv")));
        QCOMPARE(csv.at(0, "tool_calls"), QString());
    }

    void badFilesAreUsageErrors_data()
    {
        QTest::addColumn<QString>("flag");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("schema syntax") << "--schema" << QByteArray("{\n  \"type\": \"object\",\n  \"properties\": {,}\n}") << "not valid JSON at line 3, column";
        QTest::newRow("schema array") << "--schema" << QByteArray("[1, 2]") << "must be a JSON object";
        QTest::newRow("tools syntax") << "--tools" << QByteArray("[{\"name\": \"a\"}\n{") << "not valid JSON at line 2, column";
        QTest::newRow("tools object") << "--tools" << QByteArray("{\"name\": \"a\"}") << "must be a JSON array";
        QTest::newRow("tool without name") << "--tools" << QByteArray(R"([{"name":"a"},{"description":"no name"}])") << "tools[1].name must be";
        QTest::newRow("parameters not object") << "--tools" << QByteArray(R"([{"name":"a","parameters":"x"}])") << "tools[0].parameters must be an object";
        QTest::newRow("duplicate tool") << "--tools" << QByteArray(R"([{"name":"a"},{"name":"a"}])") << "tools[1].name \"a\" is used by an earlier tool";
    }

    void badFilesAreUsageErrors()
    {
        QFETCH(QString, flag);
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        const QString file = write(QStringLiteral("bad.json"), content);
        const CliProcess::Result r = run({flag, file});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.contains(flag + QLatin1Char(' ') + file), r.err.constData());
        QVERIFY2(err.contains(message), r.err.constData());
        QCOMPARE(m_server->requestCount(), 0);
        QVERIFY(!QFile::exists(path(QStringLiteral("out.csv"))));
    }

    void badFlagCombinations()
    {
        CliProcess::Result r = run({QStringLiteral("--schema"), schema(), QStringLiteral("--json-mode")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("either --schema FILE or --json-mode"), r.err.constData());
        r = run({QStringLiteral("--tools"), tools(), QStringLiteral("--tool-choice"), QStringLiteral("get_stock")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("\"get_stock\", which is not one of the tools (get_weather, get_time)"), r.err.constData());
        r = run({QStringLiteral("--tool-choice"), QStringLiteral("required")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--tool-choice needs tools"), r.err.constData());
        r = run({QStringLiteral("--schema"), path(QStringLiteral("missing.json"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("missing.json: cannot read it"), r.err.constData());
        QCOMPARE(m_server->requestCount(), 0);
    }

    void demoAnswersInKind()
    {
        // Offline: a tool call to the named tool, arguments from its schema; a schema's object.
        const auto demo = [this](const QStringList &extra) {
            return CliProcess::run(QStringList{QStringLiteral("--model"), QStringLiteral("demo/fast"), QStringLiteral("--prompt"), QStringLiteral("Oslo today"),
                                               QStringLiteral("--out"), path(QStringLiteral("out.csv"))}
                                       + extra,
                                   CliProcess::isolatedEnvironment(m_dir.path()), {}, 30'000);
        };
        CliProcess::Result r = demo({QStringLiteral("--tools"), tools(), QStringLiteral("--tool-choice"), QStringLiteral("get_weather")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        CsvTable csv = CsvTable::read(path(QStringLiteral("out.csv")));
        QCOMPARE(csv.at(0, "status"), QStringLiteral("ok"));
        QCOMPARE(csv.at(0, "finish_reason"), QStringLiteral("tool_calls"));
        QCOMPARE(csv.at(0, "tool_calls"), QStringLiteral("[{\"arguments\":{\"city\":\"Oslo\"},\"id\":\"demo_call_1\",\"name\":\"get_weather\"}]"));
        r = demo({QStringLiteral("--tools"), tools(), QStringLiteral("--tool-choice"), QStringLiteral("none"), QStringLiteral("--schema"), schema()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        csv = CsvTable::read(path(QStringLiteral("out.csv")));
        QCOMPARE(csv.at(0, "tool_calls"), QString());
        QCOMPARE(csv.at(0, "answer"), QStringLiteral("{\"city\":\"Oslo\"}"));
        QCOMPARE(m_server->requestCount(), 0);
    }

    void everyAnswerIsValidatedInTheOutputs()
    {
        // Offline, end to end: demo/fast answers the schema's object, demo/verbose talks first.
        const CliProcess::Result r = CliProcess::run(
            {QStringLiteral("--model"), QStringLiteral("demo/fast"), QStringLiteral("--model"), QStringLiteral("demo/verbose"),
             QStringLiteral("--prompt"), QStringLiteral("Oslo today"), QStringLiteral("--schema"), schema(),
             QStringLiteral("--out"), path(QStringLiteral("out.csv")), QStringLiteral("--jsonl"), path(QStringLiteral("out.jsonl"))},
            CliProcess::isolatedEnvironment(m_dir.path()), {}, 30'000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const CsvTable csv = CsvTable::read(path(QStringLiteral("out.csv")));
        QVERIFY2(csv.isValid(), qPrintable(csv.error));
        QCOMPARE(csv.at(0, "model"), QStringLiteral("fast"));
        QCOMPARE(csv.at(0, "schema_valid"), QStringLiteral("true"));
        QCOMPARE(csv.at(0, "schema_error"), QString());
        QCOMPARE(csv.at(1, "model"), QStringLiteral("verbose"));
        QCOMPARE(csv.at(1, "schema_valid"), QStringLiteral("false"));
        QVERIFY2(csv.at(1, "schema_error").startsWith(QLatin1String("not JSON")), qPrintable(csv.at(1, "schema_error")));
        QFile jsonl(path(QStringLiteral("out.jsonl")));
        QVERIFY(jsonl.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = jsonl.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QCOMPARE(QJsonDocument::fromJson(lines.at(0)).object().value(QLatin1String("schema_valid")), QJsonValue(true));
        QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(QLatin1String("schema_valid")), QJsonValue(false));
    }

    void anthropicToolUseIsAnOkCell()
    {
        // Through the real engine: the schema and tools in Anthropic's fields, a tool_use-only
        // answer (input in pieces, split every 5 bytes) an ok cell with its call.
        m_server->setHandler([](const RecordedRequest &) {
            FakeResponse response;
            const QList<QByteArray> events{
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \"}}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Oslo\\\"}\"}}\n\n",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}\n\n",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"};
            response.chunks = events;
            return response.splitEvery(5);
        });
        const QString providers = write(QStringLiteral("anthropic.json"),
                                        QStringLiteral("{\"providers\":[{\"name\":\"claude\",\"kind\":\"anthropic\",\"base_url\":\"%1\"}]}")
                                            .arg(m_server->baseUrl().toString())
                                            .toUtf8());
        const CliProcess::Result r = CliProcess::run({QStringLiteral("--providers"), providers, QStringLiteral("--model"), QStringLiteral("claude/claude-x"),
                                                      QStringLiteral("--prompt"), QStringLiteral("hi"), QStringLiteral("--schema"), schema(),
                                                      QStringLiteral("--tools"), tools(), QStringLiteral("--tool-choice"), QStringLiteral("required"),
                                                      QStringLiteral("--out"), path(QStringLiteral("out.csv"))},
                                                     CliProcess::isolatedEnvironment(m_dir.path()), {}, 30'000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject sent = m_server->requests().first().json();
        QCOMPARE(sent.value(QLatin1String("output_config")).toObject().value(QLatin1String("format")).toObject().value(QLatin1String("type")).toString(),
                 QStringLiteral("json_schema"));
        QCOMPARE(sent.value(QLatin1String("tools")).toArray().at(0).toObject().value(QLatin1String("input_schema")).toObject().value(QLatin1String("type")).toString(),
                 QStringLiteral("object"));
        QCOMPARE(sent.value(QLatin1String("tool_choice")).toObject().value(QLatin1String("type")).toString(), QStringLiteral("any"));
        const CsvTable csv = CsvTable::read(path(QStringLiteral("out.csv")));
        QCOMPARE(csv.at(0, "status"), QStringLiteral("ok"));
        QCOMPARE(csv.at(0, "finish_reason"), QStringLiteral("tool_use"));
        QCOMPARE(csv.at(0, "tool_calls"), QStringLiteral("[{\"arguments\":{\"city\":\"Oslo\"},\"id\":\"toolu_1\",\"name\":\"get_weather\"}]"));
    }

    void anthropicJsonModeIsRefusedBeforeSending()
    {
        const QString providers = write(QStringLiteral("anthropic.json"),
                                        QStringLiteral(R"({"providers":[{"name":"claude","kind":"anthropic","base_url":"%1"}]})")
                                            .arg(m_server->baseUrl().toString())
                                            .toUtf8());
        const CliProcess::Result r = CliProcess::run({QStringLiteral("--providers"), providers, QStringLiteral("--model"), QStringLiteral("claude/claude-x"),
                                                      QStringLiteral("--prompt"), QStringLiteral("hi"), QStringLiteral("--json-mode"),
                                                      QStringLiteral("--out"), path(QStringLiteral("out.csv"))},
                                                     CliProcess::isolatedEnvironment(m_dir.path()), {}, 30'000);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(m_server->requestCount(), 0);
        const CsvTable csv = CsvTable::read(path(QStringLiteral("out.csv")));
        QCOMPARE(csv.at(0, "status"), QStringLiteral("error"));
        QCOMPARE(csv.at(0, "error"), QStringLiteral("not sent: Anthropic has no JSON mode; give a schema"));
    }
};

QTEST_GUILESS_MAIN(TestCliStructured)
#include "tst_cli_structured.moc"
