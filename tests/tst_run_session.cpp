// SPDX-License-Identifier: MIT
// A run's owner: a live run recorded into the history as it streams (cells saved when they
// start and end, streamed text checkpointed in batches, short writes on the GUI thread),
// unfinished cells of dead processes marked interrupted, and a saved run restored and retried
// into the same run.
#include "CsvReader.h"
#include "ExportJob.h"
#include "FakeLlmServer.h"
#include "FaultRun.h"
#include "HistoryDatabase.h"
#include "HistoryRecorder.h"
#include "JudgingState.h"
#include "QuickCheckRunner.h"
#include "PlanBuilder.h"
#include "RunSession.h"
#include "Scheduler.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {
QString promptOf(const RecordedRequest &request)
{
    const QJsonArray messages = request.json().value(QLatin1String("messages")).toArray();
    return messages.last().toObject().value(QLatin1String("content")).toString();
}
} // namespace

class TestRunSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
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
        RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("alpha"), QStringLiteral("bad")},
                                            {FaultRun::localColumn(QStringLiteral("m1")), FaultRun::localColumn(QStringLiteral("m2"))}, 1, {});
        std::vector<CellResult> expected;
        {
            RunSession session(RunSettings::Storage::Transient);
            Scheduler &scheduler = *session.scheduler();
            scheduler.setProviders(FaultRun::localProvider(server));
            HistoryDatabase &store = *session.history();
            HistoryRecorder &storeRecorder = *session.recorder();
            QVERIFY(store.open(path));
            QCOMPARE(store.interruptedOnOpen(), 0);
            storeRecorder.attach(&scheduler);
            QSignalSpy finished(&scheduler, &Scheduler::runFinished);
            scheduler.start(plan);
            QVERIFY(finished.wait(5000));
            QTRY_VERIFY(storeRecorder.currentRunId() > 0);
            storeRecorder.flush();
            for (int cell = 0; cell < scheduler.cellCount(); ++cell)
                expected.push_back(scheduler.result(cell));
        }
        HistoryDatabase reopened;
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
        RunSession session(RunSettings::Storage::Transient);
        Scheduler &scheduler = *session.scheduler();
        scheduler.setProviders(FaultRun::localProvider(server));
        HistoryDatabase &store = *session.history();
        HistoryRecorder &storeRecorder = *session.recorder();
        QVERIFY(store.open(path));
        storeRecorder.attach(&scheduler);
        QSignalSpy changed(&scheduler, &Scheduler::cellsChanged);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                                             {FaultRun::localColumn(QStringLiteral("m"))}, 1, {}));
        QTRY_VERIFY(storeRecorder.currentRunId() > 0);
        // While the cells stream, a second reader sees their partial text.
        HistoryDatabase reader;
        QVERIFY(reader.open(path));
        QCOMPARE(reader.interruptedOnOpen(), 0); // this process is alive: nothing is interrupted
        RunPlan plan;
        std::vector<CellResult> results;
        QTRY_VERIFY_WITH_TIMEOUT(reader.loadRun(storeRecorder.currentRunId(), &plan, &results) && results[1].status == CellStatus::Running
                                     && results[1].text.startsWith(QLatin1String("w0 w1 ")),
                                 3000);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        QVERIFY(finished.wait(10000));
        storeRecorder.flush();
        // About 2.5 s of streaming, ~100 repaint batches for 3 cells: one transaction per tick,
        // never one per token.
        QVERIFY2(changed.count() > 40, qPrintable(QString::number(changed.count())));
        QVERIFY2(store.writeTransactions() <= 10, qPrintable(QString::number(store.writeTransactions())));
        QVERIFY(reader.loadRun(storeRecorder.currentRunId(), &plan, &results));
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
        RunSession session(RunSettings::Storage::Transient);
        Scheduler &scheduler = *session.scheduler();
        HistoryDatabase &store = *session.history();
        HistoryRecorder &storeRecorder = *session.recorder();
        QVERIFY(store.open(dir.filePath(QStringLiteral("h.sqlite"))));
        storeRecorder.attach(&scheduler);
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
        scheduler.start(PlanBuilder::fromPrompts(prompts, demo, 1, {}));
        QCOMPARE(scheduler.cellCount(), 1000);
        QTest::qWait(2500);
        scheduler.cancelAll();
        storeRecorder.flush();
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
            RunSession session(RunSettings::Storage::Transient);
            Scheduler &scheduler = *session.scheduler();
            scheduler.setProviders(FaultRun::localProvider(server));
            scheduler.setConcurrencyOverride(1);
            HistoryDatabase &store = *session.history();
            HistoryRecorder &storeRecorder = *session.recorder();
            QVERIFY(store.open(path));
            storeRecorder.attach(&scheduler);
            scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("a"), QStringLiteral("b")}, {FaultRun::localColumn(QStringLiteral("m"))}, 1, {}));
            QTRY_VERIFY(storeRecorder.currentRunId() > 0);
            runId = storeRecorder.currentRunId();
            storeRecorder.flush();
            storeRecorder.detach();
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
        HistoryDatabase store;
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
        RunSession session(RunSettings::Storage::Transient);
        Scheduler &scheduler = *session.scheduler();
        scheduler.setProviders(FaultRun::localProvider(server));
        session.settings()->setConcurrencyOverride(1);
        HistoryDatabase &store = *session.history();
        HistoryRecorder &storeRecorder = *session.recorder();
        QVERIFY(store.open(path));
        storeRecorder.attach(&scheduler);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("a"), QStringLiteral("b")}, {FaultRun::localColumn(QStringLiteral("m"))}, 1, {}));
        QVERIFY(finished.wait(5000));
        QTRY_VERIFY(storeRecorder.currentRunId() > 0);
        const qint64 runId = storeRecorder.currentRunId();
        storeRecorder.flush();
        QCOMPARE(scheduler.result(0).status, CellStatus::Error);

        // Something else in the grid, then the saved run back.
        scheduler.load(PlanBuilder::fromPrompts({QStringLiteral("x")}, {FaultRun::localColumn(QStringLiteral("m"))}, 1, {}), {});
        QString error;
        QVERIFY2(session.restore(runId, &error), qPrintable(error));
        QCOMPARE(scheduler.cellCount(), 2);
        QCOMPARE(scheduler.result(0).status, CellStatus::Error);
        QCOMPARE(scheduler.result(1).text, QStringLiteral("fine"));
        scheduler.retryFailed();
        QVERIFY(finished.wait(5000));
        storeRecorder.flush();
        QCOMPARE(store.runs().size(), 1);
        RunPlan plan;
        std::vector<CellResult> results;
        QVERIFY(store.loadRun(runId, &plan, &results));
        QCOMPARE(results[0].status, CellStatus::Ok);
        QCOMPARE(results[0].text, QStringLiteral("fine"));
        QVERIFY(store.removeRun(runId));
        QVERIFY(store.runs().isEmpty());
    }

    void settingsAndOverridesReachTheScheduler()
    {
        // One settings object: whatever changes it reaches the scheduler at once; a run's own
        // overrides last until another run replaces the grid.
        RunSession session(RunSettings::Storage::Transient);
        Scheduler &scheduler = *session.scheduler();
        QSignalSpy replaced(&session, &RunSession::runReplaced);
        RequestLimits limits;
        limits.maxAttempts = 7;
        limits.totalTimeoutMs = 90'000;
        session.settings()->setLimits(limits);
        session.settings()->setSpendCap(1.5);
        session.settings()->setGlobalConcurrency(4);
        QCOMPARE(scheduler.limits().maxAttempts, 7);
        QCOMPARE(scheduler.spendCap().value_or(-1), 1.5);
        // The CLI's --spend-cap 0 is a cap of $0, not none.
        session.settings()->setSpendCap(0.0);
        QCOMPARE(scheduler.spendCap().value_or(-1), 0.0);
        session.settings()->setSpendCapUsd(0);
        QVERIFY(!scheduler.spendCap());
        ModelColumn demo;
        demo.provider = QStringLiteral("demo");
        demo.model = QStringLiteral("echo");
        const RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("hi")}, {demo}, 1, {});
        RunOverrides overrides;
        RequestLimits quick = limits;
        quick.totalTimeoutMs = 5'000;
        overrides.limits = quick;
        overrides.concurrency = 2;
        session.start(plan, this, overrides);
        QCOMPARE(session.owner(), this);
        QCOMPARE(replaced.size(), 1);
        QCOMPARE(scheduler.limits().totalTimeoutMs, 5'000);
        // Settings changed during the run keep the run's overrides.
        limits.maxAttempts = 2;
        session.settings()->setLimits(limits);
        QCOMPARE(scheduler.limits().totalTimeoutMs, 5'000);
        session.start(plan);
        QCOMPARE(session.owner(), nullptr);
        QCOMPARE(replaced.size(), 2);
        QCOMPARE(scheduler.limits().totalTimeoutMs, 90'000);
        QCOMPARE(scheduler.limits().maxAttempts, 2);
        session.load(plan, {}, this);
        QCOMPARE(session.owner(), this);
        QCOMPARE(replaced.size(), 3);
    }

    void exportsTheGridWithItsJudging()
    {
        // Snapshot (with the session's ratings and checks), worker, file: one call.
        QTemporaryDir dir;
        RunSession session(RunSettings::Storage::Transient);
        ModelColumn demo;
        demo.provider = QStringLiteral("demo");
        demo.model = QStringLiteral("echo");
        std::vector<CellResult> results(2);
        results[0].status = CellStatus::Ok;
        results[0].text = QStringLiteral("{\"a\": 1}");
        results[1].status = CellStatus::Ok;
        results[1].text = QStringLiteral("not json");
        session.load(PlanBuilder::fromPrompts({QStringLiteral("p0"), QStringLiteral("p1")}, {demo}, 1, {}), results);
        Ratings ratings;
        ratings.setRating(CellAddress{1, 0, 0}, 4);
        session.judging()->setRatings(ratings);
        QuickCheckSet checks;
        QuickCheck json;
        json.kind = QuickCheck::ValidJson;
        checks.addRunCheck(json);
        session.judging()->setChecks(checks);
        const QString path = dir.filePath(QStringLiteral("out.csv"));
        CsvWriter::Options options;
        ExportJob *job = session.exportTo(path, ExportJob::Format::Csv, options, this, QList<int>{1, 0});
        QSignalSpy finished(job, &ExportJob::finished);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(finished.first().at(0).toString(), path);
        QCOMPARE(finished.first().at(1).toString(), QString());
        QCOMPARE(job->future().result(), QString());
        delete job;
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QList<QStringList> rows;
        QString error;
        QVERIFY2(CsvReader::parse(file.readAll(), &rows, &error), qPrintable(error));
        QCOMPARE(rows.size(), 3);
        const qsizetype rating = rows.first().indexOf(QStringLiteral("rating"));
        const qsizetype passed = rows.first().indexOf(QStringLiteral("checks_passed"));
        const qsizetype prompt = rows.first().indexOf(QStringLiteral("prompt"));
        QVERIFY(rating > 0 && passed > 0 && prompt > 0);
        // The cells in the order asked for, each with its judgement.
        QCOMPARE(rows.at(1).at(prompt), QStringLiteral("p1"));
        QCOMPARE(rows.at(1).at(rating), QStringLiteral("4"));
        QCOMPARE(rows.at(1).at(passed), QStringLiteral("0"));
        QCOMPARE(rows.at(2).at(rating), QString());
        QCOMPARE(rows.at(2).at(passed), QStringLiteral("1"));
        // The counts are the quick-check runner's, found when each answer finished; a cell sent
        // again has none until it has finished again.
        QCOMPARE(session.snapshot().at(1).judgement.checksFailed.value_or(-1), 1);
        session.scheduler()->retryCell(1);
        QCOMPARE(session.snapshot().at(1).result.status, CellStatus::Queued);
        QVERIFY(!session.snapshot().at(1).judgement.checksPassed);
        QCOMPARE(session.snapshot().at(0).judgement.checksPassed.value_or(-1), 1);
        session.scheduler()->cancelAll();
    }

    void loadedCellsAreCheckedAtOnce()
    {
        // A saved run shown again (restored, or a comparison opened with results) is checked as
        // soon as it is in the grid: its cells are in place when the grid announces planReset.
        RunSession session(RunSettings::Storage::Transient);
        QuickCheckSet checks;
        QuickCheck contains;
        contains.kind = QuickCheck::Contains;
        contains.text = QStringLiteral("a");
        checks.addRunCheck(contains);
        session.judging()->setChecks(checks);
        ModelColumn demo;
        demo.provider = QStringLiteral("demo");
        demo.model = QStringLiteral("echo");
        std::vector<CellResult> results(2);
        results[0].status = CellStatus::Ok;
        results[0].text = QStringLiteral("abc");
        results[1].status = CellStatus::Ok;
        results[1].text = QStringLiteral("xyz");
        session.load(PlanBuilder::fromPrompts({QStringLiteral("p0"), QStringLiteral("p1")}, {demo}, 1, {}), results);
        QVERIFY(session.quickChecks()->outcome(0));
        QVERIFY(session.quickChecks()->outcome(0)->allPassed());
        QVERIFY(session.quickChecks()->outcome(1));
        QCOMPARE(session.quickChecks()->outcome(1)->failed, 1);
    }
};

QTEST_GUILESS_MAIN(TestRunSession)
#include "tst_run_session.moc"
