// SPDX-License-Identifier: MIT
// Scheduler: concurrency caps, cancelling a cell, a row, a column or everything, retries,
// queue positions, grid order, rate limits, the Demo provider, configuration errors and
// destruction with requests in flight.
#include "FakeLlmServer.h"
#include "PlanBuilder.h"
#include "ResultRecord.h"
#include "Scheduler.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace {
constexpr auto kUnsetVariable = "PROMPTGRID_TST_SCHEDULER_UNSET_KEY";

ProviderRegistry registryFor(const FakeLlmServer &server, const QString &extraFields = {})
{
    QString error;
    const auto registry = ProviderRegistry::fromJson(
        QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1"%2}]})")
            .arg(server.baseUrl().toString(), extraFields)
            .toUtf8(),
        &error);
    if (!registry)
        qFatal("bad providers JSON in test: %s", qPrintable(error));
    return *registry;
}

ModelColumn column(const QString &provider, const QString &model)
{
    ModelColumn c;
    c.provider = provider;
    c.model = model;
    return c;
}

QStringList prompts(int n)
{
    QStringList list;
    for (int i = 0; i < n; ++i)
        list.append(QStringLiteral("prompt %1").arg(i));
    return list;
}

// A stream of \a pieces pieces, \a delayMs apart.
FakeResponse slowStream(int pieces, int delayMs)
{
    QStringList words;
    for (int i = 0; i < pieces; ++i)
        words.append(QStringLiteral("w%1 ").arg(i));
    FakeResponse response = FakeResponse::openAiStream(words);
    response.chunkDelayMs = delayMs;
    return response;
}

/// \a count prompts, one column: the fake server's model "m", one sample, no system prompt.
RunPlan localPlan(int count)
{
    return PlanBuilder::fromPrompts(prompts(count), {column(QStringLiteral("local"), QStringLiteral("m"))}, 1, {});
}

QString fullText(int pieces)
{
    QString text;
    for (int i = 0; i < pieces; ++i)
        text += QStringLiteral("w%1 ").arg(i);
    return text;
}

QString status(const Scheduler &scheduler, int cell)
{
    return cellStatusName(scheduler.result(cell).status);
}

// The counts the scheduler reports must match its cells, whatever happened.
bool countsMatch(const Scheduler &scheduler)
{
    RunCounts expected;
    for (int cell = 0; cell < scheduler.cellCount(); ++cell) {
        switch (scheduler.result(cell).status) {
        case CellStatus::Queued:
            expected.queued++;
            break;
        case CellStatus::Running:
            expected.running++;
            break;
        case CellStatus::Ok:
            expected.ok++;
            break;
        case CellStatus::Cancelled:
            expected.cancelled++;
            break;
        default:
            expected.failed++;
        }
    }
    const RunCounts got = scheduler.counts();
    const bool same = got.queued == expected.queued && got.running == expected.running && got.ok == expected.ok
        && got.failed == expected.failed && got.cancelled == expected.cancelled;
    if (!same)
        qWarning("counts q%d r%d ok%d f%d c%d, cells say q%d r%d ok%d f%d c%d", got.queued, got.running, got.ok, got.failed,
                 got.cancelled, expected.queued, expected.running, expected.ok, expected.failed, expected.cancelled);
    return same;
}
} // namespace

class TestScheduler : public QObject
{
    Q_OBJECT

    // Runs \a cells cells against a slow server and returns the most requests seen at once.
    int peakFor(const QString &extraFields, int cells, int overrideCap)
    {
        FakeLlmServer server;
        if (!server.listen())
            return -1;
        server.setHandler([](const RecordedRequest &) { return slowStream(4, 12); });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server, extraFields));
        if (overrideCap > 0)
            scheduler.setConcurrencyOverride(overrideCap);
        int peakRunning = 0;
        connect(&scheduler, &Scheduler::cellStarted, this, [&] { peakRunning = std::max(peakRunning, scheduler.counts().running); });
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(localPlan(cells));
        if (!finished.wait(15'000))
            return -2;
        if (scheduler.counts().ok != cells || !countsMatch(scheduler) || finished.size() != 1)
            return -3;
        if (server.requestCount() != cells)
            return -4;
        if (peakRunning != server.peakConcurrentRequests())
            qWarning("client peak %d, server peak %d", peakRunning, server.peakConcurrentRequests());
        return std::max(peakRunning, server.peakConcurrentRequests());
    }

private Q_SLOTS:
    void init() { qunsetenv(kUnsetVariable); }

    void concurrencyCapNeverExceeded() { QCOMPARE(peakFor(QStringLiteral(R"(,"max_concurrency":3)"), 10, 0), 3); }

    void defaultCapIsEight() { QCOMPARE(peakFor({}, 12, 0), 8); }

    void concurrencyOverride() { QCOMPARE(peakFor(QStringLiteral(R"(,"max_concurrency":5)"), 8, 2), 2); }

    void cancelOneWhileOthersFinish()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return slowStream(10, 20); });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server));
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(localPlan(4));
        QTRY_VERIFY_WITH_TIMEOUT(!scheduler.result(1).text.isEmpty(), 5000);
        scheduler.cancelCell(1);
        QCOMPARE(status(scheduler, 1), QStringLiteral("cancelled"));
        QVERIFY(countsMatch(scheduler));
        QVERIFY(finished.wait(10'000));
        QCOMPARE(finished.size(), 1);
        for (int cell : {0, 2, 3}) {
            QCOMPARE(status(scheduler, cell), QStringLiteral("ok"));
            QCOMPARE(scheduler.result(cell).text, fullText(10));
        }
        QCOMPARE(status(scheduler, 1), QStringLiteral("cancelled"));
        QVERIFY(!scheduler.result(1).text.isEmpty());
        QVERIFY(scheduler.result(1).text.size() < fullText(10).size());
        QCOMPARE(server.clientAborts(), 1);
        QCOMPARE(scheduler.counts().ok, 3);
        QCOMPARE(scheduler.counts().cancelled, 1);
        QVERIFY(countsMatch(scheduler));
    }

    void cancelRowRunningAndQueued()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return slowStream(6, 30); });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server, QStringLiteral(R"(,"max_concurrency":2)")));
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        // Cells: r0c0 r0c1 (running), r1c0 r1c1 (queued), r2c0 r2c1 (queued).
        scheduler.start(PlanBuilder::fromPrompts(prompts(3),
                                             {column(QStringLiteral("local"), QStringLiteral("a")), column(QStringLiteral("local"), QStringLiteral("b"))},
                                             1, {}));
        QTRY_COMPARE_WITH_TIMEOUT(server.activeRequests(), 2, 5000);
        scheduler.cancelRow(0);
        scheduler.cancelRow(1);
        for (int c = 0; c < 2; ++c) {
            QCOMPARE(status(scheduler, scheduler.cellIndex(0, c)), QStringLiteral("cancelled"));
            QCOMPARE(status(scheduler, scheduler.cellIndex(1, c)), QStringLiteral("cancelled"));
        }
        QVERIFY(countsMatch(scheduler));
        QVERIFY(finished.wait(10'000));
        QCOMPARE(status(scheduler, scheduler.cellIndex(2, 0)), QStringLiteral("ok"));
        QCOMPARE(status(scheduler, scheduler.cellIndex(2, 1)), QStringLiteral("ok"));
        // The queued row was never sent.
        QCOMPARE(server.requestCount(), 4);
        QCOMPARE(server.clientAborts(), 2);
        QCOMPARE(scheduler.counts().cancelled, 4);
        QVERIFY(countsMatch(scheduler));
    }

    void cancelColumn()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return slowStream(6, 30); });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server));
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts(prompts(2),
                                             {column(QStringLiteral("local"), QStringLiteral("a")), column(QStringLiteral("local"), QStringLiteral("b")),
                                              column(QStringLiteral("local"), QStringLiteral("c"))},
                                             1, {}));
        QTRY_COMPARE_WITH_TIMEOUT(server.activeRequests(), 6, 5000);
        scheduler.cancelColumn(1);
        QVERIFY(finished.wait(10'000));
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(status(scheduler, scheduler.cellIndex(row, 0)), QStringLiteral("ok"));
            QCOMPARE(status(scheduler, scheduler.cellIndex(row, 1)), QStringLiteral("cancelled"));
            QCOMPARE(status(scheduler, scheduler.cellIndex(row, 2)), QStringLiteral("ok"));
        }
        QCOMPARE(server.clientAborts(), 2);
        QVERIFY(countsMatch(scheduler));
    }

    void cancelAll()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return slowStream(20, 30); });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server, QStringLiteral(R"(,"max_concurrency":4)")));
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        QSignalSpy cellFinished(&scheduler, &Scheduler::cellFinished);
        scheduler.start(localPlan(10));
        QTRY_COMPARE_WITH_TIMEOUT(server.activeRequests(), 4, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!scheduler.result(3).text.isEmpty(), 5000);
        scheduler.cancelAll();
        // Every cell is final at once, and the run is over.
        for (int cell = 0; cell < scheduler.cellCount(); ++cell)
            QCOMPARE(status(scheduler, cell), QStringLiteral("cancelled"));
        QVERIFY(!scheduler.isActive());
        QCOMPARE(finished.size(), 1);
        QCOMPARE(cellFinished.size(), 10);
        QCOMPARE(scheduler.counts().cancelled, 10);
        QVERIFY(countsMatch(scheduler));
        // The server saw every connection in flight closed, and nothing new was sent.
        QTRY_COMPARE_WITH_TIMEOUT(server.clientAborts(), 4, 1000);
        QTest::qWait(200);
        QCOMPARE(server.requestCount(), 4);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(cellFinished.size(), 10);
        QVERIFY(!scheduler.result(0).text.isEmpty()); // partial text kept
    }

    void retryFailedCellLeavesOkCellsAlone()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        bool failBad = true;
        server.setHandler([&failBad](const RecordedRequest &request) {
            if (failBad && request.json().value(QLatin1String("model")).toString() == QLatin1String("bad"))
                return FakeResponse::jsonError(400, R"({"error":{"message":"bad request for bad"}})");
            return FakeResponse::openAiStream({QStringLiteral("fine")}, 3, 1);
        });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server));
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts(prompts(2),
                                             {column(QStringLiteral("local"), QStringLiteral("good")), column(QStringLiteral("local"), QStringLiteral("bad"))},
                                             1, {}));
        QVERIFY(finished.wait(10'000));
        const int bad = scheduler.cellIndex(1, 1);
        QCOMPARE(status(scheduler, bad), QStringLiteral("error"));
        QCOMPARE(scheduler.result(bad).httpStatus, 400);
        QCOMPARE(scheduler.counts().failed, 2);
        QList<CellResult> before;
        for (int cell = 0; cell < scheduler.cellCount(); ++cell)
            before.append(scheduler.result(cell));

        failBad = false;
        finished.clear();
        QSignalSpy changed(&scheduler, &Scheduler::cellsChanged);
        scheduler.retryCell(bad);
        // The old result is gone at once.
        QCOMPARE(status(scheduler, bad), QStringLiteral("queued"));
        QVERIFY(scheduler.result(bad).error.isEmpty());
        QCOMPARE(scheduler.result(bad).httpStatus, 0);
        QVERIFY(!scheduler.result(bad).latencyMs);
        QVERIFY(countsMatch(scheduler));
        QVERIFY(finished.wait(10'000));
        const CellResult after = scheduler.result(bad);
        QCOMPARE(cellStatusName(after.status), QStringLiteral("ok"));
        QCOMPARE(after.text, QStringLiteral("fine"));
        QVERIFY(after.error.isEmpty());
        QCOMPARE(after.httpStatus, 200);
        QCOMPARE(after.attempts, 1);
        QVERIFY(after.startedAt > before.at(bad).startedAt || after.startedAt == before.at(bad).startedAt);
        QCOMPARE(server.requestCount(), 5);
        // Every other cell is exactly as it was and was never repainted.
        for (int cell = 0; cell < scheduler.cellCount(); ++cell) {
            if (cell == bad)
                continue;
            QCOMPARE(scheduler.result(cell).status, before.at(cell).status);
            QCOMPARE(scheduler.result(cell).text, before.at(cell).text);
            QCOMPARE(scheduler.result(cell).error, before.at(cell).error);
            QCOMPARE(scheduler.result(cell).startedAt, before.at(cell).startedAt);
            QCOMPARE(scheduler.result(cell).latencyMs, before.at(cell).latencyMs);
            for (const QList<QVariant> &args : changed)
                QVERIFY(!args.at(0).value<QList<int>>().contains(cell));
        }
        // retryFailed() retries only what is not ok.
        const int otherBad = scheduler.cellIndex(0, 1);
        QCOMPARE(status(scheduler, otherBad), QStringLiteral("error"));
        finished.clear();
        scheduler.retryFailed();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(server.requestCount(), 6);
        QCOMPARE(scheduler.counts().ok, 4);
        QVERIFY(countsMatch(scheduler));
    }

    void retryCancelledCellStartsFresh()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return slowStream(10, 20); });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server));
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(localPlan(1));
        QTRY_VERIFY_WITH_TIMEOUT(!scheduler.result(0).text.isEmpty(), 5000);
        scheduler.cancelCell(0);
        QCOMPARE(finished.size(), 1);
        const QString partial = scheduler.result(0).text;
        QVERIFY(!partial.isEmpty());
        server.setHandler([](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral("fresh")}, 2, 1); });
        scheduler.retryCell(0);
        QVERIFY(scheduler.result(0).text.isEmpty());
        QVERIFY(finished.wait(5000));
        const CellResult r = scheduler.result(0);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        QCOMPARE(r.text, QStringLiteral("fresh"));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.outputTokens.value_or(-1), 1);
        QCOMPARE(r.attempts, 1);
        QVERIFY(countsMatch(scheduler));
        QCOMPARE(scheduler.counts().ok, 1);
    }

    void cancelFromCellStarted()
    {
        // A slot that cancels the cell the moment it starts: the request must not go on.
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return slowStream(5, 20); });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server));
        connect(&scheduler, &Scheduler::cellStarted, this, [&scheduler](int cell) { scheduler.cancelCell(cell); });
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        QSignalSpy cellFinished(&scheduler, &Scheduler::cellFinished);
        scheduler.start(localPlan(3));
        QVERIFY(finished.wait(5000));
        QTest::qWait(200);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(cellFinished.size(), 3);
        for (int cell = 0; cell < 3; ++cell) {
            QCOMPARE(status(scheduler, cell), QStringLiteral("cancelled"));
            QVERIFY(scheduler.result(cell).text.isEmpty());
        }
        QCOMPARE(server.requestCount(), 0);
        QVERIFY(countsMatch(scheduler));
    }

    void repaintsAreCoalesced()
    {
        // 300 pieces 1 ms apart: one signal per piece would be ~300; the scheduler batches them
        // to about 30 a second.
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return slowStream(300, 1); });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server));
        QSignalSpy changed(&scheduler, &Scheduler::cellsChanged);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        QElapsedTimer clock;
        clock.start();
        scheduler.start(localPlan(2));
        QVERIFY(finished.wait(10'000));
        const qint64 elapsed = clock.elapsed();
        QCOMPARE(scheduler.result(0).text, fullText(300));
        QVERIFY2(changed.size() <= elapsed / 30 + 4, qPrintable(QStringLiteral("%1 signals in %2 ms").arg(changed.size()).arg(elapsed)));
        // Both cells' final states were published.
        QSet<int> seen;
        for (const QList<QVariant> &args : changed) {
            for (int cell : args.at(0).value<QList<int>>())
                seen.insert(cell);
        }
        QCOMPARE(seen, (QSet<int>{0, 1}));
    }

    void queuedCellsReportTheirPosition()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return slowStream(3, 30); });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server, QStringLiteral(R"(,"max_concurrency":1)")));
        QSignalSpy started(&scheduler, &Scheduler::cellStarted);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(localPlan(4));
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, 5000);
        QCOMPARE(scheduler.queuePosition(0), 0);
        QCOMPARE(scheduler.queuePosition(1), 1);
        QCOMPARE(scheduler.queuePosition(2), 2);
        QCOMPARE(scheduler.queuePosition(3), 3);
        QCOMPARE(status(scheduler, 1), QStringLiteral("queued"));
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 2, 5000);
        QCOMPARE(scheduler.queuePosition(0), 0);
        QCOMPARE(scheduler.queuePosition(1), 0);
        QCOMPARE(scheduler.queuePosition(2), 1);
        QCOMPARE(scheduler.queuePosition(3), 2);
        QVERIFY(finished.wait(10'000));
        for (int cell = 0; cell < 4; ++cell) {
            QCOMPARE(scheduler.queuePosition(cell), 0);
            QVERIFY(scheduler.result(cell).queueWaitMs.has_value());
        }
        // Waiting in the queue is measured.
        QVERIFY(*scheduler.result(3).queueWaitMs > *scheduler.result(0).queueWaitMs);
        QCOMPARE(server.peakConcurrentRequests(), 1);
    }

    void cellsAreOrderedPromptModelSample()
    {
        Scheduler scheduler;
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        const QList<ModelColumn> columns{column(QStringLiteral("demo"), QStringLiteral("echo")), column(QStringLiteral("demo"), QStringLiteral("fast")),
                                         column(QStringLiteral("demo"), QStringLiteral("echo"))};
        scheduler.start(PlanBuilder::fromPrompts(prompts(2), columns, 2, QStringLiteral("sys")));
        QCOMPARE(scheduler.cellCount(), 12);
        int index = 0;
        for (int row = 0; row < 2; ++row) {
            for (int c = 0; c < 3; ++c) {
                for (int sample = 0; sample < 2; ++sample) {
                    QCOMPARE(scheduler.cellIndex(row, c, sample), index);
                    const CellSpec &spec = scheduler.spec(index);
                    QCOMPARE(spec.row, row);
                    QCOMPARE(spec.column, c);
                    QCOMPARE(spec.sample, sample);
                    QCOMPARE(spec.prompt, QStringLiteral("prompt %1").arg(row));
                    QCOMPARE(spec.model.model, columns.at(c).model);
                    QCOMPARE(spec.system, QStringLiteral("sys"));
                    ++index;
                }
            }
        }
        QVERIFY(finished.wait(10'000));
        const QList<ResultRecord> records = ResultRecord::fromGrid(scheduler);
        QCOMPARE(records.size(), 12);
        for (int i = 0; i < records.size(); ++i) {
            QCOMPARE(records.at(i).spec.row, i / 6);
            QCOMPARE(records.at(i).spec.column, (i / 2) % 3);
            QCOMPARE(records.at(i).spec.sample, i % 2);
        }
    }

    void requestsPerMinuteSlowsStarts()
    {
        // 600 requests a minute: a burst of 100 (ten seconds' worth), then one every 100 ms.
        QString error;
        const auto registry = ProviderRegistry::fromJson(
            R"({"providers":[{"name":"paced","kind":"demo","requests_per_minute":600,"max_concurrency":500}]})", &error);
        QVERIFY2(registry, qPrintable(error));
        Scheduler scheduler;
        scheduler.setProviders(*registry);
        QElapsedTimer clock;
        QList<qint64> startTimes;
        connect(&scheduler, &Scheduler::cellStarted, this, [&] { startTimes.append(clock.elapsed()); });
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        clock.start();
        scheduler.start(PlanBuilder::fromPrompts(prompts(103), {column(QStringLiteral("paced"), QStringLiteral("fast"))}, 1, {}));
        QVERIFY(finished.wait(10'000));
        QCOMPARE(startTimes.size(), 103);
        QCOMPARE(scheduler.counts().ok, 103);
        std::sort(startTimes.begin(), startTimes.end());
        // The burst goes at once; the three after it wait for the bucket to refill.
        // (Only lower bounds on time: a loaded machine may be slow, never early.)
        QVERIFY2(startTimes.at(100) >= 80, qPrintable(QString::number(startTimes.at(100))));
        QVERIFY2(startTimes.at(101) >= 170, qPrintable(QString::number(startTimes.at(101))));
        QVERIFY2(startTimes.at(102) >= 270, qPrintable(QString::number(startTimes.at(102))));
        QVERIFY2(startTimes.at(102) < 2000, qPrintable(QString::number(startTimes.at(102))));
    }

    void demoRunsWithoutNetwork()
    {
        Scheduler scheduler; // knows only the Demo provider
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("Hello there")},
                                             {column(QStringLiteral("demo"), QStringLiteral("echo")), column(QStringLiteral("demo"), QStringLiteral("fast"))},
                                             1, {}));
        QVERIFY(finished.wait(10'000));
        QCOMPARE(finished.size(), 1);
        for (int cell = 0; cell < 2; ++cell) {
            const CellResult &r = scheduler.result(cell);
            QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
            QVERIFY(r.text.contains(QLatin1String("Hello there")));
            QCOMPARE(r.httpStatus, 0);
            QVERIFY(r.ttftMs && r.latencyMs && *r.ttftMs <= *r.latencyMs);
            QVERIFY(r.outputTokens.value_or(0) > 0);
        }
        QVERIFY(scheduler.findChildren<QNetworkAccessManager *>().isEmpty());
        QVERIFY(countsMatch(scheduler));
    }

    void cancelDemoCell()
    {
        Scheduler scheduler;
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        QSignalSpy cellFinished(&scheduler, &Scheduler::cellFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("one two three four five six seven eight")},
                                             {column(QStringLiteral("demo"), QStringLiteral("slow"))}, 1, {}));
        QTRY_VERIFY_WITH_TIMEOUT(!scheduler.result(0).text.isEmpty(), 5000);
        scheduler.cancelCell(0);
        const QString text = scheduler.result(0).text;
        QCOMPARE(finished.size(), 1);
        QTest::qWait(400);
        QCOMPARE(status(scheduler, 0), QStringLiteral("cancelled"));
        QCOMPARE(scheduler.result(0).text, text);
        QCOMPARE(cellFinished.size(), 1);
        QCOMPARE(finished.size(), 1);
    }

    void unknownProviderIsAnErrorCell()
    {
        Scheduler scheduler;
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("hi")},
                                             {column(QStringLiteral("nope"), QStringLiteral("m")), column(QStringLiteral("demo"), QStringLiteral("echo"))},
                                             1, {}));
        QCOMPARE(status(scheduler, 0), QStringLiteral("error"));
        QVERIFY(scheduler.result(0).error.contains(QLatin1String("nope")));
        // The run is not over while the Demo cell still runs.
        QCOMPARE(finished.size(), 0);
        QVERIFY(scheduler.isActive());
        QVERIFY(finished.wait(10'000));
        QCOMPARE(status(scheduler, 1), QStringLiteral("ok"));
        QTest::qWait(50);
        QCOMPARE(finished.size(), 1);
        QVERIFY(countsMatch(scheduler));
    }

    void onlyUnknownProvidersFinishOnce()
    {
        Scheduler scheduler;
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts(prompts(3), {column(QStringLiteral("nope"), QStringLiteral("m"))}, 1, {}));
        QTest::qWait(50);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(scheduler.counts().failed, 3);
        QVERIFY(countsMatch(scheduler));
    }

    void missingApiKeyIsAnErrorCell()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server, QStringLiteral(R"(,"api_key_env":"%1")").arg(QLatin1String(kUnsetVariable))));
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(localPlan(2));
        if (finished.isEmpty())
            QVERIFY(finished.wait(5000));
        QTest::qWait(50);
        QCOMPARE(finished.size(), 1);
        for (int cell = 0; cell < 2; ++cell) {
            QCOMPARE(status(scheduler, cell), QStringLiteral("error"));
            QVERIFY2(scheduler.result(cell).error.contains(QLatin1String(kUnsetVariable)), qPrintable(scheduler.result(cell).error));
        }
        QCOMPARE(server.requestCount(), 0);
        QVERIFY(countsMatch(scheduler));
    }

    void restartCancelsThePreviousRun()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return slowStream(20, 30); });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server));
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(localPlan(3));
        QTRY_COMPARE_WITH_TIMEOUT(server.activeRequests(), 3, 5000);
        server.setHandler([](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral("second")}); });
        scheduler.start(localPlan(2));
        QCOMPARE(scheduler.cellCount(), 2);
        QVERIFY(finished.wait(10'000));
        QTest::qWait(100);
        QCOMPARE(finished.size(), 1);
        for (int cell = 0; cell < 2; ++cell)
            QCOMPARE(scheduler.result(cell).text, QStringLiteral("second"));
        QTRY_COMPARE_WITH_TIMEOUT(server.clientAborts(), 3, 1000);
        QVERIFY(countsMatch(scheduler));
    }

    void destroyedWithRequestsInFlight()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return slowStream(30, 30); });
        auto scheduler = std::make_unique<Scheduler>();
        scheduler->setProviders(registryFor(server, QStringLiteral(R"(,"max_concurrency":3)")));
        int signalsAfterDeath = 0;
        bool dead = false;
        connect(scheduler.get(), &Scheduler::cellsChanged, this, [&] { signalsAfterDeath += dead; });
        connect(scheduler.get(), &Scheduler::cellFinished, this, [&] { signalsAfterDeath += dead; });
        scheduler->start(localPlan(5));
        QTRY_COMPARE_WITH_TIMEOUT(server.activeRequests(), 3, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!scheduler->result(0).text.isEmpty(), 5000);
        dead = true;
        scheduler.reset();
        // The aborted coroutines resume on the next turns of the loop; nothing may crash, and
        // the two queued cells are never sent.
        QTRY_COMPARE_WITH_TIMEOUT(server.clientAborts(), 3, 1000);
        QTest::qWait(300);
        QCOMPARE(server.requestCount(), 3);
        QCOMPARE(signalsAfterDeath, 0);
    }

    void destroyedWithDemoCellsInFlight()
    {
        auto scheduler = std::make_unique<Scheduler>();
        scheduler->start(PlanBuilder::fromPrompts(prompts(3), {column(QStringLiteral("demo"), QStringLiteral("slow"))}, 1, {}));
        QTRY_VERIFY_WITH_TIMEOUT(!scheduler->result(0).text.isEmpty(), 5000);
        scheduler.reset();
        QTest::qWait(400); // the sleeping coroutines must not wake into a dead scheduler
        QVERIFY(!scheduler);
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
