// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

/// A tool (function) a model may call. PromptGrid never executes one: it compares the calls.
struct ToolDefinition {
    QString name;
    QString description;
    /// The arguments' JSON Schema (an object schema).
    QJsonObject parameters;

    /// {"name","description","parameters"}; parameters only when set.
    QJsonObject toJson() const;
    /// Reads one tool: "name" a non-empty string, "description" a string, "parameters" an
    /// object; false with \a error naming \a where and the field.
    static bool fromJson(const QJsonValue &value, const QString &where, ToolDefinition *tool, QString *error);
    static QJsonArray listToJson(const QList<ToolDefinition> &tools);
    /// An array of tools with distinct names; a missing or null value is no tools.
    static bool listFromJson(const QJsonValue &value, const QString &where, QList<ToolDefinition> *tools, QString *error);

    bool operator==(const ToolDefinition &other) const = default;
};
