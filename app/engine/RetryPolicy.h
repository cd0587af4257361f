// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QNetworkReply>

#include <optional>

/// When and how long to wait before trying a request again.
class RetryPolicy
{
public:
    /// 408, 409, 429, 5xx gateway errors and 529 (Anthropic overloaded).
    static bool isRetryableStatus(int httpStatus);
    /// Connection refused or reset before any byte of the answer arrived.
    static bool isRetryableNetworkError(QNetworkReply::NetworkError error);
    /// Full jitter: a uniform delay in [0, min(cap, base * 2^(attempt-1))].
    static int backoffMs(int attempt, int baseMs, int capMs);
    /// The server's own wish, from retry-after-ms or retry-after (seconds or an HTTP date).
    static std::optional<qint64> retryAfterMs(const QByteArray &retryAfterMsHeader,
                                              const QByteArray &retryAfterHeader,
                                              const QDateTime &now = QDateTime::currentDateTimeUtc());
    /// Parses "1s", "6m0s", "250ms", "1h2m3.5s" (OpenAI reset headers) or an RFC 3339 time.
    static std::optional<qint64> resetDelayMs(const QByteArray &value,
                                              const QDateTime &now = QDateTime::currentDateTimeUtc());
    /// A wait for people: "250 ms", "1.5 s", "6 min", "1000 h", "1157 days".
    static QString describeDelay(qint64 ms);
};
