// SPDX-License-Identifier: MIT
#include "RequestRunner.h"

#include "ActiveRequest.h"
#include "AttachmentLimits.h"
#include "BodyInflater.h"
#include "DemoModels.h"
#include "Http2Preflight.h"
#include "RedirectRule.h"
#include "RequestTemplates.h"
#include "RetryPolicy.h"
#include "ProtocolFactory.h"

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
    QString retryAfterHeader; ///< the header that asked for retryAfterMs, quoted in messages
    std::optional<QNetworkRequest> redirect; ///< RedirectRule allows it: send this next
};

QString quotedHeader(const QByteArray &name, const QByteArray &value)
{
    return QStringLiteral("%1: %2").arg(QString::fromLatin1(name), QString::fromLatin1(value.trimmed().left(80)));
}

// Slows the provider down before it has to answer 429.
void reportRateLimitHeaders(ActiveRequest *request, QNetworkReply *reply)
{
    const QByteArray remaining = reply->hasRawHeader("x-ratelimit-remaining-requests")
        ? reply->rawHeader("x-ratelimit-remaining-requests")
        : reply->rawHeader("anthropic-ratelimit-requests-remaining");
    if (remaining.trimmed() != "0")
        return;
    const QByteArray resetHeader = reply->hasRawHeader("x-ratelimit-reset-requests") ? "x-ratelimit-reset-requests"
                                                                                     : "anthropic-ratelimit-requests-reset";
    const QByteArray reset = reply->rawHeader(resetHeader);
    if (const auto delay = RetryPolicy::resetDelayMs(reset))
        Q_EMIT request->rateLimitSeen(request->provider().name, *delay, quotedHeader(resetHeader, reset));
}

// UTF-8 bytes of \a text: what the answer limit counts.
// Qt's text for a network error ("Connection refused") does not say where: add the URL,
// without what could hold a secret (user info, query, fragment).
QString networkErrorMessage(const QNetworkReply *reply)
{
    const QUrl where = reply->url().adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    return QStringLiteral("%1 (%2)").arg(reply->errorString(), where.toDisplayString());
}

qint64 utf8Size(QStringView text)
{
    qint64 bytes = text.size();
    for (const QChar c : text) {
        const char16_t unit = c.unicode();
        if (unit >= 0x80)
            bytes += (unit < 0x800 || QChar::isSurrogate(unit)) ? 1 : 2; // a surrogate pair: 2 x 2
    }
    return bytes;
}

// Cuts \a text to at most \a budget UTF-8 bytes, never inside a surrogate pair.
void truncateUtf8(QString &text, qint64 budget)
{
    qsizetype keep = 0;
    while (keep < text.size()) {
        const qsizetype next = keep + (text.at(keep).isHighSurrogate() && keep + 1 < text.size() ? 2 : 1);
        budget -= utf8Size(QStringView(text).sliced(keep, next - keep));
        if (budget < 0)
            break;
        keep = next;
    }
    text.truncate(keep);
}

// Moves the parser's new text and reasoning into the result. The answer limit counts them as
// UTF-8 (framing is not counted); returns false when they reached it, keeping what fits.
bool applyOutput(ActiveRequest *request, StreamOutput &out, qint64 limit, qint64 *answerBytes)
{
    request->result().inputTokens = out.inputTokens ? out.inputTokens : request->result().inputTokens;
    request->result().outputTokens = out.outputTokens ? out.outputTokens : request->result().outputTokens;
    request->result().reasoningTokens = out.reasoningTokens ? out.reasoningTokens : request->result().reasoningTokens;
    if (!out.finishReason.isEmpty() && out.finishReason != request->result().finishReason)
        request->result().finishReason = request->secretMask().apply(out.finishReason);
    const qint64 textBytes = utf8Size(out.text);
    const qint64 reasoningBytes = utf8Size(out.reasoning);
    const bool fits = *answerBytes + textBytes + reasoningBytes <= limit;
    if (!fits) {
        // Reasoning comes before the answer in a stream: of a read that holds both, it is kept first.
        truncateUtf8(out.reasoning, limit - *answerBytes);
        truncateUtf8(out.text, limit - *answerBytes - utf8Size(out.reasoning));
    }
    *answerBytes += fits ? textBytes + reasoningBytes : utf8Size(out.text) + utf8Size(out.reasoning);
    request->appendOutput(out.text, out.reasoning);
    if (std::exchange(out.toolCallsChanged, false))
        request->setToolCalls(out.toolCalls);
    out.text.clear();
    out.reasoning.clear();
    return fits;
}

QString answerLimitMessage(const RequestLimits &limits)
{
    return QStringLiteral("answer larger than the %1 MiB limit; stopped reading").arg(limits.maxAnswerBytes / (1024.0 * 1024.0), 0, 'g', 3);
}

// How a 2xx body is read: unknown until its first byte that is not blank, then as the stream
// asked for, as one JSON document (a server that ignored "stream": true), or as markup (an
// HTML page under another content type).
enum class BodyKind { Unknown, Stream, WholeJson, Markup };

BodyKind sniffBody(const QByteArray &contentType, QByteArrayView chunk)
{
    // No event stream, NDJSON line or JSON document starts with '<'. Under application/json a
    // body that starts with an object or an array is one document, which no SSE stream is;
    // application/x-ndjson (Ollama's stream) and text/event-stream are streams.
    for (const char c : chunk) {
        if (c == '<')
            return BodyKind::Markup;
        if ((c == '{' || c == '[') && contentType.startsWith("application/json"))
            return BodyKind::WholeJson;
        // A byte-order mark counts as blank: it is framing, and the parser drops it.
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\xEF' && c != '\xBB' && c != '\xBF')
            return BodyKind::Stream;
    }
    return BodyKind::Unknown;
}

constexpr qsizetype kMarkupQuote = 512;
// A body that expands more than this many times past this size is taken for a decompression
// bomb (an SSE stream of short events compresses about 10 to 50 times).
constexpr qint64 kBombRatio = 100;
constexpr qint64 kBombMinBytes = 16 * 1024 * 1024;

QString compressionNote(const BodyInflater *inflater)
{
    if (!inflater)
        return {};
    return QStringLiteral(" (%1-compressed: %2 KiB expanded to %3 KiB)")
        .arg(inflater->encoding())
        .arg(inflater->compressedBytes() / 1024)
        .arg(inflater->decompressedBytes() / 1024);
}

bool isBomb(const BodyInflater &inflater)
{
    const qint64 out = inflater.decompressedBytes();
    return out >= kBombMinBytes && out / std::max<qint64>(1, inflater.compressedBytes()) >= kBombRatio;
}

QString bombMessage(const BodyInflater &inflater)
{
    const qint64 in = std::max<qint64>(1, inflater.compressedBytes());
    const qint64 out = inflater.decompressedBytes();
    return QStringLiteral("the %1-compressed answer expands more than %2-fold (%3 KiB to over %4 MiB so far): a decompression bomb? stopped reading")
        .arg(inflater.encoding())
        .arg(kBombRatio)
        .arg(in / 1024)
        .arg(out / (1024 * 1024));
}

QString corruptMessage(int httpStatus, const BodyInflater &inflater)
{
    return QStringLiteral("HTTP %1: the server's %2-compressed answer is corrupt: %3 (after %4 compressed bytes)")
        .arg(httpStatus)
        .arg(inflater.encoding(), inflater.error())
        .arg(inflater.compressedBytes());
}

// Sets up decompression for the reply's Content-Encoding; false when it stopped the request
// because the server used one it was not offered.
bool startInflater(ActiveRequest *request, QNetworkReply *reply, int httpStatus, std::unique_ptr<BodyInflater> *inflater)
{
    const QByteArray encoding = reply->rawHeader("content-encoding").trimmed();
    *inflater = BodyInflater::forEncoding(encoding);
    if (*inflater || encoding.isEmpty() || encoding.compare("identity", Qt::CaseInsensitive) == 0)
        return true;
    request->stop(CellStatus::Error,
                  QStringLiteral("HTTP %1: the server encoded its answer as \"%2\", which was not asked for (only gzip and deflate were)")
                      .arg(httpStatus)
                      .arg(QString::fromLatin1(encoding.left(40))));
    return false;
}

QString markupMessage(int httpStatus, const QByteArray &contentType, const QByteArray &start)
{
    const QByteArray type = contentType.first(contentType.contains(';') ? contentType.indexOf(';') : contentType.size()).trimmed();
    return QStringLiteral("HTTP %1: the server sent HTML (%2) instead of a stream: %3")
        .arg(httpStatus)
        .arg(type.isEmpty() ? QStringLiteral("no content type") : QString::fromLatin1(type.left(60)),
             QString::fromUtf8(start).simplified().left(120));
}

// What is sent for the cell: its column's parameters with the provider's model settings.
ChatRequest chatRequest(const ActiveRequest &request)
{
    const CellSpec &spec = request.spec();
    const ProviderConfig &provider = request.provider();
    return ChatRequest{spec.model.model, spec.system, spec.prompt, provider.requestParams(spec.model.model, spec.model.params),
                       provider.reasoningStyleFor(spec.model.model), spec.history, spec.attachments,
                       spec.outputFormat, spec.tools, spec.toolChoice};
}

QNetworkReply *postRequest(const ActiveRequest &request, const WireProtocol &protocol)
{
    const CellSpec &spec = request.spec();
    const ChatRequest chat = chatRequest(request);
    RequestTemplates *templates = request.requestTemplates();
    const QNetworkRequest http = templates
        ? templates->chatRequest(protocol, request.provider(), request.apiKey(), spec.model.model)
        : protocol.chatHttpRequest(request.provider(), request.apiKey(), spec.model.model);
    return request.network()->post(http, protocol.requestBody(chat));
}

// The same body again, for a 307/308 that RedirectRule let through.
QNetworkReply *repostRequest(const ActiveRequest &request, const WireProtocol &protocol, const QNetworkRequest &http)
{
    return request.network()->post(http, protocol.chatBody(chatRequest(request)));
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

/// One HTTP exchange of an attempt: \a posted (owned from here on) is the request after
/// \a redirects redirects.
QCoro::Task<AttemptOutcome> runAttempt(std::shared_ptr<ActiveRequest> request, const WireProtocol *protocol,
                                       QNetworkReply *posted, int redirects)
{
    const RequestLimits &limits = request->limits();
    std::unique_ptr<QNetworkReply, QScopedPointerDeleteLater> reply(posted);
    QNetworkReply *raw = reply.get();
    request->attachReply(raw);

    // Connect, first-byte and idle limits live in the scheduler's shared deadline queue: no
    // QTimer per request or per read (Qt scans all of a thread's timers on every start/stop).
    ActiveRequest *req = request.get();
    req->enterPhase(ActiveRequest::Phase::Connect);
    // Qt's HTTP/1.1 channel sends a request again by itself when its connection closes before
    // the status line (a reset, a reused connection the server had closed, bytes that are not
    // HTTP); every send emits requestSent, so every send counts as an attempt. (Redirects are
    // followed by runRequest with a reply of their own, within the same attempt.)
    bool sent = false;
    bool answered = false;
    const QMetaObject::Connection sentConnection = QObject::connect(raw, &QNetworkReply::requestSent, raw, [req, &sent, &answered] {
        if (std::exchange(sent, true) && !answered && !req->isSettled())
            ++req->result().attempts;
        req->enterPhase(ActiveRequest::Phase::FirstByte);
    });
    // The status as soon as the headers are in, so that a timeout after them still shows it.
    const QMetaObject::Connection headersConnection = QObject::connect(raw, &QNetworkReply::metaDataChanged, raw, [req, raw, &answered] {
        answered = true;
        if (!req->isSettled())
            req->result().httpStatus = raw->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        req->enterPhase(ActiveRequest::Phase::Headers);
    });
    // The reply outlives this frame (deleteLater); its signals must not reach req afterwards.
    const auto endPhase = qScopeGuard([req, sentConnection, headersConnection] {
        QObject::disconnect(sentConnection);
        QObject::disconnect(headersConnection);
        req->enterPhase(ActiveRequest::Phase::None);
    });
    ReplyWaiter waiter(raw);

    auto parser = protocol->createParser();
    parser->setMaxEventBytes(limits.maxEventBytes());
    StreamOutput out;
    bool sawBytes = false;
    bool checkedHeaders = false;
    int httpStatus = 0;
    QByteArray errorBody;
    qint64 answerBytes = 0; ///< answer text and reasoning so far, as UTF-8
    qint64 bodyBytes = 0; ///< the body (decompressed), framing included
    QByteArray contentType;
    BodyKind bodyKind = BodyKind::Unknown;
    QByteArray jsonBody; ///< the whole answer, when it is one JSON document
    QByteArray markup; ///< the start of an HTML page sent in place of a stream
    std::unique_ptr<BodyInflater> inflater; ///< a gzip or deflate body
    bool streamed = false; ///< the last read fed the stream parser

    // One piece of the body as the server meant it (decompressed). Returns false when it
    // settled the request.
    const auto consume = [&](QByteArrayView piece) {
        if (httpStatus < 200 || httpStatus >= 300) {
            if (errorBody.size() < kMaxErrorBody)
                errorBody.append(piece.first(std::min<qsizetype>(piece.size(), kMaxErrorBody - errorBody.size())));
            return true;
        }
        if (bodyKind == BodyKind::Unknown)
            bodyKind = sniffBody(contentType, piece);
        bodyBytes += piece.size();
        if (bodyKind == BodyKind::Markup) {
            // The start of the page for the message; the end of the reply or enough of it settles.
            markup.append(piece.first(std::min<qsizetype>(piece.size(), kMarkupQuote - markup.size())));
            if (markup.size() < kMarkupQuote)
                return true;
            request->stop(CellStatus::Error, markupMessage(httpStatus, contentType, markup));
            return false;
        }
        if (bodyKind == BodyKind::WholeJson || (bodyKind == BodyKind::Unknown && contentType.startsWith("application/json"))) {
            // One JSON document: kept whole and read when it ends (leading blanks are dropped).
            // It is held in memory, so the limit counts the document.
            if (bodyKind == BodyKind::WholeJson)
                jsonBody.append(piece.first(std::min<qint64>(piece.size(), std::max<qint64>(0, limits.maxAnswerBytes - jsonBody.size()))));
            if (bodyBytes <= limits.maxAnswerBytes)
                return true;
            request->stop(CellStatus::Incomplete, answerLimitMessage(limits) + compressionNote(inflater.get()));
            return false;
        }
        if (bodyBytes > limits.maxStreamBytes()) {
            request->stop(CellStatus::Incomplete,
                          QStringLiteral("the stream passed %1 MiB, its cap on raw bytes (framing included), with %2 KiB of answer; "
                                         "stopped reading%3")
                              .arg(limits.maxStreamBytes() / (1024.0 * 1024.0), 0, 'g', 3)
                              .arg(answerBytes / 1024)
                              .arg(compressionNote(inflater.get())));
            return false;
        }
        parser->feed(piece, out);
        streamed = true;
        const bool fits = applyOutput(req, out, limits.maxAnswerBytes, &answerBytes);
        if (!out.error.isEmpty()) {
            request->stop(CellStatus::Error, out.error);
            return false;
        }
        if (!fits) {
            request->stop(CellStatus::Incomplete, answerLimitMessage(limits));
            return false;
        }
        if (out.overflowed) {
            request->stop(CellStatus::Incomplete, QStringLiteral("one stream event passed %1 MiB (twice the answer limit); stopped reading")
                                                      .arg(limits.maxEventBytes() / (1024.0 * 1024.0), 0, 'g', 3));
            return false;
        }
        return true;
    };
    // One read from the network, decompressed when it must be.
    const auto consumeRead = [&](QByteArrayView chunk) {
        if (!inflater)
            return consume(chunk);
        inflater->feed(chunk);
        for (QByteArrayView piece = inflater->next(); !piece.isEmpty(); piece = inflater->next()) {
            if (!consume(piece))
                return false;
            if (isBomb(*inflater)) {
                request->stop(CellStatus::Error, bombMessage(*inflater));
                return false;
            }
        }
        if (inflater->error().isEmpty())
            return true;
        request->stop(answerBytes > 0 ? CellStatus::Incomplete : CellStatus::Error, corruptMessage(httpStatus, *inflater));
        return false;
    };

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
            if (!startInflater(req, raw, httpStatus, &inflater))
                co_return AttemptOutcome{.settled = true};
        }
        streamed = false;
        if (!consumeRead(chunk))
            co_return AttemptOutcome{.settled = true};
        if (!streamed)
            continue;
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
    // Redirects are ours to follow (Qt's policies would take the key along): the next
    // exchange, or an error naming both URLs.
    if (httpStatus >= 300 && httpStatus < 400) {
        RedirectStep step = RedirectRule::next(raw->request(), true, httpStatus, raw->rawHeader("location"), redirects,
                                               request->apiKey());
        AttemptOutcome outcome;
        if (step.followed())
            outcome.redirect = std::move(step.next);
        else
            outcome.error = step.error;
        co_return outcome;
    }
    if (httpStatus != 0 && (httpStatus < 200 || httpStatus >= 300)) {
        AttemptOutcome outcome;
        outcome.error = QStringLiteral("HTTP %1: %2").arg(httpStatus).arg(protocol->errorMessage(errorBody));
        outcome.retryable = RetryPolicy::isRetryableStatus(httpStatus);
        outcome.retryAfterMs = RetryPolicy::retryAfterMs(raw->rawHeader("retry-after-ms"), raw->rawHeader("retry-after"));
        if (outcome.retryAfterMs) {
            // retry-after-ms wins when it holds a number.
            const QByteArray header = RetryPolicy::retryAfterMs(raw->rawHeader("retry-after-ms"), {}) ? "retry-after-ms" : "retry-after";
            outcome.retryAfterHeader = quotedHeader(header, raw->rawHeader(header));
            if (httpStatus == 429)
                Q_EMIT request->rateLimitSeen(request->provider().name, *outcome.retryAfterMs, outcome.retryAfterHeader);
        }
        co_return outcome;
    }
    // After the end marker a lost or aborted connection (our own abort after the grace period
    // included) takes nothing from the answer.
    if (raw->error() != QNetworkReply::NoError && !out.done) {
        AttemptOutcome outcome;
        if (sawBytes) {
            outcome.status = CellStatus::Incomplete;
            outcome.error = QStringLiteral("connection lost mid-stream: %1").arg(networkErrorMessage(raw));
        } else {
            outcome.error = networkErrorMessage(raw);
            outcome.retryable = RetryPolicy::isRetryableNetworkError(raw->error());
        }
        co_return outcome;
    }
    if (bodyKind == BodyKind::Markup) {
        request->settle(CellStatus::Error, markupMessage(httpStatus, contentType, markup));
        co_return AttemptOutcome{.settled = true};
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
    const bool fits = applyOutput(req, out, limits.maxAnswerBytes, &answerBytes);
    if (!out.error.isEmpty()) {
        request->settle(CellStatus::Error, out.error);
        co_return AttemptOutcome{.settled = true};
    }
    if (!fits) {
        request->settle(CellStatus::Incomplete, answerLimitMessage(limits));
        co_return AttemptOutcome{.settled = true};
    }
    if (!out.done) {
        const QString why = inflater && !inflater->isComplete()
            ? QStringLiteral("the %1-compressed stream was cut short, before its end marker").arg(inflater->encoding())
            : sawBytes ? QStringLiteral("the stream ended before its end marker")
                       : QStringLiteral("the server sent an empty answer");
        const QString note = out.note();
        request->settle(CellStatus::Incomplete, note.isEmpty() ? why : why + QStringLiteral("; ") + note);
        co_return AttemptOutcome{.settled = true};
    }
    request->settle(CellStatus::Ok, out.note());
    co_return AttemptOutcome{.settled = true};
}

// Before the first request to an "http2" provider: false when the server turned out to speak
// only HTTP/1 (the request is settled saying so) or the request settled meanwhile.
QCoro::Task<bool> passesHttp2Preflight(std::shared_ptr<ActiveRequest> request)
{
    const QUrl baseUrl(request->provider().baseUrl);
    if (baseUrl.scheme() != QLatin1String("http"))
        co_return true;
    const QString mismatch = co_await request->http2Preflight()->check(baseUrl, request->limits().connectTimeoutMs);
    if (!mismatch.isEmpty())
        request->settle(CellStatus::Error, mismatch);
    co_return !request->isSettled();
}

// Settles the request when the failed attempt \a outcome may not be followed by another after
// \a delay: not retryable, out of attempts, or a wait that would outlast the total time limit
// (which would only end in a timeout that forgets the server's message). Returns whether it did.
bool settleInsteadOfRetry(ActiveRequest &request, const AttemptOutcome &outcome, qint64 delay)
{
    const RequestLimits &limits = request.limits();
    const int sent = request.result().attempts;
    const QString error = sent > 1 ? QStringLiteral("%1 (after %2 attempts)").arg(outcome.error).arg(sent) : outcome.error;
    if (!outcome.retryable || sent >= limits.maxAttempts) {
        request.settle(outcome.status, error);
        return true;
    }
    const qint64 left = limits.totalTimeoutMs > 0 ? limits.totalTimeoutMs - request.elapsedMs() : delay + 1;
    if (delay < left)
        return false;
    const QString wait = outcome.retryAfterMs
        ? QStringLiteral("the server asked to retry after %1 (%2)").arg(RetryPolicy::describeDelay(*outcome.retryAfterMs), outcome.retryAfterHeader)
        : QStringLiteral("the next retry would start after %1").arg(RetryPolicy::describeDelay(delay));
    request.settle(outcome.status, QStringLiteral("%1; %2, later than the %3 total time limit allows (%4 left)")
                                       .arg(error, wait, RetryPolicy::describeDelay(limits.totalTimeoutMs),
                                            RetryPolicy::describeDelay(std::max<qint64>(0, left))));
    return true;
}

// Every file the request would carry (each earlier message's and the prompt's) against the
// provider's limits (AttachmentLimits).
QString attachmentProblem(const ActiveRequest &request)
{
    const CellSpec &spec = request.spec();
    QList<Attachment> all;
    for (const ChatMessage &message : spec.history)
        all.append(message.attachments);
    all.append(spec.attachments);
    if (all.isEmpty())
        return {};
    const ProviderKind kind = request.provider().kind;
    return AttachmentLimits::problem(kind, AttachmentLimits::serviceName(kind), all);
}

QCoro::Task<> runDemo(std::shared_ptr<ActiveRequest> request)
{
    const CellSpec &spec = request->spec();
    if (!DemoModels::isKnown(spec.model.model)) {
        request->settle(CellStatus::Error, QStringLiteral("unknown demo model \"%1\" (known: %2)")
                                               .arg(spec.model.model, DemoModels::names().join(QStringLiteral(", "))));
        co_return;
    }
    const DemoScript script = DemoModels::script(spec);
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
    if (!script.toolCalls.isEmpty()) {
        if (!co_await request->sleep(script.intervalMs))
            co_return;
        request->setToolCalls(script.toolCalls);
        request->result().outputTokens = qint64(script.toolCalls.first().arguments.size() / 4 + 1);
        request->result().finishReason = QStringLiteral("tool_calls");
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
    // Attachments the provider does not take are refused here, before anything is sent.
    if (const QString problem = attachmentProblem(*request); !problem.isEmpty()) {
        request->settle(CellStatus::Error, QStringLiteral("not sent: %1").arg(problem));
        co_return;
    }
    if (request->provider().kind == ProviderKind::Demo) {
        co_await runDemo(request);
        co_return;
    }
    const auto protocol = ProtocolFactory::create(request->provider().kind);
    // An output format or tool choice the provider cannot express is refused, not dropped.
    ChatRequest shape; // what the check reads, without copying the prompt
    shape.outputFormat = request->spec().outputFormat;
    shape.tools = request->spec().tools;
    shape.toolChoice = request->spec().toolChoice;
    if (const QString problem = protocol->requestProblem(shape); !problem.isEmpty()) {
        request->settle(CellStatus::Error, QStringLiteral("not sent: %1").arg(problem));
        co_return;
    }
    const RequestLimits &limits = request->limits();
    if (request->http2Preflight() && !co_await passesHttp2Preflight(request))
        co_return;
    while (true) {
        // Counts every request sent: runAttempt adds Qt's own silent re-sends.
        ++request->result().attempts;
        // The cell reports the last attempt's status, not a stale one from a failed attempt.
        request->result().httpStatus = 0;
        request->notifyUpdated();
        // Built and posted in a plain function, so that the request and its body (the reply
        // holds its own copies) are not kept in a coroutine frame for the whole answer.
        AttemptOutcome outcome = co_await runAttempt(request, protocol.get(), postRequest(*request, *protocol), 0);
        // A redirect's next hop belongs to the same attempt.
        for (int redirects = 1; outcome.redirect && !request->isSettled(); ++redirects) {
            QNetworkReply *next = repostRequest(*request, *protocol, *outcome.redirect);
            outcome = co_await runAttempt(request, protocol.get(), next, redirects);
        }
        if (outcome.settled || request->isSettled())
            co_return;
        const int sent = request->result().attempts;
        // Qt's coarse timers may fire up to 5 % early; a server's Retry-After is a minimum.
        const qint64 delay = outcome.retryAfterMs ? *outcome.retryAfterMs + *outcome.retryAfterMs / 20 + 1
                                                  : RetryPolicy::backoffMs(sent, limits.backoffBaseMs, limits.backoffCapMs);
        if (settleInsteadOfRetry(*request, outcome, delay))
            co_return;
        request->result().error = request->secretMask().apply(QStringLiteral("attempt %1 failed (%2); retrying in %3 s")
                                                                  .arg(sent)
                                                                  .arg(outcome.error)
                                                                  .arg(delay / 1000.0, 0, 'f', 1));
        request->notifyUpdated();
        if (!co_await request->sleep(int(std::min<qint64>(delay, std::numeric_limits<int>::max()))))
            co_return;
        request->result().error.clear();
    }
}
