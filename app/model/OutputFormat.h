// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QJsonValue>
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

    /// {"type":"text"}, {"type":"json_object"} or {"type":"json_schema","name":N,"schema":{...}}.
    QJsonObject toJson() const;
    /// Reads what toJson() wrote; false with \a error naming \a where and the field.
    static bool fromJson(const QJsonValue &value, const QString &where, OutputFormat *format, QString *error);
    bool operator==(const OutputFormat &other) const = default;
};
