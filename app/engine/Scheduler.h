// SPDX-License-Identifier: MIT
#pragma once

#include "ApiKeyStore.h"
#include "CellResult.h"
#include "CellSpec.h"
#include "CellThread.h"
#include "ProviderRegistry.h"
#include "RequestLimits.h"
#include "ResultGrid.h"
#include "RunCounts.h"
#include "RunPlan.h"

#include <QElapsedTimer>
#include <QHash>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

class ActiveRequest;
class DeadlineQueue;
class Http2Preflight;
class RequestTemplates;
class NetworkPool;

/// Owns the cells of a run and decides when each one starts: the live ResultGrid. The queue
/// lives here, not in Qt's network managers, so every scheduling step costs O(1) per cell.
class Scheduler : public ResultGrid
{
    Q_OBJECT
public:
    explicit Scheduler(QObject *parent = nullptr);
    ~Scheduler() override;

    void setProviders(const ProviderRegistry &providers);
    const ProviderRegistry &providers() const { return m_registry; }
    ApiKeyStore &keys() { return m_keys; }
    void setLimits(const RequestLimits &limits) { m_limits = limits; }
    const RequestLimits &limits() const { return m_limits; }
    /// Upper bound on requests in flight over all providers (0 = none).
    void setGlobalConcurrency(int cap);
    /// Overrides every provider's own cap (the CLI's --concurrency); 0 restores them.
    void setConcurrencyOverride(int cap);
    /// Caps what one run may spend (USD; nullopt = no cap). Checked before each request is sent:
    /// a cell starts only while spent + the estimates of the requests in flight + its own
    /// estimate (CostEstimator::cellCostUsd) stay within the cap; a cell that cannot fit is
    /// `cancelled` with a message naming the cap. Cells whose model has no price cannot be
    /// bounded: they are sent until the counted cost reaches the cap.
    void setSpendCap(std::optional<double> usd);
    std::optional<double> spendCap() const { return m_spendCap; }
    /// What was spent outside this grid that the spend cap counts too (a judge pass counts the
    /// graded run and earlier passes); it stays across start(). Not part of spentUsd().
    void setSpentElsewhereUsd(double usd);
    double spentElsewhereUsd() const { return m_spentElsewhereUsd; }
    /// Descriptors the network managers may hold (threads and sockets, see NetworkPool); by
    /// default (-1) each start() measures what the open-files limit leaves. 0 = no cap.
    void setDescriptorBudget(int descriptors) { m_descriptorBudgetOverride = descriptors; }
    int descriptorBudget() const;

    /// Replaces the grid with \a plan's cells and starts them. Earlier cells are cancelled.
    void start(const RunPlan &plan);
    /// Replaces the grid with finished cells (a saved run), starting nothing; planReset() comes
    /// once they are in. \a threads (grid order, optional) are the cells' own threads.
    void load(const RunPlan &plan, const std::vector<CellResult> &results, const std::vector<CellThread> &threads = {});
    const RunPlan &plan() const override { return m_plan; }

    int cellCount() const override { return int(m_cells.size()); }
    const CellSpec &spec(int cell) const override { return m_cells[size_t(cell)].spec; }
    /// The live result, including the text streamed so far.
    const CellResult &result(int cell) const override;
    const QList<CellTurn> &earlierTurns(int cell) const override { return m_cells[size_t(cell)].earlier; }
    /// 1-based place in its provider's queue, or 0 when not queued.
    int queuePosition(int cell) const override;
    RunCounts counts() const { return m_counts; }
    bool isActive() const { return m_counts.queued + m_counts.running > 0; }
    bool isPaused() const { return m_paused; }
    /// What the run has spent as far as the cap counts it: the known cost of finished cells,
    /// or the estimate of a priced cell that answered without reporting its tokens.
    double spentUsd() const { return m_spentUsd; }
    /// The estimated cost of the priced requests now in flight.
    double reservedUsd() const { return m_reservedUsd; }

    void cancelCell(int cell);
    void cancelRow(int row);
    void cancelColumn(int column);
    void cancelAll();
    void pause();
    void resume();
    /// Queues \a cell again if it has finished; cells that are fine are left alone unless asked.
    void retryCell(int cell);
    void retryRow(int row);
    void retryColumn(int column);
    void retryFailed();

    /// The next turn of one cell's own thread (planned by PlanBuilder::nextTurn): \a spec is
    /// sent unless \a notSent says why it is not (the cell's previous turn failed).
    struct NextTurn {
        int cell = -1;
        CellSpec spec;
        QString notSent;
    };
    /// Keeps each cell's finished turn in its thread and starts the next (the spend cap counts
    /// every turn of the run). Cells still running are left alone; returns the cells taken.
    QList<int> startTurns(const QList<NextTurn> &turns);

    // ResultGrid's signals: planReset, cellsChanged (at most about 30 times a second),
    // cellStarted, cellFinished, runFinished.
Q_SIGNALS:
    void countsChanged(const RunCounts &counts);
    /// Once per run, when the open-files limit first keeps a cell waiting: \a running requests
    /// are in flight, \a openFilesLimit is the process's limit (ulimit -n).
    void descriptorLimitReached(int running, int openFilesLimit);

private:
    struct Cell {
        CellSpec spec;
        CellResult result;
        std::shared_ptr<ActiveRequest> active;
        qint64 enqueuedAtMs = 0;
        int queueTicket = 0;
        /// The estimate held against the spend cap while the request is in flight.
        std::optional<double> reservedUsd;
        /// Own thread mode: the turns before the one spec and result are.
        QList<CellTurn> earlier;
    };
    struct ProviderState {
        ProviderConfig config;
        std::deque<int> queue;
        int running = 0;
        int ticketsIssued = 0;
        int ticketsTaken = 0;
        double tokens = 0;
        qint64 lastRefillMs = 0;
        qint64 pausedUntilMs = 0;
        QString pauseNote; ///< shown on the queued cells while the pause lasts
    };

    void enqueue(int cell);
    void schedulePump(int delayMs = 0);
    void pump();
    bool startNext(ProviderState &state, qint64 nowMs, qint64 *waitMs);
    enum class CapCheck { Fits, Wait, Never };
    CapCheck checkSpendCap(const std::optional<double> &estimate) const;
    bool spendCapReached() const;
    void cancelForSpendCap(int cell, const std::optional<double> &estimate);
    void launch(int cell, ProviderState &state, const std::optional<double> &estimate);
    void onSettled(int cell);
    void markDirty(int cell);
    void flushDirty();
    void setStatus(int cell, CellStatus status);
    void adjustCounts(CellStatus status, int delta);
    void finishCellWithoutRequest(int cell, CellStatus status, const QString &error);
    void onRateLimit(const QString &provider, qint64 delayMs, const QString &reason);
    /// Sets (or, with an empty \a note, clears) the note on \a state's queued cells.
    void notePause(ProviderState &state, const QString &note);
    void resetCells(const RunPlan &plan);
    int capFor(const ProviderState &state) const;

    ProviderRegistry m_registry;
    ApiKeyStore m_keys;
    RequestLimits m_limits;
    NetworkPool *m_pool;
    /// Shared with every request: a cancelled coroutine resumes on a later event-loop turn and
    /// still touches its reply, so the pool (and its managers and replies) must outlive it.
    std::shared_ptr<NetworkPool> m_poolKeepAlive;
    /// Every request's timeouts and back-off in one timer (shared: requests may outlive us).
    std::shared_ptr<DeadlineQueue> m_deadlines;
    std::shared_ptr<RequestTemplates> m_requestTemplates;
    /// Asks each "http2" server once per run whether it speaks h2c at all.
    std::shared_ptr<Http2Preflight> m_http2Preflight;
    RunPlan m_plan;
    std::vector<Cell> m_cells;
    QHash<QString, ProviderState> m_providers;
    std::vector<char> m_dirtyFlags;
    QList<int> m_dirty;
    QTimer m_flushTimer;
    QTimer m_pumpTimer;
    QElapsedTimer m_clock;
    RunCounts m_counts;
    int m_globalCap = 0;
    int m_concurrencyOverride = 0;
    int m_runningTotal = 0;
    std::optional<double> m_spendCap;
    double m_spentUsd = 0;
    double m_spentElsewhereUsd = 0;
    double m_reservedUsd = 0;
    int m_reservedCells = 0;
    bool m_paused = false;
    bool m_pumpQueued = false;
    int m_descriptorBudgetOverride = -1;
    bool m_descriptorLimitReported = false;
};
