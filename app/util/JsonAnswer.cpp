// SPDX-License-Identifier: MIT
#include "JsonAnswer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

QString JsonAnswer::body(const QString &answer)
{
    QString body = answer.trimmed();
    if (body.startsWith(QLatin1String("```")) && body.endsWith(QLatin1String("```")) && body.size() >= 6) {
        const qsizetype firstLine = body.indexOf(QLatin1Char('\n'));
        if (firstLine < 0)
            return {};
        body = body.mid(firstLine + 1, body.size() - firstLine - 1 - 3).trimmed();
    }
    return body;
}

std::optional<QJsonValue> JsonAnswer::parse(const QString &answer)
{
    const QString json = body(answer);
    if (json.isEmpty())
        return std::nullopt;
    QJsonParseError error;
    // QJsonDocument only takes objects and arrays at the top level; wrap to accept scalars too.
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray("[") + json.toUtf8() + QByteArray("]"), &error);
    if (error.error != QJsonParseError::NoError)
        return std::nullopt;
    const QJsonArray wrapped = document.array();
    if (wrapped.size() != 1)
        return std::nullopt; // "1, 2" is two values, not one JSON answer
    return wrapped.first();
}

QString JsonAnswer::compact(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}
