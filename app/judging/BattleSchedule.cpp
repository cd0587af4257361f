// SPDX-License-Identifier: MIT
#include "BattleSchedule.h"

#include "ResultGrid.h"

#include <QRandomGenerator>

#include <algorithm>
#include <limits>

namespace {
struct PairDraw {
    int first = 0;
    int second = 0;
    QList<int> rows; ///< rows this pair can still meet on, in a seeded order
    int drawn = 0;
    bool firstLeftOnEven = true;
};
} // namespace

BattleSchedule::BattleSchedule(const Request &request)
    : m_seed(request.seed)
{
    QRandomGenerator generator({quint32(request.seed), quint32(request.seed >> 32), 0xba771eu});
    const auto shuffle = [&generator](auto &list) {
        for (qsizetype i = list.size() - 1; i > 0; --i)
            list.swapItemsAt(i, qsizetype(generator.bounded(quint32(i + 1))));
    };
    const auto available = [&request](int row, int column) {
        return !request.available || request.available(row, column);
    };

    QList<PairDraw> pairs;
    for (qsizetype i = 0; i < request.columns.size(); ++i) {
        for (qsizetype j = i + 1; j < request.columns.size(); ++j) {
            PairDraw pair{request.columns.at(i), request.columns.at(j)};
            if (pair.first == pair.second)
                continue;
            for (int row = 0; row < request.rowCount; ++row) {
                if (available(row, pair.first) && available(row, pair.second))
                    pair.rows.append(row);
            }
            shuffle(pair.rows);
            pair.firstLeftOnEven = generator.bounded(2u) == 0;
            pairs.append(pair);
        }
    }
    qsizetype possible = 0;
    for (const PairDraw &pair : pairs)
        possible += pair.rows.size();
    const qsizetype wanted = request.matchups > 0 ? std::min<qsizetype>(request.matchups, possible) : possible;

    // Rounds: each pair that can still meet gets one match-up per round, in a new order each
    // round, so stopping part-way through a round leaves the counts at most 1 apart.
    QList<int> rowUse(qMax(0, request.rowCount), 0);
    QList<Battle> matchups;
    while (matchups.size() < wanted) {
        QList<int> order;
        for (int p = 0; p < pairs.size(); ++p) {
            if (!pairs.at(p).rows.isEmpty())
                order.append(p);
        }
        shuffle(order);
        for (int p : order) {
            if (matchups.size() >= wanted)
                break;
            PairDraw &pair = pairs[p];
            qsizetype best = 0;
            for (qsizetype k = 1; k < pair.rows.size(); ++k) {
                if (rowUse.at(pair.rows.at(k)) < rowUse.at(pair.rows.at(best)))
                    best = k;
            }
            const int row = pair.rows.takeAt(best);
            ++rowUse[row];
            // Alternating sides per pair keeps its left and right counts at most 1 apart.
            const bool firstLeft = (pair.drawn % 2 == 0) == pair.firstLeftOnEven;
            ++pair.drawn;
            matchups.append(firstLeft ? Battle{row, request.sample, pair.first, pair.second}
                                      : Battle{row, request.sample, pair.second, pair.first});
        }
    }
    for (const Battle &battle : std::as_const(matchups)) {
        m_battles.append(battle);
        if (request.bothOrders)
            m_battles.append(Battle{battle.row, battle.sample, battle.right, battle.left});
    }
    shuffle(m_battles);
}

QList<BattleSchedule::Size> BattleSchedule::balancedSizes(const Request &request)
{
    int pairs = 0;
    int total = 0;
    int fewestRows = std::numeric_limits<int>::max();
    for (qsizetype i = 0; i < request.columns.size(); ++i) {
        for (qsizetype j = i + 1; j < request.columns.size(); ++j) {
            const int first = request.columns.at(i);
            const int second = request.columns.at(j);
            if (first == second)
                continue;
            int rows = 0;
            for (int row = 0; row < request.rowCount; ++row)
                rows += !request.available || (request.available(row, first) && request.available(row, second)) ? 1 : 0;
            // A pair that never meets is left out of the rounds, as the schedule does.
            if (rows == 0)
                continue;
            ++pairs;
            total += rows;
            fewestRows = std::min(fewestRows, rows);
        }
    }
    QList<Size> sizes;
    if (pairs == 0)
        return sizes;
    for (int perPair = 1; perPair <= fewestRows && perPair * pairs < total; ++perPair)
        sizes.append(Size{perPair * pairs, perPair});
    sizes.append(Size{total, total == fewestRows * pairs ? fewestRows : 0});
    return sizes;
}

BattleSchedule::Availability BattleSchedule::answeredCells(const ResultGrid &grid, int sample)
{
    return [&grid, sample](int row, int column) {
        const RunPlan &plan = grid.plan();
        const CellAddress address{row, column, sample};
        if (!address.isInside(plan.rows.size(), plan.columns.size(), std::max(1, plan.samples)))
            return false;
        const CellResult &result = grid.result(grid.cellIndex(address));
        return result.status == CellStatus::Ok && !result.text.trimmed().isEmpty();
    };
}
