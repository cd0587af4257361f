// SPDX-License-Identifier: MIT
#pragma once

#include "Battle.h"
#include "JudgeRubric.h"
#include "ModelColumn.h"
#include "Ratings.h"
#include "RunCounts.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <optional>

class RunSession;
struct RunPlan;
class Scheduler;

/// A judge model's pass over a session's grid (API agreed by the lead; the judge-core branch
/// implements it). Grading asks the judge, once per answered cell (latest turn), for a score on
/// the rubric's scale and a reason; pairwise asks it, for each battle of a balanced schedule
/// with both orders, which answer is better (a tie when the two orders disagree). The judge
/// requests run on a Scheduler of their own with the session's limits, retries, concurrency and
/// spend cap (what the graded run spent counts against it), so they stream, retry and cancel
/// like any cell. Grades land in the session's JudgingState (CellJudgement::judge); pairwise
/// verdicts are battle verdicts of the rater judgeRater(judge).
class JudgeRun : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Grade, Pairwise };
    struct Request {
        ModelColumn judge;
        JudgeRubric rubric;
        Mode mode = Mode::Grade;
        /// Grid cells to judge; empty: every cell that answered. Grade mode only: pairwise
        /// judges every row (and sample) where two columns or more answered.
        QList<int> cells;
    };

    explicit JudgeRun(RunSession *session, QObject *parent = nullptr);

    /// Starts judging the session's current grid, replacing the verdicts of an earlier pass of
    /// the same judge (a re-run). False with \a error when the judge's provider is unknown, the
    /// reference column is not a variable of the plan, or nothing answered.
    bool start(const Request &request, QString *error);
    void cancelAll();
    /// Cancels the judge request of grid cell \a cell (Grade mode).
    void cancelCell(int cell);
    bool isActive() const;
    /// The judge requests as a grid of their own (one row per judged cell or battle), for the
    /// window to show them streaming; nullptr before the first start.
    Scheduler *scheduler() const;
    const Request &request() const { return m_request; }
    /// What the judge requests have cost so far (the judge's own cost column): every pass on
    /// the session's current grid, the one running included.
    double spentUsd() const;

    /// The rater name pairwise verdicts of \a judge are kept under: "judge:" + displayName().
    static QString judgeRater(const ModelColumn &judge);

    /// One pairwise battle as the judge decided it (both orders combined): the outcome stored
    /// under judgeRater() on \a battle (its first order), or the error when an order failed.
    struct PairResult {
        Battle battle;
        std::optional<BattleVerdict::Outcome> outcome;
        QString reason;
        QString error;
        bool settled = false; ///< both orders answered (or failed)
        /// Both orders answered and the judge's pick changed with the side (a tie in one order
        /// only counts too): its own position bias.
        bool ordersDisagreed = false;
    };
    /// How often the judge's pick changed with the side, over the settled battles of the latest
    /// Pairwise pass where both orders answered.
    struct PositionBias {
        int battles = 0;
        int changed = 0;
        /// "the judge's pick changed with the side in 3 of 20 battles (15%)".
        QString text() const;
    };
    PositionBias positionBias() const;
    /// The battles of the latest Pairwise pass, in schedule order.
    const QList<PairResult> &pairResults() const { return m_pairs; }
    /// The grid cell judge row \a judgeCell of scheduler() grades (Grade mode), or -1.
    int gradedCell(int judgeCell) const;

Q_SIGNALS:
    /// Grid cell \a cell got (or lost) its verdict.
    void verdictChanged(int cell);
    void countsChanged(const RunCounts &counts);
    /// Every judge request settled (answered, failed, cancelled or stopped by the spend cap).
    void finished();

private:
    void applySettings();
    void onJudgeCellFinished(int judgeCell);
    void settleGrade(int judgeCell);
    void settlePair(int judgeCell);
    /// The judge requests of the pass as a plan; false with \a error when there is nothing to judge.
    bool buildGradePlan(RunPlan *judgePlan, QString *error);
    bool buildPairwisePlan(RunPlan *judgePlan, QString *error);

    QPointer<RunSession> m_session;
    Scheduler *m_scheduler = nullptr;
    Request m_request;
    /// What earlier judge passes on the session's current grid spent.
    double m_earlierPassesUsd = 0;
    /// Grade: the grid cell of each judge row. Pairwise: each judge row's battle and its pair.
    QList<int> m_gradedCells;
    QHash<int, QList<int>> m_judgeRowsOfCell;
    struct Order {
        int pair = 0;
        bool swapped = false;
    };
    QList<Order> m_orders;
    QList<PairResult> m_pairs;
    QList<QList<int>> m_pairRows; ///< the two judge rows of each pair: first, swapped
    /// Cancelled by the user: whatever settles after it gives no verdict.
    bool m_cancelledAll = false;
    QSet<int> m_cancelledRows;
    /// Whether the judge scheduler's pass was on the session's current grid.
    bool m_passOnThisGrid = false;
};
