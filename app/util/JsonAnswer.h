// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>

/// The JSON an answer holds. Models often wrap JSON in one Markdown fence (```json ... ```); the
/// fence is presentation, not content, so every JSON reading of an answer (validation, checks,
/// diff, similarity) looks inside it.
class JsonAnswer
{
public:
    /// The answer trimmed, or the inside of its single fenced block.
    static QString body(const QString &answer);
    /// body() parsed as any JSON value (scalars too); nullopt when it is not JSON.
    static std::optional<QJsonValue> parse(const QString &answer);
    /// \a value as compact JSON text (scalars too).
    static QString compact(const QJsonValue &value);
};
