// SPDX-License-Identifier: MIT
// One request from start to end, through the Scheduler, against the fake server: success and
// its metrics, what went over the wire, HTTP errors, broken connections, every timeout, cancel.
#include "FakeLlmServer.h"
#include "PlanBuilder.h"
#include "ProviderStreams.h"
#include "Scheduler.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace {
constexpr auto kKeyVariable = "PROMPTGRID_TST_REQUEST_KEY";

ProviderRegistry registryFor(const QUrl &base, const QString &extraFields = {})
{
    QString error;
    const auto registry = ProviderRegistry::fromJson(
        QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1"%2}]})")
            .arg(base.toString(), extraFields)
            .toUtf8(),
        &error);
    if (!registry)
        qFatal("bad providers JSON in test: %s", qPrintable(error));
    return *registry;
}

ModelColumn column(const QString &model = QStringLiteral("m1"))
{
    ModelColumn c;
    c.provider = QStringLiteral("local");
    c.model = model;
    return c;
}

RequestLimits fastLimits()
{
    RequestLimits limits;
    limits.connectTimeoutMs = 5000;
    limits.firstByteTimeoutMs = 5000;
    limits.idleTimeoutMs = 5000;
    limits.totalTimeoutMs = 10'000;
    limits.maxAttempts = 1;
    limits.backoffBaseMs = 5;
    limits.backoffCapMs = 10;
    return limits;
}

QList<QByteArray> openAiChunks(const QStringList &pieces)
{
    return FakeResponse::openAiStream(pieces).chunks;
}

int countContaining(const QSignalSpy &spy, int cell)
{
    int n = 0;
    for (const QList<QVariant> &args : spy) {
        if (args.at(0).value<QList<int>>().contains(cell))
            ++n;
    }
    return n;
}

int countCell(const QSignalSpy &spy, int cell)
{
    int n = 0;
    for (const QList<QVariant> &args : spy) {
        if (args.at(0).toInt() == cell)
            ++n;
    }
    return n;
}
} // namespace

class TestRequestTask : public QObject
{
    Q_OBJECT

    // Runs one cell to its end and returns its result.
    CellResult runOne(const ProviderRegistry &registry, const RequestLimits &limits, ModelColumn model = column(),
                      const QString &system = {})
    {
        Scheduler scheduler;
        scheduler.setProviders(registry);
        scheduler.setLimits(limits);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("Tell me something")}, {model}, 1, system));
        if (!finished.wait(10'000))
            qWarning("the run did not finish");
        const RunCounts counts = scheduler.counts();
        if (counts.total() != 1 || counts.done() != 1)
            qWarning("counts are off: total %d done %d", counts.total(), counts.done());
        return scheduler.result(0);
    }

    /// One cell against a fake server that gives \a response.
    CellResult runAgainst(const FakeResponse &response, const RequestLimits &limits = fastLimits())
    {
        FakeLlmServer server;
        if (!server.listen())
            qWarning("the fake server did not listen");
        server.enqueue(response);
        return runOne(registryFor(server.baseUrl()), limits);
    }

private Q_SLOTS:
    void cleanup() { qunsetenv(kKeyVariable); }

    void streamingSuccessWithMetrics()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse response = FakeResponse::openAiStream({QStringLiteral("Hel"), QStringLiteral("lo"), QStringLiteral(" w\u00f6rld")}, 5, 3);
        response.chunkDelayMs = 20;
        server.enqueue(response);
        qputenv(kKeyVariable, "sk-test-secret");
        const ProviderRegistry registry = registryFor(server.baseUrl(),
            QStringLiteral(R"(,"api_key_env":"%1","prices":{"m1":{"input_per_mtok":2.5,"output_per_mtok":10}})")
                .arg(QLatin1String(kKeyVariable)));
        ModelColumn model = column();
        model.params.temperature = 0.25;
        model.params.maxTokens = 64;
        const CellResult r = runOne(registry, fastLimits(), model, QStringLiteral("Be brief."));

        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        QCOMPARE(r.text, QStringLiteral("Hello w\u00f6rld"));
        QVERIFY(r.error.isEmpty());
        QCOMPARE(r.httpStatus, 200);
        QCOMPARE(r.finishReason, QStringLiteral("stop"));
        QCOMPARE(r.inputTokens.value_or(-1), 5);
        QCOMPARE(r.outputTokens.value_or(-1), 3);
        QVERIFY(r.ttftMs.has_value());
        QVERIFY(r.latencyMs.has_value());
        QVERIFY2(*r.ttftMs <= *r.latencyMs, qPrintable(QStringLiteral("%1 > %2").arg(*r.ttftMs).arg(*r.latencyMs)));
        // Seven pieces 20 ms apart: the answer took at least 100 ms, the first token came earlier.
        QVERIFY(*r.latencyMs >= 100);
        QVERIFY(*r.ttftMs < *r.latencyMs);
        QVERIFY(r.costUsd.has_value());
        QCOMPARE(*r.costUsd, (5 * 2.5 + 3 * 10.0) / 1e6);
        QCOMPARE(r.attempts, 1);
        QVERIFY(r.startedAt.isValid() && r.finishedAt.isValid() && r.startedAt <= r.finishedAt);

        QCOMPARE(server.requestCount(), 1);
        const RecordedRequest sent = server.requests().first();
        QCOMPARE(sent.method, QByteArray("POST"));
        QCOMPARE(sent.path, QByteArray("/v1/chat/completions"));
        QCOMPARE(sent.headers.value("authorization"), QByteArray("Bearer sk-test-secret"));
        QCOMPARE(sent.headers.value("content-type"), QByteArray("application/json"));
        const QJsonObject body = sent.json();
        QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("m1"));
        QCOMPARE(body.value(QLatin1String("stream")), QJsonValue(true));
        QCOMPARE(body.value(QLatin1String("temperature")).toDouble(), 0.25);
        QCOMPARE(body.value(QLatin1String("max_tokens")).toInt(), 64);
        const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).toObject().value(QLatin1String("role")).toString(), QStringLiteral("system"));
        QCOMPARE(messages.at(0).toObject().value(QLatin1String("content")).toString(), QStringLiteral("Be brief."));
        QCOMPARE(messages.at(1).toObject().value(QLatin1String("content")).toString(), QStringLiteral("Tell me something"));
    }

    void noPriceMeansNoCost()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::openAiStream({QStringLiteral("x")}, 5, 1));
        const CellResult r = runOne(registryFor(server.baseUrl(),
                                                QStringLiteral(R"(,"prices":{"other-model":{"input_per_mtok":1,"output_per_mtok":1}})")),
                                    fastLimits());
        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        QVERIFY(!r.costUsd.has_value());
        QVERIFY(!server.requests().first().headers.contains("authorization"));
    }

    void http401()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::jsonError(401, R"({"error":{"message":"Incorrect API key provided: sk-***","type":"invalid_request_error"}})"));
        RequestLimits limits = fastLimits();
        limits.maxAttempts = 3;
        const CellResult r = runOne(registryFor(server.baseUrl()), limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("error"));
        QCOMPARE(r.httpStatus, 401);
        QVERIFY2(r.error.contains(QLatin1String("401")), qPrintable(r.error));
        QVERIFY2(r.error.contains(QLatin1String("Incorrect API key provided")), qPrintable(r.error));
        QVERIFY(r.text.isEmpty());
        // 401 is not worth another try.
        QCOMPARE(r.attempts, 1);
        QCOMPARE(server.requestCount(), 1);
    }

    void http500IsRetried()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        for (int i = 0; i < 3; ++i)
            server.enqueue(FakeResponse::jsonError(500, R"({"error":{"message":"The server had an error"}})"));
        RequestLimits limits = fastLimits();
        limits.maxAttempts = 3;
        const CellResult r = runOne(registryFor(server.baseUrl()), limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("error"));
        QCOMPARE(r.httpStatus, 500);
        QVERIFY2(r.error.contains(QLatin1String("500")), qPrintable(r.error));
        QVERIFY2(r.error.contains(QLatin1String("The server had an error")), qPrintable(r.error));
        QCOMPARE(r.attempts, 3);
        QCOMPARE(server.requestCount(), 3);
    }

    void http503ThenSuccess()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::jsonError(503, R"({"error":{"message":"overloaded"}})"));
        server.enqueue(FakeResponse::openAiStream({QStringLiteral("fine")}));
        RequestLimits limits = fastLimits();
        limits.maxAttempts = 3;
        const CellResult r = runOne(registryFor(server.baseUrl()), limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        QCOMPARE(r.text, QStringLiteral("fine"));
        QCOMPARE(r.attempts, 2);
        QCOMPARE(r.httpStatus, 200);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    }

    void failedAttemptDoesNotLeakIntoTheNext()
    {
        // Attempt 1 answers 503; attempt 2 never answers. The cell's HTTP status must be the
        // last attempt's (none), not the 503 of the attempt before.
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse busy = FakeResponse::jsonError(503, R"({"error":{"message":"overloaded"}})");
        busy.headers.append(qMakePair(QByteArray("retry-after-ms"), QByteArray("20")));
        server.enqueue(busy);
        FakeResponse silent;
        silent.hangBeforeHeaders = true;
        server.enqueue(silent);
        RequestLimits limits = fastLimits();
        limits.maxAttempts = 2;
        limits.firstByteTimeoutMs = 250;
        const CellResult r = runOne(registryFor(server.baseUrl()), limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("timeout"));
        QCOMPARE(r.attempts, 2);
        QCOMPARE(r.httpStatus, 0);
        QVERIFY2(!r.error.contains(QLatin1String("503")) && !r.error.contains(QLatin1String("retrying")), qPrintable(r.error));
        QCOMPARE(server.requestCount(), 2);
    }

    void connectionRefused()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        RequestLimits limits = fastLimits();
        limits.maxAttempts = 2;
        const CellResult r = runOne(registryFor(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port))), limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("error"));
        QVERIFY2(r.error.contains(QLatin1String("refused"), Qt::CaseInsensitive), qPrintable(r.error));
        QCOMPARE(r.httpStatus, 0);
        QCOMPARE(r.attempts, 2);
        QVERIFY(r.text.isEmpty());
    }

    void cutConnectionMidStream()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse response;
        response.chunks = openAiChunks({QStringLiteral("partial "), QStringLiteral("answer"), QStringLiteral(" never")}).mid(0, 4);
        response.cutAfterChunks = true;
        response.chunkDelayMs = 10;
        server.enqueue(response);
        RequestLimits limits = fastLimits();
        limits.maxAttempts = 3;
        const CellResult r = runOne(registryFor(server.baseUrl()), limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("incomplete"));
        QCOMPARE(r.text, QStringLiteral("partial answer"));
        QVERIFY(!r.error.isEmpty());
        // Text already shown is never thrown away by a retry.
        QCOMPARE(server.requestCount(), 1);
    }

    void streamEndsWithoutDone()
    {
        FakeResponse response;
        response.chunks = openAiChunks({QStringLiteral("no "), QStringLiteral("end")});
        response.chunks.removeLast(); // the [DONE] event
        const CellResult r = runAgainst(response);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("incomplete"));
        QCOMPARE(r.text, QStringLiteral("no end"));
        QVERIFY2(r.error.contains(QLatin1String("end marker")), qPrintable(r.error));
    }

    void totalTimeout()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        QStringList pieces;
        for (int i = 0; i < 40; ++i)
            pieces.append(QStringLiteral("w%1 ").arg(i));
        FakeResponse response = FakeResponse::openAiStream(pieces);
        response.chunkDelayMs = 50;
        server.enqueue(response);
        RequestLimits limits = fastLimits();
        limits.totalTimeoutMs = 400;
        QElapsedTimer clock;
        clock.start();
        const CellResult r = runOne(registryFor(server.baseUrl()), limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("timeout"));
        QVERIFY2(r.error.contains(QLatin1String("total")) && r.error.contains(QLatin1String("0.4")), qPrintable(r.error));
        QVERIFY(!r.text.isEmpty());
        QVERIFY(r.text.startsWith(QLatin1String("w0 ")));
        QVERIFY(r.latencyMs.value_or(0) >= 350);
        QVERIFY(clock.elapsed() < 2000);
        QTRY_COMPARE_WITH_TIMEOUT(server.clientAborts(), 1, 1000);
    }

    void idleTimeoutAfterHeaders()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse response;
        response.hangAfterHeaders = true;
        server.enqueue(response);
        RequestLimits limits = fastLimits();
        limits.idleTimeoutMs = 250;
        const CellResult r = runOne(registryFor(server.baseUrl()), limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("timeout"));
        QVERIFY2(r.error.contains(QLatin1String("idle")), qPrintable(r.error));
        QVERIFY(r.latencyMs.value_or(0) >= 200);
        QVERIFY(r.latencyMs.value_or(0) < 3000);
        QTRY_COMPARE_WITH_TIMEOUT(server.clientAborts(), 1, 1000);
    }

    void idleTimeoutMidStream()
    {
        FakeResponse response = FakeResponse::openAiStream({QStringLiteral("a"), QStringLiteral("b")});
        response.chunkDelayMs = 1500;
        RequestLimits limits = fastLimits();
        limits.idleTimeoutMs = 250;
        const CellResult r = runAgainst(response, limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("timeout"));
        QVERIFY2(r.error.contains(QLatin1String("idle")), qPrintable(r.error));
        QVERIFY(r.latencyMs.value_or(0) < 1500);
    }

    void firstByteTimeout()
    {
        FakeResponse response;
        response.hangBeforeHeaders = true;
        RequestLimits limits = fastLimits();
        limits.firstByteTimeoutMs = 250;
        const CellResult r = runAgainst(response, limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("timeout"));
        QVERIFY2(r.error.contains(QLatin1String("first-byte")), qPrintable(r.error));
        QVERIFY(r.latencyMs.value_or(0) >= 200);
        QVERIFY(r.latencyMs.value_or(0) < 3000);
    }

    void connectTimeout()
    {
        // A listener whose accept queue is full: the kernel drops further SYNs, so connecting
        // hangs, exactly like an unreachable host.
        QTcpServer full;
        full.setListenBacklogSize(0);
        QVERIFY(full.listen(QHostAddress::LocalHost, 0));
        full.pauseAccepting();
        QList<QTcpSocket *> fillers;
        for (int i = 0; i < 4; ++i) {
            auto *socket = new QTcpSocket(this);
            socket->connectToHost(QHostAddress::LocalHost, full.serverPort());
            fillers.append(socket);
        }
        QTest::qWait(100);
        RequestLimits limits = fastLimits();
        limits.connectTimeoutMs = 300;
        const CellResult r = runOne(registryFor(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(full.serverPort()))), limits);
        qDeleteAll(fillers);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("timeout"));
        QVERIFY2(r.error.contains(QLatin1String("connect")), qPrintable(r.error));
        QVERIFY(r.latencyMs.value_or(0) >= 250);
        QVERIFY(r.latencyMs.value_or(0) < 3000);
    }

    void cancelMidStream()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        QStringList pieces;
        for (int i = 0; i < 100; ++i)
            pieces.append(QStringLiteral("t%1 ").arg(i));
        FakeResponse response = FakeResponse::openAiStream(pieces);
        response.chunkDelayMs = 15;
        server.enqueue(response);

        Scheduler scheduler;
        scheduler.setProviders(registryFor(server.baseUrl()));
        scheduler.setLimits(fastLimits());
        QSignalSpy changed(&scheduler, &Scheduler::cellsChanged);
        QSignalSpy cellFinished(&scheduler, &Scheduler::cellFinished);
        QSignalSpy runFinished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("go")}, {column()}, 1, {}));
        QTRY_VERIFY_WITH_TIMEOUT(scheduler.result(0).text.size() >= 12, 5000);

        QSignalSpy aborted(&server, &FakeLlmServer::clientAborted);
        changed.clear();
        QElapsedTimer clock;
        clock.start();
        scheduler.cancelCell(0);
        const CellResult atCancel = scheduler.result(0);
        QCOMPARE(cellStatusName(atCancel.status), QStringLiteral("cancelled"));
        QVERIFY(!atCancel.text.isEmpty());
        QCOMPARE(countCell(cellFinished, 0), 1);
        QCOMPARE(runFinished.size(), 1);
        QCOMPARE(scheduler.counts().cancelled, 1);
        QCOMPARE(scheduler.counts().running, 0);

        // The server sees the connection closed at once.
        if (aborted.isEmpty())
            QVERIFY(aborted.wait(100));
        QVERIFY2(clock.elapsed() <= 100, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(server.clientAborts(), 1);

        // Nothing about the cell changes afterwards: at most the one coalesced repaint of the
        // cancel itself.
        QTest::qWait(400);
        QVERIFY(countContaining(changed, 0) <= 1);
        QCOMPARE(countCell(cellFinished, 0), 1);
        QCOMPARE(runFinished.size(), 1);
        const CellResult later = scheduler.result(0);
        QCOMPARE(cellStatusName(later.status), QStringLiteral("cancelled"));
        QCOMPARE(later.text, atCancel.text);
        QCOMPARE(later.latencyMs, atCancel.latencyMs);
        QCOMPARE(later.outputTokens, atCancel.outputTokens);
        QCOMPARE(scheduler.counts().cancelled, 1);
        QCOMPARE(scheduler.counts().total(), 1);
    }

    void cancelWhileWaitingToRetry()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        // The server asks for 800 ms, so the retry is sure to wait past the cancel.
        FakeResponse busy = FakeResponse::jsonError(500, R"({"error":{"message":"boom"}})");
        busy.headers.append(qMakePair(QByteArray("retry-after-ms"), QByteArray("800")));
        server.enqueue(busy);
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server.baseUrl()));
        RequestLimits limits = fastLimits();
        limits.maxAttempts = 3;
        scheduler.setLimits(limits);
        QSignalSpy cellFinished(&scheduler, &Scheduler::cellFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("go")}, {column()}, 1, {}));
        QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 1, 5000);
        QTest::qWait(100);
        scheduler.cancelCell(0);
        QCOMPARE(cellStatusName(scheduler.result(0).status), QStringLiteral("cancelled"));
        QVERIFY(scheduler.result(0).error.contains(QLatin1String("cancelled")));
        // Let the 800 ms pass: no second attempt, no further change.
        QTest::qWait(1000);
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(countCell(cellFinished, 0), 1);
        QCOMPARE(cellStatusName(scheduler.result(0).status), QStringLiteral("cancelled"));
    }

    void htmlPageWith200IsAnError()
    {
        FakeResponse response;
        response.contentType = "text/html; charset=utf-8";
        response.chunks = {"<!DOCTYPE html><html><body><h1>Sign in to the captive portal</h1></body></html>"};
        const CellResult r = runAgainst(response);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("error"));
        QVERIFY2(r.error.contains(QLatin1String("HTML")), qPrintable(r.error));
        QVERIFY(r.text.isEmpty());
    }

    void errorEventInsideStream()
    {
        FakeResponse response;
        response.chunks = openAiChunks({QStringLiteral("start")}).mid(0, 3);
        response.chunks.append(R"(data: {"error":{"message":"upstream provider failed"}})"
                               "\n\n");
        const CellResult r = runAgainst(response);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("error"));
        QCOMPARE(r.error, QStringLiteral("upstream provider failed"));
        QCOMPARE(r.text, QStringLiteral("start"));
    }

    void answerTooLarge()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        QStringList pieces;
        for (int i = 0; i < 50; ++i)
            pieces.append(QString(100, QLatin1Char('x')));
        FakeResponse response = FakeResponse::openAiStream(pieces);
        response.chunkDelayMs = 3; // separate reads, so the limit is hit part-way
        server.enqueue(response);
        RequestLimits limits = fastLimits();
        limits.maxAnswerBytes = 2000;
        const CellResult r = runOne(registryFor(server.baseUrl()), limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("incomplete"));
        QVERIFY2(r.error.contains(QLatin1String("limit")), qPrintable(r.error));
        QVERIFY(!r.text.isEmpty());
        QVERIFY(r.text.size() < 5000);
        QTRY_COMPARE_WITH_TIMEOUT(server.clientAborts(), 1, 1000);
    }

    void answerLimitCountsTextNotFraming()
    {
        // 50,000 one-character events: 50 KB of answer in about 6 MB of stream. The limit is on
        // the answer (the raw stream may take 64 times as much), so they all arrive.
        QStringList pieces;
        for (int i = 0; i < 50'000; ++i)
            pieces.append(QString(QLatin1Char('a' + i % 26)));
        FakeResponse response = FakeResponse::openAiStream(pieces);
        RequestLimits limits = fastLimits();
        limits.maxAnswerBytes = 128 * 1024;
        const CellResult r = runAgainst(response, limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        QCOMPARE(r.text.size(), 50'000);
        QVERIFY(r.error.isEmpty());
    }

    void answerLimitCountsUtf8Bytes()
    {
        // Six pieces of 100 two-byte characters against a 1000-byte limit: five fit exactly.
        const QString piece(100, QChar(0x00e9));
        FakeResponse response = FakeResponse::openAiStream({piece, piece, piece, piece, piece, piece});
        response.chunkDelayMs = 2;
        RequestLimits limits = fastLimits();
        limits.maxAnswerBytes = 1000;
        const CellResult r = runAgainst(response, limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("incomplete"));
        QVERIFY2(r.error.contains(QLatin1String("limit")), qPrintable(r.error));
        QCOMPARE(r.text, QString(500, QChar(0x00e9)));
    }

    void answerLimitCountsReasoningToo()
    {
        FakeResponse response;
        response.chunks = ProviderStreams::randomPieces(
            ProviderStreams::deepseekReasoning({QString(600, QLatin1Char('r'))}, {QString(600, QLatin1Char('t'))}, 5, 5), 7);
        RequestLimits limits = fastLimits();
        limits.maxAnswerBytes = 1000;
        const CellResult r = runAgainst(response, limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("incomplete"));
        QCOMPARE(r.reasoning, QString(600, QLatin1Char('r')));
        QCOMPARE(r.text, QString(400, QLatin1Char('t'))); // what fits beside the reasoning
    }

    void streamOfFramingAloneEnds()
    {
        // Keep-alive comments and empty events for ever carry no answer: the raw-stream cap
        // (64 x the 32 KiB answer limit = 2 MiB) ends them.
        FakeResponse response;
        const QByteArray framing = QByteArray(": keep-alive\n\n").repeated(2000) + "data: {\"choices\":[]}\n\n";
        for (int i = 0; i < 200; ++i)
            response.chunks.append(framing);
        response.chunkDelayMs = 1; // still sending when the cap is reached
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(response);
        RequestLimits limits = fastLimits();
        limits.maxAnswerBytes = 32 * 1024;
        QCOMPARE(limits.maxStreamBytes(), qint64(2) * 1024 * 1024);
        const CellResult r = runOne(registryFor(server.baseUrl()), limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("incomplete"));
        QVERIFY2(r.error.startsWith(QLatin1String("the stream passed 2 MiB, its cap on raw bytes (framing included), with 0 KiB of answer")), qPrintable(r.error));
        QTRY_COMPARE_WITH_TIMEOUT(server.clientAborts(), 1, 1000);
    }

    void httpStatusKeptWhenHeadersThenStall()
    {
        FakeResponse response;
        response.status = 200;
        response.hangAfterHeaders = true;
        RequestLimits limits = fastLimits();
        limits.idleTimeoutMs = 300;
        const CellResult r = runAgainst(response, limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("timeout"));
        QVERIFY2(r.error.startsWith(QLatin1String("headers arrived but no data")), qPrintable(r.error));
        QCOMPARE(r.httpStatus, 200);
    }

    void httpStatusKeptWhenErrorHeadersThenStall()
    {
        FakeResponse response = FakeResponse::jsonError(503, "{}");
        response.hangAfterHeaders = true;
        RequestLimits limits = fastLimits();
        limits.idleTimeoutMs = 300;
        const CellResult r = runAgainst(response, limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("timeout"));
        QCOMPARE(r.httpStatus, 503);
    }

    void defaultEndGraceIsShort()
    {
        const RequestLimits defaults;
        QVERIFY(defaults.endGraceMs >= 500 && defaults.endGraceMs <= 2000);
        QVERIFY(defaults.endGraceMs < defaults.idleTimeoutMs);
    }

    void doneThenResponseHeldOpen()
    {
        // [DONE] arrives, but the server neither ends the chunked body nor closes.
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse response = FakeResponse::openAiStream({QStringLiteral("Hel"), QStringLiteral("lo")}, 4, 2);
        response.holdOpenAfterChunks = true;
        server.enqueue(response);
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server.baseUrl()));
        RequestLimits limits = fastLimits(); // idle 5 s, total 10 s
        limits.endGraceMs = 400;
        scheduler.setLimits(limits);
        QSignalSpy changed(&scheduler, &Scheduler::cellsChanged);
        QSignalSpy cellFinished(&scheduler, &Scheduler::cellFinished);
        QSignalSpy runFinished(&scheduler, &Scheduler::runFinished);
        QElapsedTimer clock;
        clock.start();
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("go")}, {column()}, 1, {}));
        QVERIFY(runFinished.wait(8000));
        const qint64 waited = clock.elapsed();

        const CellResult r = scheduler.result(0);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        QCOMPARE(r.text, QStringLiteral("Hello"));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.finishReason, QStringLiteral("stop"));
        QCOMPARE(r.inputTokens.value_or(-1), 4);
        QCOMPARE(r.outputTokens.value_or(-1), 2);
        QCOMPARE(r.attempts, 1);
        // It waited for the grace period (the server might have ended the response), not for
        // the idle limit.
        QVERIFY2(r.latencyMs.value_or(0) >= 350, qPrintable(QString::number(r.latencyMs.value_or(-1))));
        QVERIFY2(waited < 3000, qPrintable(QString::number(waited)));
        // The held response was closed from our side.
        QTRY_COMPARE_WITH_TIMEOUT(server.clientAborts(), 1, 1000);

        // Nothing changes after settling.
        changed.clear();
        QTest::qWait(300);
        QCOMPARE(countContaining(changed, 0), 0);
        QCOMPARE(countCell(cellFinished, 0), 1);
        QCOMPARE(runFinished.size(), 1);
        const CellResult later = scheduler.result(0);
        QCOMPARE(cellStatusName(later.status), QStringLiteral("ok"));
        QCOMPARE(later.text, r.text);
        QCOMPARE(later.latencyMs, r.latencyMs);
        QCOMPARE(server.requestCount(), 1);
    }

    void doneThenHeldOpenWithDefaultGrace()
    {
        FakeResponse response = FakeResponse::openAiStream({QStringLiteral("done")});
        response.holdOpenAfterChunks = true;
        RequestLimits limits = fastLimits();
        limits.endGraceMs = RequestLimits().endGraceMs;
        limits.idleTimeoutMs = 8000;
        limits.totalTimeoutMs = 9000;
        const CellResult r = runAgainst(response, limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        QCOMPARE(r.text, QStringLiteral("done"));
        QVERIFY(r.latencyMs.value_or(0) >= limits.endGraceMs - 100);
        QVERIFY(r.latencyMs.value_or(limits.idleTimeoutMs) < limits.endGraceMs + 2000);
    }

    void cancelDuringEndGrace()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse response = FakeResponse::openAiStream({QStringLiteral("x")});
        response.holdOpenAfterChunks = true;
        server.enqueue(response);
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server.baseUrl()));
        RequestLimits limits = fastLimits();
        limits.endGraceMs = 3000;
        scheduler.setLimits(limits);
        QSignalSpy cellFinished(&scheduler, &Scheduler::cellFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("go")}, {column()}, 1, {}));
        QTRY_COMPARE_WITH_TIMEOUT(scheduler.result(0).text, QStringLiteral("x"), 3000);
        scheduler.cancelCell(0);
        QCOMPARE(cellStatusName(scheduler.result(0).status), QStringLiteral("cancelled"));
        QTRY_COMPARE_WITH_TIMEOUT(server.clientAborts(), 1, 1000);
        QTest::qWait(200);
        QCOMPARE(countCell(cellFinished, 0), 1);
        QCOMPARE(cellStatusName(scheduler.result(0).status), QStringLiteral("cancelled"));
    }

    void normalServerNeedsNoGraceAndReusesItsConnection()
    {
        // The server ends each response 30 ms after [DONE] (the pieces are 30 ms apart): no wait
        // for the grace period, no abort, and the second request goes over the first one's
        // HTTP/1.1 connection. Closing at the marker itself would have cost a new connection.
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) {
            FakeResponse response = FakeResponse::openAiStream({QStringLiteral("Hello"), QStringLiteral(" world")});
            response.chunkDelayMs = 30;
            return response;
        });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server.baseUrl()));
        scheduler.setConcurrencyOverride(1);
        RequestLimits limits = fastLimits();
        limits.endGraceMs = 4000;
        scheduler.setLimits(limits);
        QSignalSpy runFinished(&scheduler, &Scheduler::runFinished);
        QElapsedTimer clock;
        clock.start();
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("one"), QStringLiteral("two")}, {column()}, 1, {}));
        QVERIFY(runFinished.wait(8000));
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
        for (int cell : {0, 1}) {
            const CellResult r = scheduler.result(cell);
            QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
            QCOMPARE(r.text, QStringLiteral("Hello world"));
            QVERIFY(r.latencyMs.value_or(limits.endGraceMs) < 2000);
        }
        QCOMPARE(server.requestCount(), 2);
        QCOMPARE(server.clientAborts(), 0);
        QCOMPARE(server.acceptedConnections(), 1);
    }

    void plainJsonCompletion()
    {
        // A server that ignores "stream": true and answers with one chat.completion.
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::json(R"({"id":"chatcmpl-1","object":"chat.completion","model":"m1",)"
                                          R"("choices":[{"index":0,"message":{"role":"assistant","content":"Whole answer",)"
                                          R"("reasoning_content":"thought first"},"finish_reason":"length"}],)"
                                          R"("usage":{"prompt_tokens":11,"completion_tokens":22,"total_tokens":33}})"));
        const CellResult r = runOne(registryFor(server.baseUrl()), fastLimits());
        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        QCOMPARE(r.text, QStringLiteral("Whole answer"));
        QCOMPARE(r.reasoning, QStringLiteral("thought first"));
        QCOMPARE(r.finishReason, QStringLiteral("length"));
        QCOMPARE(r.inputTokens.value_or(-1), 11);
        QCOMPARE(r.outputTokens.value_or(-1), 22);
        QCOMPARE(r.httpStatus, 200);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(r.ttftMs.has_value());
        QCOMPARE(server.requestCount(), 1);
    }

    void plainJsonSplitAcrossReads()
    {
        FakeResponse response = FakeResponse::json(
            "\n  {\"object\":\"chat.completion\",\"choices\":[{\"message\":{\"content\":\"sp\u00e4t\"},\"finish_reason\":\"stop\"}]}\n")
                                    .splitEvery(7);
        response.chunkDelayMs = 2;
        const CellResult r = runAgainst(response);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        QCOMPARE(r.text, QStringLiteral("sp\u00e4t"));
        QCOMPARE(r.finishReason, QStringLiteral("stop"));
    }

    void jsonThatIsNotACompletion_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::addRow("other object") << QByteArray(R"({"status":"queued","id":7})")
                                      << QStringLiteral("the server answered with JSON that is not a chat completion: {\"status\":\"queued\",\"id\":7}");
        QTest::addRow("error object with 200") << QByteArray(R"({"error":{"message":"model is loading","type":"server_error"}})")
                                               << QStringLiteral("model is loading (server_error)");
        QTest::addRow("cut JSON") << QByteArray("{\"choices\":[{\"message\":{\"content\":\"hal")
                                  << QStringLiteral("the server answered with JSON that is not a chat completion: {\"choices\":[{\"message\":{\"content\":\"hal");
        QTest::addRow("array") << QByteArray("[1,2,3]")
                               << QStringLiteral("the server answered with JSON that is not a chat completion: [1,2,3]");
    }

    void jsonThatIsNotACompletion()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        const CellResult r = runAgainst(FakeResponse::json(body));
        QCOMPARE(cellStatusName(r.status), QStringLiteral("error"));
        QCOMPARE(r.error, error);
        QVERIFY(r.text.isEmpty());
        QCOMPARE(r.attempts, 1);
    }

    void plainJsonTooLarge()
    {
        const QByteArray big = "{\"choices\":[{\"message\":{\"content\":\"" + QByteArray(6000, 'x') + "\"}}]}";
        FakeResponse response = FakeResponse::json(big).splitEvery(500);
        response.chunkDelayMs = 2;
        RequestLimits limits = fastLimits();
        limits.maxAnswerBytes = 2000;
        const CellResult r = runAgainst(response, limits);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("incomplete"));
        QVERIFY2(r.error.contains(QLatin1String("limit")), qPrintable(r.error));
        QVERIFY(r.text.isEmpty());
    }

    void eventStreamLabelledJsonStillStreams()
    {
        // Some proxies label an SSE stream application/json: it does not start with { or [.
        FakeResponse response = FakeResponse::openAiStream({QStringLiteral("still "), QStringLiteral("streamed")});
        response.contentType = "application/json";
        response.chunks.removeFirst(); // the ": keep-alive" comment
        const CellResult r = runAgainst(response);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        QCOMPARE(r.text, QStringLiteral("still streamed"));
    }
};

QTEST_GUILESS_MAIN(TestRequestTask)
#include "tst_request_task.moc"
