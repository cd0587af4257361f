// SPDX-License-Identifier: MIT
#pragma once

#include "BradleyTerryFit.h"
#include "Ratings.h"

#include <QList>
#include <QString>

#include <optional>

/// How one model did against another: wins, losses and ties, and its share of the points
/// (a tie is half a point, as in the Bradley-Terry fit).
struct WinRate {
    int wins = 0;
    int losses = 0;
    int ties = 0;
    int battles() const { return wins + losses + ties; }
    std::optional<double> share() const;
};

/// The order effect. Swapped pairs: the same rater decided the same row and pair both ways
/// round (both verdicts left or right); in \c sameSide of them the same side won both times,
/// so the winner changed with the side. Also the share of all decisive verdicts won by the left.
struct PositionBias {
    int swappedPairs = 0;
    int sameSide = 0;
    int decisive = 0;
    int leftWins = 0;
    std::optional<double> flipShare() const;
    std::optional<double> leftShare() const;
};

/// How often two raters gave the same verdict (left, right or tie) on battles both decided
/// (a skip is no decision).
struct RaterAgreement {
    int bothDecided = 0;
    int agreed = 0;
    std::optional<double> share() const;
};

/// The arena's statistics besides the ratings themselves.
class ArenaStats
{
public:
    /// matrix[i][j]: how column i did against column j.
    static QList<QList<WinRate>> winRates(const QList<PairwiseOutcome> &outcomes, int columnCount);
    /// Position bias over \a verdicts; swapped pairs are only ever formed within one rater.
    static PositionBias positionBias(const QList<BattleVerdict> &verdicts);
    static RaterAgreement agreement(const QList<BattleVerdict> &verdicts, const QString &raterA, const QString &raterB);
};
