// SPDX-License-Identifier: MIT
#pragma once

#include "ResultRecord.h"

#include <QList>

class JudgingState;
class QuickCheckRunner;
class ResultGrid;

/// What an export writes: a plain copy of a grid's cells (ResultRecord::fromGrid) with the
/// ratings, notes and quick-check counts of its judging. Taken on the grid's thread; the copy
/// shares every answer's text (implicitly shared strings) and is safe on a worker thread.
class ResultSnapshot
{
public:
    /// Every cell of \a grid, in grid order; judgements only when \a judging is given. With
    /// \a checks (the runner of the judging's checks on this grid) the check counts are the ones it
    /// found when each answer finished; without, the checks are evaluated now.
    static QList<ResultRecord> take(const ResultGrid &grid, const JudgingState *judging = nullptr,
                                    const QuickCheckRunner *checks = nullptr);
    /// Only \a cells (grid numbering), in the order given.
    static QList<ResultRecord> take(const ResultGrid &grid, const QList<int> &cells, const JudgingState *judging = nullptr,
                                    const QuickCheckRunner *checks = nullptr);
};
