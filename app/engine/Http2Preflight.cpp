// SPDX-License-Identifier: MIT
#include "Http2Preflight.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <coroutine>
#include <vector>

namespace {
// RFC 9113 3.4: the client preface, then an empty SETTINGS frame.
constexpr char kPreface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04\0\0\0\0\0";
constexpr qsizetype kPrefaceBytes = sizeof kPreface - 1;
// Once connected, a server that speaks HTTP/2 sends its SETTINGS at once.
constexpr int kAnswerTimeoutMs = 2000;
constexpr qsizetype kStatusLineBytes = 200;
// As many requests as the scheduler starts in one event-loop turn.
constexpr std::size_t kResumeBatch = 64;
} // namespace

struct Http2Preflight::Origin {
    bool done = false;
    QString verdict;
    QString name; ///< host:port, for the message
    QPointer<QTcpSocket> socket;
    QByteArray answer;
    std::vector<std::coroutine_handle<>> waiting;
};

Http2Preflight::Http2Preflight() = default;

// Nobody can still wait: every waiting check holds a reference to us. The sockets go with
// their parent, after m_origins, so their last signals find no origin to judge.
Http2Preflight::~Http2Preflight() = default;

QCoro::Task<QString> Http2Preflight::check(QUrl url, int timeoutMs)
{
    // Held across the co_await: the last request of a run may be the one waiting here.
    const auto self = shared_from_this();
    const QString key = url.host() + QLatin1Char(':') + QString::number(url.port(80));
    std::shared_ptr<Origin> &slot = m_origins[key];
    if (!slot) {
        slot = std::make_shared<Origin>();
        slot->name = key;
        start(slot, url, timeoutMs);
    }
    const std::shared_ptr<Origin> origin = slot;
    struct Awaiter {
        Origin *origin;
        bool await_ready() const noexcept { return origin->done; }
        void await_suspend(std::coroutine_handle<> waiting) { origin->waiting.push_back(waiting); }
        void await_resume() const noexcept {}
    };
    co_await Awaiter{origin.get()};
    // A copy: QCoro 0.8's return_value moves from what it is given, and others read it too.
    co_return QString(origin->verdict);
}

void Http2Preflight::abortAll()
{
    const auto self = shared_from_this();
    for (const std::shared_ptr<Origin> &origin : m_origins.values()) {
        finish(origin, {});
        // All now: the scheduler may be going away, and with it the event loop.
        while (!origin->waiting.empty())
            resumeWaiting(origin);
    }
}

void Http2Preflight::start(const std::shared_ptr<Origin> &origin, const QUrl &url, int timeoutMs)
{
    auto *socket = new QTcpSocket(this);
    origin->socket = socket;
    auto *timer = new QTimer(socket);
    timer->setSingleShot(true);
    const std::weak_ptr<Origin> weak = origin;
    const auto judgeNow = [this, weak](bool final) {
        if (const std::shared_ptr<Origin> o = weak.lock())
            judge(o, final);
    };
    connect(socket, &QTcpSocket::connected, socket, [socket, timer, timeoutMs] {
        socket->write(kPreface, kPrefaceBytes);
        timer->start(std::min(timeoutMs, kAnswerTimeoutMs));
    });
    connect(socket, &QTcpSocket::readyRead, socket, [judgeNow] { judgeNow(false); });
    connect(socket, &QTcpSocket::disconnected, socket, [judgeNow] { judgeNow(true); });
    connect(socket, &QAbstractSocket::errorOccurred, socket, [judgeNow] { judgeNow(true); });
    connect(timer, &QTimer::timeout, socket, [judgeNow] { judgeNow(true); });
    timer->start(std::max(1, timeoutMs));
    socket->connectToHost(url.host(), quint16(url.port(80)));
}

void Http2Preflight::judge(const std::shared_ptr<Origin> &origin, bool final)
{
    if (origin->done)
        return;
    if (origin->socket)
        origin->answer += origin->socket->read(kStatusLineBytes - origin->answer.size());
    const QByteArray &answer = origin->answer;
    const qsizetype lineEnd = answer.indexOf('\n');
    if (answer.startsWith("HTTP/")) {
        // An HTTP/1.x status line: wait for all of it (or what there is) to quote it.
        if (lineEnd < 0 && answer.size() < kStatusLineBytes && !final)
            return;
        const QString statusLine = QString::fromLatin1(answer.left(lineEnd < 0 ? answer.size() : lineEnd)).trimmed();
        finish(origin, QStringLiteral("protocol mismatch: the server at %1 speaks HTTP/1, not HTTP/2 without TLS (h2c): "
                                      "it answered HTTP/2's connection preface with \"%2\"; remove \"http2\": true from "
                                      "this provider")
                           .arg(origin->name, statusLine));
        return;
    }
    // Could still become "HTTP/": wait for more.
    if (!final && QByteArrayView("HTTP/").startsWith(answer))
        return;
    // HTTP/2 frames, silence, a refused connection or a timeout: the request will tell.
    finish(origin, {});
}

void Http2Preflight::finish(const std::shared_ptr<Origin> &origin, const QString &verdict)
{
    if (origin->done)
        return;
    origin->done = true;
    origin->verdict = verdict;
    if (origin->socket) {
        origin->socket->abort(); // its signals find the origin done
        origin->socket->deleteLater();
    }
    resumeWaiting(origin);
}

void Http2Preflight::resumeWaiting(const std::shared_ptr<Origin> &origin)
{
    // The requests resume here, a batch per event-loop turn as the scheduler starts them (each
    // sends its request); one of them may drop the last other reference to us.
    const auto self = shared_from_this();
    const std::size_t count = std::min(origin->waiting.size(), kResumeBatch);
    std::vector<std::coroutine_handle<>> batch(origin->waiting.begin(), origin->waiting.begin() + std::ptrdiff_t(count));
    origin->waiting.erase(origin->waiting.begin(), origin->waiting.begin() + std::ptrdiff_t(count));
    if (!origin->waiting.empty())
        QMetaObject::invokeMethod(this, [self, origin] { self->resumeWaiting(origin); }, Qt::QueuedConnection);
    for (const std::coroutine_handle<> waiting : batch)
        waiting.resume();
}
