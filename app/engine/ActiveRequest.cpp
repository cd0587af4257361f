// SPDX-License-Identifier: MIT
#include "ActiveRequest.h"

#include "DeadlineQueue.h"

#include <QCoroSignal>
#include <QNetworkReply>
#include <QTimer>

ActiveRequest::ActiveRequest(int cellId, CellSpec spec, ProviderConfig provider, QString apiKey,
                             RequestLimits limits, QNetworkAccessManager *network)
    : m_cellId(cellId)
    , m_spec(std::move(spec))
    , m_provider(std::move(provider))
    , m_apiKey(std::move(apiKey))
    , m_mask(QStringList{m_apiKey})
    , m_limits(limits)
    , m_network(network)
{
}

ActiveRequest::~ActiveRequest()
{
    if (m_deadlines)
        m_deadlines->remove(this);
}

namespace {
QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3) + QStringLiteral(" s");
}
} // namespace

void ActiveRequest::begin(const CellResult &initial)
{
    m_result = initial;
    m_result.status = CellStatus::Running;
    m_result.startedAt = QDateTime::currentDateTimeUtc();
    m_clock.start();
    if (!m_deadlines)
        m_deadlines = DeadlineQueue::create();
    if (m_limits.totalTimeoutMs > 0) {
        m_totalDeadlineMs = m_deadlines->nowMs() + m_limits.totalTimeoutMs;
        scheduleNextDeadline();
    }
    Q_EMIT updated(m_cellId);
}

void ActiveRequest::setToolCalls(const QList<ToolCall> &calls)
{
    if (m_settled)
        return;
    if (!m_result.ttftMs && !calls.isEmpty())
        m_result.ttftMs = m_clock.elapsed();
    m_result.toolCalls = calls;
    for (ToolCall &call : m_result.toolCalls) {
        call.name = m_mask.apply(call.name);
        call.arguments = m_mask.apply(call.arguments);
    }
}

void ActiveRequest::appendOutput(const QString &text, const QString &reasoning)
{
    if (m_settled || (text.isEmpty() && reasoning.isEmpty()))
        return;
    if (!m_result.ttftMs)
        m_result.ttftMs = m_clock.elapsed();
    // Only the new end is scanned: a key split between two reads is still caught, and an
    // 8 MiB answer is not read again for every chunk.
    if (!text.isEmpty()) {
        const qsizetype from = m_result.text.size();
        m_result.text += text;
        m_mask.applyToAppended(m_result.text, from, m_textTail);
    }
    if (!reasoning.isEmpty()) {
        const qsizetype from = m_result.reasoning.size();
        m_result.reasoning += reasoning;
        m_mask.applyToAppended(m_result.reasoning, from, m_reasoningTail);
    }
}

void ActiveRequest::notifyUpdated()
{
    if (!m_settled)
        Q_EMIT updated(m_cellId);
}

void ActiveRequest::settle(CellStatus status, const QString &error)
{
    if (m_settled)
        return;
    // Scheduler slots may drop the last other owner while we are still in here.
    const auto self = shared_from_this();
    m_settled = true;
    if (m_deadlines)
        m_deadlines->remove(this);
    m_result.status = status;
    if (!error.isEmpty())
        m_result.error = m_mask.apply(error);
    m_result.latencyMs = m_clock.isValid() ? m_clock.elapsed() : 0;
    m_result.finishedAt = QDateTime::currentDateTimeUtc();
    m_result.costUsd = m_provider.costUsd(m_spec.model.model, m_result.inputTokens, m_result.outputTokens);
    Q_EMIT settled(m_cellId);
    Q_EMIT wake();
    // A sleeping coroutine ends on the next turn, not inside whoever settled us.
    if (m_sleeper)
        QMetaObject::invokeMethod(this, [this] { resumeSleeper(); }, Qt::QueuedConnection);
}

void ActiveRequest::cancel()
{
    stop(CellStatus::Cancelled, QStringLiteral("cancelled"));
}

void ActiveRequest::timeOut(const QString &which)
{
    stop(CellStatus::Timeout, which);
}

void ActiveRequest::stop(CellStatus status, const QString &error)
{
    if (m_settled)
        return;
    const auto self = shared_from_this();
    settle(status, error);
    abortReply();
}

void ActiveRequest::attachReply(QNetworkReply *reply)
{
    m_reply = reply;
    if (m_settled)
        abortReply();
}

void ActiveRequest::abortReply()
{
    if (m_reply && m_reply->isRunning())
        m_reply->abort();
}

QCoro::Task<bool> ActiveRequest::sleep(int ms)
{
    if (m_settled)
        co_return false;
    // Hold ourselves: the scheduler may drop its reference while we wait.
    const auto self = shared_from_this();
    if (!m_deadlines)
        m_deadlines = DeadlineQueue::create();
    // The shared deadline queue resumes us directly (no QTimer, connection or posted event per
    // sleep: the Demo provider sleeps before every chunk); settle() wakes us early.
    m_sleepUntilMs = m_deadlines->nowMs() + std::max(0, ms);
    scheduleNextDeadline();
    struct SleepAwaiter {
        ActiveRequest *request;
        bool await_ready() const noexcept { return request->m_settled; }
        void await_suspend(std::coroutine_handle<> sleeper) noexcept { request->m_sleeper = sleeper; }
        void await_resume() const noexcept {}
    };
    co_await SleepAwaiter{this};
    m_sleepUntilMs = -1;
    co_return !m_settled;
}

void ActiveRequest::resumeSleeper()
{
    if (const std::coroutine_handle<> sleeper = std::exchange(m_sleeper, {}))
        sleeper.resume();
}

void ActiveRequest::enterPhase(Phase phase)
{
    if (m_settled || !m_deadlines)
        return;
    // Bytes or header updates after the end marker do not restart the grace period.
    if (m_phase == Phase::Ending && phase != Phase::None)
        return;
    m_phase = phase;
    int timeoutMs = 0;
    switch (phase) {
    case Phase::None:
        break;
    case Phase::Connect:
        timeoutMs = m_limits.connectTimeoutMs;
        break;
    case Phase::FirstByte:
        timeoutMs = m_limits.firstByteTimeoutMs;
        break;
    case Phase::Headers:
    case Phase::Streaming:
        timeoutMs = m_limits.idleTimeoutMs;
        break;
    case Phase::Ending:
        timeoutMs = std::max(1, m_limits.endGraceMs);
        break;
    }
    m_phaseDeadlineMs = timeoutMs > 0 ? m_deadlines->nowMs() + timeoutMs : -1;
    // A later deadline needs no queue operation: the queue visits us early and we re-queue.
    scheduleNextDeadline();
}

QString ActiveRequest::phaseTimeoutMessage() const
{
    switch (m_phase) {
    case Phase::Connect:
        return QStringLiteral("could not connect within %1 (connect timeout)").arg(seconds(m_limits.connectTimeoutMs));
    case Phase::FirstByte:
        return QStringLiteral("no answer within %1 of sending (first-byte timeout)").arg(seconds(m_limits.firstByteTimeoutMs));
    case Phase::Headers:
        return QStringLiteral("headers arrived but no data for %1 (idle timeout)").arg(seconds(m_limits.idleTimeoutMs));
    case Phase::Streaming:
    case Phase::Ending:
    case Phase::None:
        break;
    }
    return QStringLiteral("no data for %1 in the middle of the answer (idle timeout)").arg(seconds(m_limits.idleTimeoutMs));
}

void ActiveRequest::scheduleNextDeadline()
{
    if (m_settled || !m_deadlines)
        return;
    qint64 next = -1;
    for (const qint64 at : {m_totalDeadlineMs, m_phaseDeadlineMs, m_sleepUntilMs}) {
        if (at >= 0 && (next < 0 || at < next))
            next = at;
    }
    if (next >= 0)
        m_deadlines->schedule(this, next);
}

void ActiveRequest::onDeadline(qint64 nowMs)
{
    if (m_settled)
        return;
    if (m_phase == Phase::Ending
        && ((m_phaseDeadlineMs >= 0 && nowMs >= m_phaseDeadlineMs) || (m_totalDeadlineMs >= 0 && nowMs >= m_totalDeadlineMs))) {
        // The answer is complete; the server only keeps the response open. Aborting wakes the
        // runner, which settles ok (the coroutine may end, and drop its owner, inside abort()).
        const auto self = shared_from_this();
        m_phaseDeadlineMs = -1;
        abortReply();
        if (m_settled)
            return;
        // Still running (no reply to abort?): the total limit stays as the backstop.
    }
    if (m_totalDeadlineMs >= 0 && nowMs >= m_totalDeadlineMs) {
        timeOut(QStringLiteral("total time limit of %1 s reached").arg(m_limits.totalTimeoutMs / 1000.0));
        return;
    }
    if (m_phaseDeadlineMs >= 0 && nowMs >= m_phaseDeadlineMs) {
        timeOut(phaseTimeoutMessage());
        return;
    }
    if (m_sleepUntilMs >= 0 && nowMs >= m_sleepUntilMs) {
        m_sleepUntilMs = -1;
        resumeSleeper(); // may sleep again, settle, or start an attempt
    }
    scheduleNextDeadline();
}
