// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

/// Typed readers for the fields of a JSON object that name the place of a bad value
/// ("results[3].ttft_ms must not be negative"). A missing or null field leaves the output as it
/// was and succeeds unless it is required; the first failure is kept in error.
class JsonFields
{
public:
    QString error;

    bool string(const QJsonObject &o, const char *key, const QString &where, QString *out, bool required = false);
    bool optionalString(const QJsonObject &o, const char *key, const QString &where, std::optional<QString> *out);
    bool number(const QJsonObject &o, const char *key, const QString &where, std::optional<double> *out);
    /// A number from \a minimum to \a maximum (finite by JSON's grammar).
    bool number(const QJsonObject &o, const char *key, const QString &where, std::optional<double> *out,
                double minimum, double maximum);
    /// A count or duration: a whole number >= 0.
    bool count(const QJsonObject &o, const char *key, const QString &where, std::optional<qint64> *out);
    bool integer(const QJsonObject &o, const char *key, const QString &where, std::optional<qint64> *out);
    bool integer(const QJsonObject &o, const char *key, const QString &where, int *out, int minimum, int maximum);
    /// An ISO 8601 time with milliseconds; an empty string is no time.
    bool time(const QJsonObject &o, const char *key, const QString &where, QDateTime *out);
    /// Keeps \a message unless an earlier failure was kept; returns false.
    bool fail(const QString &message);
};
