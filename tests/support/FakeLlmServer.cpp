// SPDX-License-Identifier: MIT
#include "FakeLlmServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>
#include <zlib.h>

struct FakeLlmServer::Connection {
    QByteArray buffer;
    bool answering = false; ///< a response is being written
    bool closing = false; ///< a raw answer or reset ends this connection: read no more requests
    quint64 generation = 0;
};

QJsonObject RecordedRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString RecordedRequest::model() const
{
    return json().value(QLatin1String("model")).toString();
}

QStringList RecordedRequest::transcript() const
{
    QStringList lines;
    for (const QJsonValue &value : json().value(QLatin1String("messages")).toArray()) {
        const QJsonObject message = value.toObject();
        lines.append(message.value(QLatin1String("role")).toString() + QStringLiteral(": ")
                     + message.value(QLatin1String("content")).toString());
    }
    return lines;
}

FakeResponse FakeResponse::openAiStream(const QStringList &pieces, int promptTokens, int completionTokens,
                                        const QString &finishReason)
{
    FakeResponse response;
    response.chunks.append(": keep-alive comment\n\n");
    response.chunks.append(R"(data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})"
                           "\n\n");
    for (const QString &piece : pieces) {
        const QJsonObject chunk{{QStringLiteral("id"), QStringLiteral("c1")},
                                {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
                                {QStringLiteral("choices"),
                                 QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                        {QStringLiteral("delta"), QJsonObject{{QStringLiteral("content"), piece}}},
                                                        {QStringLiteral("finish_reason"), QJsonValue()}}}}};
        response.chunks.append("data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + "\n\n");
    }
    const QJsonObject last{{QStringLiteral("id"), QStringLiteral("c1")},
                           {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
                           {QStringLiteral("choices"),
                            QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                   {QStringLiteral("delta"), QJsonObject()},
                                                   {QStringLiteral("finish_reason"), finishReason}}}}};
    response.chunks.append("data: " + QJsonDocument(last).toJson(QJsonDocument::Compact) + "\n\n");
    const int completion = completionTokens >= 0 ? completionTokens : int(pieces.size());
    response.chunks.append(QStringLiteral("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
                                          "\"usage\":{\"prompt_tokens\":%1,\"completion_tokens\":%2,\"total_tokens\":%3}}\n\n")
                               .arg(promptTokens)
                               .arg(completion)
                               .arg(promptTokens + completion)
                               .toUtf8());
    response.chunks.append("data: [DONE]\n\n");
    return response;
}

FakeResponse FakeResponse::jsonError(int status, const QByteArray &json)
{
    FakeResponse response;
    response.status = status;
    response.contentType = "application/json";
    response.chunks = {json};
    return response;
}

FakeResponse FakeResponse::json(const QByteArray &json)
{
    return jsonError(200, json);
}

FakeResponse FakeResponse::redirect(int status, const QByteArray &location)
{
    FakeResponse response;
    response.status = status;
    response.contentType = "text/plain";
    response.headers = {{"Location", location}};
    response.chunks = {"moved"};
    return response;
}

FakeResponse FakeResponse::withContentType(const QByteArray &type) const
{
    FakeResponse copy = *this;
    copy.contentType = type;
    return copy;
}

FakeResponse FakeResponse::splitEvery(int size) const
{
    FakeResponse copy = *this;
    QByteArray all;
    for (const QByteArray &chunk : chunks)
        all.append(chunk);
    copy.chunks.clear();
    for (qsizetype i = 0; i < all.size(); i += size)
        copy.chunks.append(all.mid(i, size));
    return copy;
}

FakeResponse FakeResponse::compressed(const QByteArray &encoding, int size) const
{
    QByteArray all;
    for (const QByteArray &chunk : chunks)
        all.append(chunk);
    z_stream stream{};
    // 15 window bits: zlib-wrapped deflate; 16 more: gzip.
    deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, encoding == "gzip" ? 15 + 16 : 15, 9, Z_DEFAULT_STRATEGY);
    QByteArray packed(qsizetype(deflateBound(&stream, uLong(all.size()))), Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(all.data());
    stream.avail_in = uInt(all.size());
    stream.next_out = reinterpret_cast<Bytef *>(packed.data());
    stream.avail_out = uInt(packed.size());
    deflate(&stream, Z_FINISH);
    packed.resize(qsizetype(stream.total_out));
    deflateEnd(&stream);
    FakeResponse copy = *this;
    copy.headers.append({"Content-Encoding", encoding});
    copy.chunks = {packed};
    return copy.splitEvery(size);
}

FakeLlmServer::FakeLlmServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeLlmServer::onNewConnection);
}

FakeLlmServer::~FakeLlmServer()
{
    for (auto it = m_connections.begin(); it != m_connections.end(); ++it) {
        it.key()->disconnect(this);
        delete it.value();
    }
}

bool FakeLlmServer::listen()
{
    m_server.setMaxPendingConnections(10'000);
    return m_server.listen(QHostAddress::LocalHost, 0);
}

bool FakeLlmServer::listenOn(quint16 port)
{
    m_server.setMaxPendingConnections(10'000);
    return m_server.listen(QHostAddress::LocalHost, port);
}

quint16 FakeLlmServer::port() const
{
    return m_server.serverPort();
}

QUrl FakeLlmServer::baseUrl(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path));
}

void FakeLlmServer::enqueue(const FakeResponse &response)
{
    m_queue.append(response);
}

void FakeLlmServer::setHandler(std::function<FakeResponse(const RecordedRequest &)> handler)
{
    m_handler = std::move(handler);
}

void FakeLlmServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        m_connections.insert(socket, new Connection);
        ++m_openConnections;
        ++m_acceptedConnections;
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            Connection *connection = m_connections.take(socket);
            if (connection) {
                if (connection->answering) {
                    ++m_clientAborts;
                    --m_active;
                    Q_EMIT clientAborted();
                }
                delete connection;
                --m_openConnections;
            }
            socket->deleteLater();
        });
    }
}

void FakeLlmServer::onReadyRead(QTcpSocket *socket)
{
    Connection *connection = m_connections.value(socket);
    if (!connection)
        return;
    connection->buffer.append(socket->readAll());
    while (!connection->answering && !connection->closing) {
        const qsizetype headerEnd = connection->buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        RecordedRequest request;
        const QList<QByteArray> lines = connection->buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.path = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            request.headerLines.append(lines.at(i).trimmed());
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                request.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length", "0").toLongLong();
        if (connection->buffer.size() < headerEnd + 4 + length)
            return;
        request.body = connection->buffer.mid(headerEnd + 4, length);
        connection->buffer.remove(0, headerEnd + 4 + length);
        m_requests.append(request);
        Q_EMIT requestReceived(request);
        respond(socket, request);
    }
}

void FakeLlmServer::respond(QTcpSocket *socket, const RecordedRequest &request)
{
    Connection *connection = m_connections.value(socket);
    FakeResponse response;
    if (!m_queue.isEmpty())
        response = m_queue.takeFirst();
    else if (m_handler)
        response = m_handler(request);
    else
        response = FakeResponse::openAiStream({QStringLiteral("Hello"), QStringLiteral(" world")});
    connection->answering = true;
    const quint64 generation = ++connection->generation;
    ++m_active;
    m_peakActive = std::max(m_peakActive, m_active);
    if (response.hangBeforeHeaders)
        return;
    if (response.resetConnection || !response.raw.isEmpty()) {
        connection->answering = false;
        connection->closing = true;
        --m_active;
        // On the next turn: closing emits disconnected(), which frees the connection that
        // onReadyRead() is still looking at.
        QTimer::singleShot(0, this, [guard = QPointer<QTcpSocket>(socket), response] {
            if (!guard)
                return;
            if (response.resetConnection) {
                // SO_LINGER with a zero timeout makes close() send RST instead of FIN.
                const linger reset{1, 0};
                ::setsockopt(int(guard->socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
                guard->abort();
                return;
            }
            guard->write(response.raw);
            guard->disconnectFromHost();
        });
        return;
    }
    QPointer<QTcpSocket> guard(socket);
    QTimer::singleShot(response.initialDelayMs, this, [this, guard, response, generation] {
        if (!guard || !m_connections.contains(guard.data()))
            return;
        QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + " Status\r\n";
        head += "Content-Type: " + response.contentType + "\r\n";
        head += "Transfer-Encoding: chunked\r\n";
        for (const auto &[name, value] : response.headers)
            head += name + ": " + value + "\r\n";
        head += "\r\n";
        guard->write(head);
        if (response.hangAfterHeaders)
            return;
        writeChunks(guard, response, 0, generation);
    });
}

void FakeLlmServer::writeChunks(QPointer<QTcpSocket> socket, FakeResponse response, int index, quint64 generation)
{
    if (!socket || !m_connections.contains(socket.data()) || m_connections.value(socket.data())->generation != generation)
        return;
    const auto writeChunk = [&](const QByteArray &chunk) {
        if (!chunk.isEmpty())
            socket->write(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
    };
    if (index < response.chunks.size() && response.chunkDelayMs > 0) {
        writeChunk(response.chunks.at(index));
        socket->flush();
        QTimer::singleShot(response.chunkDelayMs, this, [this, socket, response, index, generation] {
            writeChunks(socket, response, index + 1, generation);
        });
        return;
    }
    // Without a delay, every piece at once (a loop: an answer may have 100,000 of them).
    for (; index < response.chunks.size(); ++index)
        writeChunk(response.chunks.at(index));
    if (response.holdOpenAfterChunks) {
        socket->flush();
        return; // still answering: a client that gives up counts as an abort
    }
    if (response.cutAfterChunks) {
        socket->flush();
        Connection *connection = m_connections.value(socket.data());
        connection->answering = false;
        --m_active;
        socket->disconnectFromHost();
        return;
    }
    socket->write("0\r\n\r\n");
    finishResponse(socket.data());
}

void FakeLlmServer::finishResponse(QTcpSocket *socket)
{
    Connection *connection = m_connections.value(socket);
    if (!connection)
        return;
    connection->answering = false;
    --m_active;
    if (!connection->buffer.isEmpty())
        QTimer::singleShot(0, this, [this, socket] {
            if (m_connections.contains(socket))
                onReadyRead(socket);
        });
}
