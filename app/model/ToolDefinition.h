// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

/// A tool (function) a model may call. PromptGrid never executes one: it compares the calls.
struct ToolDefinition {
    QString name;
    QString description;
    /// The arguments' JSON Schema (an object schema).
    QJsonObject parameters;

    bool operator==(const ToolDefinition &other) const = default;
};
