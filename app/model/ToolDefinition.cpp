// SPDX-License-Identifier: MIT
#include "ToolDefinition.h"

#include <QSet>

#include <algorithm>

QJsonObject ToolDefinition::toJson() const
{
    QJsonObject object{{QStringLiteral("name"), name}, {QStringLiteral("description"), description}};
    if (!parameters.isEmpty())
        object.insert(QStringLiteral("parameters"), parameters);
    return object;
}

bool ToolDefinition::fromJson(const QJsonValue &value, const QString &where, ToolDefinition *tool, QString *error)
{
    if (!value.isObject()) {
        *error = QStringLiteral("%1 must be an object with name, description and parameters").arg(where);
        return false;
    }
    const QJsonObject object = value.toObject();
    // A misspelt key ("parameter", "input_schema") would silently send a tool without arguments.
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != QLatin1String("name") && it.key() != QLatin1String("description") && it.key() != QLatin1String("parameters")) {
            *error = QStringLiteral("%1 has an unknown key \"%2\" (a tool has name, description and parameters)").arg(where, it.key());
            return false;
        }
    }
    ToolDefinition read;
    const QJsonValue name = object.value(QLatin1String("name"));
    read.name = name.toString();
    // The providers' common rule for function names (OpenAI, Anthropic and Gemini alike).
    const bool validName = name.isString() && !read.name.isEmpty() && read.name.size() <= 64
        && std::all_of(read.name.begin(), read.name.end(),
                       [](QChar c) { return (c.isLetterOrNumber() && c.unicode() < 128) || c == QLatin1Char('_') || c == QLatin1Char('-'); });
    if (!validName) {
        *error = QStringLiteral("%1.name must be 1 to 64 letters, digits, _ or -").arg(where);
        return false;
    }
    const QJsonValue description = object.value(QLatin1String("description"));
    if (!description.isUndefined() && !description.isNull() && !description.isString()) {
        *error = QStringLiteral("%1.description must be a string").arg(where);
        return false;
    }
    read.description = description.toString();
    const QJsonValue parameters = object.value(QLatin1String("parameters"));
    if (!parameters.isUndefined() && !parameters.isNull()) {
        if (!parameters.isObject()) {
            *error = QStringLiteral("%1.parameters must be an object (a JSON Schema)").arg(where);
            return false;
        }
        read.parameters = parameters.toObject();
    }
    *tool = read;
    return true;
}

QJsonArray ToolDefinition::listToJson(const QList<ToolDefinition> &tools)
{
    QJsonArray array;
    for (const ToolDefinition &tool : tools)
        array.append(tool.toJson());
    return array;
}

bool ToolDefinition::listFromJson(const QJsonValue &value, const QString &where, QList<ToolDefinition> *tools, QString *error)
{
    if (value.isUndefined() || value.isNull()) {
        tools->clear();
        return true;
    }
    if (!value.isArray()) {
        *error = QStringLiteral("%1 must be an array of tools").arg(where);
        return false;
    }
    const QJsonArray array = value.toArray();
    QList<ToolDefinition> read;
    QSet<QString> names;
    for (qsizetype i = 0; i < array.size(); ++i) {
        ToolDefinition tool;
        const QString at = QStringLiteral("%1[%2]").arg(where).arg(i);
        if (!fromJson(array.at(i), at, &tool, error))
            return false;
        if (names.contains(tool.name)) {
            *error = QStringLiteral("%1.name \"%2\" is used by an earlier tool").arg(at, tool.name);
            return false;
        }
        names.insert(tool.name);
        read.append(tool);
    }
    *tools = read;
    return true;
}
