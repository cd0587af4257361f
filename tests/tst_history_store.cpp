// SPDX-License-Identifier: MIT
// The run history on its own: run plans round-trip through the history's JSON (older formats
// too), old databases open, and the recorder saves a grid cell by cell (a StaticGrid driven as
// the engine would drive it). Recording a live run is tst_run_session's.
#include "Comparison.h"
#include "HistoryDatabase.h"
#include "HistoryRecorder.h"
#include "PlanBuilder.h"
#include "StaticGrid.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {
ModelColumn column(const QString &model)
{
    ModelColumn c;
    c.provider = QStringLiteral("local");
    c.model = model;
    return c;
}
} // namespace

class TestHistoryStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void planRoundTrip()
    {
        ModelColumn a = column(QStringLiteral("m1"));
        a.label = QStringLiteral("first");
        a.params.temperature = 0.25;
        a.params.topP = 0.5;
        a.params.maxTokens = 77;
        a.params.seed = 1234567890123LL;
        a.params.stop = {QStringLiteral("END"), QStringLiteral("\n\n")};
        a.params.systemOverride = QStringLiteral("be brief");
        RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("one"), QStringLiteral("two \"quoted\"\n")},
                                            {a, column(QStringLiteral("m2"))}, 3, QStringLiteral("sys"));
        QString error;
        const auto back = RunPlan::fromJson(plan.toJson(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->samples, 3);
        QCOMPARE(back->rows.size(), 2);
        QCOMPARE(back->rows.at(1).prompt, plan.rows.at(1).prompt);
        QCOMPARE(back->rows.at(1).system, QStringLiteral("sys"));
        QCOMPARE(back->rows.at(1).label, plan.rows.at(1).label);
        QCOMPARE(back->columns.size(), 2);
        const RequestParams &p = back->columns.at(0).params;
        QCOMPARE(back->columns.at(0).label, QStringLiteral("first"));
        QCOMPARE(p.temperature.value_or(-1), 0.25);
        QCOMPARE(p.topP.value_or(-1), 0.5);
        QCOMPARE(p.maxTokens.value_or(-1), 77);
        QCOMPARE(p.seed.value_or(-1), 1234567890123LL);
        QCOMPARE(p.stop, a.params.stop);
        QCOMPARE(p.systemOverride.value_or(QString()), QStringLiteral("be brief"));
        QVERIFY(!back->columns.at(1).params.temperature);
        QVERIFY(!RunPlan::fromJson("not json", &error));
        QVERIFY(error.contains(QLatin1String("JSON")));
    }

    void readsOlderPlans()
    {
        // Histories written before parameters shared RequestParams::writeJson: explicit nulls and
        // the seed as a string of digits.
        const QByteArray old = R"({"version":1,"samples":1,"rows":[{"prompt_index":0,"test_case":-1,"prompt":"p","system":"","label":""}],
            "columns":[{"provider":"demo","model":"echo","label":"","params":{"temperature":null,"top_p":0.9,"max_tokens":null,
            "seed":"9007199254740993","stop":["x"],"system":null}}]})";
        QString error;
        const auto plan = RunPlan::fromJson(old, &error);
        QVERIFY2(plan, qPrintable(error));
        const RequestParams &p = plan->columns.at(0).params;
        QVERIFY(!p.temperature);
        QCOMPARE(p.topP.value_or(-1), 0.9);
        QVERIFY(!p.maxTokens);
        QCOMPARE(p.seed.value_or(-1), 9007199254740993LL);
        QCOMPARE(p.stop, QStringList{QStringLiteral("x")});
        QVERIFY(!p.systemOverride);
    }

    void planKeepsEverythingAMatrixRunHolds()
    {
        // Templates with variables, two test cases, a system prompt per prompt, two model
        // configurations with every parameter, two samples: what the history must give back.
        Comparison comparison;
        comparison.system = QStringLiteral("Answer {{name}} briefly.");
        comparison.prompts = {ComparisonPrompt{QStringLiteral("intro"), QStringLiteral("Tell {{name}} about {{topic}}"), std::nullopt},
                              ComparisonPrompt{QString(), QStringLiteral("Summarise {{topic}}"), QStringLiteral("Sum up for {{name}}")}};
        comparison.variables = VariablesTable({QStringLiteral("topic"), QStringLiteral("name")},
                                              {{QStringLiteral("cats"), QStringLiteral("Ann")}, {QStringLiteral("dogs"), QStringLiteral("Bob")}});
        ModelColumn a = column(QStringLiteral("m1"));
        a.label = QStringLiteral("m1 T=0");
        a.params.temperature = 0;
        a.params.topP = 0.5;
        a.params.maxTokens = 64;
        a.params.seed = 9007199254740993LL; // above 2^53: a double would round it
        a.params.stop = {QStringLiteral("END"), QStringLiteral("\n\n")};
        a.params.systemOverride = QStringLiteral("be terse");
        ModelColumn b = column(QStringLiteral("m1"));
        b.params.temperature = 1.25;
        comparison.models = {a, b};
        comparison.settings.repeats = 2;
        QString error;
        const auto plan = PlanBuilder::fromComparison(comparison, &error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->rows.size(), 4);
        const auto back = RunPlan::fromJson(plan->toJson(), &error);
        QVERIFY2(back, qPrintable(error));
        QVERIFY(*back == *plan);
        const RunRow &row = back->rows.at(3);
        QCOMPARE(row.promptIndex, 1);
        QCOMPARE(row.testCase, 1);
        QCOMPARE(row.label, QStringLiteral("#2 · case 2"));
        QCOMPARE(row.prompt, QStringLiteral("Summarise dogs"));
        QCOMPARE(row.system, QStringLiteral("Sum up for Bob"));
        const QList<QPair<QString, QString>> variables{{QStringLiteral("topic"), QStringLiteral("dogs")},
                                                       {QStringLiteral("name"), QStringLiteral("Bob")}};
        QCOMPARE(row.variables, variables);
        QCOMPARE(back->columns.at(0), a);
        QCOMPARE(back->columns.at(0).params.seed.value_or(0), 9007199254740993LL);
        QCOMPARE(back->columns.at(1), b);
        QCOMPARE(back->samples, 2);
    }

    void planKeepsAConversation()
    {
        // A conversation row: its history (with an attachment on an earlier message), the
        // prompt's attachments and the mode come back; a plan of single prompts is saved as before.
        RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("And Orange?"), QStringLiteral("single")},
                                                {column(QStringLiteral("m1"))}, 1, QStringLiteral("Be concise."));
        const QByteArray singleJson = plan.toJson();
        QVERIFY(!singleJson.contains("\"history\""));
        QVERIFY(!singleJson.contains("\"attachments\""));
        QVERIFY(!singleJson.contains("\"mode\""));
        Attachment png{Attachment::Kind::Image, QStringLiteral("red.png"), QStringLiteral("image/png"), QByteArray("\x89PNG\r\n\x1a\n\0\xff", 10)};
        Attachment notes{Attachment::Kind::Text, QStringLiteral("notes.txt"), QStringLiteral("text/plain"), QByteArray("é notes")};
        plan.rows[0].history = {ChatMessage{ChatMessage::Role::User, QStringLiteral("knock knock"), {png}},
                                ChatMessage{ChatMessage::Role::Assistant, QStringLiteral("Who's there?"), {}}};
        plan.rows[0].attachments = {notes};
        plan.mode = ConversationMode::OwnThread;
        QString error;
        const auto back = RunPlan::fromJson(plan.toJson(), &error);
        QVERIFY2(back, qPrintable(error));
        QVERIFY(*back == plan);
        QCOMPARE(back->rows.at(0).history.at(0).attachments.at(0).data, png.data);
        QCOMPARE(back->rows.at(0).history.at(1).role, ChatMessage::Role::Assistant);
        QCOMPARE(back->mode, ConversationMode::OwnThread);
        QVERIFY(back->rows.at(1).history.isEmpty());
        const CellSpec spec = back->cellSpec({0, 0, 0});
        QCOMPARE(spec.history, plan.rows.at(0).history);
        QCOMPARE(spec.attachments, QList<Attachment>{notes});
        QCOMPARE(spec.prompt, QStringLiteral("And Orange?"));

        QByteArray damaged = plan.toJson();
        damaged.replace("\"role\":\"assistant\"", "\"role\":\"robot\"");
        QVERIFY(!RunPlan::fromJson(damaged, &error));
        QVERIFY2(error.contains(QLatin1String("rows[0].history[1].role")), qPrintable(error));
    }

    void opensDatabasesOfTheFirstFormat()
    {
        // A history written before plans kept variables: its plan JSON exactly as that version
        // wrote it (parameters under "params"), in a database made with that schema.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.sqlite"));
        const QByteArray plan = R"({"columns":[{"label":"T0","model":"echo","params":{"max_tokens":50,"seed":42,"stop":["END"],)"
                                R"("system":"be brief","temperature":0,"top_p":0.5},"provider":"demo"},{"label":"","model":"fast",)"
                                R"("params":{},"provider":"demo"}],"rows":[{"label":"#1 · case 1","prompt":"Tell me about cats",)"
                                R"("prompt_index":0,"system":"sys","test_case":0}],"samples":2,"version":1})";
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old-format"));
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
                                          "PRIMARY KEY (run_id, cell))")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=1")));
            q.prepare(QStringLiteral("INSERT INTO runs (created, title, plan, cell_count, owner) VALUES (?, ?, ?, 4, '1:0')"));
            q.addBindValue(QStringLiteral("2026-01-02T03:04:05.000Z"));
            q.addBindValue(QStringLiteral("Tell me about cats"));
            q.addBindValue(QString::fromUtf8(plan));
            QVERIFY(q.exec());
            for (int cell = 0; cell < 4; ++cell) {
                QVERIFY(q.exec(QStringLiteral("INSERT INTO cells (run_id, cell, row, col, sample, status, text, attempts) "
                                              "VALUES (1, %1, 0, %2, %3, 'ok', 'answer %1', 1)")
                                   .arg(cell)
                                   .arg(cell / 2)
                                   .arg(cell % 2)));
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old-format"));

        HistoryDatabase store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        const QList<HistoryRunInfo> runs = store.runs();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().rows, 1);
        QCOMPARE(runs.first().columns, 2);
        QCOMPARE(runs.first().samples, 2);
        QCOMPARE(runs.first().ok, 4);
        RunPlan loaded;
        std::vector<CellResult> results;
        QVERIFY2(store.loadRun(runs.first().id, &loaded, &results, &error), qPrintable(error));
        QCOMPARE(loaded.rows.at(0).label, QStringLiteral("#1 · case 1"));
        QCOMPARE(loaded.rows.at(0).testCase, 0);
        QCOMPARE(loaded.rows.at(0).system, QStringLiteral("sys"));
        QVERIFY(loaded.rows.at(0).variables.isEmpty());
        const RequestParams &p = loaded.columns.at(0).params;
        QCOMPARE(loaded.columns.at(0).label, QStringLiteral("T0"));
        QCOMPARE(p.temperature.value_or(-1), 0.0);
        QCOMPARE(p.topP.value_or(-1), 0.5);
        QCOMPARE(p.maxTokens.value_or(-1), 50);
        QCOMPARE(p.seed.value_or(-1), 42);
        QCOMPARE(p.stop, QStringList{QStringLiteral("END")});
        QCOMPARE(p.systemOverride.value_or(QString()), QStringLiteral("be brief"));
        QCOMPARE(loaded.columns.at(1).model, QStringLiteral("fast"));
        QVERIFY(loaded.columns.at(1).params == RequestParams());
        QCOMPARE(results.at(3).text, QStringLiteral("answer 3"));
        QCOMPARE(results.at(3).status, CellStatus::Ok);
        // That format had no reasoning_tokens column: the figure is unknown, not 0.
        QVERIFY(!results.at(3).reasoningTokens);
    }

    void recordsAGridCellByCell()
    {
        // What the recorder writes when, without an engine: a row for every cell as the first
        // one starts, each cell again as it starts and ends, the run's counts as they change.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("h.sqlite"));
        ModelColumn demo;
        demo.provider = QStringLiteral("demo");
        demo.model = QStringLiteral("echo");
        demo.params.reasoning = ReasoningLevel::High;
        demo.params.reasoningBudget = 2048;
        StaticGrid grid;
        HistoryDatabase store;
        HistoryRecorder recorder(&store);
        QVERIFY(store.open(path, nullptr, HistoryDatabase::Check::Now));
        recorder.attach(&grid);
        QSignalSpy runsChanged(&store, &HistoryDatabase::runsChanged);
        grid.load(PlanBuilder::fromPrompts({QStringLiteral("first"), QStringLiteral("second")}, {demo}, 1, {}));
        QCOMPARE(recorder.currentRunId(), 0);
        CellResult running;
        running.status = CellStatus::Running;
        running.text = QStringLiteral("par");
        grid.setResult(0, running);
        recorder.flush();
        QVERIFY(recorder.currentRunId() > 0);
        QVERIFY(!runsChanged.isEmpty());
        RunPlan plan;
        std::vector<CellResult> results;
        QVERIFY(store.loadRun(recorder.currentRunId(), &plan, &results));
        QCOMPARE(int(results.size()), 2);
        QCOMPARE(results[0].status, CellStatus::Running);
        QCOMPARE(results[0].text, QStringLiteral("par"));
        QCOMPARE(results[1].status, CellStatus::Queued);
        CellResult done;
        done.status = CellStatus::Ok;
        done.text = QStringLiteral("partial and done");
        done.httpStatus = 200;
        done.ttftMs = 12;
        done.costUsd = 0.25;
        done.outputTokens = 300;
        done.reasoningTokens = 256;
        done.startedAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
        grid.setResult(0, done);
        CellResult failed;
        failed.status = CellStatus::Error;
        failed.error = QStringLiteral("HTTP 500");
        grid.setResult(1, failed);
        recorder.flush();
        QVERIFY(store.loadRun(recorder.currentRunId(), &plan, &results));
        QCOMPARE(results[0], done);
        QCOMPARE(results[1], failed);
        QCOMPARE(plan, grid.plan());
        const QList<HistoryRunInfo> runs = store.runs();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().ok, 1);
        QCOMPARE(runs.first().failed, 1);
        QCOMPARE(runs.first().title, QStringLiteral("first"));
        // A new plan is a new run.
        grid.load(PlanBuilder::fromPrompts({QStringLiteral("third")}, {demo}, 1, {}));
        grid.setResult(0, done);
        recorder.flush();
        QCOMPARE(store.runs().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_history_store.moc"
