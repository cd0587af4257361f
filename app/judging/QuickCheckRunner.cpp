// SPDX-License-Identifier: MIT
#include "QuickCheckRunner.h"

#include "AnswerValidation.h"
#include "ResultGrid.h"

QuickCheckRunner::QuickCheckRunner(const ResultGrid *grid, QObject *parent)
    : QObject(parent)
    , m_grid(grid)
{
    connect(grid, &ResultGrid::cellFinished, this, [this](int cell) {
        evaluateCell(cell);
        Q_EMIT outcomesChanged({cell});
    });
    connect(grid, &ResultGrid::cellStarted, this, [this](int cell) {
        const bool hadVerdict = m_verdicts.remove(cell);
        if (m_outcomes.remove(cell) || hadVerdict)
            Q_EMIT outcomesChanged({cell});
    });
    connect(grid, &ResultGrid::planReset, this, [this] {
        evaluateAll();
    });
    evaluateAll();
}

void QuickCheckRunner::setChecks(const QuickCheckSet &checks)
{
    m_checks = checks;
    evaluateAll();
}

void QuickCheckRunner::evaluateCell(int cell)
{
    const CellResult &result = m_grid->result(cell);
    const CellSpec &spec = m_grid->spec(cell);
    if (const std::optional<JsonVerdict> verdict = AnswerValidation::validate(spec, result))
        m_verdicts.insert(cell, *verdict);
    else
        m_verdicts.remove(cell);
    if (m_checks.checksFor(spec.column).isEmpty() || !QuickCheck::isCheckable(result)) {
        m_outcomes.remove(cell);
        return;
    }
    m_outcomes.insert(cell, m_checks.evaluate(spec, result));
}

void QuickCheckRunner::evaluateAll()
{
    m_outcomes.clear();
    m_verdicts.clear();
    QList<int> cells;
    for (int cell = 0; cell < m_grid->cellCount(); ++cell) {
        evaluateCell(cell);
        cells.append(cell);
    }
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
