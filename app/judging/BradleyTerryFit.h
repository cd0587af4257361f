// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

#include <optional>

class Ratings;

/// One pairwise comparison: \c first against \c second, scoring 1 (first won), 0 (second won)
/// or 0.5 (a tie: half a win each).
struct PairwiseOutcome {
    int first = 0;
    int second = 0;
    double firstScore = 0.5;
    bool operator==(const PairwiseOutcome &other) const = default;
};

/// One model's Bradley-Terry figures. The score is on an Elo-like scale:
/// 400 * log10(strength) + 1000, centred so the fitted models average 1000.
struct BradleyTerryScore {
    /// Finite: a maximum-likelihood score exists. UnboundedAbove / UnboundedBelow: the model
    /// never lost (never won) against the models still being fitted, so its strength has no
    /// finite estimate; it ranks above (below) every finite one. NotLinked: its comparisons do
    /// not tie it to the others. NoBattles: nothing to go on. Only Finite models have a score.
    enum Bound { Finite, UnboundedAbove, UnboundedBelow, NotLinked, NoBattles };
    int column = 0;
    int battles = 0;
    int wins = 0;
    int losses = 0;
    int ties = 0;
    Bound bound = NoBattles;
    std::optional<double> score;
    /// The 95% bootstrap interval; an end may be +/-infinity when enough resamples left the
    /// model unbounded (resamples where it has no battles or is not linked are left out).
    /// Empty without a bootstrap or a score.
    std::optional<double> low;
    std::optional<double> high;
};

/// Ratings as a Bradley-Terry fit, P(i beats j) = p_i / (p_i + p_j), found with Hunter's (2004)
/// MM algorithm; ties count as half a win for each side. Models that never lost (or never won)
/// are set aside as unbounded, repeatedly, instead of being given a capped, made-up score.
/// Intervals come from a bootstrap over the comparisons with a fixed seed, so they repeat.
class BradleyTerryFit
{
public:
    static constexpr int kResamples = 200;

    /// The comparisons \a rater made: their non-skipped battle verdicts and, for the local
    /// rater, the best-of-row preferences of blind judging too.
    static QList<PairwiseOutcome> outcomes(const Ratings &ratings, const QString &rater);

    /// The fit of \a outcomes between columns 0..columnCount-1 (others are ignored), no intervals.
    static QList<BradleyTerryScore> fit(const QList<PairwiseOutcome> &outcomes, int columnCount);
    /// The fit with 95% intervals from \a resamples bootstrap resamples drawn from \a seed.
    static QList<BradleyTerryScore> fitWithIntervals(const QList<PairwiseOutcome> &outcomes, int columnCount,
                                                     quint64 seed = 1, int resamples = kResamples);

private:
    /// The fit, its iteration started from the scores of \a start where they have one and run
    /// until no log-strength moves by \a tolerance.
    static QList<BradleyTerryScore> fitFrom(const QList<PairwiseOutcome> &outcomes, int columnCount,
                                            const QList<BradleyTerryScore> &start, double tolerance);
};
