// SPDX-License-Identifier: MIT
#include "JsonFields.h"

#include <QJsonValue>

#include <cmath>

bool JsonFields::string(const QJsonObject &o, const char *key, const QString &where, QString *out, bool required)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return fail(QStringLiteral("%1 needs \"%2\"").arg(where, QLatin1String(key)));
        return true;
    }
    if (!v.isString())
        return fail(QStringLiteral("%1.%2 must be a string").arg(where, QLatin1String(key)));
    *out = v.toString();
    return true;
}

bool JsonFields::optionalString(const QJsonObject &o, const char *key, const QString &where, std::optional<QString> *out)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isString())
        return fail(QStringLiteral("%1.%2 must be a string").arg(where, QLatin1String(key)));
    *out = v.toString();
    return true;
}

bool JsonFields::number(const QJsonObject &o, const char *key, const QString &where, std::optional<double> *out)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isDouble())
        return fail(QStringLiteral("%1.%2 must be a number").arg(where, QLatin1String(key)));
    *out = v.toDouble();
    return true;
}

bool JsonFields::number(const QJsonObject &o, const char *key, const QString &where, std::optional<double> *out,
                        double minimum, double maximum)
{
    if (!number(o, key, where, out))
        return false;
    if (*out && !(**out >= minimum && **out <= maximum)) {
        const double value = **out;
        out->reset();
        return fail(QStringLiteral("%1.%2 is %3 but must be a number from %4 to %5")
                        .arg(where, QLatin1String(key), QString::number(value), QString::number(minimum),
                             QString::number(maximum)));
    }
    return true;
}

bool JsonFields::count(const QJsonObject &o, const char *key, const QString &where, std::optional<qint64> *out)
{
    if (!integer(o, key, where, out))
        return false;
    if (*out && **out < 0) {
        out->reset();
        return fail(QStringLiteral("%1.%2 must not be negative").arg(where, QLatin1String(key)));
    }
    return true;
}

bool JsonFields::integer(const QJsonObject &o, const char *key, const QString &where, std::optional<qint64> *out)
{
    std::optional<double> d;
    if (!number(o, key, where, &d))
        return false;
    if (d) {
        if (*d != std::floor(*d) || std::abs(*d) > 9.007199254740992e15)
            return fail(QStringLiteral("%1.%2 must be a whole number").arg(where, QLatin1String(key)));
        *out = qint64(*d);
    }
    return true;
}

bool JsonFields::integer(const QJsonObject &o, const char *key, const QString &where, int *out, int minimum, int maximum)
{
    std::optional<qint64> value;
    if (!integer(o, key, where, &value))
        return false;
    if (value) {
        if (*value < minimum || *value > maximum)
            return fail(QStringLiteral("%1.%2 must be from %3 to %4").arg(where, QLatin1String(key)).arg(minimum).arg(maximum));
        *out = int(*value);
    }
    return true;
}

bool JsonFields::time(const QJsonObject &o, const char *key, const QString &where, QDateTime *out)
{
    QString text;
    if (!string(o, key, where, &text))
        return false;
    if (text.isEmpty())
        return true;
    *out = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!out->isValid())
        return fail(QStringLiteral("%1.%2 is not an ISO 8601 time").arg(where, QLatin1String(key)));
    return true;
}

bool JsonFields::fail(const QString &message)
{
    if (error.isEmpty())
        error = message;
    return false;
}
