// SPDX-License-Identifier: MIT
#pragma once

#include "CellResult.h"
#include "DeadlineClient.h"
#include "CellSpec.h"
#include "ProviderConfig.h"
#include "RequestLimits.h"
#include "SecretMask.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <coroutine>
#include <memory>

class DeadlineQueue;
class Http2Preflight;
class RequestTemplates;
class QNetworkAccessManager;
class QNetworkReply;

/// The state of one request in flight, shared by its coroutine and the scheduler.
///
/// It settles exactly once (ok, error, cancelled, timeout, ...). After that it emits nothing
/// more, so a late network event can never change a cancelled cell.
class ActiveRequest : public QObject, public DeadlineClient, public std::enable_shared_from_this<ActiveRequest>
{
    Q_OBJECT
public:
    ActiveRequest(int cellId, CellSpec spec, ProviderConfig provider, QString apiKey,
                  RequestLimits limits, QNetworkAccessManager *network);
    ~ActiveRequest() override;

    int cellId() const { return m_cellId; }
    const CellSpec &spec() const { return m_spec; }
    const ProviderConfig &provider() const { return m_provider; }
    const QString &apiKey() const { return m_apiKey; }
    /// Hides this request's key (and key shapes) in whatever the server sends back.
    const SecretMask &secretMask() const { return m_mask; }
    const RequestLimits &limits() const { return m_limits; }
    QNetworkAccessManager *network() const { return m_network; }
    const CellResult &result() const { return m_result; }
    CellResult &result() { return m_result; }
    bool isSettled() const { return m_settled; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }

    /// Marks the cell running and arms the total deadline.
    void begin(const CellResult &initial);
    /// Appends streamed text with any key in it hidden; records the time to first token.
    void appendOutput(const QString &text, const QString &reasoning);
    /// The answer's tool calls so far (the stream's whole list, masked as the text is).
    void setToolCalls(const QList<ToolCall> &calls);
    /// Tells the scheduler that the result changed (it coalesces repaints).
    void notifyUpdated();
    /// Sets the final status once (\a error with any key hidden); later calls are ignored.
    void settle(CellStatus status, const QString &error = {});
    void cancel();
    /// Settles as timeout naming \a which limit fired, and aborts the reply.
    void timeOut(const QString &which);
    /// Settles as \a status with \a error and aborts the reply, keeping the text so far.
    void stop(CellStatus status, const QString &error);

    /// The reply that cancel() and the timers abort.
    void attachReply(QNetworkReply *reply);
    /// Keeps \a owner alive as long as this request (the network pool its reply belongs to).
    void setKeepAlive(std::shared_ptr<void> owner) { m_keepAlive = std::move(owner); }
    /// Waits \a ms; returns false when the request settled meanwhile.
    QCoro::Task<bool> sleep(int ms);

    /// Which per-phase limit is running: connect, first byte, or idle (before or after the
    /// first body bytes). Ending: the end marker has arrived and the server has endGraceMs to
    /// end the response; then the reply is aborted (not a timeout) and the runner settles ok.
    enum class Phase { None, Connect, FirstByte, Headers, Streaming, Ending };
    /// Keeps every deadline of this request (total, phase, sleep) in \a queue, shared by all
    /// requests so that N requests cost one Qt timer, not N. Call before begin().
    void setDeadlines(std::shared_ptr<DeadlineQueue> queue) { m_deadlines = std::move(queue); }
    /// The run's shared request headers (nullptr: each request builds its own).
    void setRequestTemplates(std::shared_ptr<RequestTemplates> templates) { m_templates = std::move(templates); }
    RequestTemplates *requestTemplates() const { return m_templates.get(); }
    /// The run's h2c check, shared by the requests to every "http2" provider.
    void setHttp2Preflight(std::shared_ptr<Http2Preflight> preflight) { m_http2Preflight = std::move(preflight); }
    const std::shared_ptr<Http2Preflight> &http2Preflight() const { return m_http2Preflight; }
    /// Starts \a phase's limit from now (None: no phase limit). Cheap enough for every chunk.
    void enterPhase(Phase phase);

Q_SIGNALS:
    void updated(int cellId);
    void settled(int cellId);
    /// The server asked \a provider to pause \a delayMs; \a reason quotes the header that said so.
    void rateLimitSeen(const QString &provider, qint64 delayMs, const QString &reason);
    /// Internal: wakes a sleeping coroutine early.
    void wake();

public:
    // DeadlineClient: the deadline queue visits the request when its earliest deadline is due.
    void onDeadline(qint64 nowMs) override;
    std::shared_ptr<void> retainForVisit() override { return weak_from_this().lock(); }

private:
    void abortReply();
    /// Resumes the coroutine waiting in sleep(), if any.
    void resumeSleeper();
    void scheduleNextDeadline();
    QString phaseTimeoutMessage() const;

    int m_cellId;
    CellSpec m_spec;
    ProviderConfig m_provider;
    QString m_apiKey;
    SecretMask m_mask;
    SecretMask::Tail m_textTail;
    SecretMask::Tail m_reasoningTail;
    RequestLimits m_limits;
    QNetworkAccessManager *m_network;
    CellResult m_result;
    QPointer<QNetworkReply> m_reply;
    QElapsedTimer m_clock;
    bool m_settled = false;
    std::shared_ptr<void> m_keepAlive;
    std::shared_ptr<DeadlineQueue> m_deadlines;
    std::shared_ptr<RequestTemplates> m_templates;
    std::shared_ptr<Http2Preflight> m_http2Preflight;
    qint64 m_totalDeadlineMs = -1;
    qint64 m_phaseDeadlineMs = -1;
    qint64 m_sleepUntilMs = -1;
    std::coroutine_handle<> m_sleeper; ///< the coroutine waiting in sleep()
    Phase m_phase = Phase::None;
};
