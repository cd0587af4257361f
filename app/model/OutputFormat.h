// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

/// The shape an answer must take: free text, any JSON object (a provider's "JSON mode"), or
/// JSON that fits a JSON Schema (structured output). Each wire format sends it its own way.
struct OutputFormat {
    enum class Kind { Text, JsonObject, JsonSchema };
    Kind kind = Kind::Text;
    /// The schema's name where a provider asks for one (OpenAI's json_schema.name).
    QString name = QStringLiteral("answer");
    /// The JSON Schema the answer must fit (Kind::JsonSchema only).
    QJsonObject schema;

    bool isText() const { return kind == Kind::Text; }
    bool operator==(const OutputFormat &other) const = default;
};
