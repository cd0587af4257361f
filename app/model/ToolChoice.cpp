// SPDX-License-Identifier: MIT
#include "ToolChoice.h"

#include <QJsonObject>
#include <QStringList>

QJsonValue ToolChoice::toJson() const
{
    if (mode == Mode::Named)
        return QJsonObject{{QStringLiteral("name"), name}};
    return toText();
}

bool ToolChoice::fromJson(const QJsonValue &value, const QString &where, ToolChoice *choice, QString *error)
{
    if (value.isObject()) {
        const QJsonValue name = value.toObject().value(QLatin1String("name"));
        if (!name.isString() || name.toString().isEmpty()) {
            *error = QStringLiteral("%1.name must be the name of a tool").arg(where);
            return false;
        }
        *choice = ToolChoice{Mode::Named, name.toString()};
        return true;
    }
    const QString text = value.toString();
    if (!value.isString() || (text != QLatin1String("auto") && text != QLatin1String("required") && text != QLatin1String("none"))) {
        *error = QStringLiteral("%1 must be \"auto\", \"required\", \"none\" or {\"name\": TOOL}").arg(where);
        return false;
    }
    *choice = fromText(text);
    return true;
}

ToolChoice ToolChoice::fromText(const QString &text)
{
    if (text == QLatin1String("auto"))
        return {Mode::Auto, {}};
    if (text == QLatin1String("required"))
        return {Mode::Required, {}};
    if (text == QLatin1String("none"))
        return {Mode::None, {}};
    return {Mode::Named, text};
}

QString ToolChoice::problemWith(const QList<ToolDefinition> &tools) const
{
    if (mode == Mode::Required && tools.isEmpty())
        return QStringLiteral("the tool choice \"required\" needs at least one tool");
    if (mode != Mode::Named)
        return {};
    QStringList names;
    for (const ToolDefinition &tool : tools) {
        if (tool.name == name)
            return {};
        names.append(tool.name);
    }
    return names.isEmpty() ? QStringLiteral("the tool choice names \"%1\", but no tools are given").arg(name)
                           : QStringLiteral("the tool choice names \"%1\", which is not one of the tools (%2)").arg(name, names.join(QStringLiteral(", ")));
}

QString ToolChoice::toText() const
{
    switch (mode) {
    case Mode::Auto:
        return QStringLiteral("auto");
    case Mode::Required:
        return QStringLiteral("required");
    case Mode::None:
        return QStringLiteral("none");
    case Mode::Named:
        return name;
    }
    return {};
}
