// SPDX-License-Identifier: MIT
#pragma once

#include "QuickCheck.h"
#include "Ratings.h"

#include <QList>
#include <QObject>

class ResultGrid;
struct ResultRecord;

/// The judging of one grid: ratings, notes, A/B preferences and the quick checks. A RunSession
/// owns one for its grid, so that exports (ResultSnapshot) and saved comparisons read the same
/// judging the window edits.
class JudgingState : public QObject
{
    Q_OBJECT
public:
    /// Judges \a grid: its ratings are cleared whenever it gets a new plan (they address cells
    /// by place); the checks describe the comparison, not the grid, so they stay.
    explicit JudgingState(const ResultGrid *grid, QObject *parent = nullptr);

    const Ratings &ratings() const { return m_ratings; }
    void setRatings(const Ratings &ratings);
    /// A judge model's grade of one cell (JudgeRun); ratingsChanged() follows.
    void setJudgeVerdict(const CellAddress &key, const JudgeVerdict &verdict);
    /// Removes \a judgeModel's grades: of \a cells only, or every one when \a cells is empty.
    void clearJudgeVerdicts(const QString &judgeModel, const QList<CellAddress> &cells = {});
    /// A battle verdict of a judge model or another rater; ratingsChanged() follows.
    void setBattleVerdict(const BattleVerdict &verdict);
    /// Removes every battle verdict of \a rater.
    void clearBattleVerdicts(const QString &rater);
    const QuickCheckSet &checks() const { return m_checks; }
    void setChecks(const QuickCheckSet &checks);
    /// Fills each record's rating, note and quick-check counts.
    void annotate(QList<ResultRecord> &records) const;

Q_SIGNALS:
    void ratingsChanged();
    void checksChanged();

private:
    Ratings m_ratings;
    QuickCheckSet m_checks;
};
