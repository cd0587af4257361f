// SPDX-License-Identifier: MIT
#include "ArenaStats.h"

namespace {
std::optional<double> ratio(double part, int whole)
{
    return whole > 0 ? std::optional<double>(part / whole) : std::nullopt;
}

bool isDecisive(BattleVerdict::Outcome outcome)
{
    return outcome == BattleVerdict::Left || outcome == BattleVerdict::Right;
}
} // namespace

std::optional<double> WinRate::share() const
{
    return ratio(wins + 0.5 * ties, battles());
}

std::optional<double> PositionBias::flipShare() const
{
    return ratio(sameSide, swappedPairs);
}

std::optional<double> PositionBias::leftShare() const
{
    return ratio(leftWins, decisive);
}

std::optional<double> RaterAgreement::share() const
{
    return ratio(agreed, bothDecided);
}

QList<QList<WinRate>> ArenaStats::winRates(const QList<PairwiseOutcome> &outcomes, int columnCount)
{
    const int n = qMax(0, columnCount);
    QList<QList<WinRate>> matrix(n, QList<WinRate>(n));
    for (const PairwiseOutcome &o : outcomes) {
        if (o.first < 0 || o.second < 0 || o.first >= n || o.second >= n || o.first == o.second)
            continue;
        WinRate &mine = matrix[o.first][o.second];
        WinRate &theirs = matrix[o.second][o.first];
        if (o.firstScore > 0.5) {
            ++mine.wins;
            ++theirs.losses;
        } else if (o.firstScore < 0.5) {
            ++mine.losses;
            ++theirs.wins;
        } else {
            ++mine.ties;
            ++theirs.ties;
        }
    }
    return matrix;
}

PositionBias ArenaStats::positionBias(const QList<BattleVerdict> &verdicts)
{
    PositionBias bias;
    for (qsizetype i = 0; i < verdicts.size(); ++i) {
        const BattleVerdict &v = verdicts.at(i);
        if (!isDecisive(v.outcome))
            continue;
        ++bias.decisive;
        if (v.outcome == BattleVerdict::Left)
            ++bias.leftWins;
        // Each swapped pair once: from its earlier verdict, looking ahead for the mirror.
        for (qsizetype j = i + 1; j < verdicts.size(); ++j) {
            const BattleVerdict &w = verdicts.at(j);
            if (w.rater == v.rater && isDecisive(w.outcome) && w.battle.row == v.battle.row
                && w.battle.sample == v.battle.sample && w.battle.left == v.battle.right
                && w.battle.right == v.battle.left) {
                ++bias.swappedPairs;
                if (w.outcome == v.outcome)
                    ++bias.sameSide;
                break;
            }
        }
    }
    return bias;
}

RaterAgreement ArenaStats::agreement(const QList<BattleVerdict> &verdicts, const QString &raterA, const QString &raterB)
{
    RaterAgreement result;
    for (const BattleVerdict &a : verdicts) {
        if (a.rater != raterA || a.outcome == BattleVerdict::Skip)
            continue;
        for (const BattleVerdict &b : verdicts) {
            if (b.rater == raterB && b.battle == a.battle && b.outcome != BattleVerdict::Skip) {
                ++result.bothDecided;
                if (b.outcome == a.outcome)
                    ++result.agreed;
                break;
            }
        }
    }
    return result;
}
