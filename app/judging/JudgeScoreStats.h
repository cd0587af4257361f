// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

#include <optional>

class Ratings;

/// A judge model's scores for one column: how many cells it scored and failed to score, the
/// mean score and its 95% confidence interval (Student's t: mean +- t(0.975, n-1) * s / sqrt(n),
/// the usual small-sample interval; it needs two scores or more, and is clipped to the scale).
struct JudgeScoreStats {
    int column = 0;
    int scored = 0;
    int errors = 0; ///< graded cells without a score (judge_error)
    std::optional<double> mean;
    std::optional<double> low;  ///< the interval's ends, with two scores or more
    std::optional<double> high;

    /// One entry per column of \a columnCount, from the grades in \a ratings (of \a judgeModel
    /// only, when given: two judges' scales and habits do not mix).
    static QList<JudgeScoreStats> compute(const Ratings &ratings, int columnCount, const QString &judgeModel = {});
    /// The figures of \a scores, the interval clipped to [scaleMin, scaleMax].
    static JudgeScoreStats fromScores(const QList<double> &scores, double scaleMin, double scaleMax);
    /// The two-sided 95% critical value of Student's t with \a degreesOfFreedom (>= 1).
    static double tCritical95(int degreesOfFreedom);
    /// "7.20 (95% CI 6.40-8.00), n=10", "7.00, n=1", "no scores"; judge errors counted.
    QString summary() const;
};
