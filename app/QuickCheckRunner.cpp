// SPDX-License-Identifier: MIT
#include "QuickCheckRunner.h"

#include "Scheduler.h"

QuickCheckRunner::QuickCheckRunner(Scheduler *scheduler, QObject *parent)
    : QObject(parent)
    , m_scheduler(scheduler)
{
    connect(scheduler, &Scheduler::cellFinished, this, [this](int cell) {
        evaluateCell(cell);
        Q_EMIT outcomesChanged({cell});
    });
    connect(scheduler, &Scheduler::cellStarted, this, [this](int cell) {
        if (m_outcomes.remove(cell))
            Q_EMIT outcomesChanged({cell});
    });
    connect(scheduler, &Scheduler::planReset, this, [this] {
        m_outcomes.clear();
        evaluateAll();
    });
    evaluateAll();
}

bool QuickCheckRunner::isCheckable(const CellResult &result)
{
    return result.status == CellStatus::Ok || (result.status == CellStatus::Incomplete && !result.text.isEmpty());
}

void QuickCheckRunner::setChecks(const QuickCheckSet &checks)
{
    m_checks = checks;
    evaluateAll();
}

void QuickCheckRunner::evaluateCell(int cell)
{
    const CellResult &result = m_scheduler->result(cell);
    const CellSpec &spec = m_scheduler->spec(cell);
    if (m_checks.checksFor(spec.column).isEmpty() || !isCheckable(result)) {
        m_outcomes.remove(cell);
        return;
    }
    m_outcomes.insert(cell, m_checks.evaluate(spec.column, result.text));
}

void QuickCheckRunner::evaluateAll()
{
    m_outcomes.clear();
    QList<int> cells;
    for (int cell = 0; cell < m_scheduler->cellCount(); ++cell) {
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

QList<CheckSummary> QuickCheckRunner::summary() const
{
    QList<CheckSummary> summaries(m_scheduler->plan().columns.size());
    for (int column = 0; column < summaries.size(); ++column)
        summaries[column].column = column;
    for (auto it = m_outcomes.constBegin(); it != m_outcomes.constEnd(); ++it) {
        const int column = m_scheduler->spec(it.key()).column;
        if (column < 0 || column >= summaries.size())
            continue;
        CheckSummary &s = summaries[column];
        s.answersChecked++;
        if (it->allPassed())
            s.answersPassed++;
        s.checksPassed += it->passed;
        s.checksTotal += it->total();
    }
    return summaries;
}
