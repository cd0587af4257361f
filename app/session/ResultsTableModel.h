// SPDX-License-Identifier: MIT
#pragma once

#include "JudgeVerdict.h"

#include <QAbstractTableModel>
#include <QPointer>

#include <optional>

class JudgingState;
class QuickCheckRunner;
class ResultGrid;

/// The grid as a table: rows are prompt rows, columns are model configurations. One sample is
/// shown at a time. Updates arrive coalesced from the grid and become one dataChanged per
/// batch, so hundreds of streaming cells cost a handful of repaints a second.
class ResultsTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        CellIndexRole = Qt::UserRole + 1,
        StatusRole,      ///< CellStatus as int
        StatusNameRole,  ///< "running", "ok", ...
        AnswerRole,      ///< full answer text
        ReasoningRole,
        ErrorRole,
        MetricsRole,     ///< one-line summary: TTFT, latency, tokens, cost
        QueuePositionRole,
        AttemptsRole,
        ChecksPassedRole, ///< quick checks passed (int); invalid when the cell was not checked
        ChecksTotalRole,  ///< quick checks evaluated (int); invalid when the cell was not checked
        RefusedRole,      ///< bool: the model declined, its refusal is the answer (finish reason "refusal")
        TurnRole,         ///< int: the turn of the cell's own thread shown (1 = the first answer)
        ToolCallsRole,    ///< QString: the tool calls, one "name(arguments)" a line (toolCallsSummary); empty without
        SchemaValidRole,  ///< bool: the answer fits its schema and tools; invalid when not validated
        SchemaErrorRole,  ///< the first validation error ("/pointer: message"), "" when valid
        JudgeScoreRole,   ///< double: the judge model's score; invalid without a score
        JudgeScaleRole,   ///< QPointF(min, max): the judge's scale; invalid when no judge graded the cell
        JudgeErrorRole,   ///< judge_error: why the judge gave no score ("" with a score)
        JudgeReasonRole,  ///< the judge's short reason
    };

    explicit ResultsTableModel(const ResultGrid *grid, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Which repeat the grid shows (0-based).
    void setSample(int sample);
    int sample() const { return m_sample; }
    /// The grid's cell behind \a index for the shown sample, or -1.
    int cellAt(const QModelIndex &index) const;
    /// Call after the grid got a new plan (done on planReset).
    void reset();
    /// Takes the quick-check outcomes (ChecksPassedRole, ChecksTotalRole) and the validation
    /// (SchemaValidRole, SchemaErrorRole) from \a runner.
    void setQuickCheckRunner(QuickCheckRunner *runner);
    /// Takes the judge model's grades (JudgeScoreRole ... JudgeReasonRole) from \a state.
    void setJudgingState(const JudgingState *state);

    static QString metricsSummary(const struct CellResult &result);
    /// The calls compactly, one a line: `get_weather(city: "Paris", days: 2)`; arguments that do
    /// not parse as a JSON object as they came.
    static QString toolCallsSummary(const QList<struct ToolCall> &calls);

private:
    std::optional<JudgeVerdict> judgeVerdict(int cell) const;
    void onCellsChanged(const QList<int> &cells);

    const ResultGrid *m_grid;
    QPointer<QuickCheckRunner> m_checks;
    QPointer<const JudgingState> m_judging;
    int m_rows = 0;
    int m_columns = 0;
    int m_sample = 0;
};
