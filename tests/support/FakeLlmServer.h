// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QStringList>
#include <QTcpServer>
#include <QUrl>

#include <functional>

class QTcpSocket;

/// One HTTP request as the fake server received it.
struct RecordedRequest {
    QByteArray method;
    QByteArray path; ///< with the query string
    QHash<QByteArray, QByteArray> headers; ///< names lower-cased
    QList<QByteArray> headerLines; ///< every header line as received, in order
    QByteArray body;
    QJsonObject json() const;
    /// The body's "model".
    QString model() const;
    /// "role: content" for each of the body's chat "messages", in order (string contents).
    QStringList transcript() const;
};

/// What the fake server answers to one request.
struct FakeResponse {
    int status = 200;
    QByteArray contentType = "text/event-stream";
    QList<QPair<QByteArray, QByteArray>> headers;
    QList<QByteArray> chunks; ///< body pieces, written one at a time
    int initialDelayMs = 0;   ///< before the status line
    int chunkDelayMs = 0;     ///< between two pieces
    bool cutAfterChunks = false; ///< close the socket after the pieces, without ending the body
    bool hangAfterHeaders = false; ///< send the headers, then nothing until the client leaves
    bool hangBeforeHeaders = false; ///< accept the request and never answer
    bool holdOpenAfterChunks = false; ///< send the pieces, then neither end the body nor close
    /// Faults below HTTP: when set, these bytes are the whole answer (no status line, no
    /// headers), then the connection closes.
    QByteArray raw;
    bool resetConnection = false; ///< answer with a TCP reset (RST) and nothing else

    /// An OpenAI-style SSE stream of \a pieces, a usage chunk and [DONE].
    static FakeResponse openAiStream(const QStringList &pieces, int promptTokens = 7, int completionTokens = -1,
                                     const QString &finishReason = QStringLiteral("stop"));
    /// A JSON error body with \a status.
    static FakeResponse jsonError(int status, const QByteArray &json);
    /// A plain JSON answer (model lists).
    static FakeResponse json(const QByteArray &json);
    /// A redirect: \a status (301, 302, 303, 307, 308) to \a location.
    static FakeResponse redirect(int status, const QByteArray &location);
    /// Splits every chunk into pieces of \a size bytes (1 = byte by byte).
    FakeResponse splitEvery(int size) const;
    FakeResponse withContentType(const QByteArray &type) const;
    /// The body compressed as Content-Encoding \a encoding ("gzip" or "deflate", zlib-wrapped),
    /// sent in pieces of \a size bytes.
    FakeResponse compressed(const QByteArray &encoding, int size = 512) const;
};

/// A small HTTP/1.1 server on 127.0.0.1 that plays LLM provider: it records what the client
/// sent and answers with scripted, possibly slow, split or broken streams. Bodies use chunked
/// transfer encoding, so a cut connection is a real protocol error for the client.
class FakeLlmServer : public QObject
{
    Q_OBJECT
public:
    explicit FakeLlmServer(QObject *parent = nullptr);
    ~FakeLlmServer() override;

    bool listen();
    /// Listens on a given port of 127.0.0.1 (a server that comes up late).
    bool listenOn(quint16 port);
    quint16 port() const;
    QUrl baseUrl(const QString &path = {}) const; ///< http://127.0.0.1:PORT + path

    /// Answers in order; when the queue is empty the handler (or a default stream) answers.
    void enqueue(const FakeResponse &response);
    void setHandler(std::function<FakeResponse(const RecordedRequest &)> handler);

    QList<RecordedRequest> requests() const { return m_requests; }
    int requestCount() const { return int(m_requests.size()); }
    /// Connections the client closed (or aborted) while an answer was still being written.
    int clientAborts() const { return m_clientAborts; }
    int openConnections() const { return m_openConnections; }
    /// Every connection accepted so far (fewer than requests when the client reuses them).
    int acceptedConnections() const { return m_acceptedConnections; }
    /// The most requests that were being answered at the same time.
    int peakConcurrentRequests() const { return m_peakActive; }
    int activeRequests() const { return m_active; }

Q_SIGNALS:
    void requestReceived(const RecordedRequest &request);
    /// The client went away before its answer was complete.
    void clientAborted();

private:
    struct Connection;
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const RecordedRequest &request);
    void writeChunks(QPointer<QTcpSocket> socket, FakeResponse response, int index, quint64 generation);
    void finishResponse(QTcpSocket *socket);

    QTcpServer m_server;
    QList<FakeResponse> m_queue;
    std::function<FakeResponse(const RecordedRequest &)> m_handler;
    QList<RecordedRequest> m_requests;
    QHash<QTcpSocket *, Connection *> m_connections;
    int m_clientAborts = 0;
    int m_openConnections = 0;
    int m_acceptedConnections = 0;
    int m_active = 0;
    int m_peakActive = 0;
};
