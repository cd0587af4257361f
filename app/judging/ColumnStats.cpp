// SPDX-License-Identifier: MIT
#include "ColumnStats.h"

#include "ResultGrid.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace {
std::optional<double> mean(const QList<double> &values)
{
    if (values.isEmpty())
        return std::nullopt;
    return std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}
} // namespace

std::optional<double> ColumnStats::percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    // Nearest rank: the smallest value with at least p% of the values at or below it.
    const double rank = std::ceil(std::clamp(p, 0.0, 100.0) / 100.0 * double(values.size()));
    const qsizetype index = std::clamp<qsizetype>(qsizetype(rank) - 1, 0, values.size() - 1);
    return values.at(index);
}

QList<ColumnStats> ColumnStats::compute(const ResultGrid &grid)
{
    const auto &columns = grid.plan().columns;
    QList<ColumnStats> stats(columns.size());
    QList<QList<double>> speeds(columns.size());
    for (int column = 0; column < columns.size(); ++column) {
        stats[column].column = column;
        stats[column].label = columns.at(column).displayName();
    }
    for (int cell = 0; cell < grid.cellCount(); ++cell) {
        const int column = grid.spec(cell).column;
        if (column < 0 || column >= stats.size())
            continue;
        const CellResult &r = grid.result(cell);
        if (!isFinalStatus(r.status))
            continue;
        ColumnStats &s = stats[column];
        s.count++;
        if (r.status == CellStatus::Ok)
            s.ok++;
        else if (r.status == CellStatus::Cancelled)
            s.cancelled++;
        else
            s.errors++;
        if (r.costUsd) {
            s.totalCostUsd += *r.costUsd;
            s.pricedCells++;
        }
        s.inputTokens += r.inputTokens.value_or(0);
        s.outputTokens += r.outputTokens.value_or(0);
        if (r.reasoningTokens) {
            s.reasoningTokens += *r.reasoningTokens;
            s.reasoningCells++;
        }
        if (r.status != CellStatus::Ok)
            continue;
        if (r.latencyMs)
            s.latenciesMs.append(double(*r.latencyMs));
        if (r.ttftMs)
            s.ttftsMs.append(double(*r.ttftMs));
        if (const auto speed = r.tokensPerSecond())
            speeds[column].append(*speed);
    }
    for (int column = 0; column < stats.size(); ++column) {
        ColumnStats &s = stats[column];
        s.latencyP50Ms = percentile(s.latenciesMs, 50);
        s.latencyP95Ms = percentile(s.latenciesMs, 95);
        s.ttftP50Ms = percentile(s.ttftsMs, 50);
        s.ttftP95Ms = percentile(s.ttftsMs, 95);
        s.meanLatencyMs = mean(s.latenciesMs);
        s.meanTtftMs = mean(s.ttftsMs);
        s.meanTokensPerSecond = mean(speeds.at(column));
    }
    return stats;
}
