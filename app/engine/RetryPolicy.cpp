// SPDX-License-Identifier: MIT
#include "RetryPolicy.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace {
// A server's wait, however absurd, stays a number we can add to a clock: at most 100 years.
constexpr double kMaxDelayMs = 100.0 * 365 * 24 * 3'600'000;

qint64 clampedMs(double ms)
{
    return qint64(std::min(ms, kMaxDelayMs));
}
} // namespace

bool RetryPolicy::isRetryableStatus(int httpStatus)
{
    switch (httpStatus) {
    case 408:
    case 409:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
    case 529:
        return true;
    default:
        return false;
    }
}

bool RetryPolicy::isRetryableNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
        return true;
    default:
        return false;
    }
}

int RetryPolicy::backoffMs(int attempt, int baseMs, int capMs)
{
    const double ceiling = std::min<double>(capMs, baseMs * std::pow(2.0, std::max(0, attempt - 1)));
    return int(QRandomGenerator::global()->bounded(ceiling + 1.0));
}

std::optional<qint64> RetryPolicy::retryAfterMs(const QByteArray &retryAfterMsHeader,
                                                const QByteArray &retryAfterHeader, const QDateTime &now)
{
    bool ok = false;
    const double ms = retryAfterMsHeader.trimmed().toDouble(&ok);
    if (ok && ms >= 0)
        return clampedMs(ms);
    const QByteArray value = retryAfterHeader.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    const double seconds = value.toDouble(&ok);
    if (ok && seconds >= 0)
        return clampedMs(seconds * 1000);
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(value), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        return std::nullopt;
    when.setTimeSpec(Qt::UTC);
    return std::max<qint64>(0, now.msecsTo(when));
}

QString RetryPolicy::describeDelay(qint64 ms)
{
    const auto number = [](double value) { return QString::number(value, 'f', value < 10 ? 1 : 0).remove(QStringLiteral(".0")); };
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(std::max<qint64>(0, ms));
    if (ms < 120'000)
        return number(ms / 1000.0) + QStringLiteral(" s");
    if (ms < 7'200'000)
        return number(ms / 60'000.0) + QStringLiteral(" min");
    if (ms < 172'800'000)
        return number(ms / 3'600'000.0) + QStringLiteral(" h");
    return number(ms / 86'400'000.0) + QStringLiteral(" days");
}

std::optional<qint64> RetryPolicy::resetDelayMs(const QByteArray &value, const QDateTime &now)
{
    const QString text = QString::fromLatin1(value.trimmed());
    if (text.isEmpty())
        return std::nullopt;
    static const QRegularExpression duration(QStringLiteral("^(?:(\\d+(?:\\.\\d+)?)h)?(?:(\\d+(?:\\.\\d+)?)m(?!s))?(?:(\\d+(?:\\.\\d+)?)s)?(?:(\\d+(?:\\.\\d+)?)ms)?$"));
    const auto match = duration.match(text);
    if (match.hasMatch() && match.capturedLength(0) > 0) {
        const double ms = match.captured(1).toDouble() * 3'600'000 + match.captured(2).toDouble() * 60'000
            + match.captured(3).toDouble() * 1000 + match.captured(4).toDouble();
        return clampedMs(ms);
    }
    const QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (when.isValid())
        return std::max<qint64>(0, now.msecsTo(when));
    return std::nullopt;
}
