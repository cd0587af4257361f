// SPDX-License-Identifier: MIT
#include "HistoryRecorder.h"

#include "ResultGrid.h"

#include <QDir>

#include <algorithm>

HistoryRecorder::HistoryRecorder(HistoryDatabase *database, QObject *parent)
    : QObject(parent)
    , m_database(database)
{
    // The database's own problems (a damaged file, a failed open) are the recorder's too.
    connect(m_database, &HistoryDatabase::problemChanged, this, [this] {
        if (m_database->problem() == HistoryDatabase::Problem::Corrupt)
            m_checkpointTimer.stop(); // nothing more is tried on a damaged file
        Q_EMIT problemChanged();
    });
    connect(m_database, &HistoryDatabase::runRemoved, this, [this](qint64 runId) {
        if (runId == m_runId)
            m_runId = 0;
    });
    m_urgentTimer.setSingleShot(true);
    m_urgentTimer.setInterval(0);
    connect(&m_urgentTimer, &QTimer::timeout, this, [this] {
        if (!m_unsaved.isEmpty() || m_judgementsUnsaved) {
            // Writes are failing: wait for the next tick instead of trying (and waiting for a
            // lock) on every loop turn.
            const qsizetype before = m_unsaved.size();
            m_unsaved.unite(m_urgent);
            m_urgent.clear();
            if (problem() != HistoryDatabase::Problem::None && m_unsaved.size() != before)
                Q_EMIT problemChanged();
            retryLater();
            return;
        }
        QList<int> cells(m_urgent.begin(), m_urgent.end());
        m_urgent.clear();
        std::sort(cells.begin(), cells.end());
        writeCells(cells);
        writeJudgements();
    });
    m_checkpointTimer.setInterval(1000);
    connect(&m_checkpointTimer, &QTimer::timeout, this, [this] {
        QSet<int> due = m_checkpoint;
        if (m_database->isWritable())
            due.unite(m_unsaved);
        m_checkpoint.clear();
        if (m_judgementsPending && m_database->isWritable())
            writeJudgements();
        if (due.isEmpty()) {
            if (!m_judgementsUnsaved || !m_database->isWritable())
                m_checkpointTimer.stop();
            return;
        }
        QList<int> cells(due.begin(), due.end());
        std::sort(cells.begin(), cells.end());
        writeCells(cells);
    });
}

HistoryRecorder::~HistoryRecorder()
{
    flush();
}

void HistoryRecorder::attach(const ResultGrid *grid)
{
    detach();
    m_grid = grid;
    if (!grid)
        return;
    connect(grid, &ResultGrid::planReset, this, &HistoryRecorder::onPlanReset);
    connect(grid, &ResultGrid::cellStarted, this, &HistoryRecorder::onCellStarted);
    connect(grid, &ResultGrid::cellFinished, this, &HistoryRecorder::onCellFinished);
    connect(grid, &ResultGrid::cellsChanged, this, &HistoryRecorder::onCellsChanged);
    connect(grid, &QObject::destroyed, this, [this] {
        // The grid's cells are gone: what is pending cannot be read any more.
        m_urgent.clear();
        m_checkpoint.clear();
        m_lostCells += int(m_unsaved.size());
        m_unsaved.clear();
        m_lostJudgements = m_lostJudgements || m_judgementsUnsaved;
        m_judgements = {};
        m_savedJudgements.reset();
        m_judgementsPending = m_judgementsUnsaved = false;
        m_runId = 0;
    });
}

void HistoryRecorder::detach()
{
    flush();
    if (m_grid)
        m_grid->disconnect(this);
    m_grid = nullptr;
    m_runId = 0;
}

void HistoryRecorder::continueRun(qint64 runId)
{
    m_runId = runId;
    m_savedJudgements.reset(); // the run's own: the next write makes them the grid's
}

void HistoryRecorder::onPlanReset()
{
    // Cells of the previous plan are gone; what was not written yet cannot be read any more.
    m_urgent.clear();
    m_checkpoint.clear();
    // The judgements were the old grid's (JudgingState may already have cleared them for the
    // new one): never written into the old run from here.
    const bool judgementsLost = m_judgementsUnsaved;
    m_judgements = {};
    m_savedJudgements.reset();
    m_judgementsPending = m_judgementsUnsaved = false;
    if (!m_unsaved.isEmpty() || judgementsLost) {
        m_lostCells += int(m_unsaved.size());
        m_lostJudgements = m_lostJudgements || judgementsLost;
        m_unsaved.clear();
        Q_EMIT problemChanged();
    }
    m_runId = 0;
}

void HistoryRecorder::recordJudgements(const Ratings &ratings)
{
    Ratings judgements;
    for (auto it = ratings.judgeVerdicts().cbegin(); it != ratings.judgeVerdicts().cend(); ++it)
        judgements.setJudgeVerdict(it.key(), it.value());
    for (const BattleVerdict &verdict : ratings.battleVerdicts()) {
        if (verdict.rater.startsWith(QLatin1String("judge:")))
            judgements.setBattleVerdict(verdict);
    }
    if (judgements.judgeVerdicts() == m_judgements.judgeVerdicts()
        && judgements.battleVerdicts() == m_judgements.battleVerdicts())
        return;
    m_judgements = judgements;
    m_judgementsPending = true;
    if (m_judgementsUnsaved)
        retryLater(); // writes are failing: the next tick tries
    else
        scheduleFinalWrite();
}

void HistoryRecorder::writeJudgements()
{
    if (!m_judgementsPending || !m_grid)
        return;
    if (!m_database->isWritable()) {
        if (!m_judgementsUnsaved) {
            m_judgementsUnsaved = true;
            Q_EMIT problemChanged();
        }
        return;
    }
    if (m_runId == 0) {
        if (m_judgements.judgeVerdicts().isEmpty() && m_judgements.battleVerdicts().isEmpty()) {
            m_judgementsPending = false;
            return;
        }
        if (!ensureRun()) {
            m_judgementsUnsaved = true;
            return;
        }
    }
    const HistoryDatabase::WriteResult result
        = m_database->writeJudgements(m_runId, m_judgements, m_savedJudgements ? &*m_savedJudgements : nullptr);
    if (!result.ok()) {
        const bool newly = !m_judgementsUnsaved;
        m_judgementsUnsaved = true;
        writeFailed({}, result);
        if (newly && problem() != HistoryDatabase::Problem::None)
            Q_EMIT problemChanged();
        return;
    }
    m_judgementsPending = false;
    m_savedJudgements = m_judgements;
    writeSucceeded({}, true);
}

void HistoryRecorder::onCellStarted(int cell)
{
    m_checkpoint.remove(cell);
    m_urgent.insert(cell);
    scheduleFinalWrite();
}

void HistoryRecorder::onCellFinished(int cell)
{
    m_checkpoint.remove(cell);
    m_urgent.insert(cell);
    scheduleFinalWrite();
}

void HistoryRecorder::onCellsChanged(const QList<int> &cells)
{
    if (!m_grid || m_runId == 0)
        return;
    for (int cell : cells) {
        if (cell < m_grid->cellCount() && m_grid->result(cell).status == CellStatus::Running
            && !m_urgent.contains(cell))
            m_checkpoint.insert(cell);
    }
    if (!m_checkpoint.isEmpty() && !m_checkpointTimer.isActive())
        m_checkpointTimer.start();
}

void HistoryRecorder::scheduleFinalWrite()
{
    if (!m_urgentTimer.isActive())
        m_urgentTimer.start();
}

void HistoryRecorder::flush()
{
    m_urgentTimer.stop();
    QSet<int> all = m_urgent;
    all.unite(m_checkpoint);
    all.unite(m_unsaved);
    m_urgent.clear();
    m_checkpoint.clear();
    if (!all.isEmpty()) {
        QList<int> cells(all.begin(), all.end());
        std::sort(cells.begin(), cells.end());
        writeCells(cells);
    }
    writeJudgements();
}

void HistoryRecorder::flushWaiting()
{
    if (!m_database->isWritable() || (m_urgent.isEmpty() && m_checkpoint.isEmpty() && m_unsaved.isEmpty() && !m_judgementsPending))
        return;
    // The lock budget counts from the first write that found the lock, this one if none did.
    if (!m_lockedFor.isValid())
        m_lockedFor.start();
    const qint64 wait = std::max<qint64>(HistoryDatabase::kBusyTimeoutMs, m_database->lockBudgetMs() - m_lockedFor.elapsed());
    m_database->setBusyTimeout(int(wait));
    flush();
    m_database->setBusyTimeout(HistoryDatabase::kBusyTimeoutMs);
}

void HistoryRecorder::retryLater()
{
    if (m_database->isWritable() && !m_checkpointTimer.isActive())
        m_checkpointTimer.start();
}

void HistoryRecorder::writeFailed(const QList<int> &cells, const HistoryDatabase::WriteResult &result)
{
    const qsizetype before = m_unsaved.size();
    if (m_runId == 0 && m_grid) {
        // Not even the run is in the file: every cell is unsaved.
        for (int cell = 0; cell < m_grid->cellCount(); ++cell)
            m_unsaved.insert(cell);
    }
    for (int cell : cells)
        m_unsaved.insert(cell);
    switch (result.failure) {
    case HistoryDatabase::Failure::None:
        break;
    case HistoryDatabase::Failure::Busy:
        if (!m_lockedFor.isValid())
            m_lockedFor.start();
        if (m_lockedFor.elapsed() >= m_database->lockBudgetMs()) {
            m_database->report(HistoryDatabase::Problem::Locked, result.detail);
            break;
        }
        if (problem() != HistoryDatabase::Problem::None && m_unsaved.size() != before)
            Q_EMIT problemChanged();
        break;
    case HistoryDatabase::Failure::Corrupt:
        m_database->report(HistoryDatabase::Problem::Corrupt, result.detail);
        break;
    case HistoryDatabase::Failure::Other:
        if (problem() == HistoryDatabase::Problem::WriteFailed && m_database->problemDetail() == result.detail
            && m_unsaved.size() != before)
            Q_EMIT problemChanged();
        m_database->report(HistoryDatabase::Problem::WriteFailed, result.detail);
        break;
    }
    retryLater();
}

void HistoryRecorder::writeSucceeded(const QList<int> &cells, bool judgements)
{
    m_lockedFor.invalidate();
    if (m_unsaved.isEmpty() && !m_judgementsUnsaved)
        return;
    for (int cell : cells)
        m_unsaved.remove(cell);
    if (judgements)
        m_judgementsUnsaved = false;
    if (problem() == HistoryDatabase::Problem::None)
        return;
    if (m_unsaved.isEmpty() && !m_judgementsUnsaved && !m_database->hasRecovered()
        && (problem() == HistoryDatabase::Problem::WriteFailed || problem() == HistoryDatabase::Problem::Locked))
        m_database->reportRecovered(); // emits problemChanged, which we forward
    else
        Q_EMIT problemChanged();
}

QString HistoryRecorder::problemText() const
{
    QString text = m_database->problemText();
    if (text.isEmpty())
        return text;
    if (!m_database->hasRecovered() && !m_unsaved.isEmpty()) {
        text += QStringLiteral(" %1 cell(s) of this run are not saved in it; their answers are kept in memory and in "
                               "the exports")
                    .arg(m_unsaved.size());
        text += m_database->isWritable() ? QStringLiteral(", and saving them is tried again every second.")
                                         : QStringLiteral(".");
    }
    if (!m_database->hasRecovered() && m_judgementsUnsaved)
        text += QStringLiteral(" The judge's grades of this run are not all saved in it; they are kept in memory, in the "
                               "exports and in a saved comparison.");
    if (m_lostCells > 0)
        text += QStringLiteral(" %1 cell(s) of earlier runs were never saved.").arg(m_lostCells);
    if (m_lostJudgements)
        text += QStringLiteral(" Judge grades of an earlier run were never saved.");
    return text;
}

bool HistoryRecorder::startOver(QString *movedTo, QString *error)
{
    if (!m_database->moveAside(movedTo, error))
        return false;
    m_runId = 0;
    m_lostCells = 0;
    m_lostJudgements = false;
    m_lockedFor.invalidate();
    if (!m_database->open(m_database->path(), error, HistoryDatabase::Check::Now))
        return false;
    // The current run (its plan and every cell) goes into the new file.
    m_unsaved.clear();
    m_judgementsUnsaved = false;
    m_savedJudgements.reset();
    if (m_grid && m_grid->cellCount() > 0)
        writeCells(m_grid->allCells());
    m_judgementsPending = true;
    writeJudgements();
    Q_EMIT problemChanged();
    return true;
}

bool HistoryRecorder::ensureRun()
{
    if (m_runId != 0)
        return true;
    if (!m_grid || !m_database->isWritable())
        return false;
    HistoryDatabase::WriteResult result;
    m_runId = m_database->createRun(*m_grid, &result);
    m_savedJudgements.reset();
    if (m_runId == 0) {
        writeFailed({}, result);
        return false;
    }
    // Every cell gets a row at once, so that a crash before a cell starts still shows it.
    writeCells(m_grid->allCells());
    return true;
}

bool HistoryRecorder::writeCells(const QList<int> &cells)
{
    if (cells.isEmpty() || !m_grid)
        return false;
    if (!m_database->isWritable()) {
        // Kept for the count of what is not saved, and for a new file (startOver()).
        const qsizetype before = m_unsaved.size();
        for (int cell : cells)
            m_unsaved.insert(cell);
        if (m_unsaved.size() != before)
            Q_EMIT problemChanged();
        return false;
    }
    if (m_runId == 0) {
        // ensureRun() writes every cell, these included.
        return ensureRun() && m_unsaved.isEmpty();
    }
    const HistoryDatabase::WriteResult result = m_database->writeCells(m_runId, *m_grid, cells);
    if (!result.ok()) {
        writeFailed(cells, result);
        return false;
    }
    writeSucceeded(cells);
    return true;
}
