// SPDX-License-Identifier: MIT
#pragma once

#include "CellResult.h"
#include "RunPlan.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTimer>

#include <optional>
#include <vector>

class QSqlError;
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
///
/// Failures are never silent: a file that cannot be opened or is damaged, a write that fails
/// (a full disk) or a lock held by another process past the lock budget sets problem() and
/// emits problemChanged(). Cells that could not be written stay pending and are written again
/// on every checkpoint tick (never into a damaged file), so a freed disk or a released lock
/// loses nothing.
class HistoryStore : public QObject
{
    Q_OBJECT
public:
    /// Why the history is not saving everything.
    enum class Problem {
        None,
        CannotOpen,  ///< the file cannot be opened, or a newer PromptGrid wrote it
        Corrupt,     ///< damaged (PRAGMA quick_check, or SQLite said so): never written again
        WriteFailed, ///< a write failed (a full disk, an I/O error)
        Locked,      ///< another process kept the database locked for longer than the lock budget
    };
    /// When open() runs PRAGMA quick_check.
    enum class Check {
        Now,          ///< before anything is written (the CLI)
        InBackground, ///< on a worker thread, as a big file takes a while (the window)
    };
    /// SQLite's busy timeout: how long one write waits for another process's lock. Short, as
    /// writes run on the GUI thread; a longer lock is waited out by retrying on later ticks.
    static constexpr int kBusyTimeoutMs = 200;
    /// How long writes may be held back by a lock before it is reported.
    static constexpr int kLockBudgetMs = 5'000;

    explicit HistoryStore(QObject *parent = nullptr);
    ~HistoryStore() override;

    /// history.sqlite in QStandardPaths::AppDataLocation.
    static QString defaultPath();
    /// Opens (creating) the database at \a path, or defaultPath() when empty. On failure
    /// (problem() CannotOpen or Corrupt) the store stays attached but writes nothing.
    bool open(const QString &path = {}, QString *error = nullptr, Check check = Check::InBackground);
    void close();
    bool isOpen() const { return !m_connection.isEmpty(); }
    QString path() const { return m_path; }
    /// Cells that open() found unfinished and marked interrupted.
    int interruptedOnOpen() const { return m_interruptedOnOpen; }
    /// The last database error, for a status message.
    QString lastError() const { return m_lastError; }

    Problem problem() const { return m_problem; }
    /// What went wrong, naming the file and what is not saved; empty while all is well. Stays
    /// set (saying so) after a lock or a full disk cleared and everything was saved.
    QString problemText() const;
    /// Cells of the current run whose latest state is not in the file.
    int unsavedCells() const { return int(m_unsaved.size()); }
    /// Moves the file aside (renamed with its -wal and -shm, nothing deleted) and starts a new
    /// history at the same path, which then gets the current run. \a movedTo gets the new name.
    bool startOver(QString *movedTo, QString *error);
    /// PRAGMA quick_check on a connection of its own (any thread): empty when the file is sound
    /// or cannot be checked for now (locked), else what SQLite found.
    static QString integrityProblem(const QString &path);
    /// The background integrity check has not reported yet.
    bool isChecking() const { return m_checking; }
    /// For tests: the lock budget (default kLockBudgetMs).
    void setLockBudget(int ms) { m_lockBudgetMs = ms; }

    /// Records \a scheduler's runs from now on: each plan it starts becomes a new run.
    void attach(Scheduler *scheduler);
    void detach();
    /// The run being recorded, or 0 before its first cell starts.
    qint64 currentRunId() const { return m_runId; }

    /// Newest first; an empty list and \a error when the file cannot be read.
    QList<HistoryRunInfo> runs(QString *error = nullptr) const;
    /// Reads a saved run back; false with \a error when it does not exist or cannot be read.
    bool loadRun(qint64 runId, RunPlan *plan, std::vector<CellResult> *results, QString *error = nullptr) const;
    /// Loads a saved run into the attached scheduler (Scheduler::load); retried cells are then
    /// saved into that same run.
    bool restore(qint64 runId, QString *error = nullptr);
    bool removeRun(qint64 runId);

    /// Writes pending cells and checkpoints now.
    void flush();
    /// flush(), waiting for a lock up to the rest of the lock budget (blocking; for the end of a
    /// CLI run, when nothing else is left to do).
    void flushWaiting();
    /// Write transactions committed since open(), to prove that streaming is batched.
    int writeTransactions() const { return m_writeTransactions; }
    /// The longest write transaction so far, in milliseconds (it runs on the GUI thread).
    qint64 longestWriteMs() const { return m_longestWriteMs; }
    /// Checkpoint period for running cells (default 1000 ms).
    void setCheckpointInterval(int ms) { m_checkpointTimer.setInterval(ms); }

Q_SIGNALS:
    /// A run was created, changed its final counts or was removed (for the history panel).
    void runsChanged();
    /// problem(), problemText() or unsavedCells() changed.
    void problemChanged();
    /// The background integrity check finished; \a sound false means problem() is Corrupt.
    void integrityChecked(bool sound);

private:
    void onPlanReset();
    void onCellStarted(int cell);
    void onCellFinished(int cell);
    void onCellsChanged(const QList<int> &cells);
    void scheduleFinalWrite();
    bool ensureRun();
    bool writeCells(const QList<int> &cells);
    void writeFailed(const QList<int> &cells, const QSqlError &error);
    void writeSucceeded(const QList<int> &cells);
    void report(Problem problem, const QString &detail);
    /// Neither damaged nor closed: worth writing to.
    bool writable() const;
    void startBackgroundCheck();
    void retryLater();
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
    QSet<int> m_unsaved;    ///< cells whose last write failed, written again every tick
    int m_lostCells = 0;    ///< unsaved cells of earlier plans, gone with them
    Problem m_problem = Problem::None;
    QString m_problemDetail;
    bool m_recovered = false; ///< a write failure or lock cleared and everything was saved
    QElapsedTimer m_lockedFor; ///< since the first write that found the database locked
    int m_lockBudgetMs = kLockBudgetMs;
    int m_checkGeneration = 0;
    bool m_checking = false;
    QTimer m_urgentTimer;
    QTimer m_checkpointTimer;
};
