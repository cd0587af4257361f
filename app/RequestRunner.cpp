// SPDX-License-Identifier: MIT
#include "RequestRunner.h"

#include "ActiveRequest.h"
#include "DemoModels.h"
#include "RequestTemplates.h"
#include "RetryPolicy.h"
#include "WireProtocol.h"

#include <QCoroNetworkReply>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QScopeGuard>
#include <QScopedPointer>
#include <QTimer>

namespace {
constexpr qsizetype kMaxErrorBody = 64 * 1024;

struct AttemptOutcome {
    bool settled = false; ///< the attempt already settled the request (success or final error)
    bool retryable = false;
    QString error;
    CellStatus status = CellStatus::Error;
    std::optional<qint64> retryAfterMs;
};

// Slows the provider down before it has to answer 429.
void reportRateLimitHeaders(ActiveRequest *request, QNetworkReply *reply)
{
    const QByteArray remaining = reply->hasRawHeader("x-ratelimit-remaining-requests")
        ? reply->rawHeader("x-ratelimit-remaining-requests")
        : reply->rawHeader("anthropic-ratelimit-requests-remaining");
    if (remaining.trimmed() != "0")
        return;
    const QByteArray reset = reply->hasRawHeader("x-ratelimit-reset-requests")
        ? reply->rawHeader("x-ratelimit-reset-requests")
        : reply->rawHeader("anthropic-ratelimit-requests-reset");
    if (const auto delay = RetryPolicy::resetDelayMs(reset))
        Q_EMIT request->rateLimitSeen(request->provider().name, *delay);
}

void applyOutput(ActiveRequest *request, StreamOutput &out)
{
    request->result().inputTokens = out.inputTokens ? out.inputTokens : request->result().inputTokens;
    request->result().outputTokens = out.outputTokens ? out.outputTokens : request->result().outputTokens;
    if (!out.finishReason.isEmpty())
        request->result().finishReason = out.finishReason;
    request->appendOutput(out.text, out.reasoning);
    out.text.clear();
    out.reasoning.clear();
}

// How a 2xx body is read: unknown until its first bytes, then as the stream asked for, or as
// one JSON document (a server that ignored "stream": true).
enum class BodyKind { Unknown, Stream, WholeJson };

BodyKind sniffBody(const QByteArray &contentType, QByteArrayView chunk)
{
    // application/x-ndjson (Ollama's stream) and text/event-stream are streams; a JSON body
    // starts with an object or an array, which no SSE stream does.
    if (!contentType.startsWith("application/json"))
        return BodyKind::Stream;
    for (const char c : chunk) {
        if (c == '{' || c == '[')
            return BodyKind::WholeJson;
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return BodyKind::Stream;
    }
    return BodyKind::Unknown;
}

QString malformedNote(const StreamOutput &out)
{
    if (out.malformedEvents == 0)
        return {};
    return QStringLiteral("%1 malformed stream event(s) skipped; first: %2")
        .arg(out.malformedEvents)
        .arg(out.firstMalformed);
}

QNetworkReply *postRequest(const ActiveRequest &request, const WireProtocol &protocol)
{
    const CellSpec &spec = request.spec();
    const ChatRequest chat{spec.model.model, spec.system, spec.prompt, spec.model.params};
    RequestTemplates *templates = request.requestTemplates();
    const QNetworkRequest http = templates
        ? templates->chatRequest(protocol, request.provider(), request.apiKey(), spec.model.model)
        : protocol.chatHttpRequest(request.provider(), request.apiKey(), spec.model.model);
    return request.network()->post(http, protocol.requestBody(chat));
}

// Wakes the request's coroutine straight from its reply's readyRead and finished: one pair of
// connections per attempt and nothing allocated per chunk. (QCoro 0.8's readAll(timeout) built a
// helper QObject, a QTimer and three coroutine frames for every read; at N = 10,000 streams that
// was a large part of the engine's CPU.) Resuming inside the reply's signal is safe here because
// replies are only ever freed with deleteLater.
class ReplyWaiter
{
public:
    explicit ReplyWaiter(QNetworkReply *reply)
        : m_reply(reply)
    {
        const auto wake = [this] {
            if (const std::coroutine_handle<> waiting = std::exchange(m_waiting, {}))
                waiting.resume();
        };
        m_readyRead = QObject::connect(reply, &QNetworkReply::readyRead, reply, wake);
        m_finished = QObject::connect(reply, &QNetworkReply::finished, reply, wake);
    }
    ~ReplyWaiter()
    {
        QObject::disconnect(m_readyRead);
        QObject::disconnect(m_finished);
    }
    Q_DISABLE_COPY_MOVE(ReplyWaiter)

    /// co_await waiter.dataOrEnd(): resumes when the reply has bytes to read or has finished.
    struct Awaiter {
        ReplyWaiter *waiter;
        bool await_ready() const noexcept
        {
            return waiter->m_reply->bytesAvailable() > 0 || waiter->m_reply->isFinished();
        }
        void await_suspend(std::coroutine_handle<> waiting) noexcept { waiter->m_waiting = waiting; }
        void await_resume() const noexcept {}
    };
    Awaiter dataOrEnd() { return Awaiter{this}; }

private:
    QNetworkReply *m_reply;
    std::coroutine_handle<> m_waiting;
    QMetaObject::Connection m_readyRead;
    QMetaObject::Connection m_finished;
};

// Reads what the reply holds into a scratch buffer shared by all requests on this thread.
// QIODevice::readAll() reads through the device's own ring buffer, which then keeps a 16 KB
// chunk for the reply's lifetime; reads of at least that size go straight to the caller.
QByteArrayView readChunk(QNetworkReply *reply)
{
    // An aborted reply is closed; reading it would only log "device not open".
    if (!reply->isOpen())
        return {};
    static thread_local std::vector<char> scratch(64 * 1024);
    const qint64 got = reply->read(scratch.data(), qint64(scratch.size()));
    return got > 0 ? QByteArrayView(scratch.data(), got) : QByteArrayView();
}

QCoro::Task<AttemptOutcome> runAttempt(std::shared_ptr<ActiveRequest> request, const WireProtocol *protocol)
{
    const RequestLimits &limits = request->limits();
    // Built and posted in a plain function, so that the request and its body (the reply holds
    // its own copies) are not kept in this coroutine's frame for the whole answer.
    std::unique_ptr<QNetworkReply, QScopedPointerDeleteLater> reply(postRequest(*request, *protocol));
    QNetworkReply *raw = reply.get();
    request->attachReply(raw);

    // Connect, first-byte and idle limits live in the scheduler's shared deadline queue: no
    // QTimer per request or per read (Qt scans all of a thread's timers on every start/stop).
    ActiveRequest *req = request.get();
    req->enterPhase(ActiveRequest::Phase::Connect);
    const QMetaObject::Connection sentConnection = QObject::connect(
        raw, &QNetworkReply::requestSent, raw, [req] { req->enterPhase(ActiveRequest::Phase::FirstByte); });
    const QMetaObject::Connection headersConnection = QObject::connect(
        raw, &QNetworkReply::metaDataChanged, raw, [req] { req->enterPhase(ActiveRequest::Phase::Headers); });
    // The reply outlives this frame (deleteLater); its signals must not reach req afterwards.
    const auto endPhase = qScopeGuard([req, sentConnection, headersConnection] {
        QObject::disconnect(sentConnection);
        QObject::disconnect(headersConnection);
        req->enterPhase(ActiveRequest::Phase::None);
    });
    ReplyWaiter waiter(raw);

    auto parser = protocol->createParser();
    StreamOutput out;
    bool sawBytes = false;
    bool checkedHeaders = false;
    int httpStatus = 0;
    QByteArray errorBody;
    qint64 answerBytes = 0;
    QByteArray contentType;
    BodyKind bodyKind = BodyKind::Unknown;
    QByteArray jsonBody; ///< the whole answer, when it is one JSON document

    while (true) {
        co_await waiter.dataOrEnd();
        if (request->isSettled())
            co_return AttemptOutcome{.settled = true};
        // A view into a scratch buffer: no allocation per chunk. Valid until the next read.
        const QByteArrayView chunk = readChunk(raw);
        if (chunk.isEmpty()) {
            // Nothing to read: the reply has finished, or it still runs and the wake-up raced the
            // data. Idle limits are the deadline queue's business, so just wait again.
            if (raw->isRunning())
                continue;
            break;
        }
        sawBytes = true;
        // After the end marker, bytes do not restart the grace period (enterPhase ignores it).
        req->enterPhase(ActiveRequest::Phase::Streaming);
        if (!checkedHeaders) {
            checkedHeaders = true;
            httpStatus = raw->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            request->result().httpStatus = httpStatus;
            reportRateLimitHeaders(req, raw);
            const QByteArray type = raw->header(QNetworkRequest::ContentTypeHeader).toByteArray().toLower();
            contentType = type.trimmed();
            if (httpStatus >= 200 && httpStatus < 300 && type.startsWith("text/html")) {
                request->stop(CellStatus::Error, QStringLiteral("HTTP %1: expected a stream but got an HTML page: %2")
                                                     .arg(httpStatus)
                                                     .arg(QString::fromUtf8(chunk.first(std::min<qsizetype>(120, chunk.size()))).simplified()));
                co_return AttemptOutcome{.settled = true};
            }
        }
        if (httpStatus < 200 || httpStatus >= 300) {
            if (errorBody.size() < kMaxErrorBody)
                errorBody.append(chunk.first(std::min<qsizetype>(chunk.size(), kMaxErrorBody - errorBody.size())));
            continue;
        }
        if (bodyKind == BodyKind::Unknown)
            bodyKind = sniffBody(contentType, chunk);
        // Feed no more than the limit allows, so that one huge read cannot grow the answer
        // past it.
        const qint64 room = std::max<qint64>(0, limits.maxAnswerBytes - answerBytes);
        answerBytes += chunk.size();
        if (bodyKind != BodyKind::Stream) {
            // One JSON document: kept whole and read when it ends (leading blanks are dropped).
            if (bodyKind == BodyKind::WholeJson)
                jsonBody.append(QByteArrayView(chunk).first(std::min<qint64>(chunk.size(), room)));
            if (answerBytes > limits.maxAnswerBytes) {
                request->stop(CellStatus::Incomplete, QStringLiteral("answer larger than the %1 MiB limit; stopped reading")
                                                          .arg(limits.maxAnswerBytes / (1024.0 * 1024.0), 0, 'g', 3));
                co_return AttemptOutcome{.settled = true};
            }
            continue;
        }
        parser->feed(QByteArrayView(chunk).first(std::min<qint64>(chunk.size(), room)), out);
        applyOutput(req, out);
        if (!out.error.isEmpty()) {
            request->stop(CellStatus::Error, out.error);
            co_return AttemptOutcome{.settled = true};
        }
        if (out.overflowed || answerBytes > limits.maxAnswerBytes) {
            request->stop(CellStatus::Incomplete, QStringLiteral("answer larger than the %1 MiB limit; stopped reading")
                                                      .arg(limits.maxAnswerBytes / (1024.0 * 1024.0), 0, 'g', 3));
            co_return AttemptOutcome{.settled = true};
        }
        request->notifyUpdated();
        // The answer is complete; a normal server ends the response now, which keeps its
        // HTTP/1.1 connection reusable. One that holds it open gets endGraceMs, then the
        // deadline queue aborts the reply and we settle ok below.
        if (out.done)
            req->enterPhase(ActiveRequest::Phase::Ending);
    }

    // The reply has finished.
    if (!checkedHeaders) {
        httpStatus = raw->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        request->result().httpStatus = httpStatus;
    }
    // Qt ends a redirect loop with the last 3xx as the status; the network error says why.
    if (raw->error() == QNetworkReply::TooManyRedirectsError || raw->error() == QNetworkReply::InsecureRedirectError
        || (httpStatus >= 300 && httpStatus < 400)) {
        AttemptOutcome outcome;
        outcome.error = QStringLiteral("HTTP %1: %2 (a redirect loop, or a redirect that may not be followed, to %3)")
                            .arg(httpStatus)
                            .arg(raw->errorString(), QString::fromUtf8(raw->rawHeader("location")).left(200));
        co_return outcome;
    }
    if (httpStatus != 0 && (httpStatus < 200 || httpStatus >= 300)) {
        AttemptOutcome outcome;
        outcome.error = QStringLiteral("HTTP %1: %2").arg(httpStatus).arg(protocol->errorMessage(errorBody));
        outcome.retryable = RetryPolicy::isRetryableStatus(httpStatus);
        outcome.retryAfterMs = RetryPolicy::retryAfterMs(raw->rawHeader("retry-after-ms"), raw->rawHeader("retry-after"));
        if (outcome.retryAfterMs && httpStatus == 429)
            Q_EMIT request->rateLimitSeen(request->provider().name, *outcome.retryAfterMs);
        co_return outcome;
    }
    // After the end marker a lost or aborted connection (our own abort after the grace period
    // included) takes nothing from the answer.
    if (raw->error() != QNetworkReply::NoError && !out.done) {
        AttemptOutcome outcome;
        if (sawBytes) {
            outcome.status = CellStatus::Incomplete;
            outcome.error = QStringLiteral("connection lost mid-stream: %1").arg(raw->errorString());
        } else {
            outcome.error = raw->errorString();
            outcome.retryable = RetryPolicy::isRetryableNetworkError(raw->error());
        }
        co_return outcome;
    }
    if (bodyKind == BodyKind::WholeJson) {
        if (!protocol->readCompleteAnswer(jsonBody, out)) {
            request->settle(CellStatus::Error, QStringLiteral("the server answered with JSON that is not a chat completion: %1")
                                                   .arg(protocol->errorMessage(jsonBody)));
            co_return AttemptOutcome{.settled = true};
        }
    } else {
        parser->finish(out);
    }
    applyOutput(req, out);
    if (!out.error.isEmpty()) {
        request->settle(CellStatus::Error, out.error);
        co_return AttemptOutcome{.settled = true};
    }
    if (!out.done) {
        const QString why = sawBytes ? QStringLiteral("the stream ended before its end marker")
                                     : QStringLiteral("the server sent an empty answer");
        const QString note = malformedNote(out);
        request->settle(CellStatus::Incomplete, note.isEmpty() ? why : why + QStringLiteral("; ") + note);
        co_return AttemptOutcome{.settled = true};
    }
    request->settle(CellStatus::Ok, malformedNote(out));
    co_return AttemptOutcome{.settled = true};
}

QCoro::Task<> runDemo(std::shared_ptr<ActiveRequest> request)
{
    const CellSpec &spec = request->spec();
    if (!DemoModels::isKnown(spec.model.model)) {
        request->settle(CellStatus::Error, QStringLiteral("unknown demo model \"%1\" (known: %2)")
                                               .arg(spec.model.model, DemoModels::names().join(QStringLiteral(", "))));
        co_return;
    }
    const DemoScript script = DemoModels::script(spec.model.model, spec.system, spec.prompt);
    request->result().attempts = 1;
    request->result().inputTokens = script.inputTokens;
    qint64 produced = 0;
    const qint64 limit = spec.model.params.maxTokens.value_or(std::numeric_limits<int>::max());
    for (const QString &chunk : script.chunks) {
        if (!co_await request->sleep(script.intervalMs))
            co_return;
        if (produced >= limit) {
            request->result().finishReason = QStringLiteral("length");
            break;
        }
        request->appendOutput(chunk, {});
        request->result().outputTokens = ++produced;
        request->notifyUpdated();
    }
    if (request->result().finishReason.isEmpty())
        request->result().finishReason = QStringLiteral("stop");
    request->settle(CellStatus::Ok);
}
} // namespace

QCoro::Task<> runRequest(std::shared_ptr<ActiveRequest> request)
{
    if (request->isSettled())
        co_return;
    if (request->provider().kind == ProviderKind::Demo) {
        co_await runDemo(request);
        co_return;
    }
    const auto protocol = WireProtocol::create(request->provider().kind);
    const RequestLimits &limits = request->limits();
    for (int attempt = 1;; ++attempt) {
        request->result().attempts = attempt;
        // The cell reports the last attempt's status, not a stale one from a failed attempt.
        request->result().httpStatus = 0;
        request->notifyUpdated();
        const AttemptOutcome outcome = co_await runAttempt(request, protocol.get());
        if (outcome.settled || request->isSettled())
            co_return;
        if (!outcome.retryable || attempt >= limits.maxAttempts) {
            request->settle(outcome.status, attempt > 1 ? QStringLiteral("%1 (after %2 attempts)").arg(outcome.error).arg(attempt)
                                                         : outcome.error);
            co_return;
        }
        // Qt's coarse timers may fire up to 5 % early; a server's Retry-After is a minimum.
        const qint64 delay = outcome.retryAfterMs ? *outcome.retryAfterMs + *outcome.retryAfterMs / 20 + 1
                                                  : RetryPolicy::backoffMs(attempt, limits.backoffBaseMs, limits.backoffCapMs);
        request->result().error = QStringLiteral("attempt %1 failed (%2); retrying in %3 s")
                                      .arg(attempt)
                                      .arg(outcome.error)
                                      .arg(delay / 1000.0, 0, 'f', 1);
        request->notifyUpdated();
        if (!co_await request->sleep(int(std::min<qint64>(delay, std::numeric_limits<int>::max()))))
            co_return;
        request->result().error.clear();
    }
}
