// SPDX-License-Identifier: MIT
#include "JudgeScoreStats.h"

#include "Ratings.h"
#include "ResultGrid.h"

#include <cmath>
#include <numeric>

double JudgeScoreStats::tQuantile975(int degreesOfFreedom)
{
    // Student's t at 0.975 for 1-30 degrees of freedom; beyond, the normal 1.96 plus the first
    // terms of its expansion in 1/df (within 0.001 of the exact value past 30).
    static constexpr double kTable[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                        2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                        2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (degreesOfFreedom < 1)
        return std::nan("");
    if (degreesOfFreedom <= 30)
        return kTable[degreesOfFreedom - 1];
    const double z = 1.959964;
    const double df = degreesOfFreedom;
    return z + (z * z * z + z) / (4 * df) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * df * df);
}

std::optional<std::pair<double, double>> JudgeScoreStats::meanInterval(const QList<double> &values)
{
    const qsizetype n = values.size();
    if (n < 2)
        return std::nullopt;
    const double mean = std::accumulate(values.cbegin(), values.cend(), 0.0) / double(n);
    double squares = 0;
    for (const double value : values)
        squares += (value - mean) * (value - mean);
    const double standardError = std::sqrt(squares / double(n - 1)) / std::sqrt(double(n));
    const double half = tQuantile975(int(n - 1)) * standardError;
    return std::pair{mean - half, mean + half};
}

QList<JudgeScoreStats> JudgeScoreStats::compute(const ResultGrid &grid, const Ratings &ratings)
{
    const qsizetype columns = grid.plan().columns.size();
    QList<JudgeScoreStats> stats(columns);
    QList<QList<double>> scores(columns);
    for (qsizetype column = 0; column < columns; ++column)
        stats[column].column = int(column);
    for (int cell = 0; cell < grid.cellCount(); ++cell) {
        const std::optional<JudgeVerdict> verdict = ratings.judgeVerdict(grid.address(cell));
        if (!verdict)
            continue;
        const int column = grid.spec(cell).column;
        if (column < 0 || column >= columns)
            continue;
        JudgeScoreStats &s = stats[column];
        s.scaleMin = verdict->scaleMin;
        s.scaleMax = verdict->scaleMax;
        if (verdict->costUsd) {
            s.costUsd += *verdict->costUsd;
            ++s.pricedVerdicts;
        }
        if (verdict->score && verdict->error.isEmpty())
            scores[column].append(*verdict->score);
        else
            ++s.judgeErrors;
    }
    for (qsizetype column = 0; column < columns; ++column) {
        JudgeScoreStats &s = stats[column];
        const QList<double> &values = scores.at(column);
        s.scored = int(values.size());
        if (values.isEmpty())
            continue;
        s.mean = std::accumulate(values.cbegin(), values.cend(), 0.0) / double(values.size());
        if (const auto interval = meanInterval(values)) {
            s.low = interval->first;
            s.high = interval->second;
        }
    }
    return stats;
}
