// SPDX-License-Identifier: MIT
#include "BradleyTerryFit.h"

#include "Ratings.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {
constexpr int kMaxIterations = 100000;
constexpr double kTolerance = 1e-11;
// Resamples only feed percentiles: a millionth of a score point is plenty.
constexpr double kResampleTolerance = 1e-8;

/// Strengths of the \a active models by MM (Hunter 2004, eq. 3): p_i <- W_i / sum_j n_ij/(p_i+p_j),
/// cyclically (each update uses the others' newest values, which converges faster), rescaled each
/// sweep to a geometric mean of 1. The active set must be strongly connected.
QList<double> mmStrengths(const QList<QList<double>> &won, const QList<QList<int>> &met, const QList<int> &active,
                          QList<double> strength, double tolerance)
{
    QList<double> wins(won.size(), 0.0);
    for (int i : active) {
        for (int j : active)
            wins[i] += won[i][j];
    }
    for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
        double change = 0;
        for (int i : active) {
            double denominator = 0;
            for (int j : active) {
                if (j != i && met[i][j] > 0)
                    denominator += met[i][j] / (strength[i] + strength[j]);
            }
            const double next = wins[i] / denominator;
            change = std::max(change, std::abs(std::log(next / strength[i])));
            strength[i] = next;
        }
        double logSum = 0;
        for (int i : active)
            logSum += std::log(strength[i]);
        const double scale = std::exp(logSum / double(active.size()));
        for (int i : active)
            strength[i] /= scale;
        if (change < tolerance)
            break;
    }
    return strength;
}

bool stronglyConnected(const QList<QList<double>> &won, const QList<int> &active)
{
    // Every model reaches every other along "earned something against" edges, both ways.
    for (const bool forward : {true, false}) {
        QList<int> reached{active.first()};
        for (qsizetype k = 0; k < reached.size(); ++k) {
            for (int j : active) {
                const double earned = forward ? won[reached[k]][j] : won[j][reached[k]];
                if (earned > 0 && !reached.contains(j))
                    reached.append(j);
            }
        }
        if (reached.size() != active.size())
            return false;
    }
    return true;
}
} // namespace

QList<PairwiseOutcome> BradleyTerryFit::outcomes(const Ratings &ratings, const QString &rater)
{
    QList<PairwiseOutcome> list;
    if (rater == Ratings::localRater()) {
        for (const Preference &p : ratings.preferences()) {
            list.append(PairwiseOutcome{p.columnA, p.columnB,
                                        p.winner == Preference::A   ? 1.0
                                            : p.winner == Preference::B ? 0.0
                                                                        : 0.5});
        }
    }
    for (const BattleVerdict &v : ratings.battleVerdicts(rater)) {
        if (v.outcome == BattleVerdict::Skip)
            continue;
        list.append(PairwiseOutcome{v.battle.left, v.battle.right,
                                    v.outcome == BattleVerdict::Left    ? 1.0
                                        : v.outcome == BattleVerdict::Right ? 0.0
                                                                            : 0.5});
    }
    return list;
}

QList<BradleyTerryScore> BradleyTerryFit::fit(const QList<PairwiseOutcome> &outcomes, int columnCount)
{
    return fitFrom(outcomes, columnCount, {}, kTolerance);
}

QList<BradleyTerryScore> BradleyTerryFit::fitFrom(const QList<PairwiseOutcome> &outcomes, int columnCount,
                                                  const QList<BradleyTerryScore> &start, double tolerance)
{
    const int n = qMax(0, columnCount);
    QList<BradleyTerryScore> scores(n);
    QList<QList<double>> won(n, QList<double>(n, 0.0));
    QList<QList<int>> met(n, QList<int>(n, 0));
    for (int column = 0; column < n; ++column)
        scores[column].column = column;
    for (const PairwiseOutcome &o : outcomes) {
        if (o.first < 0 || o.second < 0 || o.first >= n || o.second >= n || o.first == o.second)
            continue;
        const double score = std::clamp(o.firstScore, 0.0, 1.0);
        won[o.first][o.second] += score;
        won[o.second][o.first] += 1.0 - score;
        ++met[o.first][o.second];
        ++met[o.second][o.first];
        for (const int side : {o.first, o.second}) {
            ++scores[side].battles;
            const double mine = side == o.first ? score : 1.0 - score;
            if (mine == 0.5)
                ++scores[side].ties;
            else if (mine > 0.5)
                ++scores[side].wins;
            else
                ++scores[side].losses;
        }
    }

    QList<int> active;
    for (int column = 0; column < n; ++column) {
        if (scores[column].battles > 0)
            active.append(column);
    }
    // Set aside, round by round, models whose likelihood grows without bound: no finite score.
    for (bool changed = true; changed && !active.isEmpty();) {
        changed = false;
        QList<int> kept;
        for (int i : active) {
            double wins = 0;
            int games = 0;
            for (int j : active) {
                wins += won[i][j];
                games += met[i][j];
            }
            if (games == 0)
                scores[i].bound = BradleyTerryScore::NotLinked;
            else if (wins >= games)
                scores[i].bound = BradleyTerryScore::UnboundedAbove;
            else if (wins <= 0)
                scores[i].bound = BradleyTerryScore::UnboundedBelow;
            else
                kept.append(i);
        }
        changed = kept.size() != active.size();
        active = kept;
    }
    if (active.isEmpty())
        return scores;
    if (!stronglyConnected(won, active)) {
        for (int i : active)
            scores[i].bound = BradleyTerryScore::NotLinked;
        return scores;
    }
    QList<double> initial(n, 1.0);
    for (const BradleyTerryScore &s : start) {
        if (s.score && s.column < n)
            initial[s.column] = std::pow(10.0, (*s.score - 1000.0) / 400.0);
    }
    const QList<double> strength = mmStrengths(won, met, active, initial, tolerance);
    for (int i : active) {
        scores[i].bound = BradleyTerryScore::Finite;
        scores[i].score = 400.0 * std::log10(strength[i]) + 1000.0;
    }
    return scores;
}

QList<BradleyTerryScore> BradleyTerryFit::fitWithIntervals(const QList<PairwiseOutcome> &outcomes, int columnCount,
                                                           quint64 seed, int resamples)
{
    QList<BradleyTerryScore> scores = fit(outcomes, columnCount);
    if (outcomes.isEmpty() || resamples <= 0)
        return scores;
    QRandomGenerator generator({quint32(seed), quint32(seed >> 32), 0xb7b007u});
    QList<QList<double>> draws(scores.size());
    QList<PairwiseOutcome> resample(outcomes.size());
    constexpr double infinity = std::numeric_limits<double>::infinity();
    for (int round = 0; round < resamples; ++round) {
        for (PairwiseOutcome &o : resample)
            o = outcomes.at(qsizetype(generator.bounded(quint32(outcomes.size()))));
        // Started from the whole fit: a resample's optimum lies near it.
        const QList<BradleyTerryScore> fitted = fitFrom(resample, columnCount, scores, kResampleTolerance);
        for (const BradleyTerryScore &s : fitted) {
            if (s.bound == BradleyTerryScore::Finite)
                draws[s.column].append(*s.score);
            else if (s.bound == BradleyTerryScore::UnboundedAbove)
                draws[s.column].append(infinity);
            else if (s.bound == BradleyTerryScore::UnboundedBelow)
                draws[s.column].append(-infinity);
        }
    }
    for (BradleyTerryScore &s : scores) {
        QList<double> &values = draws[s.column];
        if (!s.score || values.isEmpty())
            continue;
        std::sort(values.begin(), values.end());
        // Nearest-rank 2.5th and 97.5th percentiles.
        const qsizetype m = values.size();
        s.low = values.at(std::clamp<qsizetype>(qsizetype(std::floor(0.025 * double(m))), 0, m - 1));
        s.high = values.at(std::clamp<qsizetype>(qsizetype(std::ceil(0.975 * double(m))) - 1, 0, m - 1));
    }
    return scores;
}
