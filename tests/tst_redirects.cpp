// SPDX-License-Identifier: MIT
// Redirects: credentials never leave their origin. Two fake servers on two ports; the second
// one's recorded requests show exactly what a redirect delivered to it, for every wire format.
#include "FakeLlmServer.h"
#include "FaultRun.h"
#include "ModelLister.h"
#include "PlanBuilder.h"
#include "ProviderStreams.h"
#include "RedirectRule.h"
#include "Scheduler.h"

#include <QCoroTask>
#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTest>

using namespace FaultRun;

namespace {
const QString kKey = QStringLiteral("sk-test-REDIRECT-5678");

QString baseUrlFor(const QString &kind, const FakeLlmServer &server)
{
    return server.baseUrl(kind == QLatin1String("openai") ? QStringLiteral("/v1") : QString()).toString();
}

// The header names a server received (never their values: the test key stays out of the log).
QByteArray headerNames(const RecordedRequest &request)
{
    QList<QByteArray> names = request.headers.keys();
    std::sort(names.begin(), names.end());
    return names.join(", ");
}

// No header of any wire format that carries a credential, and no header holding the key.
bool carriesNoCredential(const RecordedRequest &request)
{
    for (const QByteArray &name : {QByteArrayLiteral("authorization"), QByteArrayLiteral("x-api-key"),
                                   QByteArrayLiteral("x-goog-api-key"), QByteArrayLiteral("proxy-authorization")}) {
        if (request.headers.contains(name))
            return false;
    }
    for (const QByteArray &line : request.headerLines) {
        if (line.contains(kKey.toUtf8()))
            return false;
    }
    return !request.path.contains(kKey.toUtf8());
}
} // namespace

class TestRedirects : public QObject
{
    Q_OBJECT

    /// One cell of provider \a kind at \a baseUrl, sent with kKey.
    CellResult runOne(const QString &kind, const QString &baseUrl)
    {
        Scheduler scheduler;
        scheduler.setProviders(providers({{QStringLiteral("p"), baseUrl}}, kind));
        scheduler.keys().setKey(QStringLiteral("p"), kKey);
        scheduler.setLimits(fastLimits());
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("hi")}, columns({QStringLiteral("p")}), 1, {}));
        if (!finished.wait(10'000))
            qWarning("run did not finish");
        return scheduler.result(0);
    }

private Q_SLOTS:
    void rule_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<bool>("post");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("location");
        QTest::addColumn<int>("redirectsSoFar");
        QTest::addColumn<QString>("next");      // empty: refused
        QTest::addColumn<bool>("keepsKey");
        QTest::addColumn<QString>("errorPart"); // when refused
        const QString a = QStringLiteral("http://127.0.0.1:1000/v1/chat/completions");
        QTest::addRow("same origin 307") << a << true << 307 << QStringLiteral("/v2/chat/completions") << 0
                                         << QStringLiteral("http://127.0.0.1:1000/v2/chat/completions") << true << QString();
        QTest::addRow("other port 307") << a << true << 307 << QStringLiteral("http://127.0.0.1:2000/v1/chat/completions") << 0
                                        << QStringLiteral("http://127.0.0.1:2000/v1/chat/completions") << false << QString();
        QTest::addRow("other host 308") << a << true << 308 << QStringLiteral("http://localhost:1000/x") << 0
                                        << QStringLiteral("http://localhost:1000/x") << false << QString();
        QTest::addRow("http to https") << a << true << 307 << QStringLiteral("https://127.0.0.1:1000/v1") << 0
                                       << QStringLiteral("https://127.0.0.1:1000/v1") << false << QString();
        QTest::addRow("default port is the same origin")
            << QStringLiteral("https://api.example.com/v1/models") << false << 301 << QStringLiteral("https://api.example.com:443/v2/models")
            << 0 << QStringLiteral("https://api.example.com:443/v2/models") << true << QString();
        QTest::addRow("GET follows 302") << QStringLiteral("http://127.0.0.1:1000/v1/models") << false << 302
                                         << QStringLiteral("http://127.0.0.1:2000/models") << 0
                                         << QStringLiteral("http://127.0.0.1:2000/models") << false << QString();
        for (const int status : {301, 302, 303}) {
            QTest::addRow("POST %d refused", status)
                << a << true << status << QStringLiteral("http://127.0.0.1:2000/v1/chat/completions") << 0 << QString() << false
                << QStringLiteral("from http://127.0.0.1:1000/v1/chat/completions to http://127.0.0.1:2000/v1/chat/completions: it would turn the POST into a GET");
        }
        QTest::addRow("https to http refused")
            << QStringLiteral("https://api.example.com/v1/chat/completions") << true << 307 << QStringLiteral("http://api.example.com/v1/chat/completions")
            << 0 << QString() << false << QStringLiteral("it would leave HTTPS for plain HTTP");
        QTest::addRow("other scheme refused") << a << true << 307 << QStringLiteral("ftp://127.0.0.1/x") << 0 << QString() << false
                                              << QStringLiteral("only http and https");
        QTest::addRow("no Location") << a << true << 307 << QString() << 0 << QString() << false << QStringLiteral("without a usable Location");
        QTest::addRow("sixth redirect") << a << true << 307 << QStringLiteral("/v1/chat/completions") << 5 << QString() << false
                                        << QStringLiteral("stopped after 5 redirects");
        QTest::addRow("300 is not followed") << a << true << 300 << QStringLiteral("/x") << 0 << QString() << false
                                             << QStringLiteral("not a redirect that can be followed");
    }

    void rule()
    {
        QFETCH(QString, from);
        QFETCH(bool, post);
        QFETCH(int, status);
        QFETCH(QString, location);
        QFETCH(int, redirectsSoFar);
        QFETCH(QString, next);
        QFETCH(bool, keepsKey);
        QFETCH(QString, errorPart);
        QNetworkRequest answered{QUrl(from)};
        answered.setRawHeader("Authorization", "Bearer " + kKey.toUtf8());
        answered.setRawHeader("x-api-key", kKey.toUtf8());
        answered.setRawHeader("x-goog-api-key", kKey.toUtf8());
        answered.setRawHeader("X-Custom-Token", "prefix-" + kKey.toUtf8()); // carries the key under another name
        answered.setRawHeader("anthropic-version", "2023-06-01");
        const RedirectStep step = RedirectRule::next(answered, post, status, location.toUtf8(), redirectsSoFar, kKey);
        if (next.isEmpty()) {
            QVERIFY(!step.followed());
            QVERIFY2(step.error.contains(errorPart), qPrintable(step.error));
            QVERIFY2(step.error.startsWith(QStringLiteral("HTTP %1").arg(status)), qPrintable(step.error));
            return;
        }
        QVERIFY2(step.followed(), qPrintable(step.error));
        QCOMPARE(step.next.url().toString(), next);
        QCOMPARE(step.droppedCredentials, !keepsKey);
        for (const QByteArray name : {QByteArrayLiteral("Authorization"), QByteArrayLiteral("x-api-key"),
                                      QByteArrayLiteral("x-goog-api-key"), QByteArrayLiteral("X-Custom-Token")})
            QCOMPARE(step.next.hasRawHeader(name), keepsKey);
        QVERIFY(step.next.hasRawHeader("anthropic-version")); // not a credential: kept
    }

    void crossOriginPostKeepsNoCredential_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("status");
        for (const char *kind : {"openai", "anthropic", "gemini", "ollama"}) {
            for (const int status : {307, 308})
                QTest::addRow("%s %d", kind, status) << QString::fromLatin1(kind) << status;
        }
    }

    void crossOriginPostKeepsNoCredential()
    {
        QFETCH(QString, kind);
        QFETCH(int, status);
        FakeLlmServer origin;
        FakeLlmServer other;
        QVERIFY(origin.listen() && other.listen());
        QVERIFY(origin.port() != other.port());
        origin.setHandler([&other, status](const RecordedRequest &request) {
            return FakeResponse::redirect(status, other.baseUrl(QString::fromUtf8(request.path)).toEncoded());
        });
        other.enqueue(ProviderStreams::streamOf(kind, {QStringLiteral("moved"), QStringLiteral(" fine")}));

        const CellResult result = runOne(kind, baseUrlFor(kind, origin));
        QVERIFY2(result.status == CellStatus::Ok, qPrintable(result.error));
        QCOMPARE(result.text, QStringLiteral("moved fine"));
        QCOMPARE(origin.requestCount(), 1);
        QCOMPARE(other.requestCount(), 1);
        // The first server got the key in its format's header; the second one got the same
        // POST and body, and no credential at all.
        const RecordedRequest first = origin.requests().first();
        const RecordedRequest second = other.requests().first();
        QVERIFY(first.headers.value(ProviderStreams::keyHeader(kind)).contains(kKey.toUtf8()));
        QCOMPARE(second.method, QByteArray("POST"));
        QCOMPARE(second.path, first.path);
        QCOMPARE(second.body, first.body);
        QVERIFY2(carriesNoCredential(second), headerNames(second).constData());
    }

    void postToGetRefused_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("status");
        for (const char *kind : {"openai", "anthropic", "gemini", "ollama"}) {
            for (const int status : {301, 302, 303})
                QTest::addRow("%s %d", kind, status) << QString::fromLatin1(kind) << status;
        }
    }

    void postToGetRefused()
    {
        QFETCH(QString, kind);
        QFETCH(int, status);
        FakeLlmServer origin;
        FakeLlmServer other;
        QVERIFY(origin.listen() && other.listen());
        QString target;
        origin.setHandler([&other, &target, status](const RecordedRequest &request) {
            target = other.baseUrl(QString::fromUtf8(request.path)).toString();
            return FakeResponse::redirect(status, target.toUtf8());
        });
        const CellResult result = runOne(kind, baseUrlFor(kind, origin));
        QCOMPARE(cellStatusName(result.status), QStringLiteral("error"));
        QCOMPARE(result.attempts, 1); // never retried
        QCOMPARE(result.httpStatus, status);
        QCOMPARE(other.requestCount(), 0);
        QVERIFY2(result.error.contains(QStringLiteral("turn the POST into a GET")), qPrintable(result.error));
        const QString from = origin.baseUrl(QString::fromUtf8(origin.requests().first().path)).toString();
        QVERIFY2(result.error.contains(from) && result.error.contains(target), qPrintable(result.error));
    }

    void sameOrigin307KeepsTheKey()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &request) {
            if (request.path.startsWith("/v1/"))
                return FakeResponse::redirect(307, "/v2/chat/completions"); // relative, same origin
            return FakeResponse::openAiStream({QStringLiteral("still me")});
        });
        const CellResult result = runOne(QStringLiteral("openai"), server.baseUrl(QStringLiteral("/v1")).toString());
        QVERIFY2(result.status == CellStatus::Ok, qPrintable(result.error));
        QCOMPARE(result.text, QStringLiteral("still me"));
        QCOMPARE(server.requestCount(), 2);
        const RecordedRequest second = server.requests().at(1);
        QCOMPARE(second.path, QByteArray("/v2/chat/completions"));
        QCOMPARE(second.method, QByteArray("POST"));
        QVERIFY(second.headers.value("authorization") == "Bearer " + kKey.toUtf8());
        QCOMPARE(second.body, server.requests().at(0).body);
    }

    void redirectLoopIsBounded()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &request) { return FakeResponse::redirect(307, request.path); });
        const CellResult result = runOne(QStringLiteral("openai"), server.baseUrl(QStringLiteral("/v1")).toString());
        QCOMPARE(cellStatusName(result.status), QStringLiteral("error"));
        QVERIFY2(result.error.contains(QStringLiteral("stopped after 5 redirects")), qPrintable(result.error));
        QCOMPARE(server.requestCount(), 1 + RedirectRule::kMaxRedirects);
        QCOMPARE(result.attempts, 1);
    }

    void httpsToHttpRefused()
    {
        // An HTTPS server the client trusts (the test certificate, for 127.0.0.1) that sends
        // every request to plain HTTP.
        QFile certFile(QStringLiteral(PROMPTGRID_TEST_DATA "/tls/test-cert.pem"));
        QFile keyFile(QStringLiteral(PROMPTGRID_TEST_DATA "/tls/test-key.pem"));
        QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
        const QSslCertificate certificate(certFile.readAll(), QSsl::Pem);
        QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
        const QSslConfiguration original = trusting;
        trusting.addCaCertificate(certificate);
        QSslConfiguration::setDefaultConfiguration(trusting);
        const auto restore = qScopeGuard([original] { QSslConfiguration::setDefaultConfiguration(original); });

        FakeLlmServer plain;
        QVERIFY(plain.listen());
        QSslConfiguration serving = QSslConfiguration::defaultConfiguration();
        serving.setLocalCertificate(certificate);
        serving.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
        serving.setPeerVerifyMode(QSslSocket::VerifyNone);
        QSslServer tls;
        tls.setSslConfiguration(serving);
        QVERIFY(tls.listen(QHostAddress::LocalHost, 0));
        QList<QByteArray> received;
        const QByteArray location = plain.baseUrl(QStringLiteral("/v1/chat/completions")).toEncoded();
        connect(&tls, &QSslServer::pendingConnectionAvailable, this, [&] {
            while (QTcpSocket *socket = tls.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket, &received, location] {
                    received.append(socket->readAll());
                    if (!received.join().contains("\r\n\r\n"))
                        return;
                    socket->write("HTTP/1.1 307 Temporary Redirect\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n");
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });

        const CellResult result = runOne(QStringLiteral("openai"), QStringLiteral("https://127.0.0.1:%1/v1").arg(tls.serverPort()));
        QCOMPARE(cellStatusName(result.status), QStringLiteral("error"));
        QVERIFY2(result.error.contains(QStringLiteral("it would leave HTTPS for plain HTTP")), qPrintable(result.error));
        QVERIFY2(result.error.contains(QStringLiteral("https://127.0.0.1:%1/v1/chat/completions").arg(tls.serverPort()))
                     && result.error.contains(QString::fromUtf8(location)),
                 qPrintable(result.error));
        QVERIFY(received.join().contains("POST /v1/chat/completions")); // TLS worked: the redirect was read
        QCOMPARE(plain.requestCount(), 0);
    }

    void modelListRedirects()
    {
        FakeLlmServer origin;
        FakeLlmServer other;
        QVERIFY(origin.listen() && other.listen());
        origin.setHandler([&other](const RecordedRequest &request) {
            if (request.path == "/v1/models")
                return FakeResponse::redirect(301, "/v1/models-moved"); // same origin: key kept
            return FakeResponse::redirect(302, other.baseUrl(QStringLiteral("/models")).toEncoded());
        });
        other.enqueue(FakeResponse::json("{\"data\":[{\"id\":\"far-away-model\"}]}"));
        ModelLister lister;
        ProviderConfig config;
        config.name = QStringLiteral("p");
        config.kind = ProviderKind::OpenAI;
        config.baseUrl = origin.baseUrl(QStringLiteral("/v1")).toString();
        const ModelListResult result = QCoro::waitFor(lister.fetch(config, kKey));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.models, QStringList{QStringLiteral("far-away-model")});
        QCOMPARE(origin.requestCount(), 2);
        QVERIFY(origin.requests().at(1).headers.value("authorization") == "Bearer " + kKey.toUtf8());
        QCOMPARE(other.requestCount(), 1);
        QCOMPARE(other.requests().first().method, QByteArray("GET"));
        QVERIFY2(carriesNoCredential(other.requests().first()), headerNames(other.requests().first()).constData());
    }

    void modelListOfEveryFormatDropsItsKeyHeader_data()
    {
        QTest::addColumn<QString>("kind");
        for (const char *kind : {"anthropic", "gemini"})
            QTest::addRow("%s", kind) << QString::fromLatin1(kind);
    }

    void modelListOfEveryFormatDropsItsKeyHeader()
    {
        QFETCH(QString, kind);
        FakeLlmServer origin;
        FakeLlmServer other;
        QVERIFY(origin.listen() && other.listen());
        origin.setHandler([&other](const RecordedRequest &request) {
            return FakeResponse::redirect(307, other.baseUrl(QString::fromUtf8(request.path)).toEncoded());
        });
        other.enqueue(FakeResponse::json(kind == QLatin1String("gemini") ? "{\"models\":[{\"name\":\"models/g-1\"}]}"
                                                                           : "{\"data\":[{\"id\":\"a-1\"}]}"));
        ModelLister lister;
        ProviderConfig config;
        config.name = QStringLiteral("p");
        config.kind = *providerKindFromName(kind);
        config.baseUrl = origin.baseUrl().toString();
        const ModelListResult result = QCoro::waitFor(lister.fetch(config, kKey));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.models.size(), 1);
        QVERIFY(origin.requests().first().headers.value(ProviderStreams::keyHeader(kind)).contains(kKey.toUtf8()));
        QVERIFY2(carriesNoCredential(other.requests().first()), headerNames(other.requests().first()).constData());
    }
};

QTEST_GUILESS_MAIN(TestRedirects)
#include "tst_redirects.moc"
