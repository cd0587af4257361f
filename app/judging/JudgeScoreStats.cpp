// SPDX-License-Identifier: MIT
#include "JudgeScoreStats.h"

#include "Ratings.h"

#include <algorithm>
#include <cmath>

double JudgeScoreStats::tCritical95(int degreesOfFreedom)
{
    // Exact table values to 30 degrees of freedom; beyond, the Cornish-Fisher expansion around
    // the normal quantile, within 1e-4 of the exact value there.
    static const double table[] = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
                                   2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
                                   2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
    const int df = std::max(1, degreesOfFreedom);
    if (df <= 30)
        return table[df - 1];
    const double z = 1.959964;
    const double n = df;
    return z + (z * z * z + z) / (4 * n) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * n * n);
}

JudgeScoreStats JudgeScoreStats::fromScores(const QList<double> &scores, double scaleMin, double scaleMax)
{
    JudgeScoreStats stats;
    stats.scored = int(scores.size());
    if (scores.isEmpty())
        return stats;
    double sum = 0;
    for (const double score : scores)
        sum += score;
    const double mean = sum / scores.size();
    stats.mean = mean;
    if (scores.size() < 2)
        return stats;
    double squares = 0;
    for (const double score : scores)
        squares += (score - mean) * (score - mean);
    const double sd = std::sqrt(squares / (scores.size() - 1));
    const double half = tCritical95(int(scores.size()) - 1) * sd / std::sqrt(double(scores.size()));
    stats.low = std::max(scaleMin, mean - half);
    stats.high = std::min(scaleMax, mean + half);
    return stats;
}

QList<JudgeScoreStats> JudgeScoreStats::compute(const Ratings &ratings, int columnCount, const QString &judgeModel)
{
    QList<QList<double>> scores(std::max(0, columnCount));
    QList<int> errors(scores.size(), 0);
    double scaleMin = 0;
    double scaleMax = 0;
    bool scaleKnown = false;
    for (auto it = ratings.judgeVerdicts().constBegin(); it != ratings.judgeVerdicts().constEnd(); ++it) {
        const int column = it.key().column;
        if (column < 0 || column >= scores.size() || (!judgeModel.isEmpty() && it->judgeModel != judgeModel))
            continue;
        if (!it->score) {
            ++errors[column];
            continue;
        }
        scores[column].append(*it->score);
        scaleMin = scaleKnown ? std::min(scaleMin, it->scaleMin) : it->scaleMin;
        scaleMax = scaleKnown ? std::max(scaleMax, it->scaleMax) : it->scaleMax;
        scaleKnown = true;
    }
    QList<JudgeScoreStats> table;
    for (int column = 0; column < scores.size(); ++column) {
        JudgeScoreStats stats = fromScores(scores.at(column), scaleMin, scaleMax);
        stats.column = column;
        stats.errors = errors.at(column);
        table.append(stats);
    }
    return table;
}

QString JudgeScoreStats::summary() const
{
    if (!mean)
        return errors > 0 ? QStringLiteral("no scores (%1 judge errors)").arg(errors) : QStringLiteral("no scores");
    QString text = QString::number(*mean, 'f', 2);
    if (low && high)
        text += QStringLiteral(" (95% CI %1-%2)").arg(QString::number(*low, 'f', 2), QString::number(*high, 'f', 2));
    text += QStringLiteral(", n=%1").arg(scored);
    if (errors > 0)
        text += QStringLiteral(", %1 judge errors").arg(errors);
    return text;
}
