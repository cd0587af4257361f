// SPDX-License-Identifier: MIT
#pragma once

#include "Battle.h"

#include <QList>

#include <functional>

class ResultGrid;

/// The blind arena's battle list: pairs of columns on rows where both answered, drawn so that
/// every pair of columns meets about equally often (counts differ by at most 1 while each pair
/// still has rows left) and each pair is shown both ways (its left and right counts differ by at
/// most 1). Rows are spread: a battle takes the least used row its pair can still meet on.
/// The list depends only on the request, so the same seed draws the same battles again.
class BattleSchedule
{
public:
    /// Whether the answer of (row, column) can be judged (it exists and did not fail).
    using Availability = std::function<bool(int row, int column)>;

    struct Request {
        int rowCount = 0;
        QList<int> columns; ///< real column indexes, two or more
        int sample = 0;
        /// How many (row, pair) match-ups to draw; 0 or more than there are: every pair on
        /// every row where both answered.
        int matchups = 0;
        /// Show every match-up twice, once each way (twice the battles, and position bias
        /// measured on every one of them).
        bool bothOrders = false;
        quint64 seed = 1;
        Availability available; ///< empty: every answer is there
    };

    /// A battle list's length the user can choose: \a matchups match-ups (the battles are twice
    /// that with bothOrders), each pair of columns meeting \a perPair times; perPair is 0 for
    /// "every match-up there is", where pairs with fewer rows answered meet less often.
    struct Size {
        int matchups = 0;
        int perPair = 0;
        bool operator==(const Size &) const = default;
    };
    /// The balanced lengths for \a request, shortest first: every pair once, twice, ... (while
    /// each pair has that many rows left), then all of them (matchups 0 in a request). Empty
    /// when no pair can meet.
    static QList<Size> balancedSizes(const Request &request);

    BattleSchedule() = default;
    explicit BattleSchedule(const Request &request);

    /// The answers of \a grid for \a sample that can be judged: finished without an error and
    /// not empty. It reads the grid when called, so keep the grid while the schedule is drawn.
    static Availability answeredCells(const ResultGrid &grid, int sample = 0);

    const QList<Battle> &battles() const { return m_battles; }
    qsizetype size() const { return m_battles.size(); }
    const Battle &at(qsizetype index) const { return m_battles.at(index); }
    qsizetype indexOf(const Battle &battle) const { return m_battles.indexOf(battle); }
    quint64 seed() const { return m_seed; }

private:
    QList<Battle> m_battles;
    quint64 m_seed = 0;
};
