// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

/// Timeouts, retries and size limits applied to every request.
struct RequestLimits {
    int connectTimeoutMs = 15'000;
    int firstByteTimeoutMs = 60'000;
    int idleTimeoutMs = 60'000;
    int totalTimeoutMs = 120'000;
    int maxAttempts = 3;
    int backoffBaseMs = 500;
    int backoffCapMs = 30'000;
    qint64 maxAnswerBytes = 8 * 1024 * 1024;
};
