// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

#include <optional>

class Ratings;
class ResultGrid;

/// A judge model's grades of one model column: how many answers it scored, how many it could
/// not (judge errors), the mean score with its 95% confidence interval, and what judging the
/// column cost.
struct JudgeScoreStats {
    int column = 0;
    int scored = 0;
    int judgeErrors = 0;
    std::optional<double> mean;
    /// The 95% interval of the mean: mean ± t(0.975, n - 1) · s / √n (Student's t, as the
    /// grades of one column are a small sample); none below two scores.
    std::optional<double> low;
    std::optional<double> high;
    double scaleMin = 1;
    double scaleMax = 10;
    double costUsd = 0;
    int pricedVerdicts = 0; ///< verdicts whose judge request had a known cost

    /// One entry per column of \a grid's plan, from the judge grades in \a ratings of the
    /// grid's cells (every sample).
    static QList<JudgeScoreStats> compute(const ResultGrid &grid, const Ratings &ratings);
    /// The 95% interval (low, high) of the mean of \a values; nullopt for fewer than two.
    static std::optional<std::pair<double, double>> meanInterval(const QList<double> &values);
    /// Student's t quantile at 0.975 for \a degreesOfFreedom (>= 1).
    static double tQuantile975(int degreesOfFreedom);
};
