// SPDX-License-Identifier: MIT
// Fault injection: each bad answer gives its cell a clear, specific error while a healthy cell
// in the same run finishes ok.
#include "FakeLlmServer.h"
#include "FaultRun.h"
#include "Http2Preflight.h"
#include "PlanBuilder.h"
#include "Scheduler.h"

#include <QCoroTask>

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace FaultRun;

namespace {
const QString kGood = QStringLiteral("good");
const QString kBad = QStringLiteral("bad");

FakeResponse healthy()
{
    return FakeResponse::openAiStream({QStringLiteral("Hello"), QStringLiteral(" world")});
}

FakeResponse rawStream(const QList<QByteArray> &chunks)
{
    FakeResponse response;
    response.chunks = chunks;
    return response;
}
} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

    struct Outcome {
        CellResult good;
        CellResult bad;
        int clientAborts = 0;
    };

    /// Runs "good" and "bad" side by side; the server answers "bad" with \a fault.
    Outcome runPair(const FakeResponse &fault, RequestLimits limits = fastLimits())
    {
        FakeLlmServer server;
        if (!server.listen())
            qFatal("cannot listen");
        server.setHandler([fault](const RecordedRequest &request) { return promptOf(request) == kBad ? fault : healthy(); });
        Scheduler scheduler;
        scheduler.setProviders(providers({{QStringLiteral("local"), server.baseUrl(QStringLiteral("/v1")).toString()}}));
        scheduler.setLimits(limits);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({kGood, kBad}, columns({QStringLiteral("local")}), 1, {}));
        if (!finished.wait(10'000))
            qWarning("run did not finish");
        Outcome outcome{scheduler.result(0), scheduler.result(1), 0};
        QTest::qWait(50);
        outcome.clientAborts = server.clientAborts();
        return outcome;
    }

    static void checkGood(const CellResult &good)
    {
        QCOMPARE(cellStatusName(good.status), QStringLiteral("ok"));
        QCOMPARE(good.text, QStringLiteral("Hello world"));
        QVERIFY(good.error.isEmpty());
    }

private Q_SLOTS:
    void malformedSse()
    {
        // Bytes that are no event stream at all, under an event-stream content type.
        const Outcome o = runPair(rawStream({"HTTP nonsense\n", "<<<>>>\r\n", "{\"choices\":[]}\n"}));
        checkGood(o.good);
        QCOMPARE(cellStatusName(o.bad.status), QStringLiteral("incomplete"));
        QVERIFY2(o.bad.error.contains(QLatin1String("end marker")), qPrintable(o.bad.error));
        QVERIFY(o.bad.text.isEmpty());
    }

    void malformedNdjson()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &request) {
            FakeResponse response;
            response.contentType = "application/x-ndjson";
            const bool bad = request.json().value(QLatin1String("messages")).toArray().last().toObject().value(QLatin1String("content")).toString() == kBad;
            if (bad)
                response.chunks = {"{\"message\":{\"content\":\"par\"},\"done\":false}\n", "not json at all\n", "{\"message\":{\"content\":\"tial\"},\"done\":false}\n"};
            else
                response.chunks = {"{\"message\":{\"content\":\"Hello\"},\"done\":false}\n",
                                   "{\"message\":{\"content\":\" world\"},\"done\":true,\"done_reason\":\"stop\"}\n"};
            return response;
        });
        Scheduler scheduler;
        scheduler.setProviders(providers({{QStringLiteral("llama"), server.baseUrl().toString()}}, QStringLiteral("ollama")));
        scheduler.setLimits(fastLimits());
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({kGood, kBad}, columns({QStringLiteral("llama")}), 1, {}));
        QVERIFY(finished.wait(10'000));
        checkGood(scheduler.result(0));
        const CellResult &bad = scheduler.result(1);
        QCOMPARE(cellStatusName(bad.status), QStringLiteral("incomplete"));
        QCOMPARE(bad.text, QStringLiteral("partial"));
        QVERIFY2(bad.error.contains(QLatin1String("1 malformed stream event(s) skipped")), qPrintable(bad.error));
        QVERIFY2(bad.error.contains(QLatin1String("invalid JSON line")), qPrintable(bad.error));
    }

    void invalidJsonInOneDataLine()
    {
        FakeResponse fault = FakeResponse::openAiStream({QStringLiteral("kept"), QStringLiteral(" text")});
        fault.chunks.insert(3, "data: {\"choices\":[{\"delta\":{\"content\":\"lost\"}}]\n\n"); // missing brace
        const Outcome o = runPair(fault);
        checkGood(o.good);
        QCOMPARE(cellStatusName(o.bad.status), QStringLiteral("ok"));
        QCOMPARE(o.bad.text, QStringLiteral("kept text"));
        QVERIFY2(o.bad.error.startsWith(QLatin1String("1 malformed stream event(s) skipped; first: invalid JSON in event")),
                 qPrintable(o.bad.error));
    }

    void htmlPageWithStatus200()
    {
        FakeResponse fault;
        fault.contentType = "text/html; charset=utf-8";
        fault.chunks = {"<!DOCTYPE html><html><head><title>Sign in</title></head>", "<body>Captive portal</body></html>"};
        const Outcome o = runPair(fault);
        checkGood(o.good);
        QCOMPARE(cellStatusName(o.bad.status), QStringLiteral("error"));
        QVERIFY2(o.bad.error.contains(QLatin1String("expected a stream but got an HTML page")), qPrintable(o.bad.error));
        QCOMPARE(o.bad.httpStatus, 200);
        QCOMPARE(o.bad.attempts, 1);
    }

    void connectionClosedMidStream()
    {
        FakeResponse fault = FakeResponse::openAiStream({QStringLiteral("half"), QStringLiteral(" an"), QStringLiteral(" answer")});
        fault.chunks = fault.chunks.mid(0, 4); // comment, role, "half", " an"
        fault.chunkDelayMs = 20;
        fault.cutAfterChunks = true;
        const Outcome o = runPair(fault);
        checkGood(o.good);
        QCOMPARE(cellStatusName(o.bad.status), QStringLiteral("incomplete"));
        QCOMPARE(o.bad.text, QStringLiteral("half an"));
        // Qt reports a chunked body cut short as an error or, depending on timing, as a clean
        // end; without the end marker both are incomplete.
        QVERIFY2(o.bad.error.contains(QLatin1String("connection lost mid-stream"))
                     || o.bad.error.contains(QLatin1String("the stream ended before its end marker")),
                 qPrintable(o.bad.error));
        QCOMPARE(o.bad.attempts, 1); // never retried once text has streamed
    }

    void nonUtf8Bytes()
    {
        FakeResponse fault = FakeResponse::openAiStream({QStringLiteral("start ")});
        // Invalid sequences inside a JSON string, and a lone continuation byte split over reads.
        fault.chunks.insert(3, "data: {\"choices\":[{\"delta\":{\"content\":\"a\xff\xfe" "b\xc3\"}}]}\n\n");
        fault.chunks.insert(4, "data: {\"choices\":[{\"delta\":{\"content\":\"\xe2\x82");
        fault.chunks.insert(5, "\xac \x80!\"}}]}\n\n");
        const Outcome o = runPair(fault.splitEvery(3));
        checkGood(o.good);
        QCOMPARE(cellStatusName(o.bad.status), QStringLiteral("ok"));
        const QChar bad(QChar::ReplacementCharacter);
        QCOMPARE(o.bad.text, QStringLiteral("start a") + bad + bad + QStringLiteral("b") + bad + QStringLiteral("\u20ac ") + bad + QStringLiteral("!"));
        QVERIFY(o.bad.error.isEmpty());
    }

    void hugeLineWithoutNewline()
    {
        // 8 MiB of one line, in 64 KiB pieces; the limit is 256 KiB.
        FakeResponse fault;
        fault.chunks.append("data: {\"choices\":[{\"delta\":{\"content\":\"");
        const QByteArray piece(64 * 1024, 'x');
        for (int i = 0; i < 128; ++i)
            fault.chunks.append(piece);
        fault.chunkDelayMs = 1;
        RequestLimits limits = fastLimits();
        limits.maxAnswerBytes = 256 * 1024;
        const Outcome o = runPair(fault, limits);
        checkGood(o.good);
        QCOMPARE(cellStatusName(o.bad.status), QStringLiteral("incomplete"));
        QVERIFY2(o.bad.error.contains(QLatin1String("limit")), qPrintable(o.bad.error));
        QVERIFY(o.bad.text.isEmpty());
        // Stopped long before the end: the reply was aborted and the server saw it.
        QCOMPARE(o.clientAborts, 1);
    }

    void htmlPageUnderAnotherContentType_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("shown");
        QTest::addRow("text/plain") << QByteArray("text/plain; charset=utf-8") << QStringLiteral("text/plain");
        QTest::addRow("event stream") << QByteArray("text/event-stream") << QStringLiteral("text/event-stream");
        QTest::addRow("json") << QByteArray("application/json") << QStringLiteral("application/json");
    }

    void htmlPageUnderAnotherContentType()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QString, shown);
        // A proxy's error page with HTTP 200, labelled as anything but HTML, split into small reads.
        FakeResponse fault;
        fault.contentType = contentType;
        fault.chunks = {"\r\n<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>",
                        "<body><h1>Bad Gateway</h1><p>upstream went away</p></body></html>\n"};
        const Outcome o = runPair(fault.splitEvery(5));
        checkGood(o.good);
        QCOMPARE(cellStatusName(o.bad.status), QStringLiteral("error"));
        const QString expected = QStringLiteral("HTTP 200: the server sent HTML (%1) instead of a stream: "
                                                "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>")
                                     .arg(shown);
        QVERIFY2(o.bad.error.startsWith(expected), qPrintable(o.bad.error));
        QCOMPARE(o.bad.httpStatus, 200);
        QCOMPARE(o.bad.attempts, 1);
        QVERIFY(o.bad.text.isEmpty());
    }

    void compressedStreamsAreDecoded_data()
    {
        QTest::addColumn<QByteArray>("encoding");
        QTest::addColumn<int>("pieceSize");
        QTest::addRow("gzip") << QByteArray("gzip") << 64;
        QTest::addRow("gzip byte by byte") << QByteArray("gzip") << 1;
        QTest::addRow("deflate") << QByteArray("deflate") << 64;
        QTest::addRow("deflate byte by byte") << QByteArray("deflate") << 1;
    }

    void compressedStreamsAreDecoded()
    {
        QFETCH(QByteArray, encoding);
        QFETCH(int, pieceSize);
        const Outcome o = runPair(healthy().compressed(encoding, pieceSize));
        checkGood(o.good);
        checkGood(o.bad);
        QCOMPARE(o.bad.inputTokens.value_or(-1), 7);
    }

    void corruptCompressedBody_data()
    {
        QTest::addColumn<QByteArray>("encoding");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("cause");
        // A valid gzip header, then a deflate block of the reserved type 3.
        QTest::addRow("bad gzip data") << QByteArray("gzip") << QByteArray("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x07garbage", 18)
                                       << QStringLiteral("invalid block type");
        QTest::addRow("not gzip at all") << QByteArray("gzip") << QByteArray("data: {\"choices\":[]}\n\n")
                                         << QStringLiteral("incorrect header check");
        QTest::addRow("bad gzip method") << QByteArray("gzip") << QByteArray("\x1f\x8b\x09\x00\x00\x00\x00\x00\x00\x03", 10)
                                         << QStringLiteral("unknown compression method");
        QTest::addRow("bad zlib data") << QByteArray("deflate") << QByteArray("\x78\x9c\xff\xff\xff", 5)
                                       << QStringLiteral("invalid block type");
    }

    void corruptCompressedBody()
    {
        QFETCH(QByteArray, encoding);
        QFETCH(QByteArray, body);
        QFETCH(QString, cause);
        FakeResponse fault;
        fault.headers = {{"Content-Encoding", encoding}};
        fault.chunks = {body};
        const Outcome o = runPair(fault);
        checkGood(o.good);
        QCOMPARE(cellStatusName(o.bad.status), QStringLiteral("error"));
        const QString expected = QStringLiteral("HTTP 200: the server's %1-compressed answer is corrupt: %2").arg(QString::fromLatin1(encoding), cause);
        QVERIFY2(o.bad.error.startsWith(expected), qPrintable(o.bad.error));
        QCOMPARE(o.bad.attempts, 1);
    }

    void compressedStreamCutShort()
    {
        FakeResponse whole = healthy().compressed("gzip", 1 << 20);
        FakeResponse fault = whole;
        fault.chunks = {whole.chunks.first().left(whole.chunks.first().size() / 2)};
        const Outcome o = runPair(fault);
        checkGood(o.good);
        QCOMPARE(cellStatusName(o.bad.status), QStringLiteral("incomplete"));
        QVERIFY2(o.bad.error.startsWith(QLatin1String("the gzip-compressed stream was cut short")), qPrintable(o.bad.error));
    }

    void decompressionBomb()
    {
        // 64 MiB of blank lines, which deflate packs into about 64 KiB.
        FakeResponse bomb;
        bomb.chunks = {QByteArray(64 * 1024 * 1024, '\n')};
        const Outcome o = runPair(bomb.compressed("deflate", 16 * 1024));
        checkGood(o.good);
        QCOMPARE(cellStatusName(o.bad.status), QStringLiteral("error"));
        QVERIFY2(o.bad.error.startsWith(QLatin1String("the deflate-compressed answer expands more than 100-fold"))
                     && o.bad.error.contains(QLatin1String("a decompression bomb")),
                 qPrintable(o.bad.error));
        QVERIFY2(o.bad.error.contains(QLatin1String("to over 16 MiB so far")), qPrintable(o.bad.error)); // not all 64 MiB
    }

    void unrequestedContentEncoding()
    {
        FakeResponse fault = healthy();
        fault.headers = {{"Content-Encoding", "br"}};
        const Outcome o = runPair(fault);
        checkGood(o.good);
        QCOMPARE(cellStatusName(o.bad.status), QStringLiteral("error"));
        QVERIFY2(o.bad.error.contains(QLatin1String("encoded its answer as \"br\", which was not asked for")), qPrintable(o.bad.error));
    }

    void h2cToHttp11Server_data()
    {
        QTest::addColumn<bool>("closes");
        QTest::addColumn<QString>("statusLine");
        // nginx without http2 answers the preface with 400 and closes; a naive server reads
        // "PRI * HTTP/2.0" as a request and answers it.
        QTest::addRow("400 and close") << true << QStringLiteral("HTTP/1.1 400 Bad Request");
        QTest::addRow("answers as HTTP/1.1") << false << QStringLiteral("HTTP/1.1 200 Status");
    }

    void h2cToHttp11Server()
    {
        QFETCH(bool, closes);
        QFETCH(QString, statusLine);
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([closes](const RecordedRequest &request) {
            FakeResponse response = healthy();
            if (request.method == "PRI" && closes)
                response.raw = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 11\r\n"
                               "Connection: close\r\n\r\nBad Request";
            return response;
        });
        QString error;
        const auto registry = ProviderRegistry::fromJson(
            QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1"},)"
                           R"({"name":"h2c","kind":"openai","base_url":"%1","http2":true}]})")
                .arg(server.baseUrl(QStringLiteral("/v1")).toString())
                .toUtf8(),
            &error);
        QVERIFY2(registry, qPrintable(error));
        Scheduler scheduler;
        scheduler.setProviders(*registry);
        scheduler.setLimits(fastLimits());
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({kGood}, columns({QStringLiteral("local"), QStringLiteral("h2c")}), 1, {}));
        QVERIFY(finished.wait(10'000));
        checkGood(scheduler.result(0));
        const CellResult &bad = scheduler.result(1);
        QCOMPARE(cellStatusName(bad.status), QStringLiteral("error"));
        const QString expected = QStringLiteral("protocol mismatch: the server at 127.0.0.1:%1 speaks HTTP/1, not HTTP/2 without TLS (h2c): "
                                                "it answered HTTP/2's connection preface with \"%2\"; remove \"http2\": true from this provider")
                                     .arg(server.port())
                                     .arg(statusLine);
        QCOMPARE(bad.error, expected);
        QCOMPARE(bad.attempts, 0); // nothing was sent that the server could have answered
        // Only the good cell's request and the check's preface reached the server.
        QStringList methods;
        for (const RecordedRequest &request : server.requests())
            methods.append(QString::fromLatin1(request.method));
        QCOMPARE(methods.count(QStringLiteral("POST")), 1);
        QCOMPARE(methods.count(QStringLiteral("PRI")), 1);
    }

    void http2PreflightVerdicts_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<bool>("closeAfter");
        QTest::addColumn<QString>("verdict");
        QTest::addRow("HTTP/2 SETTINGS") << QByteArray("\0\0\x06\x04\0\0\0\0\0\0\x03\0\0\0\x64", 15) << false << QString();
        QTest::addRow("HTTP/1.0 505 then close") << QByteArray("HTTP/1.0 505 HTTP Version Not Supported\r\n\r\n") << true
                                                << QStringLiteral("\"HTTP/1.0 505 HTTP Version Not Supported\"");
        QTest::addRow("status line in pieces") << QByteArray("HTTP/1.1 4") << false << QStringLiteral("\"HTTP/1.1 4\"");
        QTest::addRow("silence") << QByteArray() << false << QString();
        QTest::addRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n") << true << QString();
    }

    void http2PreflightVerdicts()
    {
        QFETCH(QByteArray, answer);
        QFETCH(bool, closeAfter);
        QFETCH(QString, verdict);
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QByteArray received;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *socket = server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [&, socket] {
                const bool first = received.isEmpty();
                received += socket->readAll();
                if (!first || answer.isEmpty())
                    return;
                socket->write(answer);
                if (closeAfter)
                    socket->disconnectFromHost();
            });
        });
        const auto preflight = std::make_shared<Http2Preflight>();
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/v1").arg(server.serverPort()));
        // Two requests to the same server share one check.
        QStringList verdicts;
        QCoro::connect(preflight->check(url, 300), this, [&](const QString &v) { verdicts.append(v); });
        QCoro::connect(preflight->check(url, 300), this, [&](const QString &v) { verdicts.append(v); });
        QTRY_COMPARE_WITH_TIMEOUT(verdicts.size(), 2, 3000);
        const QString firstVerdict = verdicts.first();
        QCOMPARE(verdicts.last(), firstVerdict);
        if (verdict.isEmpty())
            QVERIFY2(firstVerdict.isEmpty(), qPrintable(firstVerdict));
        else
            QVERIFY2(firstVerdict.startsWith(QLatin1String("protocol mismatch")) && firstVerdict.contains(verdict), qPrintable(firstVerdict));
        QVERIFY2(received.startsWith("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), received.constData());
    }

    void http2PreflightRefused()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        // Nobody listens: no verdict; the request itself reports "connection refused".
        const auto preflight = std::make_shared<Http2Preflight>();
        QCOMPARE(QCoro::waitFor(preflight->check(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), 1000)), QString());
    }

    void refusedConnectionNamesTheUrl()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        const QString key = QStringLiteral("sk-test-refused-SECRET-42");
        Scheduler scheduler;
        // User info in the base URL is not for the error either.
        scheduler.setProviders(providers({{QStringLiteral("gone"), QStringLiteral("http://user:pw@127.0.0.1:%1/v1").arg(port)}}));
        scheduler.keys().setKey(QStringLiteral("gone"), key);
        RequestLimits limits = fastLimits();
        limits.maxAttempts = 1;
        scheduler.setLimits(limits);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({kGood}, columns({QStringLiteral("gone")}), 1, {}));
        QVERIFY(finished.wait(10'000));
        const CellResult r = scheduler.result(0);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("error"));
        const QString where = QStringLiteral("http://127.0.0.1:%1/v1/chat/completions").arg(port);
        QVERIFY2(r.error.contains(QLatin1String("refused"), Qt::CaseInsensitive) && r.error.contains(where), qPrintable(r.error));
        QVERIFY2(!r.error.contains(key) && !r.error.contains(QLatin1String("pw@")), qPrintable(r.error));
    }

    void redirectLoop()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        const QByteArray loop = server.baseUrl(QStringLiteral("/loop/v1/chat/completions")).toEncoded();
        server.setHandler([loop](const RecordedRequest &request) {
            if (!request.path.startsWith("/loop"))
                return healthy();
            FakeResponse redirect;
            redirect.status = 302;
            redirect.contentType = "text/plain";
            redirect.headers = {{"Location", loop}};
            return redirect;
        });
        Scheduler scheduler;
        scheduler.setProviders(providers({{QStringLiteral("local"), server.baseUrl(QStringLiteral("/v1")).toString()},
                                          {QStringLiteral("loop"), server.baseUrl(QStringLiteral("/loop/v1")).toString()}}));
        scheduler.setLimits(fastLimits());
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({kGood}, columns({QStringLiteral("local"), QStringLiteral("loop")}), 1, {}));
        QVERIFY(finished.wait(10'000));
        checkGood(scheduler.result(0));
        const CellResult &bad = scheduler.result(1);
        QCOMPARE(cellStatusName(bad.status), QStringLiteral("error"));
        QVERIFY2(bad.error.contains(QLatin1String("redirect"), Qt::CaseInsensitive), qPrintable(bad.error + QString::number(server.requestCount())));
        // A handful of redirects (the limit is 5; how Qt counts varies with connection reuse),
        // then it gives up: bounded, and never retried.
        QCOMPARE(bad.attempts, 1);
        QVERIFY2(server.requestCount() <= 1 + 12, qPrintable(QString::number(server.requestCount())));
    }

    void tlsCertificateError()
    {
        QFile certFile(QStringLiteral(PROMPTGRID_TEST_DATA "/tls/test-cert.pem"));
        QFile keyFile(QStringLiteral(PROMPTGRID_TEST_DATA "/tls/test-key.pem"));
        QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
        tls.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        QSslServer tlsServer;
        tlsServer.setSslConfiguration(tls);
        QVERIFY(tlsServer.listen(QHostAddress::LocalHost, 0));
        int handshakesFailed = 0;
        connect(&tlsServer, &QSslServer::errorOccurred, this, [&](QSslSocket *, QAbstractSocket::SocketError) { ++handshakesFailed; });
        connect(&tlsServer, &QSslServer::peerVerifyError, this, [](QSslSocket *, const QSslError &) {});

        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return healthy(); });
        Scheduler scheduler;
        scheduler.setProviders(providers({{QStringLiteral("local"), server.baseUrl(QStringLiteral("/v1")).toString()},
                                          {QStringLiteral("tls"), QStringLiteral("https://127.0.0.1:%1/v1").arg(tlsServer.serverPort())}}));
        scheduler.setLimits(fastLimits());
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({kGood}, columns({QStringLiteral("local"), QStringLiteral("tls")}), 1, {}));
        QVERIFY(finished.wait(10'000));
        checkGood(scheduler.result(0));
        const CellResult &bad = scheduler.result(1);
        QCOMPARE(cellStatusName(bad.status), QStringLiteral("error"));
        QVERIFY2(bad.error.contains(QLatin1String("SSL handshake failed")), qPrintable(bad.error));
        QVERIFY2(bad.error.contains(QLatin1String("self-signed"), Qt::CaseInsensitive)
                     || bad.error.contains(QLatin1String("certificate"), Qt::CaseInsensitive),
                 qPrintable(bad.error));
        QVERIFY(bad.text.isEmpty());
        QCOMPARE(bad.attempts, 1); // a certificate problem is not retried
    }

    void providersJsonFieldErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::addRow("not json") << QByteArray("{\"providers\": [") << QStringLiteral("invalid JSON at offset");
        QTest::addRow("providers not array") << QByteArray(R"({"providers": {}})") << QStringLiteral("field \"providers\" must be an array");
        QTest::addRow("entry not object") << QByteArray(R"({"providers": [3]})") << QStringLiteral("providers[0] must be an object");
        QTest::addRow("name missing") << QByteArray(R"({"providers": [{"kind": "openai"}]})") << QStringLiteral("providers[0]: provider: field \"name\" is missing");
        QTest::addRow("name wrong type") << QByteArray(R"({"providers": [{"name": 5, "kind": "openai"}]})") << QStringLiteral("field \"name\" must be a string");
        QTest::addRow("kind missing") << QByteArray(R"({"providers": [{"name": "a"}]})") << QStringLiteral("provider \"a\": field \"kind\" is missing");
        QTest::addRow("kind unknown") << QByteArray(R"({"providers": [{"name": "a", "kind": "gpt"}]})") << QStringLiteral("field \"kind\" has unknown value \"gpt\"");
        QTest::addRow("base_url type") << QByteArray(R"({"providers": [{"name": "a", "kind": "openai", "base_url": 8080}]})") << QStringLiteral("field \"base_url\" must be a string");
        QTest::addRow("base_url scheme") << QByteArray("{\"providers\": [{\"name\": \"a\", \"kind\": \"openai\", \"base_url\": \"ftp:/\x2fx\"}]}") /* no "//" in a raw string: moc takes it for a comment */ << QStringLiteral("field \"base_url\" must be an http or https URL");
        QTest::addRow("models type") << QByteArray(R"({"providers": [{"name": "a", "kind": "openai", "models": "gpt"}]})") << QStringLiteral("field \"models\" must be an array of strings");
        QTest::addRow("models item") << QByteArray(R"({"providers": [{"name": "a", "kind": "openai", "models": ["x", 1]}]})") << QStringLiteral("field \"models\" must be an array of strings");
        QTest::addRow("max_concurrency string") << QByteArray(R"({"providers": [{"name": "a", "kind": "openai", "max_concurrency": "8"}]})") << QStringLiteral("field \"max_concurrency\" must be a whole number >= 1");
        QTest::addRow("max_concurrency zero") << QByteArray(R"({"providers": [{"name": "a", "kind": "openai", "max_concurrency": 0}]})") << QStringLiteral("field \"max_concurrency\" must be a whole number >= 1");
        QTest::addRow("requests_per_minute fraction") << QByteArray(R"({"providers": [{"name": "a", "kind": "openai", "requests_per_minute": 1.5}]})") << QStringLiteral("field \"requests_per_minute\" must be a whole number >= 0");
        QTest::addRow("http2 type") << QByteArray(R"({"providers": [{"name": "a", "kind": "openai", "http2": "yes"}]})") << QStringLiteral("field \"http2\" must be true or false");
        QTest::addRow("prices type") << QByteArray(R"({"providers": [{"name": "a", "kind": "openai", "prices": []}]})") << QStringLiteral("field \"prices\" must be an object");
        QTest::addRow("price entry") << QByteArray(R"({"providers": [{"name": "a", "kind": "openai", "prices": {"m": {"input_per_mtok": "1"}}}]})") << QStringLiteral("field \"prices.m\" needs numbers");
        QTest::addRow("duplicate") << QByteArray(R"({"providers": [{"name": "a", "kind": "openai"}, {"name": "a", "kind": "ollama"}]})") << QStringLiteral("providers[1]: duplicate name \"a\"");
    }

    void providersJsonFieldErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!ProviderRegistry::fromJson(json, &error));
        QVERIFY2(error.contains(message), qPrintable(error));

        // The CLI: exit status 2 and the same message on stderr, naming the file.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("providers.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(json);
        file.close();
        QProcess cli;
        cli.start(QStringLiteral(PROMPTGRID_CLI_PATH), {QStringLiteral("--providers"), path, QStringLiteral("--model"),
                                                         QStringLiteral("a/m"), QStringLiteral("--prompt"), QStringLiteral("hi"),
                                                         QStringLiteral("--out"), dir.filePath(QStringLiteral("out.csv"))});
        QVERIFY(cli.waitForFinished(10'000));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 2);
        const QString stderrText = QString::fromUtf8(cli.readAllStandardError());
        QVERIFY2(stderrText.contains(message), qPrintable(stderrText));
        QVERIFY2(stderrText.contains(path), qPrintable(stderrText));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("out.csv"))));
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
