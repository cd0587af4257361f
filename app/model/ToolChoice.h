// SPDX-License-Identifier: MIT
#pragma once

#include "ToolDefinition.h"

#include <QJsonValue>
#include <QString>

/// Whether and which tool the model must call: the providers' tool_choice.
struct ToolChoice {
    enum class Mode { Auto, Required, None, Named };
    Mode mode = Mode::Auto;
    QString name; ///< the tool, for Mode::Named

    /// "auto", "required", "none" or {"name": TOOL}.
    QJsonValue toJson() const;
    /// Reads what toJson() wrote; false with \a error naming \a where.
    static bool fromJson(const QJsonValue &value, const QString &where, ToolChoice *choice, QString *error);
    /// "auto", "required", "none", or any other text as the name of a tool (the CLI's form).
    static ToolChoice fromText(const QString &text);
    /// Why this choice does not fit \a tools (it names a tool they do not have), or empty.
    QString problemWith(const QList<ToolDefinition> &tools) const;
    /// What fromText() reads back.
    QString toText() const;

    bool operator==(const ToolChoice &other) const = default;
};
