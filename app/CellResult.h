// SPDX-License-Identifier: MIT
#pragma once

#include "CellStatus.h"

#include <QDateTime>
#include <QString>

#include <optional>

/// Everything measured for one request. Missing figures stay empty, never 0.
struct CellResult {
    CellStatus status = CellStatus::Queued;
    QString text;
    QString reasoning;
    QString error;
    int httpStatus = 0;
    std::optional<qint64> queueWaitMs;
    std::optional<qint64> ttftMs;
    std::optional<qint64> latencyMs;
    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens;
    QString finishReason;
    std::optional<double> costUsd;
    int attempts = 0;
    QDateTime startedAt;
    QDateTime finishedAt;

    /// Output tokens per second after the first token, when it can be known.
    std::optional<double> tokensPerSecond() const;

    bool operator==(const CellResult &other) const = default;
};
