// SPDX-License-Identifier: MIT
// Output formats, tools, tool choices and tool calls in every file that keeps them: their JSON
// forms (errors name the field), .promptgrid files (the comparison's and a prompt's own format),
// PlanBuilder copying them into the plan, the history's plan JSON and its tool_calls column
// (also in a database from before that column), a result's JSON, and the exports (JSON "tool_calls"
// whole, the CSV's compact column, Markdown's → name(args) line).
#include "CsvExport.h"
#include "CsvReader.h"
#include "ComparisonFile.h"
#include "HistoryDatabase.h"
#include "HistoryRecorder.h"
#include "JsonExport.h"
#include "JsonFields.h"
#include "MarkdownExport.h"
#include "PlanBuilder.h"
#include "StaticGrid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {
QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

ModelColumn column(const QString &model)
{
    ModelColumn c;
    c.provider = QStringLiteral("demo");
    c.model = model;
    return c;
}

OutputFormat schemaFormat()
{
    return OutputFormat{OutputFormat::Kind::JsonSchema, QStringLiteral("weather"),
                        parse(R"({"type":"object","properties":{"city":{"type":"string"}}})")};
}

QList<ToolDefinition> tools()
{
    return {ToolDefinition{QStringLiteral("get_weather"), QStringLiteral("Current weather"), parse(R"({"type":"object"})")},
            ToolDefinition{QStringLiteral("get_time"), QString(), {}}};
}

Comparison comparison()
{
    Comparison c;
    c.prompts = {ComparisonPrompt{QStringLiteral("a"), QStringLiteral("first"), std::nullopt},
                 ComparisonPrompt{QStringLiteral("b"), QStringLiteral("second"), std::nullopt}};
    c.prompts[1].outputFormat = OutputFormat{OutputFormat::Kind::JsonObject, QStringLiteral("answer"), {}};
    c.models = {column(QStringLiteral("echo"))};
    c.outputFormat = schemaFormat();
    c.tools = tools();
    c.toolChoice = ToolChoice{ToolChoice::Mode::Named, QStringLiteral("get_time")};
    return c;
}

CellResult withCalls()
{
    CellResult r;
    r.status = CellStatus::Ok;
    r.finishReason = QStringLiteral("tool_calls");
    // As streamed: spaces and key order kept in the history, not normalized.
    r.toolCalls = {ToolCall{QStringLiteral("call_1"), QStringLiteral("get_weather"), QStringLiteral("{\"city\": \"Oslo\", \"a\": 1}")},
                   ToolCall{QStringLiteral("call_2"), QStringLiteral("get_time"), QStringLiteral("{\"cut")}};
    return r;
}

QString loadError(const QByteArray &json)
{
    QString error;
    if (ComparisonFile::fromJson(json, &error))
        return QStringLiteral("<loaded>");
    return error;
}
} // namespace

class TestStructuredFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valueTypesRoundTrip()
    {
        QString error;
        OutputFormat format;
        QVERIFY(OutputFormat::fromJson(schemaFormat().toJson(), QStringLiteral("f"), &format, &error));
        QCOMPARE(format, schemaFormat());
        QVERIFY(OutputFormat::fromJson(QJsonObject{{QStringLiteral("type"), QStringLiteral("json_object")}}, QStringLiteral("f"), &format, &error));
        QCOMPARE(format.kind, OutputFormat::Kind::JsonObject);
        QList<ToolDefinition> read;
        QVERIFY(ToolDefinition::listFromJson(ToolDefinition::listToJson(tools()), QStringLiteral("tools"), &read, &error));
        QCOMPARE(read, tools());
        for (const ToolChoice &choice : {ToolChoice{}, ToolChoice{ToolChoice::Mode::Required, {}}, ToolChoice{ToolChoice::Mode::None, {}},
                                         ToolChoice{ToolChoice::Mode::Named, QStringLiteral("get_time")}}) {
            ToolChoice back;
            QVERIFY(ToolChoice::fromJson(choice.toJson(), QStringLiteral("c"), &back, &error));
            QCOMPARE(back, choice);
            QCOMPARE(ToolChoice::fromText(choice.toText()), choice);
        }
        const ToolChoice known{ToolChoice::Mode::Named, QStringLiteral("get_time")};
        const ToolChoice unknown{ToolChoice::Mode::Named, QStringLiteral("nope")};
        QVERIFY(known.problemWith(tools()).isEmpty());
        QVERIFY(unknown.problemWith(tools()).contains(QLatin1String("(get_weather, get_time)")));
        // Arguments: a JSON value when they parse, else the raw text.
        const QJsonArray calls = ToolCall::listToJson(withCalls().toolCalls);
        QCOMPARE(calls.at(0).toObject().value(QLatin1String("arguments")).toObject().value(QLatin1String("city")).toString(), QStringLiteral("Oslo"));
        QCOMPARE(calls.at(1).toObject().value(QLatin1String("arguments")).toString(), QStringLiteral("{\"cut"));
        QCOMPARE(withCalls().toolCalls.at(0).summary(), QStringLiteral("get_weather({\"a\":1,\"city\":\"Oslo\"})"));
        // The history's raw form keeps the text exactly.
        QCOMPARE(ToolCall::listFromRawText(ToolCall::listToRawText(withCalls().toolCalls)), withCalls().toolCalls);
    }

    void errorsNameTheField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("format type") << QByteArray(R"({"format":"promptgrid-comparison","version":1,"prompts":["p"],"models":[],"output_format":{"type":"yaml"}})")
                                     << R"(output_format.type must be "text", "json_object" or "json_schema")";
        QTest::newRow("schema") << QByteArray(R"({"format":"promptgrid-comparison","version":1,"prompts":["p"],"models":[],"output_format":{"type":"json_schema","schema":[1]}})")
                                << "output_format.schema must be an object (a JSON Schema)";
        QTest::newRow("prompt format") << QByteArray(R"({"format":"promptgrid-comparison","version":1,"prompts":[{"text":"p","output_format":3}],"models":[]})")
                                       << "prompts[0].output_format must be an object";
        QTest::newRow("tools") << QByteArray(R"({"format":"promptgrid-comparison","version":1,"prompts":["p"],"models":[],"tools":[{"name":"a"},{"name":"b c"}]})")
                               << "tools[1].name must be 1 to 64 letters, digits, _ or -";
        QTest::newRow("tool key") << QByteArray(R"({"format":"promptgrid-comparison","version":1,"prompts":["p"],"models":[],"tools":[{"name":"a","parameter":{}}]})")
                                  << R"(tools[0] has an unknown key "parameter" (a tool has name, description and parameters))";
        QTest::newRow("required without tools") << QByteArray(R"({"format":"promptgrid-comparison","version":1,"prompts":["p"],"models":[],"tool_choice":"required"})")
                                                << R"(tool_choice: the tool choice "required" needs at least one tool)";
        QTest::newRow("choice") << QByteArray(R"({"format":"promptgrid-comparison","version":1,"prompts":["p"],"models":[],"tools":[{"name":"a"}],"tool_choice":"always"})")
                                << R"(tool_choice must be "auto", "required", "none" or {"name": TOOL})";
        QTest::newRow("choice unknown tool") << QByteArray(R"({"format":"promptgrid-comparison","version":1,"prompts":["p"],"models":[],"tools":[{"name":"a"}],"tool_choice":{"name":"b"}})")
                                             << R"(tool_choice: the tool choice names "b", which is not one of the tools (a))";
    }

    void errorsNameTheField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        QCOMPARE(loadError(json), error);
    }

    void comparisonFileAndPlan()
    {
        const Comparison original = comparison();
        QString error;
        const auto loaded = ComparisonFile::fromJson(ComparisonFile::toJson(original, false), &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->outputFormat, original.outputFormat);
        QCOMPARE(loaded->tools, original.tools);
        QCOMPARE(loaded->toolChoice, original.toolChoice);
        QVERIFY(!loaded->prompts.at(0).outputFormat);
        QCOMPARE(loaded->prompts.at(1).outputFormat->kind, OutputFormat::Kind::JsonObject);
        // A plain comparison's file has none of the fields.
        const QJsonObject plainFile = QJsonDocument::fromJson(ComparisonFile::toJson(Comparison(), false)).object();
        for (const char *key : {"output_format", "tools", "tool_choice"})
            QVERIFY2(!plainFile.contains(QLatin1String(key)), key);

        const auto plan = PlanBuilder::fromComparison(*loaded, &error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->cellSpec({0, 0, 0}).outputFormat, schemaFormat());
        QCOMPARE(plan->cellSpec({1, 0, 0}).outputFormat.kind, OutputFormat::Kind::JsonObject);
        QCOMPARE(plan->cellSpec({1, 0, 0}).tools, tools());
        QCOMPARE(plan->cellSpec({1, 0, 0}).toolChoice.name, QStringLiteral("get_time"));
        // The history's plan JSON keeps all of it.
        const auto back = RunPlan::fromJson(plan->toJson(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(*back, *plan);
        // A run reopened from the history is edited and sent again with the same shape and tools.
        const Comparison reopened = Comparison::fromPlan(*back);
        QCOMPARE(reopened.outputFormat, schemaFormat());
        QCOMPARE(reopened.tools, tools());
        QCOMPARE(reopened.toolChoice, original.toolChoice);
        QCOMPARE(reopened.prompts.at(1).outputFormat->kind, OutputFormat::Kind::JsonObject);
        QVERIFY(!reopened.prompts.at(0).outputFormat);
        // A plan naming a tool it does not have is not built.
        Comparison wrong = original;
        wrong.toolChoice.name = QStringLiteral("get_stock");
        QVERIFY(!PlanBuilder::fromComparison(wrong, &error));
        QVERIFY(error.contains(QLatin1String("get_stock")));
    }

    void resultJsonKeepsToolCalls()
    {
        QJsonObject object;
        withCalls().writeJson(&object);
        QCOMPARE(object.value(QLatin1String("tool_calls")).toArray().size(), 2);
        JsonFields fields;
        const auto read = CellResult::readJson(object, QStringLiteral("results[0]"), fields);
        QVERIFY2(read, qPrintable(fields.error));
        QCOMPARE(read->toolCalls.size(), 2);
        // Parsed arguments come back as compact JSON; unparsable ones as they were.
        QCOMPARE(read->toolCalls.at(0).arguments, QStringLiteral("{\"a\":1,\"city\":\"Oslo\"}"));
        QCOMPARE(read->toolCalls.at(1).arguments, QStringLiteral("{\"cut"));
        object.insert(QStringLiteral("tool_calls"), QJsonArray{QJsonObject{{QStringLiteral("name"), 5}}});
        JsonFields bad;
        QVERIFY(!CellResult::readJson(object, QStringLiteral("results[0]"), bad));
        QCOMPARE(bad.error, QStringLiteral("results[0].tool_calls[0].name must be a string"));
    }

    void historyKeepsToolCallsAsStreamed()
    {
        QTemporaryDir dir;
        StaticGrid grid;
        HistoryDatabase store;
        HistoryRecorder recorder(&store);
        QVERIFY(store.open(dir.filePath(QStringLiteral("h.sqlite")), nullptr, HistoryDatabase::Check::Now));
        recorder.attach(&grid);
        QString error;
        grid.load(*PlanBuilder::fromComparison(comparison(), &error));
        grid.setResult(0, withCalls());
        recorder.flush();
        RunPlan plan;
        std::vector<CellResult> results;
        QVERIFY(store.loadRun(recorder.currentRunId(), &plan, &results, &error));
        QCOMPARE(results.at(0).toolCalls, withCalls().toolCalls);
        QCOMPARE(results.at(1).toolCalls, QList<ToolCall>());
        QCOMPARE(plan, grid.plan());
    }

    void historyFromBeforeToolCallsOpens()
    {
        // A database of the last format without the tool_calls column gains it and reads as before.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.sqlite"));
        const QByteArray plan = PlanBuilder::fromPrompts({QStringLiteral("p")}, {column(QStringLiteral("echo"))}, 1, {}).toJson();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("before-tools"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, "
                                          "title TEXT, plan TEXT NOT NULL, cell_count INTEGER NOT NULL, owner TEXT)")));
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE cells (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, "
                                          "cell INTEGER NOT NULL, row INTEGER, col INTEGER, sample INTEGER, status TEXT NOT NULL, "
                                          "text TEXT, reasoning TEXT, error TEXT, http_status INTEGER, queue_wait_ms INTEGER, "
                                          "ttft_ms INTEGER, latency_ms INTEGER, input_tokens INTEGER, output_tokens INTEGER, "
                                          "finish_reason TEXT, cost_usd REAL, attempts INTEGER, started_at TEXT, finished_at TEXT, "
                                          "reasoning_tokens INTEGER, thread TEXT, PRIMARY KEY (run_id, cell))")));
            q.prepare(QStringLiteral("INSERT INTO runs (created, title, plan, cell_count, owner) VALUES ('2026-01-02T03:04:05.000Z', 't', ?, 1, '1:0')"));
            q.addBindValue(QString::fromUtf8(plan));
            QVERIFY(q.exec());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO cells (run_id, cell, row, col, sample, status, text, attempts) VALUES (1, 0, 0, 0, 0, 'ok', 'old', 1)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("before-tools"));
        HistoryDatabase store;
        QString error;
        QVERIFY2(store.open(path, &error, HistoryDatabase::Check::Now), qPrintable(error));
        QCOMPARE(store.runs().size(), 1);
        RunPlan loaded;
        std::vector<CellResult> results;
        QVERIFY2(store.loadRun(store.runs().first().id, &loaded, &results, &error), qPrintable(error));
        QCOMPARE(results.at(0).text, QStringLiteral("old"));
        QVERIFY(results.at(0).toolCalls.isEmpty());
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("after-tools"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA table_info(cells)")));
            QStringList columns;
            while (q.next())
                columns.append(q.value(1).toString());
            QVERIFY2(columns.contains(QLatin1String("tool_calls")), qPrintable(columns.join(QLatin1Char(','))));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("after-tools"));
    }

    void exportsCarryToolCalls()
    {
        QString error;
        const RunPlan plan = *PlanBuilder::fromComparison(comparison(), &error);
        ResultRecord record;
        record.spec = plan.cellSpec({0, 0, 0});
        record.row = plan.rows.at(0);
        record.result = withCalls();
        ResultRecord plain = record;
        plain.result = CellResult();
        plain.result.status = CellStatus::Ok;
        plain.result.text = QStringLiteral("no calls");

        QList<QStringList> rows;
        QVERIFY(CsvReader::parse(CsvExport::toCsv({record, plain}), &rows, &error));
        QCOMPARE(rows.size(), 3);
        // tool_calls, then the judge model's five columns (issue 18).
        QCOMPARE(rows.at(0).mid(rows.at(0).size() - 9), (QStringList{QStringLiteral("mode"), QStringLiteral("schema_valid"),
                                                                  QStringLiteral("schema_error"), QStringLiteral("tool_calls"),
                                                                  QStringLiteral("judge_score"), QStringLiteral("judge_reason"),
                                                                  QStringLiteral("judge_model"), QStringLiteral("judge_error"),
                                                                  QStringLiteral("judge_cost_usd")}));
        const qsizetype toolCalls = rows.at(0).size() - 6;
        QCOMPARE(rows.at(1).at(toolCalls), QStringLiteral(R"([{"arguments":{"a":1,"city":"Oslo"},"id":"call_1","name":"get_weather"},)"
                                                   "{\"arguments\":\"{\\\"cut\",\"id\":\"call_2\",\"name\":\"get_time\"}]"));
        QCOMPARE(rows.at(2).at(toolCalls), QString());

        const QJsonArray cells = QJsonDocument::fromJson(JsonExport::toJson({record, plain})).object().value(QLatin1String("cells")).toArray();
        QCOMPARE(cells.at(0).toObject().value(QLatin1String("tool_calls")).toArray(), ToolCall::listToJson(withCalls().toolCalls));
        QCOMPARE(cells.at(1).toObject().value(QLatin1String("tool_calls")).toArray(), QJsonArray());
        const QList<QByteArray> jsonl = JsonExport::toJsonLines({record}).trimmed().split('\n');
        QCOMPARE(QJsonDocument::fromJson(jsonl.at(0)).object().value(QLatin1String("tool_calls")).toArray().size(), 2);

        const QString markdown = QString::fromUtf8(MarkdownExport::toMarkdown({record}));
        QVERIFY2(markdown.contains(QStringLiteral("→ get_weather({\"a\":1,\"city\":\"Oslo\"})<br>→ get_time({\"cut)")), qPrintable(markdown));
    }
};

QTEST_GUILESS_MAIN(TestStructuredFiles)
#include "tst_structured_files.moc"
