// SPDX-License-Identifier: MIT
#include "OutputFormat.h"

#include <algorithm>

QJsonObject OutputFormat::toJson() const
{
    switch (kind) {
    case Kind::Text:
        return {{QStringLiteral("type"), QStringLiteral("text")}};
    case Kind::JsonObject:
        return {{QStringLiteral("type"), QStringLiteral("json_object")}};
    case Kind::JsonSchema:
        return {{QStringLiteral("type"), QStringLiteral("json_schema")}, {QStringLiteral("name"), name}, {QStringLiteral("schema"), schema}};
    }
    return {};
}

bool OutputFormat::fromJson(const QJsonValue &value, const QString &where, OutputFormat *format, QString *error)
{
    if (!value.isObject()) {
        *error = QStringLiteral("%1 must be an object").arg(where);
        return false;
    }
    const QJsonObject object = value.toObject();
    const QJsonValue type = object.value(QLatin1String("type"));
    OutputFormat read;
    if (type == QLatin1String("text")) {
        read.kind = Kind::Text;
    } else if (type == QLatin1String("json_object")) {
        read.kind = Kind::JsonObject;
    } else if (type == QLatin1String("json_schema")) {
        read.kind = Kind::JsonSchema;
        const QJsonValue schema = object.value(QLatin1String("schema"));
        if (!schema.isObject()) {
            *error = QStringLiteral("%1.schema must be an object (a JSON Schema)").arg(where);
            return false;
        }
        read.schema = schema.toObject();
        const QJsonValue name = object.value(QLatin1String("name"));
        if (!name.isUndefined() && !name.isNull()) {
            // OpenAI's rule for json_schema.name, so that a file that loads can be sent.
            static const QString allowed = QStringLiteral("_-");
            const QString text = name.toString();
            const bool valid = name.isString() && !text.isEmpty() && text.size() <= 64
                && std::all_of(text.begin(), text.end(), [](QChar c) { return (c.isLetterOrNumber() && c.unicode() < 128) || allowed.contains(c); });
            if (!valid) {
                *error = QStringLiteral("%1.name must be 1 to 64 letters, digits, _ or -").arg(where);
                return false;
            }
            read.name = text;
        }
    } else {
        *error = QStringLiteral("%1.type must be \"text\", \"json_object\" or \"json_schema\"").arg(where);
        return false;
    }
    *format = read;
    return true;
}
