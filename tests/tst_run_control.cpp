// SPDX-License-Identifier: MIT
// Pause and resume, the global cap, and retrying a row or a column without touching the cells
// that are fine.
#include "FakeLlmServer.h"
#include "FaultRun.h"
#include "PlanBuilder.h"
#include "Scheduler.h"

#include <QSignalSpy>
#include <QTest>

using namespace FaultRun;

class TestRunControl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pauseStopsNewStartsAndResumeContinues()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse slowish = FakeResponse::openAiStream({QStringLiteral("x")});
        slowish.chunkDelayMs = 50;
        server.setHandler([slowish](const RecordedRequest &) { return slowish; });
        Scheduler scheduler;
        scheduler.setProviders(providers({{QStringLiteral("local"), server.baseUrl(QStringLiteral("/v1")).toString()}}));
        scheduler.setLimits(fastLimits());
        scheduler.setConcurrencyOverride(2);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        QStringList prompts;
        for (int i = 0; i < 6; ++i)
            prompts.append(QString::number(i));
        scheduler.start(PlanBuilder::fromPrompts(prompts, columns({QStringLiteral("local")}), 1, {}));
        QTRY_COMPARE(server.requestCount(), 2);
        scheduler.pause();
        QVERIFY(scheduler.isPaused());
        // The two running cells finish; nothing new starts while paused.
        QTRY_COMPARE_WITH_TIMEOUT(scheduler.counts().ok, 2, 3000);
        QTest::qWait(300);
        QCOMPARE(server.requestCount(), 2);
        QCOMPARE(scheduler.counts().queued, 4);
        QCOMPARE(scheduler.queuePosition(2), 1);
        QCOMPARE(finished.count(), 0);
        scheduler.resume();
        QVERIFY(finished.wait(5000));
        QCOMPARE(scheduler.counts().ok, 6);
        QCOMPARE(server.requestCount(), 6);
        QCOMPARE(server.peakConcurrentRequests(), 2);
    }

    void globalCapSpansProviders()
    {
        FakeLlmServer a;
        FakeLlmServer b;
        QVERIFY(a.listen() && b.listen());
        FakeResponse slowish = FakeResponse::openAiStream({QStringLiteral("x")});
        slowish.chunkDelayMs = 30;
        a.setHandler([slowish](const RecordedRequest &) { return slowish; });
        b.setHandler([slowish](const RecordedRequest &) { return slowish; });
        int running = 0;
        int peak = 0;
        Scheduler scheduler;
        scheduler.setProviders(providers({{QStringLiteral("a"), a.baseUrl(QStringLiteral("/v1")).toString()},
                                          {QStringLiteral("b"), b.baseUrl(QStringLiteral("/v1")).toString()}}));
        scheduler.setLimits(fastLimits());
        scheduler.setGlobalConcurrency(3);
        connect(&scheduler, &Scheduler::countsChanged, this, [&](const RunCounts &counts) {
            running = counts.running;
            peak = std::max(peak, running);
        });
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        QStringList prompts;
        for (int i = 0; i < 8; ++i)
            prompts.append(QString::number(i));
        scheduler.start(PlanBuilder::fromPrompts(prompts, columns({QStringLiteral("a"), QStringLiteral("b")}), 1, {}));
        QVERIFY(finished.wait(10'000));
        QCOMPARE(scheduler.counts().ok, 16);
        QCOMPARE(peak, 3);
        QVERIFY(a.peakConcurrentRequests() + b.peakConcurrentRequests() >= 3);
        QVERIFY(a.peakConcurrentRequests() <= 3 && b.peakConcurrentRequests() <= 3);
    }

    void retryRowAndColumnLeaveGoodCellsAlone()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        // First pass: the "bad" row fails everywhere and the model "m2" column fails everywhere.
        bool healed = false;
        server.setHandler([&healed](const RecordedRequest &request) {
            const bool bad = promptOf(request) == QLatin1String("bad")
                || request.json().value(QLatin1String("model")).toString() == QLatin1String("m2");
            if (bad && !healed)
                return FakeResponse::jsonError(400, R"({"error":{"message":"no"}})");
            return FakeResponse::openAiStream({QStringLiteral("answer")});
        });
        Scheduler scheduler;
        scheduler.setProviders(providers({{QStringLiteral("local"), server.baseUrl(QStringLiteral("/v1")).toString()}}));
        scheduler.setLimits(fastLimits());
        QList<ModelColumn> models = columns({QStringLiteral("local"), QStringLiteral("local")});
        models[1].model = QStringLiteral("m2");
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("good"), QStringLiteral("bad")}, models, 1, {}));
        QVERIFY(finished.wait(5000));
        // cells: (good,m) ok, (good,m2) error, (bad,m) error, (bad,m2) error
        QCOMPARE(scheduler.counts().ok, 1);
        QCOMPARE(scheduler.counts().failed, 3);
        const QDateTime goodFinished = scheduler.result(0).finishedAt;
        healed = true;

        scheduler.retryRow(1);
        QVERIFY(finished.wait(5000));
        QCOMPARE(server.requestCount(), 4 + 2);
        QCOMPARE(cellStatusName(scheduler.result(scheduler.cellIndex(1, 0)).status), QStringLiteral("ok"));
        QCOMPARE(cellStatusName(scheduler.result(scheduler.cellIndex(1, 1)).status), QStringLiteral("ok"));
        QCOMPARE(cellStatusName(scheduler.result(scheduler.cellIndex(0, 1)).status), QStringLiteral("error"));

        scheduler.retryColumn(1);
        QVERIFY(finished.wait(5000));
        // Only the one failed cell of that column was sent again.
        QCOMPARE(server.requestCount(), 4 + 2 + 1);
        QCOMPARE(scheduler.counts().ok, 4);
        // The cell that was fine from the start was never touched.
        QCOMPARE(scheduler.result(0).finishedAt, goodFinished);
        QCOMPARE(scheduler.result(0).attempts, 1);
    }

    void loadMarksUnfinishedCellsInterrupted()
    {
        Scheduler scheduler;
        std::vector<CellResult> results(3);
        results[0].status = CellStatus::Ok;
        results[0].text = QStringLiteral("kept");
        results[1].status = CellStatus::Running;
        results[1].text = QStringLiteral("half");
        results[2].status = CellStatus::Queued;
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.load(PlanBuilder::fromPrompts({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                                            columns({QStringLiteral("demo")}), 1, {}),
                       results);
        QCOMPARE(cellStatusName(scheduler.result(0).status), QStringLiteral("ok"));
        QCOMPARE(cellStatusName(scheduler.result(1).status), QStringLiteral("interrupted"));
        QCOMPARE(scheduler.result(1).text, QStringLiteral("half"));
        QCOMPARE(cellStatusName(scheduler.result(2).status), QStringLiteral("interrupted"));
        QVERIFY(!scheduler.isActive());
        QCOMPARE(scheduler.counts().failed, 2);
        QTest::qWait(50);
        QCOMPARE(finished.count(), 0); // nothing was started
    }
};

QTEST_GUILESS_MAIN(TestRunControl)
#include "tst_run_control.moc"
