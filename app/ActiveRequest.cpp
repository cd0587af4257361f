// SPDX-License-Identifier: MIT
#include "ActiveRequest.h"

#include <QCoroSignal>
#include <QNetworkReply>
#include <QTimer>

ActiveRequest::ActiveRequest(int cellId, CellSpec spec, ProviderConfig provider, QString apiKey,
                             RequestLimits limits, QNetworkAccessManager *network)
    : m_cellId(cellId)
    , m_spec(std::move(spec))
    , m_provider(std::move(provider))
    , m_apiKey(std::move(apiKey))
    , m_limits(limits)
    , m_network(network)
{
}

ActiveRequest::~ActiveRequest() = default;

void ActiveRequest::begin(const CellResult &initial)
{
    m_result = initial;
    m_result.status = CellStatus::Running;
    m_result.startedAt = QDateTime::currentDateTimeUtc();
    m_clock.start();
    if (m_limits.totalTimeoutMs > 0) {
        QTimer::singleShot(m_limits.totalTimeoutMs, this, [this] {
            timeOut(QStringLiteral("total time limit of %1 s reached").arg(m_limits.totalTimeoutMs / 1000.0));
        });
    }
    Q_EMIT updated(m_cellId);
}

void ActiveRequest::appendOutput(const QString &text, const QString &reasoning)
{
    if (m_settled || (text.isEmpty() && reasoning.isEmpty()))
        return;
    if (!m_result.ttftMs)
        m_result.ttftMs = m_clock.elapsed();
    m_result.text += text;
    m_result.reasoning += reasoning;
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
    m_result.status = status;
    if (!error.isEmpty())
        m_result.error = error;
    m_result.latencyMs = m_clock.isValid() ? m_clock.elapsed() : 0;
    m_result.finishedAt = QDateTime::currentDateTimeUtc();
    m_result.costUsd = m_provider.costUsd(m_spec.model.model, m_result.inputTokens, m_result.outputTokens);
    Q_EMIT settled(m_cellId);
    Q_EMIT wake();
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
    co_await qCoro(this, &ActiveRequest::wake, std::chrono::milliseconds(ms));
    co_return !m_settled;
}
