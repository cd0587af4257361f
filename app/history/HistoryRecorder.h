// SPDX-License-Identifier: MIT
#pragma once

#include "HistoryDatabase.h"
#include "Ratings.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTimer>

#include <optional>

class ResultGrid;

/// Saves the runs of a ResultGrid into a HistoryDatabase as they go: each plan the grid starts
/// becomes a new run; every cell is written when it starts and when it ends (in one transaction
/// per event-loop turn), and the text of running cells is checkpointed at most once a second,
/// batched in one transaction per tick.
///
/// The judge's grades and pairwise verdicts (recordJudgements) are saved into the same run, as
/// they change.
///
/// Failures are never silent: cells that could not be written stay pending and are written
/// again on every checkpoint tick (never into a damaged file), so a freed disk or a released lock
/// loses nothing; problem() and problemText() say what is not saved.
class HistoryRecorder : public QObject
{
    Q_OBJECT
public:
    explicit HistoryRecorder(HistoryDatabase *database, QObject *parent = nullptr);
    ~HistoryRecorder() override;

    HistoryDatabase *database() const { return m_database; }

    /// Records \a grid's runs from now on: each plan it gets becomes a new run.
    void attach(const ResultGrid *grid);
    void detach();
    /// The run being recorded, or 0 before its first cell starts.
    qint64 currentRunId() const { return m_runId; }
    /// The grid now shows saved run \a runId again (RunSession::restore): its cells are saved
    /// into that run, not a new one.
    void continueRun(qint64 runId);

    /// The grid's judge grades and judges' battle verdicts are now those of \a ratings (its
    /// other ratings are not the history's): saved into the run on the next loop turn, and again
    /// on every tick while writing fails.
    void recordJudgements(const Ratings &ratings);

    /// The database's problem (HistoryDatabase::Problem).
    HistoryDatabase::Problem problem() const { return m_database->problem(); }
    /// What went wrong, naming the file and what is not saved; empty while all is well. Stays
    /// set (saying so) after a lock or a full disk cleared and everything was saved.
    QString problemText() const;
    /// Cells of the current run whose latest state is not in the file.
    int unsavedCells() const { return int(m_unsaved.size()); }
    /// Moves the file aside (HistoryDatabase::moveAside) and starts a new history at the same
    /// path, which then gets the current run. \a movedTo gets the new name.
    bool startOver(QString *movedTo, QString *error);

    /// Writes pending cells and checkpoints now.
    void flush();
    /// flush(), waiting for a lock up to the rest of the lock budget (blocking; for the end of a
    /// CLI run, when nothing else is left to do).
    void flushWaiting();
    /// Checkpoint period for running cells (default 1000 ms).
    void setCheckpointInterval(int ms) { m_checkpointTimer.setInterval(ms); }

Q_SIGNALS:
    /// problem(), problemText() or unsavedCells() changed.
    void problemChanged();

private:
    void onPlanReset();
    void onCellStarted(int cell);
    void onCellFinished(int cell);
    void onCellsChanged(const QList<int> &cells);
    void scheduleFinalWrite();
    bool ensureRun();
    bool writeCells(const QList<int> &cells);
    void writeFailed(const QList<int> &cells, const HistoryDatabase::WriteResult &result);
    void writeSucceeded(const QList<int> &cells, bool judgements = false);
    void retryLater();
    void writeJudgements();

    HistoryDatabase *m_database;
    QPointer<const ResultGrid> m_grid;
    qint64 m_runId = 0;
    QSet<int> m_urgent;     ///< started or finished cells, written on the next loop turn
    QSet<int> m_checkpoint; ///< running cells whose text changed since the last tick
    QSet<int> m_unsaved;    ///< cells whose last write failed, written again every tick
    int m_lostCells = 0;    ///< unsaved cells of earlier plans, gone with them
    Ratings m_judgements;            ///< the judge parts of the grid's ratings
    /// What the file has of the run's judgements; empty: not known, the next write replaces them.
    std::optional<Ratings> m_savedJudgements;
    bool m_judgementsPending = false; ///< m_judgements differ from what the file has
    bool m_judgementsUnsaved = false; ///< their last write failed
    bool m_lostJudgements = false;    ///< unsaved judgements of an earlier plan, gone with it
    QElapsedTimer m_lockedFor; ///< since the first write that found the database locked
    QTimer m_urgentTimer;
    QTimer m_checkpointTimer;
};
