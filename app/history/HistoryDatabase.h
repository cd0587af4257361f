// SPDX-License-Identifier: MIT
#pragma once

#include "CellResult.h"
#include "CellThread.h"
#include "RunPlan.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

class QSqlDatabase;
class QSqlError;

class Ratings;
class ResultGrid;

/// One past run, as listed in the history panel.
struct HistoryRunInfo {
    qint64 id = 0;
    QDateTime created;
    QString title; ///< the first prompt, shortened
    QStringList models; ///< the column names, in order
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

/// The run history file: a crash-safe SQLite database (WAL) with one row per run (its plan as
/// JSON, RunPlan::toJson), one per cell (CellResult::sqlValues) and one per judge grade or
/// judge battle verdict. HistoryRecorder decides
/// what to write and when; this class only reads and writes the file and says what is wrong
/// with it.
///
/// After a crash, open() marks the cells that were queued or running in a process that no
/// longer exists as \c interrupted; everything that had finished is kept as it was. A file that
/// cannot be opened or is damaged, a write that fails (a full disk) or a lock held by another
/// process past the lock budget sets problem() and emits problemChanged().
class HistoryDatabase : public QObject
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
    /// How a write failed, as far as what to do next depends on it.
    enum class Failure { None, Busy, Corrupt, Other };
    struct WriteResult {
        Failure failure = Failure::None;
        QString detail; ///< SQLite's message
        bool ok() const { return failure == Failure::None; }
    };
    /// SQLite's busy timeout: how long one write waits for another process's lock. Short, as
    /// writes run on the GUI thread; a longer lock is waited out by retrying on later ticks.
    static constexpr int kBusyTimeoutMs = 200;
    /// How long writes may be held back by a lock before it is reported.
    static constexpr int kLockBudgetMs = 5'000;

    explicit HistoryDatabase(QObject *parent = nullptr);
    ~HistoryDatabase() override;

    /// history.sqlite in AppFolders::dataFolder() (~/.local/share/PromptGrid).
    static QString defaultPath();
    /// Opens (creating) the database at \a path, or defaultPath() when empty. On failure
    /// problem() is CannotOpen or Corrupt and nothing is written.
    bool open(const QString &path = {}, QString *error = nullptr, Check check = Check::InBackground);
    void close();
    bool isOpen() const { return !m_connection.isEmpty(); }
    QString path() const { return m_path; }
    /// Cells that open() found unfinished and marked interrupted.
    int interruptedOnOpen() const { return m_interruptedOnOpen; }
    /// The last database error, for a status message.
    QString lastError() const { return m_lastError; }
    /// Neither damaged nor closed: worth writing to.
    bool isWritable() const;

    Problem problem() const { return m_problem; }
    /// What SQLite said about the problem.
    QString problemDetail() const { return m_problemDetail; }
    /// What is wrong with the file, naming it; empty while all is well. HistoryRecorder adds
    /// what that means for the cells of the run.
    QString problemText() const;
    /// Sets the problem (a damaged file stays the headline: nothing replaces Corrupt).
    void report(Problem problem, const QString &detail);
    /// Says that the last write failure or lock cleared and everything was saved since.
    void reportRecovered();
    bool hasRecovered() const { return m_recovered; }
    /// PRAGMA quick_check on a connection of its own (any thread): empty when the file is sound
    /// or cannot be checked for now (locked), else what SQLite found.
    static QString integrityProblem(const QString &path);
    /// The background integrity check has not reported yet.
    bool isChecking() const { return m_checking; }
    /// Closes the file and moves it aside (renamed with its -wal and -shm, nothing deleted), so
    /// that open() at path() starts a new history. \a movedTo gets the new name.
    bool moveAside(QString *movedTo, QString *error);
    /// For tests: the lock budget (default kLockBudgetMs).
    void setLockBudget(int ms) { m_lockBudgetMs = ms; }
    int lockBudgetMs() const { return m_lockBudgetMs; }
    /// SQLite's busy timeout from now on (kBusyTimeoutMs unless a final write waits longer).
    void setBusyTimeout(int ms);

    /// Newest first; an empty list and \a error when the file cannot be read.
    QList<HistoryRunInfo> runs(QString *error = nullptr) const;
    /// Reads a saved run back; false with \a error when it does not exist or cannot be read.
    /// \a threads (optional) gets each cell's own thread in grid order (empty for one turn).
    bool loadRun(qint64 runId, RunPlan *plan, std::vector<CellResult> *results, QString *error = nullptr,
                 std::vector<CellThread> *threads = nullptr) const;
    bool removeRun(qint64 runId);

    /// Adds a run for \a grid's plan (owned by this process; runsChanged()) and returns its id,
    /// or 0 with \a result saying why.
    qint64 createRun(const ResultGrid &grid, WriteResult *result);
    /// Writes \a cells of \a grid into run \a runId in one transaction; runsChanged() when one of
    /// them had finished (the run's counts changed).
    WriteResult writeCells(qint64 runId, const ResultGrid &grid, const QList<int> &cells);
    /// Makes run \a runId's judge grades and judges' battle verdicts those of \a judgements (table
    /// judge_grades: a row per cell and its judge; judge_battles: per battle and rater), in one
    /// transaction: only what differs from \a saved (what the file has), or all of them, replacing
    /// the run's, when \a saved is null.
    WriteResult writeJudgements(qint64 runId, const Ratings &judgements, const Ratings *saved = nullptr);
    /// Adds run \a runId's saved judge grades and battle verdicts to \a judgements; false with
    /// \a error when they cannot be read.
    bool loadJudgements(qint64 runId, Ratings *judgements, QString *error = nullptr) const;
    /// Write transactions committed since open(), to prove that streaming is batched.
    int writeTransactions() const { return m_writeTransactions; }
    /// The longest write transaction so far, in milliseconds (it runs on the GUI thread).
    qint64 longestWriteMs() const { return m_longestWriteMs; }

Q_SIGNALS:
    /// A run was created, changed its final counts or was removed (for the history panel).
    void runsChanged();
    /// Run \a runId was deleted (its recorder starts a new run for the cells still to save).
    void runRemoved(qint64 runId);
    /// problem() or problemText() changed.
    void problemChanged();
    /// The background integrity check finished; \a sound false means problem() is Corrupt.
    void integrityChecked(bool sound);

private:
    void startBackgroundCheck();
    bool exec(const QString &sql);
    int markInterrupted();
    WriteResult failedWrite(const QString &what);
    /// Runs \a body (its statements on the connection it is given) in one BEGIN IMMEDIATE ...
    /// COMMIT; a statement's error from \a body, or a failed BEGIN or COMMIT, rolls back and is
    /// reported as failedWrite(). Counts the transaction and its time.
    WriteResult inWriteTransaction(const std::function<std::optional<QSqlError>(QSqlDatabase &)> &body);

    QString m_connection;
    QString m_path;
    QString m_lastError;
    int m_interruptedOnOpen = 0;
    int m_writeTransactions = 0;
    qint64 m_longestWriteMs = 0;
    Problem m_problem = Problem::None;
    QString m_problemDetail;
    bool m_recovered = false; ///< a write failure or lock cleared and everything was saved
    int m_lockBudgetMs = kLockBudgetMs;
    int m_checkGeneration = 0;
    bool m_checking = false;
};
