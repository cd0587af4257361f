// SPDX-License-Identifier: MIT
// A JSON Schema, JSON mode, tools and each tool choice in every wire format's request body,
// exactly as each provider documents them; nothing of them when unset; what a provider cannot
// express refused before sending (WireProtocol::requestProblem). The OpenAI Chat, Responses and
// Anthropic bodies are checked against the official schemas in ../shared/reference/specs by
// tests/schemas/validate_request.py (python3 jsonschema); a wrong body proves the check can fail.
#include "OfficialSchemas.h"
#include "ProtocolFactory.h"
#include "WireProtocol.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

const QJsonObject kSchema = parse(R"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false})");
const QJsonObject kParameters = parse(R"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"]})");

ChatRequest plain(const QString &model = QStringLiteral("m"))
{
    ChatRequest chat;
    chat.model = model;
    chat.prompt = QStringLiteral("Weather in Oslo?");
    return chat;
}

ChatRequest withSchema(const QString &model = QStringLiteral("m"))
{
    ChatRequest chat = plain(model);
    chat.outputFormat = OutputFormat{OutputFormat::Kind::JsonSchema, QStringLiteral("weather"), kSchema};
    return chat;
}

ChatRequest withJsonMode()
{
    ChatRequest chat = plain();
    chat.outputFormat.kind = OutputFormat::Kind::JsonObject;
    return chat;
}

ChatRequest withTools(ToolChoice choice, const QString &model = QStringLiteral("m"))
{
    ChatRequest chat = plain(model);
    chat.tools = {ToolDefinition{QStringLiteral("get_weather"), QStringLiteral("Current weather"), kParameters},
                  ToolDefinition{QStringLiteral("get_time"), QString(), {}}};
    chat.toolChoice = choice;
    return chat;
}

QJsonObject body(ProviderKind kind, const ChatRequest &chat)
{
    return QJsonDocument::fromJson(ProtocolFactory::create(kind)->requestBody(chat)).object();
}

QString compact(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isString())
        return QLatin1Char('"') + value.toString() + QLatin1Char('"');
    return value.isUndefined() ? QStringLiteral("<absent>") : QStringLiteral("<other>");
}

const QString kSchemaText = compact(kSchema);
const QString kParametersText = compact(kParameters);

ToolChoice named(const QString &name)
{
    return ToolChoice{ToolChoice::Mode::Named, name};
}
} // namespace

class TestStructuredWire : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void nothingWhenUnset_data();
    void nothingWhenUnset();
    void schemaPerProvider();
    void jsonModePerProvider();
    void anthropicKeepsEffortBesideFormat();
    void toolsPerProvider();
    void toolChoicePerProvider_data();
    void toolChoicePerProvider();
    void ollamaCannotForceATool();
    void officialSchemasAccept_data();
    void officialSchemasAccept();
    void officialSchemaRefusesAWrongToolChoice();

private:
    int validate(const QString &spec, const QString &component, const QJsonObject &json, QString *output, bool relax = false);
    QTemporaryDir m_dir;
};

void TestStructuredWire::initTestCase()
{
    const QString missing = OfficialSchemas::missing();
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
}

int TestStructuredWire::validate(const QString &spec, const QString &component, const QJsonObject &json, QString *output, bool relax)
{
    return OfficialSchemas::validate(m_dir.path(), spec, component, json, output, relax);
}

void TestStructuredWire::nothingWhenUnset_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("openai") << int(ProviderKind::OpenAI);
    QTest::newRow("responses") << int(ProviderKind::OpenAIResponses);
    QTest::newRow("anthropic") << int(ProviderKind::Anthropic);
    QTest::newRow("gemini") << int(ProviderKind::Gemini);
    QTest::newRow("ollama") << int(ProviderKind::Ollama);
}

void TestStructuredWire::nothingWhenUnset()
{
    QFETCH(int, kind);
    const QJsonObject json = body(ProviderKind(kind), plain());
    QVERIFY(!json.isEmpty());
    for (const char *key : {"response_format", "tools", "tool_choice", "text", "output_config", "toolConfig", "format"})
        QVERIFY2(!json.contains(QLatin1String(key)), key);
    const QJsonObject config = json.value(QLatin1String("generationConfig")).toObject();
    QVERIFY(!config.contains(QLatin1String("responseMimeType")));
    QVERIFY(!config.contains(QLatin1String("responseJsonSchema")));
    QVERIFY(ProtocolFactory::create(ProviderKind(kind))->requestProblem(plain()).isEmpty());
    // Tool choice alone, without tools, sends nothing either.
    ChatRequest choiceOnly = plain();
    choiceOnly.toolChoice = ToolChoice{ToolChoice::Mode::Required, {}};
    const QJsonObject json2 = body(ProviderKind(kind), choiceOnly);
    QVERIFY(!json2.contains(QLatin1String("tool_choice")));
    QVERIFY(!json2.contains(QLatin1String("toolConfig")));
}

void TestStructuredWire::schemaPerProvider()
{
    QCOMPARE(compact(body(ProviderKind::OpenAI, withSchema()).value(QLatin1String("response_format"))),
             QStringLiteral(R"({"json_schema":{"name":"weather","schema":%1,"strict":true},"type":"json_schema"})").arg(kSchemaText));
    QCOMPARE(compact(body(ProviderKind::OpenAIResponses, withSchema()).value(QLatin1String("text"))),
             QStringLiteral(R"({"format":{"name":"weather","schema":%1,"strict":true,"type":"json_schema"}})").arg(kSchemaText));
    QCOMPARE(compact(body(ProviderKind::Anthropic, withSchema()).value(QLatin1String("output_config"))),
             QStringLiteral(R"({"format":{"schema":%1,"type":"json_schema"}})").arg(kSchemaText));
    const QJsonObject gemini = body(ProviderKind::Gemini, withSchema()).value(QLatin1String("generationConfig")).toObject();
    QCOMPARE(gemini.value(QLatin1String("responseMimeType")).toString(), QStringLiteral("application/json"));
    QCOMPARE(compact(gemini.value(QLatin1String("responseJsonSchema"))), kSchemaText);
    QCOMPARE(compact(body(ProviderKind::Ollama, withSchema()).value(QLatin1String("format"))), kSchemaText);
    for (const ProviderKind kind : {ProviderKind::OpenAI, ProviderKind::OpenAIResponses, ProviderKind::Anthropic, ProviderKind::Gemini, ProviderKind::Ollama})
        QVERIFY(ProtocolFactory::create(kind)->requestProblem(withSchema()).isEmpty());
}

void TestStructuredWire::jsonModePerProvider()
{
    QCOMPARE(compact(body(ProviderKind::OpenAI, withJsonMode()).value(QLatin1String("response_format"))), QStringLiteral(R"({"type":"json_object"})"));
    QCOMPARE(compact(body(ProviderKind::OpenAIResponses, withJsonMode()).value(QLatin1String("text"))),
             QStringLiteral(R"({"format":{"type":"json_object"}})"));
    const QJsonObject gemini = body(ProviderKind::Gemini, withJsonMode()).value(QLatin1String("generationConfig")).toObject();
    QCOMPARE(gemini.value(QLatin1String("responseMimeType")).toString(), QStringLiteral("application/json"));
    QVERIFY(!gemini.contains(QLatin1String("responseJsonSchema")));
    QCOMPARE(compact(body(ProviderKind::Ollama, withJsonMode()).value(QLatin1String("format"))), QStringLiteral(R"("json")"));
    // Anthropic has no JSON mode: refused before sending, never sent as something else.
    QCOMPARE(ProtocolFactory::create(ProviderKind::Anthropic)->requestProblem(withJsonMode()),
             QStringLiteral("Anthropic has no JSON mode; give a schema"));
    QVERIFY(!body(ProviderKind::Anthropic, withJsonMode()).contains(QLatin1String("output_config")));
    for (const ProviderKind kind : {ProviderKind::OpenAI, ProviderKind::OpenAIResponses, ProviderKind::Gemini, ProviderKind::Ollama})
        QVERIFY(ProtocolFactory::create(kind)->requestProblem(withJsonMode()).isEmpty());
}

void TestStructuredWire::anthropicKeepsEffortBesideFormat()
{
    ChatRequest chat = withSchema(QStringLiteral("claude-opus-4-6"));
    chat.params.reasoning = ReasoningLevel::High;
    chat.reasoningStyle = ReasoningStyle::Effort;
    const QJsonObject config = body(ProviderKind::Anthropic, chat).value(QLatin1String("output_config")).toObject();
    QCOMPARE(config.value(QLatin1String("effort")).toString(), QStringLiteral("high"));
    QCOMPARE(compact(config.value(QLatin1String("format"))), QStringLiteral(R"({"schema":%1,"type":"json_schema"})").arg(kSchemaText));
}

void TestStructuredWire::toolsPerProvider()
{
    const ChatRequest chat = withTools(ToolChoice{});
    const QString chatTools = QStringLiteral(R"([{"function":{"description":"Current weather","name":"get_weather","parameters":%1},"type":"function"},)"
                                             R"({"function":{"name":"get_time"},"type":"function"}])")
                                  .arg(kParametersText);
    QCOMPARE(compact(body(ProviderKind::OpenAI, chat).value(QLatin1String("tools"))), chatTools);
    QCOMPARE(compact(body(ProviderKind::Ollama, chat).value(QLatin1String("tools"))), chatTools);
    QCOMPARE(compact(body(ProviderKind::OpenAIResponses, chat).value(QLatin1String("tools"))),
             QStringLiteral(R"([{"description":"Current weather","name":"get_weather","parameters":%1,"strict":false,"type":"function"},)"
                            R"({"name":"get_time","parameters":{"properties":{},"type":"object"},"strict":false,"type":"function"}])")
                 .arg(kParametersText));
    QCOMPARE(compact(body(ProviderKind::Anthropic, chat).value(QLatin1String("tools"))),
             QStringLiteral(R"([{"description":"Current weather","input_schema":%1,"name":"get_weather"},)"
                            R"({"input_schema":{"type":"object"},"name":"get_time"}])")
                 .arg(kParametersText));
    QCOMPARE(compact(body(ProviderKind::Gemini, chat).value(QLatin1String("tools"))),
             QStringLiteral(R"([{"functionDeclarations":[{"description":"Current weather","name":"get_weather","parameters":%1},{"name":"get_time"}]}])")
                 .arg(kParametersText));
}

void TestStructuredWire::toolChoicePerProvider_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("openai");
    QTest::addColumn<QString>("responses");
    QTest::addColumn<QString>("anthropic");
    QTest::addColumn<QString>("gemini");
    QTest::newRow("auto") << int(ToolChoice::Mode::Auto) << R"("auto")" << R"("auto")" << R"({"type":"auto"})"
                          << R"({"functionCallingConfig":{"mode":"AUTO"}})";
    QTest::newRow("required") << int(ToolChoice::Mode::Required) << R"("required")" << R"("required")" << R"({"type":"any"})"
                              << R"({"functionCallingConfig":{"mode":"ANY"}})";
    QTest::newRow("none") << int(ToolChoice::Mode::None) << R"("none")" << R"("none")" << R"({"type":"none"})"
                          << R"({"functionCallingConfig":{"mode":"NONE"}})";
    QTest::newRow("named") << int(ToolChoice::Mode::Named) << R"({"function":{"name":"get_weather"},"type":"function"})"
                           << R"({"name":"get_weather","type":"function"})" << R"({"name":"get_weather","type":"tool"})"
                           << R"({"functionCallingConfig":{"allowedFunctionNames":["get_weather"],"mode":"ANY"}})";
}

void TestStructuredWire::toolChoicePerProvider()
{
    QFETCH(int, mode);
    QFETCH(QString, openai);
    QFETCH(QString, responses);
    QFETCH(QString, anthropic);
    QFETCH(QString, gemini);
    const ToolChoice choice{ToolChoice::Mode(mode), mode == int(ToolChoice::Mode::Named) ? QStringLiteral("get_weather") : QString()};
    const ChatRequest chat = withTools(choice);
    QCOMPARE(compact(body(ProviderKind::OpenAI, chat).value(QLatin1String("tool_choice"))), openai);
    QCOMPARE(compact(body(ProviderKind::OpenAIResponses, chat).value(QLatin1String("tool_choice"))), responses);
    QCOMPARE(compact(body(ProviderKind::Anthropic, chat).value(QLatin1String("tool_choice"))), anthropic);
    QCOMPARE(compact(body(ProviderKind::Gemini, chat).value(QLatin1String("toolConfig"))), gemini);
    // Ollama takes no tool choice: never a tool_choice field.
    QVERIFY(!body(ProviderKind::Ollama, chat).contains(QLatin1String("tool_choice")));
}

void TestStructuredWire::ollamaCannotForceATool()
{
    const auto ollama = ProtocolFactory::create(ProviderKind::Ollama);
    QVERIFY(ollama->requestProblem(withTools(ToolChoice{})).isEmpty());
    QVERIFY(ollama->requestProblem(withTools(ToolChoice{ToolChoice::Mode::None, {}})).isEmpty());
    // "none" offers no tools at all.
    QVERIFY(!body(ProviderKind::Ollama, withTools(ToolChoice{ToolChoice::Mode::None, {}})).contains(QLatin1String("tools")));
    QVERIFY(ollama->requestProblem(withTools(ToolChoice{ToolChoice::Mode::Required, {}})).contains(QLatin1String("Ollama cannot be made to call a tool")));
    QVERIFY(ollama->requestProblem(withTools(named(QStringLiteral("get_time")))).contains(QLatin1String("tool choice auto or none")));
}

void TestStructuredWire::officialSchemasAccept_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("component");
    QTest::addColumn<bool>("relax");
    QTest::addColumn<int>("format"); // OutputFormat::Kind, or -1 for none
    QTest::addColumn<int>("choice");
    const QString openai = QStringLiteral("openai-openapi.prism-v1.json");
    for (const int choice : {int(ToolChoice::Mode::Auto), int(ToolChoice::Mode::Required), int(ToolChoice::Mode::None), int(ToolChoice::Mode::Named)}) {
        QTest::addRow("chat schema, choice %d", choice) << int(ProviderKind::OpenAI) << openai << "CreateChatCompletionRequest" << false
                                                       << int(OutputFormat::Kind::JsonSchema) << choice;
        QTest::addRow("responses schema, choice %d", choice) << int(ProviderKind::OpenAIResponses) << openai << "CreateResponse" << true
                                                            << int(OutputFormat::Kind::JsonSchema) << choice;
    }
    QTest::newRow("chat json mode") << int(ProviderKind::OpenAI) << openai << "CreateChatCompletionRequest" << false
                                    << int(OutputFormat::Kind::JsonObject) << int(ToolChoice::Mode::Auto);
    QTest::newRow("responses json mode") << int(ProviderKind::OpenAIResponses) << openai << "CreateResponse" << true
                                         << int(OutputFormat::Kind::JsonObject) << int(ToolChoice::Mode::Auto);
    // The stored Anthropic spec (November 2024) predates output_config and tool_choice "none":
    // its bodies are checked for tools and the choices it knows.
    for (const int choice : {int(ToolChoice::Mode::Auto), int(ToolChoice::Mode::Required), int(ToolChoice::Mode::Named)})
        QTest::addRow("anthropic tools, choice %d", choice) << int(ProviderKind::Anthropic) << "anthropic.prism.json" << "CreateMessageParams"
                                                           << false << -1 << choice;
}

void TestStructuredWire::officialSchemasAccept()
{
    QFETCH(int, kind);
    QFETCH(QString, spec);
    QFETCH(QString, component);
    QFETCH(bool, relax);
    QFETCH(int, format);
    QFETCH(int, choice);
    const QString model = kind == int(ProviderKind::Anthropic) ? QStringLiteral("claude-3-5-sonnet-20241022") : QStringLiteral("gpt-4o-mini");
    ChatRequest chat = withTools(ToolChoice{ToolChoice::Mode(choice), choice == int(ToolChoice::Mode::Named) ? QStringLiteral("get_weather") : QString()}, model);
    if (format >= 0)
        chat.outputFormat = OutputFormat{OutputFormat::Kind(format), QStringLiteral("weather"), format == int(OutputFormat::Kind::JsonSchema) ? kSchema : QJsonObject()};
    const QJsonObject json = body(ProviderKind(kind), chat);
    QVERIFY(json.contains(QLatin1String("tools")));
    QString output;
    QCOMPARE(validate(spec, component, json, &output, relax), 0);
    QVERIFY2(output.trimmed().endsWith(QLatin1String(": valid")) && !output.contains(QLatin1String("invalid")), qPrintable(output));
}

void TestStructuredWire::officialSchemaRefusesAWrongToolChoice()
{
    // Anthropic's choice in an OpenAI body, and OpenAI's in an Anthropic body: each refused.
    QJsonObject chat = body(ProviderKind::OpenAI, withTools(ToolChoice{}, QStringLiteral("gpt-4o-mini")));
    chat.insert(QStringLiteral("tool_choice"), parse(R"({"type":"any"})"));
    QString output;
    QCOMPARE(validate(QStringLiteral("openai-openapi.prism-v1.json"), QStringLiteral("CreateChatCompletionRequest"), chat, &output), 1);
    QVERIFY2(output.contains(QLatin1String("tool_choice")), qPrintable(output));
    QJsonObject anthropic = body(ProviderKind::Anthropic, withTools(ToolChoice{}, QStringLiteral("claude-3-5-sonnet-20241022")));
    anthropic.insert(QStringLiteral("tool_choice"), QStringLiteral("required"));
    QCOMPARE(validate(QStringLiteral("anthropic.prism.json"), QStringLiteral("CreateMessageParams"), anthropic, &output), 1);
    QVERIFY2(output.contains(QLatin1String("tool_choice")), qPrintable(output));
}

QTEST_GUILESS_MAIN(TestStructuredWire)
#include "tst_structured_wire.moc"
