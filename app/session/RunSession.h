// SPDX-License-Identifier: MIT
#pragma once

#include "CsvWriter.h"
#include "ExportJob.h"
#include "HistoryDatabase.h"
#include "RequestLimits.h"
#include "ResultRecord.h"
#include "RunPlan.h"
#include "RunSettings.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <optional>
#include <vector>

class HistoryRecorder;
class JudgingState;
class QuickCheckRunner;
class ResultGrid;
class Scheduler;

/// Per-run overrides of the settings (a comparison's own timeout, retries and concurrency);
/// they last until the next run replaces the grid.
struct RunOverrides {
    std::optional<RequestLimits> limits;
    int concurrency = 0; ///< 0: the settings' own
};

/// One run's owner: the scheduler and its grid, the history it is recorded into, its judging
/// (ratings and quick checks) and the one settings object. Whatever replaces the grid goes
/// through here (start, load, restore, rerun), so the steps that must happen in order (flush the
/// history, load, tell the recorder which run continues, apply the settings, say whose grid it
/// is) happen in one place and listeners need not infer them from signal order.
class RunSession : public QObject
{
    Q_OBJECT
public:
    explicit RunSession(RunSettings::Storage storage, QObject *parent = nullptr);
    ~RunSession() override;

    Scheduler *scheduler() const { return m_scheduler; }
    /// The scheduler as its readers see it.
    const ResultGrid *grid() const;
    RunSettings *settings() const { return m_settings; }
    HistoryDatabase *history() const { return m_history; }
    HistoryRecorder *recorder() const { return m_recorder; }
    JudgingState *judging() const { return m_judging; }
    QuickCheckRunner *quickChecks() const { return m_quickChecks; }

    /// Opens the run history at \a path (the default one when empty) and records every run into
    /// it from now on (attached even when it cannot be opened: its recorder then counts what is
    /// not saved). False with \a error as HistoryDatabase::open.
    bool openHistory(const QString &path, QString *error, HistoryDatabase::Check check);

    /// Starts \a plan, replacing the grid. \a owner (optional) is told apart by owner(): a
    /// comparison knows the grid is its own. \a overrides apply to this run only.
    void start(const RunPlan &plan, const QObject *owner = nullptr, const RunOverrides &overrides = {});
    /// Shows finished cells (a saved comparison's), starting nothing.
    void load(const RunPlan &plan, const std::vector<CellResult> &results, const QObject *owner = nullptr);
    /// Shows saved run \a runId of the history again, with its judge grades and pairwise
    /// verdicts; retried cells are saved into that run. When its judgements cannot be read it is
    /// shown without them and \a error says why (true all the same).
    bool restore(qint64 runId, QString *error = nullptr);
    /// Starts saved run \a runId's prompts and models again as a new run.
    bool rerun(qint64 runId, QString *error = nullptr);
    /// Own thread mode: sends \a text as the next turn of each of \a cells (every cell for Reply
    /// to all, a column's for Reply to this column), each cell continuing with its own model's
    /// answers (PlanBuilder::nextTurn). A cell whose latest turn did not answer ok gets a turn
    /// that is not sent and says why; cells still running are left out. Returns the cells taken.
    QList<int> followUp(const QList<int> &cells, const QString &text);
    /// Who started or loaded the grid (nullptr: the window, a restored or rerun history run).
    const QObject *owner() const { return m_owner; }

    /// The grid's cells (all, or \a cells) with their judging, for export.
    QList<ResultRecord> snapshot() const;
    QList<ResultRecord> snapshot(const QList<int> &cells) const;
    /// Exports the grid (or \a cells) to \a path on a worker thread: the snapshot is taken now.
    /// The job (a child of \a parent) reports finished() or cancelled(); its caller deletes it.
    ExportJob *exportTo(const QString &path, ExportJob::Format format, CsvWriter::Options csvOptions,
                        QObject *parent, const std::optional<QList<int>> &cells = std::nullopt) const;

    /// Cancel All: every unfinished cell and every judge pass on the grid (cancellingAll()).
    void cancelAll();
    /// Cancels whatever still runs (judge passes too) and saves those cells (as cancelled) while
    /// everything is alive.
    void shutdown();

Q_SIGNALS:
    /// Cancel All: the judge passes on the grid (JudgeRun) cancel theirs.
    void cancellingAll();
    /// The grid was replaced (started, loaded, restored); owner() tells by whom.
    void runReplaced();

private:
    void applySettings();
    void replaced(const QObject *owner, const RunOverrides &overrides);

    RunSettings *m_settings;
    Scheduler *m_scheduler;
    HistoryDatabase *m_history;
    HistoryRecorder *m_recorder;
    JudgingState *m_judging;
    QuickCheckRunner *m_quickChecks;
    QPointer<const QObject> m_owner;
    RunOverrides m_overrides;
};
