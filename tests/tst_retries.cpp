// SPDX-License-Identifier: MIT
// Retries, backoff, rate-limit headers, timeouts and cancellation against the fake server.
#include "CsvExport.h"
#include "FakeLlmServer.h"
#include "FaultRun.h"
#include "PlanBuilder.h"
#include "ResultRecord.h"
#include "ResultsTableModel.h"
#include "RetryPolicy.h"
#include "Scheduler.h"
#include "CsvReader.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace FaultRun;

namespace {
FakeResponse healthy()
{
    return FakeResponse::openAiStream({QStringLiteral("Hello"), QStringLiteral(" world")});
}

FakeResponse withHeader(FakeResponse response, const QByteArray &name, const QByteArray &value)
{
    response.headers.append({name, value});
    return response;
}

const QByteArray kOverloaded = R"({"error":{"message":"overloaded","type":"server_error"}})";
} // namespace

class TestRetries : public QObject
{
    Q_OBJECT

    /// A scheduler with one provider "local" on \a server.
    static void setUp(Scheduler &scheduler, const FakeLlmServer &server, RequestLimits limits = fastLimits())
    {
        scheduler.setProviders(providers({{QStringLiteral("local"), server.baseUrl(QStringLiteral("/v1")).toString()}}));
        scheduler.setLimits(limits);
    }

    /// Two requests one after the other, the first answered with \a first: the milliseconds
    /// between their arrivals at the server (-1 when the run went wrong).
    qint64 startGapAfter(const FakeResponse &first)
    {
        FakeLlmServer server;
        if (!server.listen())
            return -1;
        server.enqueue(first);
        server.setHandler([](const RecordedRequest &) { return healthy(); });
        QElapsedTimer clock;
        QList<qint64> arrivals;
        connect(&server, &FakeLlmServer::requestReceived, this, [&] { arrivals.append(clock.elapsed()); });
        Scheduler scheduler;
        setUp(scheduler, server);
        scheduler.setConcurrencyOverride(1);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        clock.start();
        scheduler.start(plan({QStringLiteral("a"), QStringLiteral("b")}));
        if (!finished.wait(5000) || arrivals.size() != 2 || scheduler.counts().ok != 2)
            return -1;
        return arrivals.at(1) - arrivals.at(0);
    }

    static RunPlan plan(const QStringList &prompts)
    {
        return PlanBuilder::fromPrompts(prompts, columns({QStringLiteral("local")}), 1, {});
    }

private Q_SLOTS:
    // --- RetryPolicy units ---------------------------------------------------------------

    void retryableStatuses()
    {
        for (int status : {408, 409, 429, 500, 502, 503, 504, 529})
            QVERIFY2(RetryPolicy::isRetryableStatus(status), qPrintable(QString::number(status)));
        for (int status : {200, 301, 400, 401, 403, 404, 413, 422, 501, 505})
            QVERIFY2(!RetryPolicy::isRetryableStatus(status), qPrintable(QString::number(status)));
        QVERIFY(RetryPolicy::isRetryableNetworkError(QNetworkReply::ConnectionRefusedError));
        QVERIFY(RetryPolicy::isRetryableNetworkError(QNetworkReply::RemoteHostClosedError));
        QVERIFY(!RetryPolicy::isRetryableNetworkError(QNetworkReply::SslHandshakeFailedError));
        QVERIFY(!RetryPolicy::isRetryableNetworkError(QNetworkReply::HostNotFoundError));
        QVERIFY(!RetryPolicy::isRetryableNetworkError(QNetworkReply::OperationCanceledError));
    }

    void backoffIsFullJitterWithinCap()
    {
        for (int attempt = 1; attempt <= 10; ++attempt) {
            const int ceiling = std::min(30'000, 500 * (1 << (attempt - 1)));
            int low = ceiling;
            int high = 0;
            for (int i = 0; i < 300; ++i) {
                const int delay = RetryPolicy::backoffMs(attempt, 500, 30'000);
                QVERIFY(delay >= 0 && delay <= ceiling);
                low = std::min(low, delay);
                high = std::max(high, delay);
            }
            // Full jitter spreads over the whole range, not just near the ceiling.
            QVERIFY2(low < ceiling / 4 && high > ceiling * 3 / 4, qPrintable(QStringLiteral("%1: %2..%3").arg(attempt).arg(low).arg(high)));
        }
        QCOMPARE(RetryPolicy::backoffMs(1, 0, 0), 0);
    }

    void retryAfterHeaders()
    {
        const QDateTime now(QDate(2026, 3, 1), QTime(12, 0, 0), Qt::UTC);
        QCOMPARE(RetryPolicy::retryAfterMs("", "", now), std::nullopt);
        QCOMPARE(RetryPolicy::retryAfterMs("", "0", now).value_or(-1), 0);
        QCOMPARE(RetryPolicy::retryAfterMs("", "7", now).value_or(-1), 7000);
        QCOMPARE(RetryPolicy::retryAfterMs("", " 1.5 ", now).value_or(-1), 1500);
        // retry-after-ms wins over retry-after.
        QCOMPARE(RetryPolicy::retryAfterMs("250", "7", now).value_or(-1), 250);
        QCOMPARE(RetryPolicy::retryAfterMs("12.7", "", now).value_or(-1), 12);
        // An HTTP date (IMF-fixdate), in the future and in the past.
        QCOMPARE(RetryPolicy::retryAfterMs("", "Sun, 01 Mar 2026 12:00:42 GMT", now).value_or(-1), 42'000);
        QCOMPARE(RetryPolicy::retryAfterMs("", "Sun, 01 Mar 2026 11:00:00 GMT", now).value_or(-1), 0);
        QCOMPARE(RetryPolicy::retryAfterMs("", "soon", now), std::nullopt);
        QCOMPARE(RetryPolicy::retryAfterMs("", "-5", now), std::nullopt);
    }

    void resetDelays()
    {
        const QDateTime now(QDate(2026, 3, 1), QTime(12, 0, 0), Qt::UTC);
        QCOMPARE(RetryPolicy::resetDelayMs("1s", now).value_or(-1), 1000);
        QCOMPARE(RetryPolicy::resetDelayMs("6m0s", now).value_or(-1), 360'000);
        QCOMPARE(RetryPolicy::resetDelayMs("250ms", now).value_or(-1), 250);
        QCOMPARE(RetryPolicy::resetDelayMs("1h2m3.5s", now).value_or(-1), 3'723'500);
        QCOMPARE(RetryPolicy::resetDelayMs("2m", now).value_or(-1), 120'000);
        QCOMPARE(RetryPolicy::resetDelayMs("0.5s", now).value_or(-1), 500);
        // Anthropic: an RFC 3339 time.
        QCOMPARE(RetryPolicy::resetDelayMs("2026-03-01T12:00:30Z", now).value_or(-1), 30'000);
        QCOMPARE(RetryPolicy::resetDelayMs("2026-03-01T12:00:01.250Z", now).value_or(-1), 1250);
        QCOMPARE(RetryPolicy::resetDelayMs("2026-03-01T13:00:05+01:00", now).value_or(-1), 5000);
        QCOMPARE(RetryPolicy::resetDelayMs("2026-03-01T11:00:00Z", now).value_or(-1), 0);
        QCOMPARE(RetryPolicy::resetDelayMs("", now), std::nullopt);
        QCOMPARE(RetryPolicy::resetDelayMs("soon", now), std::nullopt);
        QCOMPARE(RetryPolicy::resetDelayMs("5x", now), std::nullopt);
    }

    void describeDelays()
    {
        QCOMPARE(RetryPolicy::describeDelay(250), QStringLiteral("250 ms"));
        QCOMPARE(RetryPolicy::describeDelay(1500), QStringLiteral("1.5 s"));
        QCOMPARE(RetryPolicy::describeDelay(30'000), QStringLiteral("30 s"));
        QCOMPARE(RetryPolicy::describeDelay(360'000), QStringLiteral("6 min"));
        QCOMPARE(RetryPolicy::describeDelay(9'000'000), QStringLiteral("2.5 h"));
        QCOMPARE(RetryPolicy::describeDelay(3'600'000'000), QStringLiteral("42 days"));
        QCOMPARE(RetryPolicy::describeDelay(99'999'999'000), QStringLiteral("1157 days"));
    }

    void absurdWaitsStayNumbers()
    {
        // Far beyond what a clock can add: capped at 100 years instead of overflowing.
        const qint64 century = qint64(100) * 365 * 24 * 3'600'000;
        QCOMPARE(RetryPolicy::retryAfterMs("", "1e300").value_or(-1), century);
        QCOMPARE(RetryPolicy::retryAfterMs("1e300", "").value_or(-1), century);
        QCOMPARE(RetryPolicy::resetDelayMs("99999999999999999999h").value_or(-1), century);
        QCOMPARE(RetryPolicy::retryAfterMs("", "nan"), std::nullopt);
    }

    // --- Retries end to end --------------------------------------------------------------

    void tooManyRequestsThenSuccess()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(withHeader(FakeResponse::jsonError(429, R"({"error":{"message":"slow down"}})"), "retry-after", "0"));
        server.enqueue(healthy());
        Scheduler scheduler;
        setUp(scheduler, server);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(plan({QStringLiteral("hi")}));
        QVERIFY(finished.wait(5000));
        const CellResult &r = scheduler.result(0);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        QCOMPARE(r.text, QStringLiteral("Hello world"));
        QCOMPARE(r.attempts, 2);
        QVERIFY(r.error.isEmpty());
        QCOMPARE(r.httpStatus, 200);
        QCOMPARE(server.requestCount(), 2);
        // The CSV's attempts column (16th) says so.
        QList<QStringList> rows;
        QString error;
        QVERIFY(CsvReader::parse(CsvExport::toCsv(ResultRecord::fromGrid(scheduler)), &rows, &error));
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).at(15), QStringLiteral("attempts"));
        QCOMPARE(rows.at(1).at(15), QStringLiteral("2"));
        QCOMPARE(rows.at(1).at(5), QStringLiteral("ok"));
    }

    void serviceUnavailableTwiceThenSuccess()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::jsonError(503, kOverloaded));
        server.enqueue(FakeResponse::jsonError(529, kOverloaded));
        server.enqueue(healthy());
        Scheduler scheduler;
        setUp(scheduler, server);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(plan({QStringLiteral("hi")}));
        QVERIFY(finished.wait(5000));
        QCOMPARE(cellStatusName(scheduler.result(0).status), QStringLiteral("ok"));
        QCOMPARE(scheduler.result(0).attempts, 3);
        QCOMPARE(server.requestCount(), 3);
    }

    void giveUpAfterMaxAttempts()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return FakeResponse::jsonError(502, kOverloaded); });
        Scheduler scheduler;
        setUp(scheduler, server);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(plan({QStringLiteral("hi")}));
        QVERIFY(finished.wait(5000));
        const CellResult &r = scheduler.result(0);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("error"));
        QCOMPARE(r.attempts, 3);
        QCOMPARE(r.httpStatus, 502);
        QVERIFY2(r.error.contains(QLatin1String("HTTP 502: overloaded")) && r.error.contains(QLatin1String("after 3 attempts")),
                 qPrintable(r.error));
        QCOMPARE(server.requestCount(), 3);
    }

    void retryAfterMsHonoured()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(withHeader(FakeResponse::jsonError(429, "{}"), "retry-after-ms", "400"));
        server.enqueue(healthy());
        QElapsedTimer clock;
        QList<qint64> arrivals;
        connect(&server, &FakeLlmServer::requestReceived, this, [&] { arrivals.append(clock.elapsed()); });
        Scheduler scheduler;
        RequestLimits limits = fastLimits();
        limits.backoffBaseMs = 5000; // if the header were ignored, the computed delay would differ
        limits.backoffCapMs = 5000;
        setUp(scheduler, server, limits);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        clock.start();
        scheduler.start(plan({QStringLiteral("hi")}));
        QVERIFY(finished.wait(5000));
        QCOMPARE(scheduler.result(0).attempts, 2);
        QCOMPARE(arrivals.size(), 2);
        const qint64 gap = arrivals.at(1) - arrivals.at(0);
        QVERIFY2(gap >= 390 && gap < 1200, qPrintable(QString::number(gap)));
    }

    void retryAfterSecondsHonoured()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(withHeader(FakeResponse::jsonError(503, "{}"), "retry-after", "1"));
        server.enqueue(healthy());
        QElapsedTimer clock;
        QList<qint64> arrivals;
        connect(&server, &FakeLlmServer::requestReceived, this, [&] { arrivals.append(clock.elapsed()); });
        Scheduler scheduler;
        setUp(scheduler, server);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        clock.start();
        scheduler.start(plan({QStringLiteral("hi")}));
        QVERIFY(finished.wait(5000));
        QCOMPARE(scheduler.result(0).attempts, 2);
        const qint64 gap = arrivals.at(1) - arrivals.at(0);
        QVERIFY2(gap >= 990 && gap < 1800, qPrintable(QString::number(gap)));
    }

    void badRequestNeverRetried()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) {
            return FakeResponse::jsonError(400, R"({"error":{"message":"max_tokens is too large","type":"invalid_request_error"}})");
        });
        Scheduler scheduler;
        setUp(scheduler, server);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(plan({QStringLiteral("hi")}));
        QVERIFY(finished.wait(5000));
        const CellResult &r = scheduler.result(0);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("error"));
        QCOMPARE(r.error, QStringLiteral("HTTP 400: max_tokens is too large (invalid_request_error)"));
        QCOMPARE(r.attempts, 1);
        QCOMPARE(server.requestCount(), 1);
    }

    void noRetryAfterPartialAnswer()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse cut = FakeResponse::openAiStream({QStringLiteral("The start"), QStringLiteral(" of it")});
        cut.chunks = cut.chunks.mid(0, 4);
        cut.cutAfterChunks = true;
        server.enqueue(cut);
        server.enqueue(healthy());
        Scheduler scheduler;
        setUp(scheduler, server);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(plan({QStringLiteral("hi")}));
        QVERIFY(finished.wait(5000));
        const CellResult &r = scheduler.result(0);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("incomplete"));
        QCOMPARE(r.text, QStringLiteral("The start of it"));
        // Qt reports a chunked body cut short either as an error or as a clean end (depending on
        // timing); without the format's end marker both are incomplete.
        QVERIFY2(r.error.startsWith(QLatin1String("connection lost mid-stream"))
                     || r.error.startsWith(QLatin1String("the stream ended before its end marker")),
                 qPrintable(r.error));
        QCOMPARE(r.attempts, 1);
        QTest::qWait(100);
        QCOMPARE(server.requestCount(), 1);
    }

    void connectionRefusedRetriedThenFinalError()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close(); // nothing listens there now
        Scheduler scheduler;
        scheduler.setProviders(providers({{QStringLiteral("local"), QStringLiteral("http://127.0.0.1:%1/v1").arg(port)}}));
        scheduler.setLimits(fastLimits());
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(plan({QStringLiteral("hi")}));
        QVERIFY(finished.wait(5000));
        const CellResult &r = scheduler.result(0);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("error"));
        QCOMPARE(r.attempts, 3);
        QVERIFY2(r.error.contains(QLatin1String("refused"), Qt::CaseInsensitive) && r.error.contains(QLatin1String("after 3 attempts")),
                 qPrintable(r.error));
    }

    void connectionRefusedThenServerUp()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        FakeLlmServer server;
        Scheduler scheduler;
        scheduler.setProviders(providers({{QStringLiteral("local"), QStringLiteral("http://127.0.0.1:%1/v1").arg(port)}}));
        RequestLimits limits = fastLimits();
        limits.maxAttempts = 10;
        limits.backoffBaseMs = 100;
        limits.backoffCapMs = 100;
        scheduler.setLimits(limits);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(plan({QStringLiteral("hi")}));
        // The server comes up on that port while the cell backs off.
        QTest::qWait(150);
        QVERIFY(server.listenOn(port));
        QVERIFY(finished.wait(5000));
        QCOMPARE(cellStatusName(scheduler.result(0).status), QStringLiteral("ok"));
        QVERIFY(scheduler.result(0).attempts >= 2);
    }

    void rateLimitHeadersDelayNextStart()
    {
        const FakeResponse first = withHeader(withHeader(healthy(), "x-ratelimit-remaining-requests", "0"),
                                              "x-ratelimit-reset-requests", "600ms");
        const qint64 gap = startGapAfter(first);
        QVERIFY2(gap >= 550 && gap < 1500, qPrintable(QString::number(gap)));
    }

    void anthropicRateLimitHeadersDelayNextStart()
    {
        const QByteArray reset = QDateTime::currentDateTimeUtc().addMSecs(700).toString(Qt::ISODateWithMs).toLatin1();
        const FakeResponse first = withHeader(withHeader(healthy(), "anthropic-ratelimit-requests-remaining", "0"),
                                              "anthropic-ratelimit-requests-reset", reset);
        const qint64 gap = startGapAfter(first);
        QVERIFY2(gap >= 450 && gap < 1500, qPrintable(QString::number(gap)));
    }

    void requestsPerMinuteBucket()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        QString error;
        auto registry = ProviderRegistry::fromJson(QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1","requests_per_minute":60}]})")
                                                       .arg(server.baseUrl(QStringLiteral("/v1")).toString())
                                                       .toUtf8(),
                                                   &error);
        QVERIFY2(registry, qPrintable(error));
        QElapsedTimer clock;
        QList<qint64> arrivals;
        connect(&server, &FakeLlmServer::requestReceived, this, [&] { arrivals.append(clock.elapsed()); });
        Scheduler scheduler;
        scheduler.setProviders(*registry);
        scheduler.setLimits(fastLimits());
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        clock.start();
        // 60/min: a burst of 10, then one a second. 11 cells: the 11th waits about a second.
        QStringList prompts;
        for (int i = 0; i < 11; ++i)
            prompts.append(QString::number(i));
        scheduler.start(plan(prompts));
        QVERIFY(finished.wait(5000));
        QCOMPARE(arrivals.size(), 11);
        std::sort(arrivals.begin(), arrivals.end());
        QVERIFY2(arrivals.at(9) < 500, qPrintable(QString::number(arrivals.at(9))));
        QVERIFY2(arrivals.at(10) >= 900, qPrintable(QString::number(arrivals.at(10))));
    }

    void attemptsCountEveryRequestSent_data()
    {
        QTest::addColumn<QList<int>>("script"); ///< per answer: 0 healthy, 1 reset, 2 not HTTP
        QTest::addColumn<int>("cells");
        QTest::addColumn<QString>("lastStatus");
        // Qt's HTTP/1.1 channel sends the request again by itself after a reset before any byte.
        QTest::addRow("reset on a fresh connection") << QList<int>{1} << 1 << QStringLiteral("ok");
        QTest::addRow("reset on a reused connection") << QList<int>{0, 1} << 2 << QStringLiteral("ok");
        QTest::addRow("always reset") << QList<int>{1, 1, 1, 1, 1, 1, 1, 1} << 1 << QStringLiteral("error");
        QTest::addRow("not HTTP") << QList<int>{2, 2, 2, 2, 2, 2, 2, 2} << 1 << QStringLiteral("error");
    }

    void attemptsCountEveryRequestSent()
    {
        QFETCH(QList<int>, script);
        QFETCH(int, cells);
        QFETCH(QString, lastStatus);
        FakeLlmServer server;
        QVERIFY(server.listen());
        for (const int step : script) {
            FakeResponse response = healthy();
            response.resetConnection = step == 1;
            if (step == 2)
                response.raw = "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n";
            server.enqueue(response);
        }
        Scheduler scheduler;
        setUp(scheduler, server);
        scheduler.setConcurrencyOverride(1);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        QStringList prompts;
        for (int i = 0; i < cells; ++i)
            prompts.append(QString::number(i));
        scheduler.start(plan(prompts));
        QVERIFY(finished.wait(5000));
        int attempts = 0;
        for (int cell = 0; cell < cells; ++cell)
            attempts += scheduler.result(cell).attempts;
        QCOMPARE(cellStatusName(scheduler.result(cells - 1).status), lastStatus);
        QCOMPARE(attempts, server.requestCount());
        if (lastStatus == QLatin1String("ok"))
            QCOMPARE(scheduler.result(cells - 1).attempts, 2);
        else // the budget counts what was sent too (Qt's own re-send may take it one past)
            QVERIFY2(attempts >= 3 && attempts <= 4, qPrintable(QString::number(attempts)));
    }

    void retryAfterLongerThanTheTimeLeft_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("wait");
        QTest::addRow("Retry-After seconds") << QByteArray("retry-after") << QByteArray("99999999") << QStringLiteral("1157 days");
        QTest::addRow("retry-after-ms") << QByteArray("retry-after-ms") << QByteArray("20000") << QStringLiteral("20 s");
    }

    void retryAfterLongerThanTheTimeLeft()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, value);
        QFETCH(QString, wait);
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(withHeader(FakeResponse::jsonError(429, R"({"error":{"message":"slow down"}})"), header, value));
        server.setHandler([](const RecordedRequest &) { return healthy(); });
        Scheduler scheduler;
        setUp(scheduler, server); // a 10 s total limit
        scheduler.setConcurrencyOverride(1);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(plan({QStringLiteral("first"), QStringLiteral("second")}));
        // Over at once, well inside the total limit, and the 429's message is kept.
        QVERIFY(finished.wait(5000));
        const CellResult &r = scheduler.result(0);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("error"));
        QVERIFY2(r.error.startsWith(QLatin1String("HTTP 429: slow down; the server asked to retry after %1 (%2: %3), later than the 10 s total time limit allows")
                                        .arg(wait, QString::fromLatin1(header), QString::fromLatin1(value))),
                 qPrintable(r.error));
        QCOMPARE(r.attempts, 1);
        QCOMPARE(r.httpStatus, 429);
        // The queued cell would have had to wait as long: it ends too, naming the wait.
        const CellResult &queued = scheduler.result(1);
        QCOMPARE(cellStatusName(queued.status), QStringLiteral("error"));
        QCOMPARE(queued.error, QStringLiteral("not sent: local asked to pause requests for %1 (%2: %3), longer than the 10 s total time limit")
                                   .arg(wait, QString::fromLatin1(header), QString::fromLatin1(value)));
        QCOMPARE(queued.attempts, 0);
        QCOMPARE(server.requestCount(), 1);
    }

    void rateLimitResetLongerThanTheTimeLimit()
    {
        // One answer says no requests are left for 1000 hours; the rest of the queue must not
        // wait for ever (or at all), and says why it was not sent.
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(withHeader(withHeader(healthy(), "x-ratelimit-remaining-requests", "0"), "x-ratelimit-reset-requests", "1000h"));
        server.setHandler([](const RecordedRequest &) { return healthy(); });
        Scheduler scheduler;
        setUp(scheduler, server);
        scheduler.setConcurrencyOverride(1);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(plan({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QVERIFY(finished.wait(5000));
        QCOMPARE(cellStatusName(scheduler.result(0).status), QStringLiteral("ok"));
        for (int cell : {1, 2}) {
            const CellResult &r = scheduler.result(cell);
            QCOMPARE(cellStatusName(r.status), QStringLiteral("error"));
            QCOMPARE(r.error, QStringLiteral("not sent: local asked to pause requests for 42 days (x-ratelimit-reset-requests: 1000h), "
                                             "longer than the 10 s total time limit"));
        }
        QCOMPARE(server.requestCount(), 1);
        // Cells queued later wait at most the cap, not 1000 hours: a retry goes out.
        scheduler.retryCell(1);
        QCOMPARE(cellStatusName(scheduler.result(1).status), QStringLiteral("queued"));
        QCOMPARE(scheduler.result(1).error, QStringLiteral("waiting 10 s (the total time limit): local asked to pause requests "
                                                           "for 42 days (x-ratelimit-reset-requests: 1000h)"));
    }

    void rateLimitPauseShowsOnQueuedCells()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(withHeader(withHeader(healthy(), "x-ratelimit-remaining-requests", "0"), "x-ratelimit-reset-requests", "700ms"));
        server.setHandler([](const RecordedRequest &) { return healthy(); });
        Scheduler scheduler;
        setUp(scheduler, server);
        scheduler.setConcurrencyOverride(1);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(plan({QStringLiteral("a"), QStringLiteral("b")}));
        QTRY_COMPARE_WITH_TIMEOUT(cellStatusName(scheduler.result(0).status), QStringLiteral("ok"), 3000);
        QCOMPARE(cellStatusName(scheduler.result(1).status), QStringLiteral("queued"));
        const QString note = QStringLiteral("waiting: local asked to pause requests for 700 ms (x-ratelimit-reset-requests: 700ms)");
        QCOMPARE(scheduler.result(1).error, note);
        // The grid shows it in the waiting cell (row 1) while its chip says "queued".
        ResultsTableModel model(&scheduler);
        QTRY_COMPARE_WITH_TIMEOUT(model.data(model.index(1, 0), Qt::DisplayRole).toString(), note, 1000);
        QCOMPARE(model.data(model.index(1, 0), ResultsTableModel::StatusNameRole).toString(), QStringLiteral("queued"));
        QVERIFY(finished.wait(5000));
        QCOMPARE(cellStatusName(scheduler.result(1).status), QStringLiteral("ok"));
        QVERIFY(scheduler.result(1).error.isEmpty());
    }

    // --- Timeouts --------------------------------------------------------------------------

    void timeouts_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::addRow("first byte") << 0 << QStringLiteral("(first-byte timeout)");
        QTest::addRow("headers then nothing") << 1 << QStringLiteral("headers arrived but no data for 0.3 s (idle timeout)");
        QTest::addRow("idle mid-stream") << 2 << QStringLiteral("in the middle of the answer (idle timeout)");
        QTest::addRow("total") << 3 << QStringLiteral("total time limit of 0.8 s reached");
    }

    void timeouts()
    {
        QFETCH(int, kind);
        QFETCH(QString, message);
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse fault = FakeResponse::openAiStream({QStringLiteral("partial"), QStringLiteral(" more"), QStringLiteral(" and more")});
        RequestLimits limits = fastLimits();
        limits.firstByteTimeoutMs = 300;
        limits.idleTimeoutMs = 300;
        limits.totalTimeoutMs = 800;
        switch (kind) {
        case 0:
            fault.hangBeforeHeaders = true;
            break;
        case 1:
            fault.hangAfterHeaders = true;
            break;
        case 2:
            // The start of the answer at once, then a long silence.
            fault.chunks = {fault.chunks.at(0) + fault.chunks.at(1) + fault.chunks.at(2), QByteArray()};
            fault.chunkDelayMs = 1000;
            limits.totalTimeoutMs = 5000;
            break;
        case 3:
            fault.chunkDelayMs = 200; // always under the idle limit, never done in time
            for (int i = 0; i < 20; ++i)
                fault.chunks.insert(3, fault.chunks.at(2));
            break;
        }
        server.setHandler([fault](const RecordedRequest &request) { return promptOf(request) == QLatin1String("bad") ? fault : healthy(); });
        Scheduler scheduler;
        setUp(scheduler, server, limits);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        QElapsedTimer clock;
        clock.start();
        scheduler.start(plan({QStringLiteral("good"), QStringLiteral("bad")}));
        QVERIFY(finished.wait(5000));
        QCOMPARE(cellStatusName(scheduler.result(0).status), QStringLiteral("ok"));
        const CellResult &r = scheduler.result(1);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("timeout"));
        QVERIFY2(r.error.contains(message), qPrintable(r.error));
        QCOMPARE(r.attempts, 1); // a timeout is not retried
        if (kind >= 2)
            QVERIFY2(r.text.startsWith(QLatin1String("partial")), qPrintable(r.text)); // what streamed is kept
        // The reply was aborted and the server saw the client go.
        QTRY_COMPARE_WITH_TIMEOUT(server.clientAborts(), 1, 1000);
        QVERIFY2(clock.elapsed() < 2500, qPrintable(QString::number(clock.elapsed())));
    }

    void connectTimeout()
    {
        // A listening socket whose accept queue is full: the kernel drops further SYNs, so a
        // connect hangs just as it does to a host that does not answer.
        const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(listener >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
        QCOMPARE(::listen(listener, 0), 0);
        socklen_t length = sizeof address;
        QCOMPARE(::getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length), 0);
        QList<int> fillers;
        for (int i = 0; i < 4; ++i) {
            const int filler = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            ::connect(filler, reinterpret_cast<sockaddr *>(&address), sizeof address);
            fillers.append(filler);
        }
        QTest::qWait(50);
        const auto cleanup = qScopeGuard([&] {
            for (int filler : fillers)
                ::close(filler);
            ::close(listener);
        });
        Scheduler scheduler;
        scheduler.setProviders(providers({{QStringLiteral("local"), QStringLiteral("http://127.0.0.1:%1/v1").arg(ntohs(address.sin_port))}}));
        RequestLimits limits = fastLimits();
        limits.connectTimeoutMs = 300;
        scheduler.setLimits(limits);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        QElapsedTimer clock;
        clock.start();
        scheduler.start(plan({QStringLiteral("hi")}));
        QVERIFY(finished.wait(5000));
        const CellResult &r = scheduler.result(0);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("timeout"));
        QVERIFY2(r.error.contains(QLatin1String("could not connect within 0.3 s (connect timeout)")), qPrintable(r.error));
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    }

    // --- Cancellation ----------------------------------------------------------------------

    void cancelDuringBackoff()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return withHeader(FakeResponse::jsonError(503, kOverloaded), "retry-after", "30"); });
        Scheduler scheduler;
        // Time enough for the 30 s wait: a longer one would end the cell at once.
        RequestLimits limits = fastLimits();
        limits.totalTimeoutMs = 120'000;
        setUp(scheduler, server, limits);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(plan({QStringLiteral("hi")}));
        // Wait until the cell is sleeping before its second attempt.
        QTRY_VERIFY_WITH_TIMEOUT(scheduler.result(0).error.contains(QLatin1String("retrying in 31.5 s")), 3000);
        QCOMPARE(cellStatusName(scheduler.result(0).status), QStringLiteral("running"));
        QElapsedTimer clock;
        clock.start();
        scheduler.cancelCell(0);
        QVERIFY(finished.count() == 1 || finished.wait(1000));
        QVERIFY(clock.elapsed() < 200);
        QCOMPARE(cellStatusName(scheduler.result(0).status), QStringLiteral("cancelled"));
        QCOMPARE(scheduler.result(0).error, QStringLiteral("cancelled"));
        QTest::qWait(200);
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(cellStatusName(scheduler.result(0).status), QStringLiteral("cancelled"));
    }

    void cancelAbortsAtOnceAndNothingArrivesAfter()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse slow = FakeResponse::openAiStream({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")});
        slow.chunkDelayMs = 100;
        server.setHandler([slow](const RecordedRequest &) { return slow; });
        Scheduler scheduler;
        setUp(scheduler, server);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(plan({QStringLiteral("r0"), QStringLiteral("r1"), QStringLiteral("r2")}));
        QTRY_COMPARE_WITH_TIMEOUT(server.activeRequests(), 3, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(!scheduler.result(1).text.isEmpty(), 2000);
        QSignalSpy aborted(&server, &FakeLlmServer::clientAborted);
        QElapsedTimer clock;
        clock.start();
        scheduler.cancelRow(1);
        QTRY_COMPARE_WITH_TIMEOUT(aborted.count(), 1, 100);
        const QString frozen = scheduler.result(1).text;
        QCOMPARE(cellStatusName(scheduler.result(1).status), QStringLiteral("cancelled"));
        QVERIFY(finished.wait(5000));
        QCOMPARE(scheduler.result(1).text, frozen); // nothing arrived after the cancel
        QCOMPARE(cellStatusName(scheduler.result(1).status), QStringLiteral("cancelled"));
        QCOMPARE(cellStatusName(scheduler.result(0).status), QStringLiteral("ok"));
        QCOMPARE(cellStatusName(scheduler.result(2).status), QStringLiteral("ok"));
    }

    void destroyingSchedulerWithRequestsInFlight()
    {
        // Quitting with requests in flight: every reply is aborted, and the coroutines that
        // resume afterwards must not touch freed replies (checked under ASan).
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse slow = FakeResponse::openAiStream({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
        slow.chunkDelayMs = 300;
        server.setHandler([slow](const RecordedRequest &) { return slow; });
        auto *scheduler = new Scheduler;
        setUp(*scheduler, server);
        scheduler->start(plan({QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("4")}));
        QTRY_COMPARE_WITH_TIMEOUT(server.activeRequests(), 4, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(!scheduler->result(0).text.isEmpty(), 2000);
        delete scheduler;
        QTRY_COMPARE_WITH_TIMEOUT(server.clientAborts(), 4, 100);
        QTest::qWait(100); // let the aborted coroutines resume and end
    }

    void answerSizeLimit()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        QStringList pieces;
        for (int i = 0; i < 2000; ++i)
            pieces.append(QString(500, QLatin1Char('a' + i % 26)));
        FakeResponse big = FakeResponse::openAiStream(pieces); // about 1.2 MB of events
        big.chunkDelayMs = 0;
        server.enqueue(big);
        Scheduler scheduler;
        RequestLimits limits = fastLimits();
        limits.maxAnswerBytes = 100 * 1024;
        setUp(scheduler, server, limits);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(plan({QStringLiteral("hi")}));
        QVERIFY(finished.wait(5000));
        const CellResult &r = scheduler.result(0);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("incomplete"));
        QVERIFY2(r.error.contains(QLatin1String("larger than the 0.0977 MiB limit")), qPrintable(r.error));
        QVERIFY(!r.text.isEmpty());
        QVERIFY2(r.text.size() <= 100 * 1024 + 64 * 1024, qPrintable(QString::number(r.text.size())));
        QCOMPARE(r.attempts, 1);
    }

    // --- The CLI's --retries ---------------------------------------------------------------

    void cliRetriesFlag()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return withHeader(FakeResponse::jsonError(503, kOverloaded), "retry-after", "0"); });
        QTemporaryDir dir;
        const QString providersPath = dir.filePath(QStringLiteral("p.json"));
        QFile file(providersPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(providers({{QStringLiteral("local"), server.baseUrl(QStringLiteral("/v1")).toString()}}).toJson());
        file.close();
        const QString out = dir.filePath(QStringLiteral("out.csv"));
        for (int retries : {1, 4}) {
            const int before = server.requestCount();
            QProcess cli;
            cli.start(QStringLiteral(PROMPTGRID_CLI_PATH), {QStringLiteral("--providers"), providersPath, QStringLiteral("--model"),
                                                             QStringLiteral("local/m"), QStringLiteral("--prompt"), QStringLiteral("hi"),
                                                             QStringLiteral("--retries"), QString::number(retries), QStringLiteral("--out"), out});
            QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 10'000);
            QCOMPARE(cli.exitCode(), 1);
            QCOMPARE(server.requestCount() - before, retries);
            QFile csv(out);
            QVERIFY(csv.open(QIODevice::ReadOnly));
            QList<QStringList> rows;
            QString error;
            QVERIFY(CsvReader::parse(csv.readAll(), &rows, &error));
            QCOMPARE(rows.at(1).at(15), QString::number(retries));
            QCOMPARE(rows.at(1).at(5), QStringLiteral("error"));
        }
    }
};

QTEST_GUILESS_MAIN(TestRetries)
#include "tst_retries.moc"
