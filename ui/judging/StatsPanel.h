// SPDX-License-Identifier: MIT
#pragma once

#include "ColumnStats.h"
#include "JudgeScoreStats.h"

#include <QList>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class JudgingState;
class QTableWidget;
class QuickCheckRunner;
class Scheduler;

/// One line per model column: cells, errors, p50/p95 latency and TTFT, mean tokens/s, total
/// cost and, when quick checks are set, how many answers passed them. Refreshed at most twice
/// a second while a run streams.
class StatsPanel : public QWidget
{
    Q_OBJECT
public:
    enum Column {
        ModelColumn,
        CellsColumn,
        ErrorsColumn,
        LatencyP50Column,
        LatencyP95Column,
        TtftP50Column,
        TtftP95Column,
        TokensPerSecondColumn,
        CostColumn,
        ReasoningTokensColumn,
        ChecksColumn,
        ValidColumn, ///< answers valid against their schema and tools: "67% (2 / 3)"
        JudgeScoreColumn, ///< the judge model's mean score with its 95% interval: "7.4/10 (6.1–8.7)"
        JudgeCostColumn,  ///< what judging the column cost, apart from the column's own cost
        ColumnCount
    };

    explicit StatsPanel(Scheduler *scheduler, QWidget *parent = nullptr);

    /// Adds the "checks passed" column, fed by \a runner.
    void setQuickCheckRunner(QuickCheckRunner *runner);
    /// Adds the judge model's columns (shown once a judge graded something), fed by \a state.
    void setJudging(const JudgingState *state);
    const QList<JudgeScoreStats> &judgeStats() const { return m_judgeStats; }
    /// A judge score as the table shows it: "7.4/10 (6.1–8.7)", "8.0/10" for a single score.
    static QString judgeScoreText(const JudgeScoreStats &stats, double scaleMax);
    /// Recomputes now (otherwise it happens shortly after cells change).
    void refresh();
    const QList<ColumnStats> &stats() const { return m_stats; }
    QTableWidget *table() const { return m_table; }

private:
    void scheduleRefresh();

    Scheduler *m_scheduler;
    QPointer<QuickCheckRunner> m_checks;
    QPointer<const JudgingState> m_judging;
    QList<JudgeScoreStats> m_judgeStats;
    /// What judging each column cost, and how many of its verdicts had a price.
    QList<double> m_judgeCostUsd;
    QList<int> m_judgePriced;
    QTableWidget *m_table;
    QTimer m_refresh;
    QList<ColumnStats> m_stats;
};
