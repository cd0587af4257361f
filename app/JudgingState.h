// SPDX-License-Identifier: MIT
#pragma once

#include "QuickCheck.h"
#include "Ratings.h"

#include <QList>
#include <QObject>

class Scheduler;
struct ResultRecord;

/// The judging of the scheduler's current grid: ratings, notes, A/B preferences and the quick
/// checks. It lives as a child of the Scheduler, so every ResultRecord::snapshot() (exports)
/// and the comparison file find it without being wired to the window that edits it.
class JudgingState : public QObject
{
    Q_OBJECT
public:
    /// The state attached to \a scheduler, or nullptr when nothing attached one.
    static JudgingState *of(const Scheduler &scheduler);
    /// The state attached to \a scheduler, attached now if needed.
    static JudgingState *ensure(Scheduler *scheduler);

    const Ratings &ratings() const { return m_ratings; }
    void setRatings(const Ratings &ratings);
    const QuickCheckSet &checks() const { return m_checks; }
    void setChecks(const QuickCheckSet &checks);
    /// Fills each record's rating, note and quick-check counts.
    void annotate(QList<ResultRecord> &records) const;

Q_SIGNALS:
    void ratingsChanged();
    void checksChanged();

private:
    explicit JudgingState(Scheduler *scheduler);

    Ratings m_ratings;
    QuickCheckSet m_checks;
};
