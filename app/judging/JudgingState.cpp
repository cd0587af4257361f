// SPDX-License-Identifier: MIT
#include "JudgingState.h"

#include "ResultRecord.h"
#include "ResultGrid.h"

JudgingState::JudgingState(const ResultGrid *grid, QObject *parent)
    : QObject(parent)
{
    // Ratings address cells by place: a new grid starts with none. Checks describe the
    // comparison, not the grid, so they stay.
    connect(grid, &ResultGrid::planReset, this, [this] {
        if (!m_ratings.isEmpty()) {
            m_ratings.clear();
            Q_EMIT ratingsChanged();
        }
    });
}

void JudgingState::setRatings(const Ratings &ratings)
{
    if (ratings == m_ratings)
        return;
    m_ratings = ratings;
    Q_EMIT ratingsChanged();
}

void JudgingState::setJudgeVerdict(const CellAddress &key, const JudgeVerdict &verdict)
{
    m_ratings.setJudgeVerdict(key, verdict);
    Q_EMIT ratingsChanged();
}

void JudgingState::clearJudgeVerdicts(const QString &judgeModel, const QList<CellAddress> &cells)
{
    bool removed = false;
    if (cells.isEmpty()) {
        removed = m_ratings.clearJudgeVerdicts(judgeModel);
    } else {
        for (const CellAddress &key : cells) {
            const std::optional<JudgeVerdict> known = m_ratings.judgeVerdict(key);
            if (known && known->judgeModel == judgeModel)
                removed = m_ratings.clearJudgeVerdict(key) || removed;
        }
    }
    if (removed)
        Q_EMIT ratingsChanged();
}

void JudgingState::setBattleVerdict(const BattleVerdict &verdict)
{
    m_ratings.setBattleVerdict(verdict);
    Q_EMIT ratingsChanged();
}

void JudgingState::clearBattleVerdicts(const QString &rater)
{
    bool removed = false;
    for (const BattleVerdict &verdict : m_ratings.battleVerdicts(rater))
        removed = m_ratings.clearBattleVerdict(verdict.battle, rater) || removed;
    if (removed)
        Q_EMIT ratingsChanged();
}

void JudgingState::setChecks(const QuickCheckSet &checks)
{
    if (checks == m_checks)
        return;
    m_checks = checks;
    Q_EMIT checksChanged();
}

void JudgingState::annotate(QList<ResultRecord> &records) const
{
    m_ratings.annotate(records, &m_checks);
}
