// SPDX-License-Identifier: MIT
// JsonSchemaValidator and AnswerValidation: the first error's pointer and message, an answer
// that is not JSON, JSON mode, tool call arguments and unknown tools; and the quick checks that
// read an answer's JSON (matches the schema, JSON path equals / contains, calls tool, same JSON).
#include "AnswerValidation.h"
#include "CellResult.h"
#include "CellSpec.h"
#include "JsonAnswer.h"
#include "JsonSchemaValidator.h"
#include "QuickCheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {
QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

/// {"name": string, "age": integer >= 0, "tags": [string]}, name and age required, nothing else.
QJsonObject personSchema()
{
    return object(R"({"type":"object","properties":{"name":{"type":"string"},
        "age":{"type":"integer","minimum":0},"tags":{"type":"array","items":{"type":"string"}}},
        "required":["name","age"],"additionalProperties":false})");
}

CellResult ok(const QString &text, const QList<ToolCall> &calls = {})
{
    CellResult result;
    result.status = CellStatus::Ok;
    result.text = text;
    result.toolCalls = calls;
    return result;
}

CellSpec schemaSpec(const QJsonObject &schema)
{
    CellSpec spec;
    spec.outputFormat.kind = OutputFormat::Kind::JsonSchema;
    spec.outputFormat.schema = schema;
    return spec;
}

ToolDefinition weatherTool()
{
    ToolDefinition tool;
    tool.name = QStringLiteral("get_weather");
    tool.description = QStringLiteral("The weather in a city");
    tool.parameters = object(R"({"type":"object","properties":{"city":{"type":"string"},
        "unit":{"enum":["c","f"]}},"required":["city"]})");
    return tool;
}

QuickCheck check(QuickCheck::Kind kind, const QString &text = {}, const QString &path = {})
{
    QuickCheck c;
    c.kind = kind;
    c.text = text;
    c.path = path;
    return c;
}
} // namespace

class TestJsonValidation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validAnswer()
    {
        const JsonVerdict verdict = JsonSchemaValidator::validate(personSchema(), QStringLiteral(R"({"name":"Ada","age":36})"));
        QVERIFY(verdict.valid);
        QVERIFY(verdict.parsed);
        QVERIFY(verdict.errorText().isEmpty());
    }

    void firstErrorPointerAndMessage_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("message");
        QTest::addRow("wrong type, nested") << QStringLiteral(R"({"name":"Ada","age":36,"tags":["a",7]})")
                                            << QStringLiteral("/tags/1") << QStringLiteral("type: expected \"string\", got 7");
        QTest::addRow("below the minimum") << QStringLiteral(R"({"name":"Ada","age":-1})") << QStringLiteral("/age")
                                           << QStringLiteral("minimum: expected 0, got -1");
        QTest::addRow("missing property") << QStringLiteral(R"({"name":"Ada"})") << QString()
                                          << QStringLiteral("required: missing \"age\"");
        QTest::addRow("extra property") << QStringLiteral(R"({"name":"Ada","age":1,"x":true})") << QStringLiteral("/x")
                                        << QStringLiteral("additionalProperties: a property the schema does not allow");
        QTest::addRow("root type") << QStringLiteral("[1]") << QString()
                                   << QStringLiteral("type: expected \"object\", got [1]");
    }

    void firstErrorPointerAndMessage()
    {
        QFETCH(QString, answer);
        QFETCH(QString, pointer);
        QFETCH(QString, message);
        const JsonVerdict verdict = JsonSchemaValidator::validate(personSchema(), answer);
        QVERIFY(!verdict.valid);
        QVERIFY(verdict.parsed);
        QCOMPARE(verdict.pointer, pointer);
        QCOMPARE(verdict.message, message);
        QCOMPARE(verdict.errorText(), (pointer.isEmpty() ? QStringLiteral("(root)") : pointer) + QStringLiteral(": ") + message);
    }

    void patternPropertiesWithNoAdditionalProperties()
    {
        // RapidJSON 1.1.0 asserts on this shape unless the validator works around it.
        const QJsonObject schema = object(R"({"patternProperties":{"^x_":{"type":"integer"}},"additionalProperties":false})");
        QVERIFY(JsonSchemaValidator::validate(schema, QStringLiteral(R"({"x_a":1})")).valid);
        const JsonVerdict wrong = JsonSchemaValidator::validate(schema, QStringLiteral(R"({"x_a":"one"})"));
        QVERIFY(!wrong.valid);
        const JsonVerdict extra = JsonSchemaValidator::validate(schema, QStringLiteral(R"({"y":1})"));
        QVERIFY(!extra.valid);
        QCOMPARE(extra.pointer, QStringLiteral("/y"));
        QCOMPARE(extra.message, QStringLiteral("additionalProperties: a property the schema does not allow"));
    }

    void localReference()
    {
        // (Not a raw string: moc reads "#/" in one as a directive.)
        const QJsonObject schema = object("{\"definitions\":{\"id\":{\"type\":\"integer\"}},"
                                          "\"properties\":{\"id\":{\"$ref\":\"#/definitions/id\"}}}");
        QVERIFY(JsonSchemaValidator::validate(schema, QStringLiteral(R"({"id":3})")).valid);
        const JsonVerdict verdict = JsonSchemaValidator::validate(schema, QStringLiteral(R"({"id":"3"})"));
        QVERIFY(!verdict.valid);
        QCOMPARE(verdict.pointer, QStringLiteral("/id"));
    }

    void notJson()
    {
        const JsonVerdict verdict = JsonSchemaValidator::validate(personSchema(), QStringLiteral(R"({"name": "Ada", })"));
        QVERIFY(!verdict.valid);
        QVERIFY(!verdict.parsed);
        QVERIFY2(verdict.message.startsWith(QLatin1String("not JSON: ")), qPrintable(verdict.message));
        QVERIFY2(verdict.message.endsWith(QLatin1String("(at character 16)")), qPrintable(verdict.message));
        QCOMPARE(verdict.errorText(), verdict.message);
        // The offset counts characters, not UTF-8 bytes.
        const JsonVerdict accented = JsonSchemaValidator::validateObject(QStringLiteral("{\"é\":1,}"));
        QVERIFY2(accented.message.endsWith(QLatin1String("(at character 7)")), qPrintable(accented.message));
        QVERIFY(!JsonSchemaValidator::validate(personSchema(), QStringLiteral("Sure! Here is the JSON")).parsed);
        QVERIFY(!JsonSchemaValidator::validate(personSchema(), QString()).parsed);
        // Two values are not one answer.
        QVERIFY(!JsonSchemaValidator::validateObject(QStringLiteral("{} {}")).valid);
    }

    void jsonMode()
    {
        QVERIFY(JsonSchemaValidator::validateObject(QStringLiteral(R"({"a":[1,2]})")).valid);
        const JsonVerdict array = JsonSchemaValidator::validateObject(QStringLiteral("[1,2]"));
        QVERIFY(!array.valid);
        QVERIFY(array.parsed);
        QCOMPARE(array.message, QStringLiteral("type: expected a JSON object, got [1,2]"));
        CellSpec spec;
        spec.outputFormat.kind = OutputFormat::Kind::JsonObject;
        QVERIFY(AnswerValidation::validate(spec, ok(QStringLiteral(R"({"a":1})")))->valid);
        QVERIFY(!AnswerValidation::validate(spec, ok(QStringLiteral("42")))->valid);
        QVERIFY(!AnswerValidation::validate(spec, ok(QStringLiteral("forty-two")))->valid);
    }

    void answerOfACell()
    {
        const CellSpec spec = schemaSpec(personSchema());
        QVERIFY(AnswerValidation::isValidated(spec));
        QVERIFY(AnswerValidation::validate(spec, ok(QStringLiteral(R"({"name":"Ada","age":36})")))->valid);
        // One Markdown fence around the JSON is presentation.
        QVERIFY(AnswerValidation::validate(spec, ok(QStringLiteral("```json\n{\"name\":\"Ada\",\"age\":36}\n```")))->valid);
        const auto invalid = AnswerValidation::validate(spec, ok(QStringLiteral(R"({"name":"Ada","age":"old"})")));
        QVERIFY(invalid && !invalid->valid);
        QCOMPARE(invalid->errorText(), QStringLiteral("/age: type: expected \"integer\", got \"old\""));
        // Nothing asked: no verdict; no answer (failed, running): no verdict.
        QVERIFY(!AnswerValidation::isValidated(CellSpec()));
        QVERIFY(!AnswerValidation::validate(CellSpec(), ok(QStringLiteral("{}"))));
        CellResult failed;
        failed.status = CellStatus::Error;
        QVERIFY(!AnswerValidation::validate(spec, failed));
        CellResult running;
        running.status = CellStatus::Running;
        running.text = QStringLiteral("{");
        QVERIFY(!AnswerValidation::validate(spec, running));
        // An incomplete answer with text is judged as it stands.
        CellResult cut = ok(QStringLiteral("{\"name\":\"Ad"));
        cut.status = CellStatus::Incomplete;
        QVERIFY(!AnswerValidation::validate(spec, cut)->parsed);
    }

    void toolCallArguments()
    {
        CellSpec spec;
        spec.tools = {weatherTool()};
        QVERIFY(AnswerValidation::isValidated(spec));
        // A free-text answer without a call asks nothing of the tools.
        QVERIFY(!AnswerValidation::validate(spec, ok(QStringLiteral("It is sunny."))));
        const ToolCall good{QStringLiteral("call_1"), QStringLiteral("get_weather"), QStringLiteral(R"({"city":"Paris","unit":"c"})")};
        QVERIFY(AnswerValidation::validate(spec, ok(QString(), {good}))->valid);
        const ToolCall badUnit{QStringLiteral("call_2"), QStringLiteral("get_weather"), QStringLiteral(R"({"city":"Paris","unit":"k"})")};
        const auto verdict = AnswerValidation::validate(spec, ok(QString(), {good, badUnit}));
        QVERIFY(verdict && !verdict->valid);
        QCOMPARE(verdict->subject, QStringLiteral("tool call 2 (get_weather)"));
        QCOMPARE(verdict->pointer, QStringLiteral("/unit"));
        QVERIFY2(verdict->message.startsWith(QLatin1String("enum: expected [\"c\",\"f\"]")), qPrintable(verdict->message));
        QCOMPARE(verdict->errorText(), QStringLiteral("tool call 2 (get_weather) /unit: ") + verdict->message);
        const ToolCall missing{QStringLiteral("call_3"), QStringLiteral("get_weather"), QStringLiteral("{}")};
        QCOMPARE(AnswerValidation::validate(spec, ok(QString(), {missing}))->message, QStringLiteral("required: missing \"city\""));
        const ToolCall broken{QStringLiteral("call_4"), QStringLiteral("get_weather"), QStringLiteral(R"({"city":)")};
        QVERIFY(!AnswerValidation::validate(spec, ok(QString(), {broken}))->parsed);
    }

    void unknownTool()
    {
        CellSpec spec;
        spec.tools = {weatherTool()};
        const ToolCall call{QStringLiteral("call_1"), QStringLiteral("get_time"), QStringLiteral("{}")};
        const auto verdict = AnswerValidation::validate(spec, ok(QString(), {call}));
        QVERIFY(verdict && !verdict->valid);
        QCOMPARE(verdict->errorText(), QStringLiteral("tool call 1 (get_time) calls a tool the comparison does not define"));
        // A call with no tools defined at all is as unknown.
        QVERIFY(!AnswerValidation::validate(CellSpec(), ok(QString(), {call}))->valid);
    }

    void schemaAndToolCallTogether()
    {
        CellSpec spec = schemaSpec(personSchema());
        spec.tools = {weatherTool()};
        const ToolCall good{QStringLiteral("c"), QStringLiteral("get_weather"), QStringLiteral(R"({"city":"Oslo"})")};
        // An answer that is only a tool call has no text to hold the JSON: its call is checked.
        QVERIFY(AnswerValidation::validate(spec, ok(QString(), {good}))->valid);
        // Text and a call: both.
        QVERIFY(!AnswerValidation::validate(spec, ok(QStringLiteral("{}"), {good}))->valid);
    }

    void jsonAnswer()
    {
        QCOMPARE(JsonAnswer::parse(QStringLiteral(" 42 ")), std::optional<QJsonValue>(QJsonValue(42)));
        QCOMPARE(JsonAnswer::parse(QStringLiteral("```\n[1]\n```"))->toArray().size(), 1);
        QVERIFY(!JsonAnswer::parse(QStringLiteral("1, 2")));
        QVERIFY(!JsonAnswer::parse(QString()));
        QCOMPARE(JsonAnswer::compact(QJsonValue(QStringLiteral("a\"b"))), QStringLiteral("\"a\\\"b\""));
    }

    void matchesTheSchemaCheck()
    {
        const QuickCheck matches = check(QuickCheck::MatchesSchema);
        QVERIFY(matches.validationError().isEmpty());
        const CellSpec spec = schemaSpec(personSchema());
        QVERIFY(matches.evaluate(spec, ok(QStringLiteral(R"({"name":"Ada","age":36})"))));
        QVERIFY(!matches.evaluate(spec, ok(QStringLiteral(R"({"name":"Ada"})"))));
        // Nothing to match: it fails rather than pass blindly.
        QVERIFY(!matches.evaluate(CellSpec(), ok(QStringLiteral("{}"))));
        QCOMPARE(matches.describe(), QStringLiteral("matches the schema"));
    }

    void jsonPathEqualsCheck()
    {
        const QString answer = QStringLiteral(R"({"city":"Paris","temp":21,"days":[{"sky":"sun"},{"sky":"rain"}],"a/b":true})");
        QVERIFY(check(QuickCheck::JsonPathEquals, QStringLiteral("21"), QStringLiteral("/temp")).evaluate(answer));
        QVERIFY(!check(QuickCheck::JsonPathEquals, QStringLiteral("22"), QStringLiteral("/temp")).evaluate(answer));
        // A value that is not JSON is a string; a quoted one too.
        QVERIFY(check(QuickCheck::JsonPathEquals, QStringLiteral("Paris"), QStringLiteral("/city")).evaluate(answer));
        QVERIFY(check(QuickCheck::JsonPathEquals, QStringLiteral("\"Paris\""), QStringLiteral("/city")).evaluate(answer));
        QVERIFY(check(QuickCheck::JsonPathEquals, QStringLiteral("rain"), QStringLiteral("/days/1/sky")).evaluate(answer));
        QVERIFY(check(QuickCheck::JsonPathEquals, QStringLiteral("true"), QStringLiteral("/a~1b")).evaluate(answer));
        QVERIFY(check(QuickCheck::JsonPathEquals, QStringLiteral(R"({"sky":"sun"})"), QStringLiteral("/days/0")).evaluate(answer));
        QVERIFY(!check(QuickCheck::JsonPathEquals, QStringLiteral("rain"), QStringLiteral("/days/2/sky")).evaluate(answer));
        QVERIFY(!check(QuickCheck::JsonPathEquals, QStringLiteral("rain"), QStringLiteral("/days/01/sky")).evaluate(answer));
        QVERIFY(!check(QuickCheck::JsonPathEquals, QStringLiteral("21"), QStringLiteral("/temp")).evaluate(QStringLiteral("temp: 21")));
        QVERIFY(check(QuickCheck::JsonPathEquals, QStringLiteral("7"), QString()).evaluate(QStringLiteral("7")));
        QVERIFY(!check(QuickCheck::JsonPathEquals, QStringLiteral("1"), QStringLiteral("temp")).validationError().isEmpty());
        QVERIFY(check(QuickCheck::JsonPathEquals, QStringLiteral("1"), QStringLiteral("/temp")).validationError().isEmpty());
        QCOMPARE(check(QuickCheck::JsonPathEquals, QStringLiteral("21"), QStringLiteral("/temp")).describe(),
                 QStringLiteral("JSON /temp equals 21"));
    }

    void jsonPathContainsCheck()
    {
        const QString answer = QStringLiteral(R"({"summary":"Rain in Paris","tags":["wet","cold"],"n":1234})");
        QVERIFY(check(QuickCheck::JsonPathContains, QStringLiteral("paris"), QStringLiteral("/summary")).evaluate(answer));
        QuickCheck sensitive = check(QuickCheck::JsonPathContains, QStringLiteral("paris"), QStringLiteral("/summary"));
        sensitive.caseSensitive = true;
        QVERIFY(!sensitive.evaluate(answer));
        QVERIFY(check(QuickCheck::JsonPathContains, QStringLiteral("cold"), QStringLiteral("/tags")).evaluate(answer));
        QVERIFY(check(QuickCheck::JsonPathContains, QStringLiteral("23"), QStringLiteral("/n")).evaluate(answer));
        QVERIFY(!check(QuickCheck::JsonPathContains, QStringLiteral("snow"), QStringLiteral("/tags")).evaluate(answer));
        QVERIFY(!check(QuickCheck::JsonPathContains, QStringLiteral("Rain"), QStringLiteral("/missing")).evaluate(answer));
        QVERIFY(!check(QuickCheck::JsonPathContains, QString(), QStringLiteral("/summary")).validationError().isEmpty());
    }

    void callsToolCheck()
    {
        const QuickCheck calls = check(QuickCheck::CallsTool, QStringLiteral("get_weather"));
        const ToolCall weather{QStringLiteral("c1"), QStringLiteral("get_weather"), QStringLiteral("{}")};
        const ToolCall time{QStringLiteral("c2"), QStringLiteral("get_time"), QStringLiteral("{}")};
        QVERIFY(calls.evaluate(CellSpec(), ok(QString(), {time, weather})));
        QVERIFY(!calls.evaluate(CellSpec(), ok(QString(), {time})));
        QVERIFY(!calls.evaluate(QStringLiteral("I would call get_weather")));
        QVERIFY(!check(QuickCheck::CallsTool).validationError().isEmpty());
        QCOMPARE(calls.describe(), QStringLiteral("calls tool get_weather"));
    }

    void sameJsonCheck()
    {
        const QuickCheck same = check(QuickCheck::SameJson, QStringLiteral(R"({"a":1,"b":[true,null]})"));
        QVERIFY(same.validationError().isEmpty());
        // Layout and key order do not count.
        QVERIFY(same.evaluate(QStringLiteral("```json\n{ \"b\": [true, null],\n  \"a\": 1.0 }\n```")));
        QVERIFY(!same.evaluate(QStringLiteral(R"({"a":1,"b":[null,true]})")));
        QVERIFY(!same.evaluate(QStringLiteral(R"({"a":1})")));
        QVERIFY(!same.evaluate(QStringLiteral("a: 1")));
        QVERIFY(!check(QuickCheck::SameJson, QStringLiteral("{a:1}")).validationError().isEmpty());
    }

    void newChecksRoundTrip()
    {
        QuickCheckSet set;
        set.addRunCheck(check(QuickCheck::MatchesSchema));
        QuickCheck contains = check(QuickCheck::JsonPathContains, QStringLiteral("Paris"), QStringLiteral("/city"));
        contains.caseSensitive = true;
        set.addRunCheck(contains);
        set.addColumnCheck(1, check(QuickCheck::JsonPathEquals, QStringLiteral("3"), QStringLiteral("/n")));
        set.addColumnCheck(1, check(QuickCheck::CallsTool, QStringLiteral("get_weather")));
        set.addColumnCheck(2, check(QuickCheck::SameJson, QStringLiteral("[1,2]")));
        const QJsonObject json = set.toJson();
        QCOMPARE(json.value(QLatin1String("run")).toArray().at(0).toObject().value(QLatin1String("kind")).toString(),
                 QStringLiteral("matches_schema"));
        QCOMPARE(json.value(QLatin1String("run")).toArray().at(1).toObject().value(QLatin1String("path")).toString(),
                 QStringLiteral("/city"));
        const QuickCheckSet back = QuickCheckSet::fromJson(QJsonDocument::fromJson(QJsonDocument(json).toJson()).object());
        QCOMPARE(back, set);
        for (QuickCheck::Kind kind : {QuickCheck::MatchesSchema, QuickCheck::JsonPathEquals, QuickCheck::JsonPathContains,
                                      QuickCheck::CallsTool, QuickCheck::SameJson})
            QCOMPARE(QuickCheck::kindFromName(QuickCheck::kindName(kind)), std::optional<QuickCheck::Kind>(kind));
    }

    void setEvaluatesAgainstTheCell()
    {
        QuickCheckSet set;
        set.addRunCheck(check(QuickCheck::MatchesSchema));
        set.addRunCheck(check(QuickCheck::JsonPathEquals, QStringLiteral("Ada"), QStringLiteral("/name")));
        const CellSpec spec = schemaSpec(personSchema());
        const CheckOutcome good = set.evaluate(spec, ok(QStringLiteral(R"({"name":"Ada","age":36})")));
        QCOMPARE(good.passed, 2);
        const CheckOutcome bad = set.evaluate(spec, ok(QStringLiteral(R"({"name":"Bob"})")));
        QCOMPARE(bad.failed, 2);
        QCOMPARE(bad.failedChecks, (QList<int>{0, 1}));
    }
};

QTEST_GUILESS_MAIN(TestJsonValidation)
#include "tst_json_validation.moc"
