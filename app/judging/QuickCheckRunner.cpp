// SPDX-License-Identifier: MIT
#include "QuickCheckRunner.h"

#include "AnswerValidation.h"
#include "ResultGrid.h"

#include <QtConcurrent/QtConcurrentRun>

#include <vector>

QuickCheckRunner::QuickCheckRunner(const ResultGrid *grid, QObject *parent)
    : QObject(parent)
    , m_grid(grid)
{
    connect(grid, &ResultGrid::cellFinished, this, [this](int cell) {
        evaluateCell(cell);
        Q_EMIT outcomesChanged({cell});
    });
    connect(grid, &ResultGrid::cellStarted, this, [this](int cell) {
        if (m_bulkPending)
            m_newer.insert(cell);
        const bool hadVerdict = m_verdicts.remove(cell);
        if (m_outcomes.remove(cell) || hadVerdict)
            Q_EMIT outcomesChanged({cell});
    });
    connect(grid, &ResultGrid::planReset, this, [this] {
        evaluateAll();
    });
    connect(&m_bulk, &QFutureWatcher<QList<Evaluation>>::finished, this, &QuickCheckRunner::onBulkFinished);
    evaluateAll();
}

void QuickCheckRunner::setChecks(const QuickCheckSet &checks)
{
    m_checks = checks;
    evaluateAll();
}

QuickCheckRunner::Evaluation QuickCheckRunner::evaluate(const QuickCheckSet &checks, int cell, const CellSpec &spec,
                                                       const CellResult &result)
{
    Evaluation evaluation;
    evaluation.cell = cell;
    evaluation.verdict = AnswerValidation::validate(spec, result);
    if (!checks.checksFor(spec.column).isEmpty() && QuickCheck::isCheckable(result))
        evaluation.outcome = checks.evaluate(spec, result);
    return evaluation;
}

void QuickCheckRunner::store(const Evaluation &evaluation)
{
    if (evaluation.verdict)
        m_verdicts.insert(evaluation.cell, *evaluation.verdict);
    else
        m_verdicts.remove(evaluation.cell);
    if (evaluation.outcome)
        m_outcomes.insert(evaluation.cell, *evaluation.outcome);
    else
        m_outcomes.remove(evaluation.cell);
}

void QuickCheckRunner::evaluateCell(int cell)
{
    if (m_bulkPending)
        m_newer.insert(cell);
    store(evaluate(m_checks, cell, m_grid->spec(cell), m_grid->result(cell)));
}

void QuickCheckRunner::evaluateAll()
{
    m_outcomes.clear();
    m_verdicts.clear();
    m_newer.clear();
    const int count = m_grid->cellCount();
    if (count < kBulkCells) {
        // A later bulk result must not land over these.
        m_bulkPending = false;
        m_bulk.setFuture(QFuture<QList<Evaluation>>());
        QList<int> cells;
        for (int cell = 0; cell < count; ++cell) {
            evaluateCell(cell);
            cells.append(cell);
        }
        if (!cells.isEmpty())
            Q_EMIT outcomesChanged(cells);
        return;
    }
    // Copies (the texts are shared, not duplicated): the worker never reads the live grid.
    std::vector<std::pair<CellSpec, CellResult>> cells;
    cells.reserve(size_t(count));
    QList<int> cleared;
    for (int cell = 0; cell < count; ++cell) {
        cells.emplace_back(m_grid->spec(cell), m_grid->result(cell));
        cleared.append(cell);
    }
    Q_EMIT outcomesChanged(cleared); // the old outcomes are gone until the new ones arrive
    // Pending until its result is stored: a cell evaluated meanwhile keeps its newer outcome.
    m_bulkPending = true;
    // Replacing the future drops the result of one still running.
    m_bulk.setFuture(QtConcurrent::run([checks = m_checks, cells = std::move(cells)] {
        QList<Evaluation> evaluations;
        evaluations.reserve(qsizetype(cells.size()));
        for (size_t cell = 0; cell < cells.size(); ++cell)
            evaluations.append(evaluate(checks, int(cell), cells[cell].first, cells[cell].second));
        return evaluations;
    }));
}

void QuickCheckRunner::onBulkFinished()
{
    if (!m_bulkPending || m_bulk.isCanceled() || m_bulk.future().resultCount() == 0)
        return;
    m_bulkPending = false;
    QList<int> cells;
    for (const Evaluation &evaluation : m_bulk.result()) {
        if (m_newer.contains(evaluation.cell) || evaluation.cell >= m_grid->cellCount())
            continue;
        store(evaluation);
        cells.append(evaluation.cell);
    }
    m_newer.clear();
    if (!cells.isEmpty())
        Q_EMIT outcomesChanged(cells);
}

std::optional<CheckOutcome> QuickCheckRunner::outcome(int cell) const
{
    const auto it = m_outcomes.constFind(cell);
    if (it == m_outcomes.constEnd())
        return std::nullopt;
    return *it;
}

std::optional<JsonVerdict> QuickCheckRunner::verdict(int cell) const
{
    const auto it = m_verdicts.constFind(cell);
    if (it == m_verdicts.constEnd())
        return std::nullopt;
    return *it;
}

QList<CheckSummary> QuickCheckRunner::summary() const
{
    QList<CheckSummary> summaries(m_grid->plan().columns.size());
    for (int column = 0; column < summaries.size(); ++column)
        summaries[column].column = column;
    for (auto it = m_outcomes.constBegin(); it != m_outcomes.constEnd(); ++it) {
        const int column = m_grid->spec(it.key()).column;
        if (column < 0 || column >= summaries.size())
            continue;
        CheckSummary &s = summaries[column];
        s.answersChecked++;
        if (it->allPassed())
            s.answersPassed++;
        s.checksPassed += it->passed;
        s.checksTotal += it->total();
    }
    for (auto it = m_verdicts.constBegin(); it != m_verdicts.constEnd(); ++it) {
        const int column = m_grid->spec(it.key()).column;
        if (column < 0 || column >= summaries.size())
            continue;
        summaries[column].answersValidated++;
        if (it->valid)
            summaries[column].answersValid++;
    }
    return summaries;
}
