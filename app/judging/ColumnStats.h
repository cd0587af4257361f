// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

#include <optional>

class ResultGrid;

/// Figures for one model column over all its rows and samples.
struct ColumnStats {
    int column = 0;
    QString label;
    int count = 0;     ///< cells in a final state
    int ok = 0;
    int errors = 0;    ///< error, timeout, incomplete, interrupted
    int cancelled = 0;
    std::optional<double> latencyP50Ms;
    std::optional<double> latencyP95Ms;
    std::optional<double> ttftP50Ms;
    std::optional<double> ttftP95Ms;
    std::optional<double> meanLatencyMs;
    std::optional<double> meanTtftMs;
    std::optional<double> meanTokensPerSecond; ///< after the first token
    double totalCostUsd = 0;
    int pricedCells = 0; ///< cells whose cost is known
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;    ///< every billed output token, reasoning included
    qint64 reasoningTokens = 0; ///< the part of outputTokens spent reasoning, where reported
    int reasoningCells = 0;     ///< cells that reported reasoning tokens

    /// Latencies (ms) of the cells counted, for box plots.
    QList<double> latenciesMs;
    QList<double> ttftsMs;

    /// One entry per column of \a grid's plan, in column order. Only cells in a final
    /// state count; latency and TTFT come from ok cells only, so errors don't skew them.
    static QList<ColumnStats> compute(const ResultGrid &grid);
    /// The \a p-th percentile (0-100) by the nearest-rank method; nullopt for no values.
    static std::optional<double> percentile(QList<double> values, double p);
};
