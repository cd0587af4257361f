// SPDX-License-Identifier: MIT
#include "ToolCall.h"

#include <QJsonDocument>

namespace {
// The arguments as JSON when they are an object or an array, else nothing.
QJsonValue parsedArguments(const QString &text)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return QJsonValue::Undefined;
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

bool readStringField(const QJsonObject &object, const char *key, const QString &where, QString *out, QString *error)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isString()) {
        *error = QStringLiteral("%1.%2 must be a string").arg(where, QLatin1String(key));
        return false;
    }
    *out = value.toString();
    return true;
}
} // namespace

QJsonObject ToolCall::toJson() const
{
    const QJsonValue parsed = parsedArguments(arguments);
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("arguments"), parsed.isUndefined() ? QJsonValue(arguments) : parsed}};
}

bool ToolCall::fromJson(const QJsonValue &value, const QString &where, ToolCall *call, QString *error)
{
    if (!value.isObject()) {
        *error = QStringLiteral("%1 must be an object with id, name and arguments").arg(where);
        return false;
    }
    const QJsonObject object = value.toObject();
    ToolCall read;
    if (!readStringField(object, "id", where, &read.id, error) || !readStringField(object, "name", where, &read.name, error))
        return false;
    const QJsonValue arguments = object.value(QLatin1String("arguments"));
    if (arguments.isObject())
        read.arguments = QString::fromUtf8(QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact));
    else if (arguments.isArray())
        read.arguments = QString::fromUtf8(QJsonDocument(arguments.toArray()).toJson(QJsonDocument::Compact));
    else if (arguments.isString())
        read.arguments = arguments.toString();
    else if (!arguments.isUndefined() && !arguments.isNull()) {
        *error = QStringLiteral("%1.arguments must be an object, an array or a string").arg(where);
        return false;
    }
    *call = read;
    return true;
}

QJsonArray ToolCall::listToJson(const QList<ToolCall> &calls)
{
    QJsonArray array;
    for (const ToolCall &call : calls)
        array.append(call.toJson());
    return array;
}

bool ToolCall::listFromJson(const QJsonValue &value, const QString &where, QList<ToolCall> *calls, QString *error)
{
    if (value.isUndefined() || value.isNull()) {
        calls->clear();
        return true;
    }
    if (!value.isArray()) {
        *error = QStringLiteral("%1 must be an array").arg(where);
        return false;
    }
    const QJsonArray array = value.toArray();
    QList<ToolCall> read;
    for (qsizetype i = 0; i < array.size(); ++i) {
        ToolCall call;
        if (!fromJson(array.at(i), QStringLiteral("%1[%2]").arg(where).arg(i), &call, error))
            return false;
        read.append(call);
    }
    *calls = read;
    return true;
}

QString ToolCall::listToRawText(const QList<ToolCall> &calls)
{
    if (calls.isEmpty())
        return {};
    QJsonArray array;
    for (const ToolCall &call : calls)
        array.append(QJsonObject{{QStringLiteral("id"), call.id}, {QStringLiteral("name"), call.name}, {QStringLiteral("arguments"), call.arguments}});
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<ToolCall> ToolCall::listFromRawText(const QString &text)
{
    QList<ToolCall> calls;
    if (text.isEmpty())
        return calls;
    QString error;
    listFromJson(QJsonDocument::fromJson(text.toUtf8()).array(), QStringLiteral("tool_calls"), &calls, &error);
    return calls;
}

QString ToolCall::summary() const
{
    const QJsonValue parsed = parsedArguments(arguments);
    QString args = arguments;
    if (parsed.isObject())
        args = QString::fromUtf8(QJsonDocument(parsed.toObject()).toJson(QJsonDocument::Compact));
    else if (parsed.isArray())
        args = QString::fromUtf8(QJsonDocument(parsed.toArray()).toJson(QJsonDocument::Compact));
    return QStringLiteral("%1(%2)").arg(name, args.simplified());
}
