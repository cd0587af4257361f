// SPDX-License-Identifier: MIT
#include "CellResult.h"

std::optional<double> CellResult::tokensPerSecond() const
{
    if (!outputTokens || !ttftMs || !latencyMs || *outputTokens <= 1)
        return std::nullopt;
    const qint64 streamingMs = *latencyMs - *ttftMs;
    if (streamingMs <= 0)
        return std::nullopt;
    return double(*outputTokens - 1) * 1000.0 / double(streamingMs);
}
