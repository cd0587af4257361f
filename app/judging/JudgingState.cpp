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
