// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

#include <memory>

/// Whether one JSON text fits: valid, or the first error found.
struct JsonVerdict {
    bool valid = true;
    /// False when the text is not JSON at all (message then says why, with the offset).
    bool parsed = true;
    /// Where the first error is in the checked JSON, as a JSON pointer ("" = the whole value).
    QString pointer;
    /// The failing keyword and what it expected ("type: expected \"integer\", got \"3\"").
    QString message;
    /// What was checked when it is not the answer itself ("tool call 1 (get_weather)").
    QString subject;

    /// "" when valid; otherwise "[subject ]pointer: message", the root written as "(root)", or
    /// "[subject ]message" for a text that is not JSON.
    QString errorText() const;
    bool operator==(const JsonVerdict &other) const = default;
};

/// JSON Schema (draft-04) validation by RapidJSON's schema validator. The schema is compiled
/// once; validate() is const and may run on several threads at once. Remote $refs are not
/// fetched: nothing goes to the network.
class JsonSchemaValidator
{
public:
    explicit JsonSchemaValidator(const QJsonObject &schema);
    ~JsonSchemaValidator();
    JsonSchemaValidator(const JsonSchemaValidator &other);
    JsonSchemaValidator &operator=(const JsonSchemaValidator &other);

    /// \a json (UTF-8 JSON text of any value) against the schema.
    JsonVerdict validate(const QString &json) const;

    /// One-off: \a json against \a schema.
    static JsonVerdict validate(const QJsonObject &schema, const QString &json);
    /// JSON mode: valid when \a json parses as a JSON object.
    static JsonVerdict validateObject(const QString &json);

private:
    struct Compiled;
    std::shared_ptr<const Compiled> m_compiled;
};
