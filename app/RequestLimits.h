// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

/// Timeouts, retries and size limits applied to every request.
struct RequestLimits {
    int connectTimeoutMs = 15'000;
    int firstByteTimeoutMs = 60'000;
    int idleTimeoutMs = 60'000;
    int totalTimeoutMs = 120'000;
    /// After the stream's end marker, how long the server may take to end the response before
    /// it is closed from our side. Long enough that a normal server ends it first (its HTTP/1.1
    /// connection then stays reusable); short enough that one holding the response open costs
    /// a moment, not the idle limit.
    int endGraceMs = 1'500;
    int maxAttempts = 3;
    int backoffBaseMs = 500;
    int backoffCapMs = 30'000;
    qint64 maxAnswerBytes = 8 * 1024 * 1024;
};
