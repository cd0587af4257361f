// SPDX-License-Identifier: MIT
// Qt's HTTP sockets get TCP_NODELAY (app/platform/TcpNoDelay.cpp): without it, the small writes
// that make up one request wait for the server's delayed ACK, and that wait inflates every time
// to first token.
#include "support/FakeLlmServer.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>

namespace {
/// TCP_NODELAY of every socket of this process whose peer is 127.0.0.1:\a port (the client ends
/// of connections to the fake server, not the server's own accepted ends).
QList<int> noDelayOfClientsOf(quint16 port)
{
    QList<int> values;
    const QStringList fds = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System);
    for (const QString &name : fds) {
        bool isNumber = false;
        const int fd = name.toInt(&isNumber);
        if (!isNumber)
            continue;
        sockaddr_in peer{};
        socklen_t size = sizeof peer;
        if (getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &size) != 0 || peer.sin_family != AF_INET
            || ntohs(peer.sin_port) != port)
            continue;
        int value = -1;
        socklen_t valueSize = sizeof value;
        if (getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &value, &valueSize) == 0)
            values.append(value);
    }
    return values;
}
} // namespace

class TestTcpNoDelay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void qtHttpSocketsHaveNoDelay()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::openAiStream({QStringLiteral("hi")}));
        QNetworkAccessManager manager;
        QNetworkRequest request(server.baseUrl(QStringLiteral("/v1/chat/completions")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = manager.post(request, QByteArrayLiteral("{}"));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QVERIFY(reply->readAll().contains("[DONE]"));
        // The connection stays open for reuse, so its socket is still there to inspect.
        const QList<int> values = noDelayOfClientsOf(server.port());
        QVERIFY2(!values.isEmpty(), "no client socket to the fake server found");
        for (int value : values)
            QCOMPARE(value, 1);
        reply->deleteLater();
    }

    void connectErrorsPassThrough()
    {
        // Every connect() of the process goes through the wrapper: a Unix socket to a missing
        // path must still fail with the real error.
        const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray path = QDir::tempPath().toLocal8Bit() + "/promptgrid-nodelay-missing.sock";
        qstrncpy(address.sun_path, path.constData(), sizeof address.sun_path);
        errno = 0;
        QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), -1);
        QCOMPARE(errno, ENOENT);
        ::close(fd);
    }
};

QTEST_GUILESS_MAIN(TestTcpNoDelay)
#include "tst_tcp_nodelay.moc"
