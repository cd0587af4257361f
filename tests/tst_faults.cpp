// SPDX-License-Identifier: MIT
// Fault injection: each bad answer gives its cell a clear, specific error while a healthy cell
// in the same run finishes ok.
#include "FakeLlmServer.h"
#include "FaultRun.h"
#include "Scheduler.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
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
        scheduler.start(RunPlan::fromPrompts({kGood, kBad}, columns({QStringLiteral("local")}), 1, {}));
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
        scheduler.start(RunPlan::fromPrompts({kGood, kBad}, columns({QStringLiteral("llama")}), 1, {}));
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
        scheduler.start(RunPlan::fromPrompts({kGood}, columns({QStringLiteral("local"), QStringLiteral("loop")}), 1, {}));
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
        scheduler.start(RunPlan::fromPrompts({kGood}, columns({QStringLiteral("local"), QStringLiteral("tls")}), 1, {}));
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
