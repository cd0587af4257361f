// SPDX-License-Identifier: MIT
#include "Scheduler.h"

#include "ActiveRequest.h"
#include "CostEstimator.h"
#include "DeadlineQueue.h"
#include "Http2Preflight.h"
#include "RequestTemplates.h"
#include "MemoryReserve.h"
#include "NetworkPool.h"
#include "ProcessLimits.h"
#include "RequestRunner.h"
#include "RetryPolicy.h"

#include <QUrl>

#include <algorithm>
#include <cmath>

namespace {
// Requests started per event-loop turn: each post() costs 10-20 us, so a burst of 1,000
// launches is spread over several turns and the window keeps painting.
constexpr int kLaunchBatch = 64;
constexpr int kFlushIntervalMs = 33;
// Sums of prices drift by a few ulps; a cell that fits "exactly" must not be refused for that.
constexpr double kCapToleranceUsd = 1e-9;

QString dollars(double usd)
{
    if (usd >= 0.01 || usd == 0)
        return QStringLiteral("$") + QString::number(usd, 'f', 2);
    QString text = QString::number(usd, 'f', 6);
    while (text.endsWith(QLatin1Char('0')))
        text.chop(1);
    return QStringLiteral("$") + text;
}

// How soon a cell held back by the descriptor budget looks again (an idle manager may be
// freed once its last reply is gone, which no settle announces).
constexpr int kDescriptorRetryMs = 50;

// Out of memory inside a request ends that cell (and, through MemoryReserve, the run) instead of
// being stored in a Task nobody awaits, which would leave the cell running forever.
QCoro::Task<> runGuarded(std::shared_ptr<ActiveRequest> request)
{
    try {
        co_await runRequest(request);
    } catch (const std::bad_alloc &) {
        MemoryReserve::reportExhausted();
        request->stop(CellStatus::Error, QStringLiteral("out of memory"));
    }
}
} // namespace

Scheduler::Scheduler(QObject *parent)
    : ResultGrid(parent)
    , m_pool(new NetworkPool(this))
    , m_poolKeepAlive(m_pool, [](NetworkPool *pool) {
        // Orphaned by ~Scheduler while requests still ran: the last of them frees it.
        if (!pool->parent())
            pool->deleteLater();
    })
{
    m_deadlines = DeadlineQueue::create();
    m_requestTemplates = std::make_shared<RequestTemplates>();
    m_http2Preflight = std::make_shared<Http2Preflight>();
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &Scheduler::flushDirty);
    m_pumpTimer.setSingleShot(true);
    connect(&m_pumpTimer, &QTimer::timeout, this, &Scheduler::pump);
    m_clock.start();
    setProviders(ProviderRegistry::withDemo());
}

Scheduler::~Scheduler()
{
    // Abort everything in flight; the coroutines end before the pool's managers go away.
    const QSignalBlocker blocker(this);
    cancelAll();
    // Requests still waiting for an h2c check go on now, see that they were cancelled and end.
    if (m_http2Preflight)
        m_http2Preflight->abortAll();
    // Aborted coroutines resume only on the next event-loop turn and then read their reply;
    // deleting the managers (and so the replies) now would be a use-after-free.
    if (m_poolKeepAlive.use_count() > 1)
        m_pool->setParent(nullptr);
}

void Scheduler::setProviders(const ProviderRegistry &providers)
{
    m_registry = providers;
    m_requestTemplates->clear();
    for (const ProviderConfig &config : providers.providers()) {
        ProviderState &state = m_providers[config.name];
        state.config = config;
        state.tokens = std::max(1.0, config.requestsPerMinute / 6.0);
    }
    schedulePump();
}

void Scheduler::setSpendCap(std::optional<double> usd)
{
    m_spendCap = usd && std::isfinite(*usd) && *usd >= 0 ? usd : std::nullopt;
    // A lower cap cancels what no longer fits; a higher one lets waiting cells go.
    schedulePump();
}

void Scheduler::setSpentElsewhereUsd(double usd)
{
    m_spentElsewhereUsd = std::isfinite(usd) && usd > 0 ? usd : 0;
    schedulePump();
}

void Scheduler::setGlobalConcurrency(int cap)
{
    m_globalCap = std::max(0, cap);
    schedulePump();
}

void Scheduler::setConcurrencyOverride(int cap)
{
    m_concurrencyOverride = std::max(0, cap);
    schedulePump();
}

int Scheduler::capFor(const ProviderState &state) const
{
    return m_concurrencyOverride > 0 ? m_concurrencyOverride : std::max(1, state.config.maxConcurrency);
}

void Scheduler::resetCells(const RunPlan &plan)
{
    {
        const QSignalBlocker blocker(this);
        cancelAll();
    }
    m_plan = plan;
    m_plan.samples = std::max(1, plan.samples);
    m_cells.clear();
    std::vector<CellSpec> specs = m_plan.cellSpecs();
    m_cells.resize(specs.size());
    for (size_t cell = 0; cell < specs.size(); ++cell)
        m_cells[cell].spec = std::move(specs[cell]);
    m_dirtyFlags.assign(m_cells.size(), 0);
    m_dirty.clear();
    m_counts = RunCounts();
    m_spentUsd = 0;
    m_reservedUsd = 0;
    m_reservedCells = 0;
    m_runningTotal = 0;
    for (ProviderState &state : m_providers) {
        state.queue.clear();
        state.running = 0;
        state.ticketsIssued = state.ticketsTaken = 0;
    }
}

int Scheduler::descriptorBudget() const
{
    return m_pool->descriptorBudget();
}

void Scheduler::start(const RunPlan &plan)
{
    resetCells(plan);
    Q_EMIT planReset();
    // Each run asks afresh: the server behind a URL may have changed.
    m_http2Preflight = std::make_shared<Http2Preflight>();
    m_paused = false;
    m_descriptorLimitReported = false;
    m_pool->setDescriptorBudget(m_descriptorBudgetOverride >= 0
                                    ? m_descriptorBudgetOverride
                                    : ProcessLimits::requestDescriptorBudget(m_pool->descriptorsCommitted()));
    // Count every cell first: a cell that fails at once (unknown provider) must not see an
    // idle run and announce runFinished before the others are even queued.
    m_counts.queued = cellCount();
    for (int cell = 0; cell < cellCount(); ++cell)
        enqueue(cell);
    Q_EMIT countsChanged(m_counts);
    if (m_cells.empty())
        Q_EMIT runFinished();
}

void Scheduler::load(const RunPlan &plan, const std::vector<CellResult> &results, const std::vector<CellThread> &threads)
{
    resetCells(plan);
    for (size_t cell = 0; cell < m_cells.size() && cell < threads.size(); ++cell) {
        if (threads[cell].isEmpty())
            continue;
        Cell &c = m_cells[cell];
        c.earlier = threads[cell].earlier;
        c.spec = threads[cell].latest;
        // Going on with a saved thread spends on top of what its turns cost.
        for (const CellTurn &turn : std::as_const(c.earlier)) {
            if (turn.result.costUsd)
                m_spentUsd += *turn.result.costUsd;
        }
    }
    for (int cell = 0; cell < cellCount() && size_t(cell) < results.size(); ++cell) {
        const CellResult result = CellResult::restored(results[size_t(cell)]);
        m_cells[size_t(cell)].result = result;
        // Retrying cells of a saved run spends on top of what it already cost.
        if (result.costUsd)
            m_spentUsd += *result.costUsd;
        adjustCounts(result.status, +1);
        markDirty(cell);
    }
    // Announced once the saved results are in, so that whoever reads the new grid then (quick
    // checks, the detail pane) sees them, not queued cells.
    Q_EMIT planReset();
    Q_EMIT countsChanged(m_counts);
}

const CellResult &Scheduler::result(int cell) const
{
    const Cell &c = m_cells[size_t(cell)];
    return c.active ? c.active->result() : c.result;
}

int Scheduler::queuePosition(int cell) const
{
    const Cell &c = m_cells[size_t(cell)];
    if (c.result.status != CellStatus::Queued || c.active)
        return 0;
    const auto it = m_providers.constFind(c.spec.model.provider);
    if (it == m_providers.constEnd())
        return 0;
    return std::max(1, c.queueTicket - it->ticketsTaken + 1);
}

void Scheduler::adjustCounts(CellStatus status, int delta)
{
    switch (status) {
    case CellStatus::Queued:
        m_counts.queued += delta;
        break;
    case CellStatus::Running:
        m_counts.running += delta;
        break;
    case CellStatus::Ok:
        m_counts.ok += delta;
        break;
    case CellStatus::Cancelled:
        m_counts.cancelled += delta;
        break;
    default:
        m_counts.failed += delta;
    }
}

void Scheduler::setStatus(int cell, CellStatus status)
{
    CellResult &result = m_cells[size_t(cell)].result;
    adjustCounts(result.status, -1);
    result.status = status;
    adjustCounts(status, +1);
}

void Scheduler::enqueue(int cell)
{
    Cell &c = m_cells[size_t(cell)];
    c.enqueuedAtMs = m_clock.elapsed();
    const auto it = m_providers.find(c.spec.model.provider);
    if (it == m_providers.end()) {
        finishCellWithoutRequest(cell, CellStatus::Error,
                                 QStringLiteral("unknown provider \"%1\"").arg(c.spec.model.provider));
        return;
    }
    c.queueTicket = it->ticketsIssued++;
    it->queue.push_back(cell);
    if (!it->pauseNote.isEmpty() && it->pausedUntilMs > m_clock.elapsed())
        c.result.error = it->pauseNote;
    markDirty(cell);
    schedulePump();
}

void Scheduler::schedulePump(int delayMs)
{
    if (m_pumpTimer.isActive() && m_pumpTimer.remainingTime() <= delayMs)
        return;
    m_pumpTimer.start(delayMs);
}

void Scheduler::pump()
{
    if (m_paused)
        return;
    const qint64 now = m_clock.elapsed();
    int launched = 0;
    qint64 nextWake = -1;
    bool progress = true;
    // Round robin over providers so that one long queue does not starve the others.
    while (progress && launched < kLaunchBatch) {
        progress = false;
        for (ProviderState &state : m_providers) {
            if (launched >= kLaunchBatch)
                break;
            if (m_globalCap > 0 && m_runningTotal >= m_globalCap)
                return;
            if (spendCapReached())
                break;
            qint64 wait = -1;
            if (startNext(state, now, &wait)) {
                ++launched;
                progress = true;
            } else if (wait >= 0) {
                nextWake = nextWake < 0 ? wait : std::min(nextWake, wait);
            }
        }
    }
    if (spendCapReached()) {
        for (ProviderState &state : m_providers) {
            while (!state.queue.empty()) {
                const int cell = state.queue.front();
                state.queue.pop_front();
                if (m_cells[size_t(cell)].result.status == CellStatus::Queued && !m_cells[size_t(cell)].active)
                    cancelForSpendCap(cell, std::nullopt);
            }
        }
        return;
    }
    if (launched >= kLaunchBatch)
        schedulePump(0);
    else if (nextWake >= 0)
        schedulePump(int(std::min<qint64>(nextWake, 60'000)));
}

bool Scheduler::startNext(ProviderState &state, qint64 nowMs, qint64 *waitMs)
{
    // Drop cells that were cancelled while queued.
    while (!state.queue.empty()) {
        const Cell &front = m_cells[size_t(state.queue.front())];
        if (front.result.status == CellStatus::Queued && !front.active)
            break;
        state.queue.pop_front();
    }
    if (!state.pauseNote.isEmpty() && state.pausedUntilMs <= nowMs)
        notePause(state, {});
    if (state.queue.empty() || state.running >= capFor(state))
        return false;
    // The spend cap is checked before anything is sent, counting what is already in flight.
    const int next = state.queue.front();
    const std::optional<double> estimate = CostEstimator::cellCostUsd(m_cells[size_t(next)].spec, state.config);
    switch (checkSpendCap(estimate)) {
    case CapCheck::Fits:
        break;
    case CapCheck::Wait:
        return false; // onSettled() pumps again
    case CapCheck::Never:
        state.queue.pop_front();
        state.ticketsTaken = m_cells[size_t(next)].queueTicket + 1;
        cancelForSpendCap(next, estimate);
        return true;
    }
    if (state.pausedUntilMs > nowMs) {
        *waitMs = state.pausedUntilMs - nowMs;
        return false;
    }
    if (state.config.kind != ProviderKind::Demo && !m_pool->hasRoom(QUrl(state.config.baseUrl), state.config.http2Direct)) {
        if (!m_descriptorLimitReported) {
            m_descriptorLimitReported = true;
            Q_EMIT descriptorLimitReached(m_runningTotal, ProcessLimits::openFilesLimit());
        }
        *waitMs = kDescriptorRetryMs;
        return false;
    }
    const int rpm = state.config.requestsPerMinute;
    if (rpm > 0) {
        const double capacity = std::max(1.0, rpm / 6.0);
        state.tokens = std::min(capacity, state.tokens + (nowMs - state.lastRefillMs) * rpm / 60'000.0);
        state.lastRefillMs = nowMs;
        if (state.tokens < 1.0) {
            *waitMs = qint64((1.0 - state.tokens) * 60'000.0 / rpm) + 1;
            return false;
        }
        state.tokens -= 1.0;
    }
    state.queue.pop_front();
    state.ticketsTaken = m_cells[size_t(next)].queueTicket + 1;
    launch(next, state, estimate);
    return true;
}

Scheduler::CapCheck Scheduler::checkSpendCap(const std::optional<double> &estimate) const
{
    if (!m_spendCap || !estimate)
        return CapCheck::Fits;
    if (m_spentElsewhereUsd + m_spentUsd + m_reservedUsd + *estimate <= *m_spendCap + kCapToleranceUsd)
        return CapCheck::Fits;
    // Requests in flight may cost less than was held back for them: look again when they end.
    return m_reservedCells > 0 ? CapCheck::Wait : CapCheck::Never;
}

bool Scheduler::spendCapReached() const
{
    // Strictly positive spending: a cap of $0 still lets free and unpriced cells go.
    const double spent = m_spentElsewhereUsd + m_spentUsd;
    return m_spendCap && spent > 0 && spent >= *m_spendCap - kCapToleranceUsd;
}

void Scheduler::cancelForSpendCap(int cell, const std::optional<double> &estimate)
{
    QString why = QStringLiteral("not sent: the run's spend cap of %1 was reached (%2 spent")
                      .arg(dollars(m_spendCap.value_or(0)), dollars(m_spentElsewhereUsd + m_spentUsd));
    if (estimate)
        why += QStringLiteral("; this request, estimated at %1, would pass it").arg(dollars(*estimate));
    finishCellWithoutRequest(cell, CellStatus::Cancelled, why + QLatin1Char(')'));
}

void Scheduler::launch(int cell, ProviderState &state, const std::optional<double> &estimate)
{
    Cell &c = m_cells[size_t(cell)];
    const ProviderConfig &provider = state.config;
    const QString missing = m_keys.missingKeyReason(provider);
    if (!missing.isEmpty()) {
        finishCellWithoutRequest(cell, CellStatus::Error, missing);
        return;
    }
    QNetworkAccessManager *manager = nullptr;
    const QUrl url(provider.baseUrl);
    if (provider.kind != ProviderKind::Demo)
        manager = m_pool->acquire(url, provider.http2Direct);

    auto active = std::make_shared<ActiveRequest>(cell, c.spec, provider, m_keys.key(provider), m_limits, manager);
    active->setKeepAlive(m_poolKeepAlive);
    active->setDeadlines(m_deadlines);
    active->setRequestTemplates(m_requestTemplates);
    if (provider.http2Direct)
        active->setHttp2Preflight(m_http2Preflight);
    c.active = active;
    c.reservedUsd = estimate;
    if (estimate) {
        m_reservedUsd += *estimate;
        ++m_reservedCells;
    }
    state.running++;
    m_runningTotal++;
    setStatus(cell, CellStatus::Running);
    CellResult initial;
    initial.queueWaitMs = m_clock.elapsed() - c.enqueuedAtMs;
    connect(active.get(), &ActiveRequest::updated, this, &Scheduler::markDirty);
    connect(active.get(), &ActiveRequest::settled, this, &Scheduler::onSettled);
    connect(active.get(), &ActiveRequest::rateLimitSeen, this, &Scheduler::onRateLimit);
    active->begin(initial);
    Q_EMIT cellStarted(cell);
    Q_EMIT countsChanged(m_counts);
    runGuarded(active);
}

void Scheduler::onSettled(int cell)
{
    Cell &c = m_cells[size_t(cell)];
    if (!c.active)
        return;
    const std::shared_ptr<ActiveRequest> active = std::move(c.active);
    active->disconnect(this);
    const CellStatus status = active->result().status;
    c.result = active->result();
    // setStatus() adjusts counts from Running; the result already holds the final status.
    c.result.status = CellStatus::Running;
    setStatus(cell, status);
    const auto it = m_providers.find(c.spec.model.provider);
    if (it != m_providers.end())
        it->running--;
    m_runningTotal--;
    if (active->network())
        m_pool->release(active->network(), QUrl(active->provider().baseUrl));
    if (c.reservedUsd) {
        m_reservedUsd -= *c.reservedUsd;
        if (--m_reservedCells == 0)
            m_reservedUsd = 0; // no drift left behind
    }
    if (c.result.costUsd)
        m_spentUsd += *c.result.costUsd;
    else if (c.reservedUsd && (!c.result.text.isEmpty() || !c.result.reasoning.isEmpty()))
        m_spentUsd += *c.reservedUsd; // it answered but reported no tokens: count what was expected
    c.reservedUsd.reset();
    markDirty(cell);
    Q_EMIT cellFinished(cell);
    Q_EMIT countsChanged(m_counts);
    if (!isActive()) {
        flushDirty();
        Q_EMIT runFinished();
    } else {
        schedulePump();
    }
}

void Scheduler::finishCellWithoutRequest(int cell, CellStatus status, const QString &error)
{
    CellResult &result = m_cells[size_t(cell)].result;
    setStatus(cell, status);
    result.error = error;
    result.finishedAt = QDateTime::currentDateTimeUtc();
    markDirty(cell);
    Q_EMIT cellFinished(cell);
    Q_EMIT countsChanged(m_counts);
    if (!isActive()) {
        flushDirty();
        Q_EMIT runFinished();
    }
}

void Scheduler::onRateLimit(const QString &provider, qint64 delayMs, const QString &reason)
{
    const auto it = m_providers.find(provider);
    if (it == m_providers.end())
        return;
    // No cell may wait longer than its total time limit, so neither does the pause: cells that
    // would have to wait longer end now, naming the wait, and later ones wait at most the cap.
    const qint64 cap = m_limits.totalTimeoutMs > 0 ? m_limits.totalTimeoutMs : std::numeric_limits<qint64>::max() / 2;
    const qint64 until = m_clock.elapsed() + std::min(delayMs, cap);
    if (until <= it->pausedUntilMs)
        return;
    it->pausedUntilMs = until;
    const QString wait = QStringLiteral("%1 asked to pause requests for %2 (%3)").arg(provider, RetryPolicy::describeDelay(delayMs), reason);
    if (delayMs > cap) {
        const QString error = QStringLiteral("not sent: %1, longer than the %2 total time limit")
                                  .arg(wait, RetryPolicy::describeDelay(m_limits.totalTimeoutMs));
        // Finishing a cell may start or finish others: take the queue first.
        const std::deque<int> queue = std::exchange(it->queue, {});
        for (const int cell : queue) {
            if (m_cells[size_t(cell)].result.status == CellStatus::Queued && !m_cells[size_t(cell)].active)
                finishCellWithoutRequest(cell, CellStatus::Error, error);
        }
    }
    notePause(*it, delayMs > cap ? QStringLiteral("waiting %1 (the total time limit): %2").arg(RetryPolicy::describeDelay(cap), wait)
                                 : QStringLiteral("waiting: %1").arg(wait));
    schedulePump(int(std::min<qint64>(until - m_clock.elapsed(), 60'000)));
}

void Scheduler::notePause(ProviderState &state, const QString &note)
{
    const QString previous = std::exchange(state.pauseNote, note);
    for (const int cell : state.queue) {
        CellResult &result = m_cells[size_t(cell)].result;
        if (result.status != CellStatus::Queued || m_cells[size_t(cell)].active || result.error != previous)
            continue;
        result.error = note;
        markDirty(cell);
    }
}

void Scheduler::cancelCell(int cell)
{
    if (cell < 0 || cell >= cellCount())
        return;
    Cell &c = m_cells[size_t(cell)];
    if (c.active) {
        const auto active = c.active;
        active->cancel();
    } else if (c.result.status == CellStatus::Queued) {
        finishCellWithoutRequest(cell, CellStatus::Cancelled, QStringLiteral("cancelled before it started"));
    }
}

void Scheduler::cancelRow(int row)
{
    for (int cell = 0; cell < cellCount(); ++cell) {
        if (m_cells[size_t(cell)].spec.row == row)
            cancelCell(cell);
    }
}

void Scheduler::cancelColumn(int column)
{
    for (int cell = 0; cell < cellCount(); ++cell) {
        if (m_cells[size_t(cell)].spec.column == column)
            cancelCell(cell);
    }
}

void Scheduler::cancelAll()
{
    // Queued cells first, so that finishing a running one does not start another.
    const bool wasPaused = m_paused;
    m_paused = true;
    for (int cell = 0; cell < cellCount(); ++cell) {
        if (!m_cells[size_t(cell)].active)
            cancelCell(cell);
    }
    for (int cell = 0; cell < cellCount(); ++cell)
        cancelCell(cell);
    m_paused = wasPaused;
}

void Scheduler::pause()
{
    m_paused = true;
}

void Scheduler::resume()
{
    m_paused = false;
    schedulePump();
}

void Scheduler::retryCell(int cell)
{
    if (cell < 0 || cell >= cellCount())
        return;
    Cell &c = m_cells[size_t(cell)];
    if (c.active || !isFinalStatus(c.result.status))
        return;
    setStatus(cell, CellStatus::Queued);
    const CellStatus queued = c.result.status;
    c.result = CellResult();
    c.result.status = queued;
    enqueue(cell);
    Q_EMIT countsChanged(m_counts);
}

QList<int> Scheduler::startTurns(const QList<NextTurn> &turns)
{
    QList<int> taken;
    QList<const NextTurn *> sent;
    QList<const NextTurn *> skipped;
    // Every cell is queued before any is finished, so that a turn not sent cannot announce
    // runFinished while others are still to be queued.
    for (const NextTurn &turn : turns) {
        if (turn.cell < 0 || turn.cell >= cellCount() || taken.contains(turn.cell))
            continue;
        Cell &c = m_cells[size_t(turn.cell)];
        if (c.active || !isFinalStatus(c.result.status))
            continue;
        taken.append(turn.cell);
        c.earlier.append(CellTurn{c.spec, c.result});
        c.spec = turn.spec;
        setStatus(turn.cell, CellStatus::Queued);
        c.result = CellResult();
        c.result.status = CellStatus::Queued;
        (turn.notSent.isEmpty() ? sent : skipped).append(&turn);
    }
    for (const NextTurn *turn : std::as_const(sent))
        enqueue(turn->cell);
    for (const NextTurn *turn : std::as_const(skipped))
        finishCellWithoutRequest(turn->cell, CellStatus::Cancelled, turn->notSent);
    if (!taken.isEmpty())
        Q_EMIT countsChanged(m_counts);
    return taken;
}

void Scheduler::retryRow(int row)
{
    for (int cell = 0; cell < cellCount(); ++cell) {
        const Cell &c = m_cells[size_t(cell)];
        if (c.spec.row == row && c.result.status != CellStatus::Ok)
            retryCell(cell);
    }
}

void Scheduler::retryColumn(int column)
{
    for (int cell = 0; cell < cellCount(); ++cell) {
        const Cell &c = m_cells[size_t(cell)];
        if (c.spec.column == column && c.result.status != CellStatus::Ok)
            retryCell(cell);
    }
}

void Scheduler::retryFailed()
{
    for (int cell = 0; cell < cellCount(); ++cell) {
        if (m_cells[size_t(cell)].result.status != CellStatus::Ok)
            retryCell(cell);
    }
}

void Scheduler::markDirty(int cell)
{
    if (size_t(cell) >= m_dirtyFlags.size() || m_dirtyFlags[size_t(cell)])
        return;
    m_dirtyFlags[size_t(cell)] = 1;
    m_dirty.append(cell);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void Scheduler::flushDirty()
{
    m_flushTimer.stop();
    if (m_dirty.isEmpty())
        return;
    QList<int> cells;
    cells.swap(m_dirty);
    for (int cell : cells)
        m_dirtyFlags[size_t(cell)] = 0;
    Q_EMIT cellsChanged(cells);
    // Reuse the list's memory for the next batch unless a listener kept a copy or new cells
    // were marked meanwhile: while thousands of cells stream, regrowing it every flush showed up
    // in profiles.
    if (m_dirty.isEmpty() && cells.isDetached()) {
        cells.clear();
        m_dirty.swap(cells);
    }
}
