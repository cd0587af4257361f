// SPDX-License-Identifier: MIT
#include "JudgingState.h"

#include "ResultRecord.h"
#include "Scheduler.h"

JudgingState::JudgingState(Scheduler *scheduler)
    : QObject(scheduler)
{
    setObjectName(QStringLiteral("judgingState"));
    // Ratings address cells by place: a new grid starts with none. Checks describe the
    // comparison, not the grid, so they stay.
    connect(scheduler, &Scheduler::planReset, this, [this] {
        if (!m_ratings.isEmpty()) {
            m_ratings.clear();
            Q_EMIT ratingsChanged();
        }
    });
}

JudgingState *JudgingState::of(const Scheduler &scheduler)
{
    return scheduler.findChild<JudgingState *>(QString(), Qt::FindDirectChildrenOnly);
}

JudgingState *JudgingState::ensure(Scheduler *scheduler)
{
    if (JudgingState *state = of(*scheduler))
        return state;
    return new JudgingState(scheduler);
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
