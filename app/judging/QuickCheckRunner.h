// SPDX-License-Identifier: MIT
#pragma once

#include "JsonSchemaValidator.h"
#include "QuickCheck.h"

#include <QFutureWatcher>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>

#include <optional>

class ResultGrid;

/// Evaluates a QuickCheckSet on every answer of a ResultGrid as it finishes, and keeps the
/// outcome per cell for the grid and the exports. Checks run on answers with text (ok and
/// incomplete cells); failed or cancelled cells are not checked. It also validates each answer
/// against the schema and tools its cell asks for (AnswerValidation), checks or not. A whole
/// grid of many cells (a reopened run, new checks) is evaluated on a worker thread; until it is
/// done those cells have no outcome yet.
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

    /// Grids with at least this many cells are evaluated as a whole on a worker thread.
    static constexpr int kBulkCells = 256;
    /// True while such an evaluation runs.
    bool isEvaluating() const { return m_bulkPending; }

Q_SIGNALS:
    /// The outcomes of these cells changed.
    void outcomesChanged(const QList<int> &cells);

private:
    /// What one cell's answer gives: its checks' outcome and its validation, either optional.
    struct Evaluation {
        int cell = 0;
        std::optional<CheckOutcome> outcome;
        std::optional<JsonVerdict> verdict;
    };
    static Evaluation evaluate(const QuickCheckSet &checks, int cell, const CellSpec &spec, const CellResult &result);
    void store(const Evaluation &evaluation);
    void evaluateCell(int cell);
    void evaluateAll();
    void onBulkFinished();

    const ResultGrid *m_grid;
    QuickCheckSet m_checks;
    QHash<int, CheckOutcome> m_outcomes;
    QHash<int, JsonVerdict> m_verdicts;
    QFutureWatcher<QList<Evaluation>> m_bulk;
    /// Cells evaluated one by one while the bulk evaluation ran: theirs is newer.
    QSet<int> m_newer;
    bool m_bulkPending = false;
};
