// SPDX-License-Identifier: MIT
// The run history: cells saved when they start and end, streamed text checkpointed in batches,
// runs listed and loaded back, unfinished cells of dead processes marked interrupted.
#include "Comparison.h"
#include "FakeLlmServer.h"
#include "HistoryStore.h"
#include "Scheduler.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {
ProviderRegistry localProvider(const FakeLlmServer &server)
{
    QString error;
    auto parsed = ProviderRegistry::fromJson(
        QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1"}]})")
            .arg(server.baseUrl().toString())
            .toUtf8(),
        &error);
    Q_ASSERT(parsed);
    return *parsed;
}

ModelColumn column(const QString &model)
{
    ModelColumn c;
    c.provider = QStringLiteral("local");
    c.model = model;
    return c;
}

QString promptOf(const RecordedRequest &request)
{
    const QJsonArray messages = request.json().value(QLatin1String("messages")).toArray();
    return messages.last().toObject().value(QLatin1String("content")).toString();
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
        RunPlan plan = RunPlan::fromPrompts({QStringLiteral("one"), QStringLiteral("two \"quoted\"\n")},
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
        const auto plan = comparison.buildPlan(&error);
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

        HistoryStore store;
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
    }

    void savesRunAndLoadsItBack()
    {
        QTemporaryDir dir;
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &request) {
            const QString prompt = promptOf(request);
            if (prompt == QLatin1String("bad"))
                return FakeResponse::jsonError(400, R"({"error":{"message":"nope","type":"invalid_request_error"}})");
            return FakeResponse::openAiStream({prompt, QStringLiteral(" \u00e9\u2603 answer")}, 3, 2);
        });
        const QString path = dir.filePath(QStringLiteral("h.sqlite"));
        RunPlan plan = RunPlan::fromPrompts({QStringLiteral("alpha"), QStringLiteral("bad")},
                                            {column(QStringLiteral("m1")), column(QStringLiteral("m2"))}, 1, {});
        std::vector<CellResult> expected;
        {
            Scheduler scheduler;
            scheduler.setProviders(localProvider(server));
            HistoryStore store;
            QVERIFY(store.open(path));
            QCOMPARE(store.interruptedOnOpen(), 0);
            store.attach(&scheduler);
            QSignalSpy finished(&scheduler, &Scheduler::runFinished);
            scheduler.start(plan);
            QVERIFY(finished.wait(5000));
            QTRY_VERIFY(store.currentRunId() > 0);
            store.flush();
            for (int cell = 0; cell < scheduler.cellCount(); ++cell)
                expected.push_back(scheduler.result(cell));
        }
        HistoryStore reopened;
        QVERIFY(reopened.open(path));
        QCOMPARE(reopened.interruptedOnOpen(), 0);
        const QList<HistoryRunInfo> runs = reopened.runs();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().cells, 4);
        QCOMPARE(runs.first().ok, 2);
        QCOMPARE(runs.first().failed, 2);
        QCOMPARE(runs.first().rows, 2);
        QCOMPARE(runs.first().columns, 2);
        QCOMPARE(runs.first().title, QStringLiteral("alpha"));
        QVERIFY(runs.first().created.isValid());
        RunPlan loaded;
        std::vector<CellResult> results;
        QString error;
        QVERIFY2(reopened.loadRun(runs.first().id, &loaded, &results, &error), qPrintable(error));
        QCOMPARE(loaded.rows.size(), 2);
        QCOMPARE(int(results.size()), 4);
        for (size_t i = 0; i < results.size(); ++i) {
            const CellResult &a = expected[i];
            const CellResult &b = results[i];
            QCOMPARE(b.status, a.status);
            QCOMPARE(b.text, a.text);
            QCOMPARE(b.reasoning, a.reasoning);
            QCOMPARE(b.error, a.error);
            QCOMPARE(b.httpStatus, a.httpStatus);
            QCOMPARE(b.queueWaitMs, a.queueWaitMs);
            QCOMPARE(b.ttftMs, a.ttftMs);
            QCOMPARE(b.latencyMs, a.latencyMs);
            QCOMPARE(b.inputTokens, a.inputTokens);
            QCOMPARE(b.outputTokens, a.outputTokens);
            QCOMPARE(b.finishReason, a.finishReason);
            QCOMPARE(b.costUsd, a.costUsd);
            QCOMPARE(b.attempts, a.attempts);
            QCOMPARE(b.startedAt, a.startedAt);
            QCOMPARE(b.finishedAt, a.finishedAt);
        }
        QCOMPARE(results[0].text, QStringLiteral("alpha \u00e9\u2603 answer"));
        QVERIFY(!reopened.loadRun(9999, &loaded, &results, &error));
        QVERIFY(error.contains(QLatin1String("9999")));
    }

    void checkpointsStreamingTextInBatches()
    {
        QTemporaryDir dir;
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) {
            QStringList pieces;
            for (int i = 0; i < 120; ++i)
                pieces.append(QStringLiteral("w%1 ").arg(i));
            FakeResponse response = FakeResponse::openAiStream(pieces);
            response.chunkDelayMs = 20;
            return response;
        });
        const QString path = dir.filePath(QStringLiteral("h.sqlite"));
        Scheduler scheduler;
        scheduler.setProviders(localProvider(server));
        HistoryStore store;
        QVERIFY(store.open(path));
        store.attach(&scheduler);
        QSignalSpy changed(&scheduler, &Scheduler::cellsChanged);
        scheduler.start(RunPlan::fromPrompts({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                                             {column(QStringLiteral("m"))}, 1, {}));
        QTRY_VERIFY(store.currentRunId() > 0);
        // While the cells stream, a second reader sees their partial text.
        HistoryStore reader;
        QVERIFY(reader.open(path));
        QCOMPARE(reader.interruptedOnOpen(), 0); // this process is alive: nothing is interrupted
        RunPlan plan;
        std::vector<CellResult> results;
        QTRY_VERIFY_WITH_TIMEOUT(reader.loadRun(store.currentRunId(), &plan, &results) && results[1].status == CellStatus::Running
                                     && results[1].text.startsWith(QLatin1String("w0 w1 ")),
                                 3000);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        QVERIFY(finished.wait(10000));
        store.flush();
        // About 2.5 s of streaming, ~100 repaint batches for 3 cells: one transaction per tick,
        // never one per token.
        QVERIFY2(changed.count() > 40, qPrintable(QString::number(changed.count())));
        QVERIFY2(store.writeTransactions() <= 10, qPrintable(QString::number(store.writeTransactions())));
        QVERIFY(reader.loadRun(store.currentRunId(), &plan, &results));
        for (const CellResult &r : results) {
            QCOMPARE(r.status, CellStatus::Ok);
            QVERIFY(r.text.endsWith(QLatin1String("w119 ")));
        }
    }

    void writesStayShortOnTheGuiThread()
    {
        // 1,000 demo cells (64 at a time, each streaming for a few seconds): the store writes
        // on the GUI thread, so each transaction must stay far below a frame.
        QTemporaryDir dir;
        Scheduler scheduler;
        HistoryStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("h.sqlite"))));
        store.attach(&scheduler);
        QStringList prompts;
        for (int i = 0; i < 250; ++i)
            prompts.append(QStringLiteral("prompt %1 with some words to echo back").arg(i));
        QList<ModelColumn> demo;
        for (const QString &model : {QStringLiteral("echo"), QStringLiteral("fast"), QStringLiteral("verbose"), QStringLiteral("slow")}) {
            ModelColumn c;
            c.provider = QStringLiteral("demo");
            c.model = model;
            demo.append(c);
        }
        scheduler.start(RunPlan::fromPrompts(prompts, demo, 1, {}));
        QCOMPARE(scheduler.cellCount(), 1000);
        QTest::qWait(2500);
        scheduler.cancelAll();
        store.flush();
        qInfo("history: %d write transactions, longest %lld ms, for 1000 cells", store.writeTransactions(), store.longestWriteMs());
        QVERIFY(store.writeTransactions() > 2);
        QVERIFY2(store.longestWriteMs() < 100, qPrintable(QString::number(store.longestWriteMs())));
        QCOMPARE(store.runs().first().cells, 1000);
    }

    void marksCellsOfDeadProcessesInterrupted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("h.sqlite"));
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse slow = FakeResponse::openAiStream({QStringLiteral("partial"), QStringLiteral(" more")});
        slow.chunkDelayMs = 5000;
        server.setHandler([slow](const RecordedRequest &) { return slow; });
        qint64 runId = 0;
        {
            Scheduler scheduler;
            scheduler.setProviders(localProvider(server));
            scheduler.setConcurrencyOverride(1);
            HistoryStore store;
            QVERIFY(store.open(path));
            store.attach(&scheduler);
            scheduler.start(RunPlan::fromPrompts({QStringLiteral("a"), QStringLiteral("b")}, {column(QStringLiteral("m"))}, 1, {}));
            QTRY_VERIFY(store.currentRunId() > 0);
            runId = store.currentRunId();
            store.flush();
            store.detach();
        }
        // Pretend the run was written by a process that has since died.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("poke"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("UPDATE runs SET owner = '2147483646:1'")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("poke"));
        HistoryStore store;
        QVERIFY(store.open(path));
        QCOMPARE(store.interruptedOnOpen(), 2);
        RunPlan plan;
        std::vector<CellResult> results;
        QVERIFY(store.loadRun(runId, &plan, &results));
        QCOMPARE(results[0].status, CellStatus::Interrupted);
        QCOMPARE(results[1].status, CellStatus::Interrupted);
        QVERIFY(results[1].error.contains(QLatin1String("interrupted")));
        QCOMPARE(store.runs().first().interrupted, 2);
    }

    void restoreAndRetryWritesIntoTheSameRun()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("h.sqlite"));
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::jsonError(400, R"({"error":{"message":"bad"}})"));
        server.setHandler([](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral("fine")}); });
        Scheduler scheduler;
        scheduler.setProviders(localProvider(server));
        scheduler.setConcurrencyOverride(1);
        HistoryStore store;
        QVERIFY(store.open(path));
        store.attach(&scheduler);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(RunPlan::fromPrompts({QStringLiteral("a"), QStringLiteral("b")}, {column(QStringLiteral("m"))}, 1, {}));
        QVERIFY(finished.wait(5000));
        QTRY_VERIFY(store.currentRunId() > 0);
        const qint64 runId = store.currentRunId();
        store.flush();
        QCOMPARE(scheduler.result(0).status, CellStatus::Error);

        // Something else in the grid, then the saved run back.
        scheduler.load(RunPlan::fromPrompts({QStringLiteral("x")}, {column(QStringLiteral("m"))}, 1, {}), {});
        QString error;
        QVERIFY2(store.restore(runId, &error), qPrintable(error));
        QCOMPARE(scheduler.cellCount(), 2);
        QCOMPARE(scheduler.result(0).status, CellStatus::Error);
        QCOMPARE(scheduler.result(1).text, QStringLiteral("fine"));
        scheduler.retryFailed();
        QVERIFY(finished.wait(5000));
        store.flush();
        QCOMPARE(store.runs().size(), 1);
        RunPlan plan;
        std::vector<CellResult> results;
        QVERIFY(store.loadRun(runId, &plan, &results));
        QCOMPARE(results[0].status, CellStatus::Ok);
        QCOMPARE(results[0].text, QStringLiteral("fine"));
        QVERIFY(store.removeRun(runId));
        QVERIFY(store.runs().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_history_store.moc"
