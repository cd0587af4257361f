// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <algorithm>

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
    /// Answer text plus reasoning, as UTF-8; the stream's framing does not count.
    qint64 maxAnswerBytes = 8 * 1024 * 1024;

    /// Raw bytes one streamed answer may take, framing included, so that a stream of nothing
    /// but framing ends: 64 times the answer limit (an OpenAI event carries about 4 characters
    /// in 230 bytes), at least 1 MiB.
    qint64 maxStreamBytes() const { return std::max<qint64>(1024 * 1024, 64 * std::min<qint64>(maxAnswerBytes, kHuge)); }
    /// One line or event of a stream: twice the answer limit (JSON escapes) plus 64 KiB, so
    /// that an event too big for the answer is not buffered whole.
    qint64 maxEventBytes() const { return 2 * std::min<qint64>(maxAnswerBytes, kHuge) + 64 * 1024; }

private:
    static constexpr qint64 kHuge = qint64(1) << 48; ///< keeps the products above in range
};
