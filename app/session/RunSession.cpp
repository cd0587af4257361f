// SPDX-License-Identifier: MIT
#include "RunSession.h"

#include "HistoryRecorder.h"
#include "JudgingState.h"
#include "PlanBuilder.h"
#include "QuickCheckRunner.h"
#include "ResultSnapshot.h"
#include "Scheduler.h"

RunSession::RunSession(RunSettings::Storage storage, QObject *parent)
    : QObject(parent)
    , m_settings(new RunSettings(storage, this))
    , m_scheduler(new Scheduler(this))
    , m_history(new HistoryDatabase(this))
    , m_recorder(new HistoryRecorder(m_history, this))
    , m_judging(new JudgingState(m_scheduler, this))
    , m_quickChecks(new QuickCheckRunner(m_scheduler, this))
{
    // The checks are the judging's; the runner evaluates them on every answer.
    m_quickChecks->setChecks(m_judging->checks());
    connect(m_judging, &JudgingState::checksChanged, this, [this] { m_quickChecks->setChecks(m_judging->checks()); });
    connect(m_settings, &RunSettings::changed, this, &RunSession::applySettings);
    // The judge's grades cost money: each goes into the run's history as it arrives.
    connect(m_judging, &JudgingState::ratingsChanged, this, [this] { m_recorder->recordJudgements(m_judging->ratings()); });
    applySettings();
}

RunSession::~RunSession()
{
    shutdown();
    // The recorder writes through the database to its last moment: it goes first.
    delete m_recorder;
    delete m_history;
}

const ResultGrid *RunSession::grid() const
{
    return m_scheduler;
}

bool RunSession::openHistory(const QString &path, QString *error, HistoryDatabase::Check check)
{
    const bool opened = m_history->open(path, error, check);
    m_recorder->attach(m_scheduler);
    return opened;
}

void RunSession::applySettings()
{
    m_scheduler->setLimits(m_overrides.limits.value_or(m_settings->limits()));
    m_scheduler->setGlobalConcurrency(m_settings->globalConcurrency());
    m_scheduler->setConcurrencyOverride(m_overrides.concurrency > 0 ? m_overrides.concurrency
                                                                    : m_settings->concurrencyOverride());
    m_scheduler->setSpendCap(m_settings->spendCap());
}

void RunSession::replaced(const QObject *owner, const RunOverrides &overrides)
{
    m_owner = owner;
    m_overrides = overrides;
    applySettings();
}

void RunSession::start(const RunPlan &plan, const QObject *owner, const RunOverrides &overrides)
{
    // The run's settings are in place before its first cell is sent.
    replaced(owner, overrides);
    m_scheduler->start(plan);
    Q_EMIT runReplaced();
}

void RunSession::load(const RunPlan &plan, const std::vector<CellResult> &results, const QObject *owner)
{
    replaced(owner, {});
    m_scheduler->load(plan, results);
    Q_EMIT runReplaced();
}

bool RunSession::restore(qint64 runId, QString *error)
{
    RunPlan plan;
    std::vector<CellResult> results;
    std::vector<CellThread> threads;
    if (!m_history->loadRun(runId, &plan, &results, error, &threads))
        return false;
    // What the current run still owes the file goes there first; then the saved run's cells
    // are its again, and retries are saved into it.
    m_recorder->flush();
    replaced(nullptr, {});
    m_scheduler->load(plan, results, threads);
    m_recorder->continueRun(runId);
    // Its judge grades and pairwise verdicts come back with it (the grid's ratings were cleared).
    Ratings judgements;
    QString judgeError;
    if (m_history->loadJudgements(runId, &judgements, &judgeError)) {
        if (!judgements.isEmpty())
            m_judging->setRatings(judgements);
    } else if (error) {
        *error = judgeError;
    }
    Q_EMIT runReplaced();
    return true;
}

bool RunSession::rerun(qint64 runId, QString *error)
{
    RunPlan plan;
    std::vector<CellResult> results;
    if (!m_history->loadRun(runId, &plan, &results, error))
        return false;
    start(plan);
    return true;
}

QList<int> RunSession::followUp(const QList<int> &cells, const QString &text)
{
    QList<Scheduler::NextTurn> turns;
    for (const int cell : cells) {
        if (cell < 0 || cell >= m_scheduler->cellCount())
            continue;
        const CellResult &previous = m_scheduler->result(cell);
        turns.append({cell, PlanBuilder::nextTurn(m_scheduler->spec(cell), previous, text),
                      PlanBuilder::followUpBlocker(previous, m_scheduler->turn(cell))});
    }
    return m_scheduler->startTurns(turns);
}

QList<ResultRecord> RunSession::snapshot() const
{
    return ResultSnapshot::take(*m_scheduler, m_judging, m_quickChecks);
}

QList<ResultRecord> RunSession::snapshot(const QList<int> &cells) const
{
    return ResultSnapshot::take(*m_scheduler, cells, m_judging, m_quickChecks);
}

ExportJob *RunSession::exportTo(const QString &path, ExportJob::Format format, CsvWriter::Options csvOptions,
                                QObject *parent, const std::optional<QList<int>> &cells) const
{
    auto *job = new ExportJob(parent);
    job->start(cells ? snapshot(*cells) : snapshot(), format, path, csvOptions);
    return job;
}

void RunSession::cancelAll()
{
    m_scheduler->cancelAll();
    Q_EMIT cancellingAll();
}

void RunSession::shutdown()
{
    // The history cannot read the cells once the scheduler is gone: cancel and save them now.
    cancelAll();
    m_recorder->flush();
    m_recorder->detach();
}
