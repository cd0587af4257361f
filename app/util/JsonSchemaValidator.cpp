// SPDX-License-Identifier: MIT
#include "JsonSchemaValidator.h"

#include <QJsonDocument>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/pointer.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace {
constexpr unsigned kParseFlags = rapidjson::kParseFullPrecisionFlag;
constexpr qsizetype kShownValue = 80; // characters of a value quoted in a message

QString shown(const rapidjson::Value &value)
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value.Accept(writer);
    QString text = QString::fromUtf8(buffer.GetString(), qsizetype(buffer.GetSize()));
    if (text.size() > kShownValue)
        text = text.left(kShownValue - 3) + QStringLiteral("...");
    return text;
}

/// Parses \a utf8; on failure fills \a verdict with the reason and the offset in characters.
bool parse(const QByteArray &utf8, rapidjson::Document &document, JsonVerdict &verdict)
{
    document.Parse<kParseFlags>(utf8.constData(), size_t(utf8.size()));
    if (!document.HasParseError())
        return true;
    const auto offset = QString::fromUtf8(utf8.left(qsizetype(document.GetErrorOffset()))).size();
    verdict.valid = false;
    verdict.parsed = false;
    verdict.message = QStringLiteral("not JSON: %1 (at character %2)")
                          .arg(QString::fromUtf8(rapidjson::GetParseError_En(document.GetParseError())))
                          .arg(offset);
    return false;
}

/// RapidJSON 1.1.0 reads an unset subschema (an assertion, undefined behaviour without one) when
/// a key matches "patternProperties" while "additionalProperties" is false. "Additional
/// properties must fit {"not": {}}" says the same and takes the library's working path.
void avoidPatternPropertiesBug(rapidjson::Value &schema, rapidjson::Document::AllocatorType &allocator)
{
    if (schema.IsArray()) {
        for (rapidjson::Value &item : schema.GetArray())
            avoidPatternPropertiesBug(item, allocator);
        return;
    }
    if (!schema.IsObject())
        return;
    const auto additional = schema.FindMember("additionalProperties");
    if (schema.HasMember("patternProperties") && additional != schema.MemberEnd() && additional->value.IsFalse()) {
        additional->value.SetObject();
        additional->value.AddMember("not", rapidjson::Value(rapidjson::kObjectType), allocator);
    }
    for (auto &member : schema.GetObject()) {
        // Values, not schemas: an enum's or a default's objects stay as they are.
        if (member.name != "enum" && member.name != "default")
            avoidPatternPropertiesBug(member.value, allocator);
    }
}

QString pointerText(const rapidjson::Pointer &pointer)
{
    rapidjson::StringBuffer buffer;
    pointer.Stringify(buffer);
    return QString::fromUtf8(buffer.GetString(), qsizetype(buffer.GetSize()));
}

/// The readable reason: the keyword, what the schema asked, and what the answer has there.
QString describe(const QString &keyword, const QString &schemaPointer, const rapidjson::Value *rule,
                 const rapidjson::Value *actual)
{
    if (keyword == QLatin1String("required") && rule && rule->IsArray() && actual && actual->IsObject()) {
        for (const rapidjson::Value &name : rule->GetArray()) {
            if (name.IsString() && !actual->HasMember(name))
                return QStringLiteral("required: missing %1").arg(shown(name));
        }
    }
    // The {"not": {}} avoidPatternPropertiesBug() put in place of "additionalProperties": false.
    const bool forbidden = keyword == QLatin1String("not") && schemaPointer.endsWith(QLatin1String("/additionalProperties"));
    if ((keyword == QLatin1String("additionalProperties") && rule && rule->IsFalse()) || forbidden)
        return QStringLiteral("additionalProperties: a property the schema does not allow");
    QString message = keyword;
    if (rule)
        message += QStringLiteral(": expected %1").arg(shown(*rule));
    if (actual)
        message += QStringLiteral(", got %1").arg(shown(*actual));
    return message;
}
} // namespace

QString JsonVerdict::errorText() const
{
    if (valid)
        return {};
    const QString prefix = subject.isEmpty() ? QString() : subject + QLatin1Char(' ');
    if (!parsed)
        return prefix + message;
    return prefix + (pointer.isEmpty() ? QStringLiteral("(root)") : pointer) + QStringLiteral(": ") + message;
}

struct JsonSchemaValidator::Compiled {
    rapidjson::Document schemaDocument;
    std::unique_ptr<rapidjson::SchemaDocument> schema;
};

JsonSchemaValidator::JsonSchemaValidator(const QJsonObject &schema)
{
    auto compiled = std::make_shared<Compiled>();
    const QByteArray text = QJsonDocument(schema).toJson(QJsonDocument::Compact);
    compiled->schemaDocument.Parse<kParseFlags>(text.constData(), size_t(text.size()));
    avoidPatternPropertiesBug(compiled->schemaDocument, compiled->schemaDocument.GetAllocator());
    // No remote document provider: a remote $ref never resolves, and nothing is fetched.
    compiled->schema = std::make_unique<rapidjson::SchemaDocument>(compiled->schemaDocument);
    m_compiled = std::move(compiled);
}

JsonSchemaValidator::~JsonSchemaValidator() = default;
JsonSchemaValidator::JsonSchemaValidator(const JsonSchemaValidator &other) = default;
JsonSchemaValidator &JsonSchemaValidator::operator=(const JsonSchemaValidator &other) = default;

JsonVerdict JsonSchemaValidator::validate(const QString &json) const
{
    JsonVerdict verdict;
    rapidjson::Document document;
    if (!parse(json.toUtf8(), document, verdict))
        return verdict;
    rapidjson::SchemaValidator validator(*m_compiled->schema);
    if (document.Accept(validator))
        return verdict;
    verdict.valid = false;
    const QString keyword = QString::fromUtf8(validator.GetInvalidSchemaKeyword());
    const rapidjson::Pointer documentPointer = validator.GetInvalidDocumentPointer();
    const rapidjson::Pointer schemaPointer = validator.GetInvalidSchemaPointer();
    const rapidjson::Value *subschema = schemaPointer.Get(m_compiled->schemaDocument);
    const rapidjson::Value *rule = nullptr;
    if (subschema && subschema->IsObject()) {
        const auto member = subschema->FindMember(keyword.toUtf8().constData());
        if (member != subschema->MemberEnd())
            rule = &member->value;
    }
    verdict.pointer = pointerText(documentPointer);
    verdict.message = describe(keyword, pointerText(schemaPointer), rule, documentPointer.Get(document));
    return verdict;
}

JsonVerdict JsonSchemaValidator::validate(const QJsonObject &schema, const QString &json)
{
    return JsonSchemaValidator(schema).validate(json);
}

JsonVerdict JsonSchemaValidator::validateObject(const QString &json)
{
    JsonVerdict verdict;
    rapidjson::Document document;
    if (!parse(json.toUtf8(), document, verdict))
        return verdict;
    if (!document.IsObject()) {
        verdict.valid = false;
        verdict.message = QStringLiteral("type: expected a JSON object, got %1").arg(shown(document));
    }
    return verdict;
}
