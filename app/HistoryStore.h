// SPDX-License-Identifier: MIT
#pragma once

#include "CellResult.h"
#include "RunPlan.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTimer>

#include <optional>
#include <vector>

class Scheduler;

/// One past run, as listed in the history panel.
struct HistoryRunInfo {
    qint64 id = 0;
    QDateTime created;
    QString title; ///< the first prompt, shortened
    int rows = 0;
    int columns = 0;
    int samples = 1;
    int cells = 0;
    int ok = 0;
    int failed = 0; ///< error, timeout, incomplete
    int cancelled = 0;
    int interrupted = 0;
    int unfinished = 0; ///< queued or running (a run still going in another process)
};

/// Crash-safe run history in SQLite (WAL). Attached to a Scheduler it saves every cell when it
/// starts and when it ends (in one transaction per event-loop turn) and checkpoints the text
/// of running cells at most once a second, batched in one transaction per tick.
///
/// After a crash, open() marks the cells that were queued or running in a process that no
/// longer exists as \c interrupted; everything that had finished is kept as it was.
class HistoryStore : public QObject
{
    Q_OBJECT
public:
    explicit HistoryStore(QObject *parent = nullptr);
    ~HistoryStore() override;

    /// history.sqlite in QStandardPaths::AppDataLocation.
    static QString defaultPath();
    /// Opens (creating) the database at \a path, or defaultPath() when empty.
    bool open(const QString &path = {}, QString *error = nullptr);
    void close();
    bool isOpen() const { return !m_connection.isEmpty(); }
    QString path() const { return m_path; }
    /// Cells that open() found unfinished and marked interrupted.
    int interruptedOnOpen() const { return m_interruptedOnOpen; }
    /// The last database error, for a status message.
    QString lastError() const { return m_lastError; }

    /// Records \a scheduler's runs from now on: each plan it starts becomes a new run.
    void attach(Scheduler *scheduler);
    void detach();
    /// The run being recorded, or 0 before its first cell starts.
    qint64 currentRunId() const { return m_runId; }

    /// Newest first.
    QList<HistoryRunInfo> runs() const;
    /// Reads a saved run back; false with \a error when it does not exist or cannot be read.
    bool loadRun(qint64 runId, RunPlan *plan, std::vector<CellResult> *results, QString *error = nullptr) const;
    /// Loads a saved run into the attached scheduler (Scheduler::load); retried cells are then
    /// saved into that same run.
    bool restore(qint64 runId, QString *error = nullptr);
    bool removeRun(qint64 runId);

    /// Writes pending cells and checkpoints now.
    void flush();
    /// Write transactions committed since open(), to prove that streaming is batched.
    int writeTransactions() const { return m_writeTransactions; }
    /// The longest write transaction so far, in milliseconds (it runs on the GUI thread).
    qint64 longestWriteMs() const { return m_longestWriteMs; }
    /// Checkpoint period for running cells (default 1000 ms).
    void setCheckpointInterval(int ms) { m_checkpointTimer.setInterval(ms); }

Q_SIGNALS:
    /// A run was created, changed its final counts or was removed (for the history panel).
    void runsChanged();

private:
    void onPlanReset();
    void onCellStarted(int cell);
    void onCellFinished(int cell);
    void onCellsChanged(const QList<int> &cells);
    void scheduleFinalWrite();
    bool ensureRun();
    bool writeCells(const QList<int> &cells);
    bool exec(const QString &sql);
    int markInterrupted();

    QString m_connection;
    QString m_path;
    QString m_lastError;
    QPointer<Scheduler> m_scheduler;
    qint64 m_runId = 0;
    qint64 m_restoringRunId = 0;
    int m_interruptedOnOpen = 0;
    int m_writeTransactions = 0;
    qint64 m_longestWriteMs = 0;
    QSet<int> m_urgent;     ///< started or finished cells, written on the next loop turn
    QSet<int> m_checkpoint; ///< running cells whose text changed since the last tick
    QTimer m_urgentTimer;
    QTimer m_checkpointTimer;
};
