// SPDX-License-Identifier: MIT
#pragma once

#include "JsonSchemaValidator.h"
#include "QuickCheck.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <optional>

class ResultGrid;

/// Evaluates a QuickCheckSet on every answer of a ResultGrid as it finishes, and keeps the
/// outcome per cell for the grid and the exports. Checks run on answers with text (ok and
/// incomplete cells); failed or cancelled cells are not checked. It also validates each answer
/// against the schema and tools its cell asks for (AnswerValidation), checks or not.
class QuickCheckRunner : public QObject
{
    Q_OBJECT
public:
    explicit QuickCheckRunner(const ResultGrid *grid, QObject *parent = nullptr);

    /// Replaces the checks and evaluates every finished cell again.
    void setChecks(const QuickCheckSet &checks);
    const QuickCheckSet &checks() const { return m_checks; }
    /// The outcome for \a cell, or nullopt when it was not checked (yet).
    std::optional<CheckOutcome> outcome(int cell) const;
    /// The answer's validation, or nullopt when its cell asks for no JSON and calls no tool.
    std::optional<JsonVerdict> verdict(int cell) const;
    /// One entry per model column, in column order.
    QList<CheckSummary> summary() const;

Q_SIGNALS:
    /// The outcomes of these cells changed.
    void outcomesChanged(const QList<int> &cells);

private:
    void evaluateCell(int cell);
    void evaluateAll();

    const ResultGrid *m_grid;
    QuickCheckSet m_checks;
    QHash<int, CheckOutcome> m_outcomes;
    QHash<int, JsonVerdict> m_verdicts;
};
