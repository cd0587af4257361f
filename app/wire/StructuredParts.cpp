// SPDX-License-Identifier: MIT
#include "StructuredParts.h"

#include <QJsonArray>

namespace {
using Mode = ToolChoice::Mode;

QJsonObject object(std::initializer_list<QPair<QString, QJsonValue>> fields)
{
    return QJsonObject(fields);
}

QJsonArray openAiChatTools(const QList<ToolDefinition> &tools)
{
    QJsonArray array;
    for (const ToolDefinition &tool : tools) {
        QJsonObject function{{QStringLiteral("name"), tool.name}};
        if (!tool.description.isEmpty())
            function.insert(QStringLiteral("description"), tool.description);
        if (!tool.parameters.isEmpty())
            function.insert(QStringLiteral("parameters"), tool.parameters);
        array.append(object({{QStringLiteral("type"), QStringLiteral("function")}, {QStringLiteral("function"), function}}));
    }
    return array;
}

// The plain modes as OpenAI spells them.
QString openAiMode(Mode mode)
{
    return mode == Mode::Required ? QStringLiteral("required") : mode == Mode::None ? QStringLiteral("none") : QStringLiteral("auto");
}
} // namespace

void StructuredParts::addOpenAiChat(const ChatRequest &request, QJsonObject *body)
{
    const OutputFormat &format = request.outputFormat;
    if (format.kind == OutputFormat::Kind::JsonObject) {
        body->insert(QStringLiteral("response_format"), object({{QStringLiteral("type"), QStringLiteral("json_object")}}));
    } else if (format.kind == OutputFormat::Kind::JsonSchema) {
        const QJsonObject schema{{QStringLiteral("name"), format.name}, {QStringLiteral("schema"), format.schema}, {QStringLiteral("strict"), true}};
        body->insert(QStringLiteral("response_format"),
                     object({{QStringLiteral("type"), QStringLiteral("json_schema")}, {QStringLiteral("json_schema"), schema}}));
    }
    if (request.tools.isEmpty())
        return;
    body->insert(QStringLiteral("tools"), openAiChatTools(request.tools));
    const ToolChoice &choice = request.toolChoice;
    if (choice.mode == Mode::Named)
        body->insert(QStringLiteral("tool_choice"),
                     object({{QStringLiteral("type"), QStringLiteral("function")},
                             {QStringLiteral("function"), object({{QStringLiteral("name"), choice.name}})}}));
    else
        body->insert(QStringLiteral("tool_choice"), openAiMode(choice.mode));
}

void StructuredParts::addResponses(const ChatRequest &request, QJsonObject *body)
{
    const OutputFormat &format = request.outputFormat;
    if (!format.isText()) {
        QJsonObject text = body->value(QLatin1String("text")).toObject();
        if (format.kind == OutputFormat::Kind::JsonObject)
            text.insert(QStringLiteral("format"), object({{QStringLiteral("type"), QStringLiteral("json_object")}}));
        else
            text.insert(QStringLiteral("format"), object({{QStringLiteral("type"), QStringLiteral("json_schema")},
                                                          {QStringLiteral("name"), format.name},
                                                          {QStringLiteral("schema"), format.schema},
                                                          {QStringLiteral("strict"), true}}));
        body->insert(QStringLiteral("text"), text);
    }
    if (request.tools.isEmpty())
        return;
    QJsonArray tools;
    for (const ToolDefinition &tool : request.tools) {
        QJsonObject entry{{QStringLiteral("type"), QStringLiteral("function")}, {QStringLiteral("name"), tool.name}};
        if (!tool.description.isEmpty())
            entry.insert(QStringLiteral("description"), tool.description);
        // "parameters" is required by the Responses schema; an empty object takes no arguments.
        entry.insert(QStringLiteral("parameters"), tool.parameters.isEmpty() ? object({{QStringLiteral("type"), QStringLiteral("object")}, {QStringLiteral("properties"), QJsonObject()}}) : tool.parameters);
        // strict defaults to true on Responses, which refuses most hand-written schemas.
        entry.insert(QStringLiteral("strict"), false);
        tools.append(entry);
    }
    body->insert(QStringLiteral("tools"), tools);
    const ToolChoice &choice = request.toolChoice;
    if (choice.mode == Mode::Named)
        body->insert(QStringLiteral("tool_choice"), object({{QStringLiteral("type"), QStringLiteral("function")}, {QStringLiteral("name"), choice.name}}));
    else
        body->insert(QStringLiteral("tool_choice"), openAiMode(choice.mode));
}

void StructuredParts::addAnthropic(const ChatRequest &request, QJsonObject *body)
{
    if (request.outputFormat.kind == OutputFormat::Kind::JsonSchema) {
        QJsonObject config = body->value(QLatin1String("output_config")).toObject();
        config.insert(QStringLiteral("format"), object({{QStringLiteral("type"), QStringLiteral("json_schema")},
                                                        {QStringLiteral("schema"), request.outputFormat.schema}}));
        body->insert(QStringLiteral("output_config"), config);
    }
    if (request.tools.isEmpty())
        return;
    QJsonArray tools;
    for (const ToolDefinition &tool : request.tools) {
        QJsonObject entry{{QStringLiteral("name"), tool.name}};
        if (!tool.description.isEmpty())
            entry.insert(QStringLiteral("description"), tool.description);
        // input_schema is required: a tool without parameters takes an empty object.
        entry.insert(QStringLiteral("input_schema"), tool.parameters.isEmpty() ? object({{QStringLiteral("type"), QStringLiteral("object")}}) : tool.parameters);
        tools.append(entry);
    }
    body->insert(QStringLiteral("tools"), tools);
    const ToolChoice &choice = request.toolChoice;
    switch (choice.mode) {
    case Mode::Auto:
        body->insert(QStringLiteral("tool_choice"), object({{QStringLiteral("type"), QStringLiteral("auto")}}));
        break;
    case Mode::Required:
        body->insert(QStringLiteral("tool_choice"), object({{QStringLiteral("type"), QStringLiteral("any")}}));
        break;
    case Mode::None:
        body->insert(QStringLiteral("tool_choice"), object({{QStringLiteral("type"), QStringLiteral("none")}}));
        break;
    case Mode::Named:
        body->insert(QStringLiteral("tool_choice"), object({{QStringLiteral("type"), QStringLiteral("tool")}, {QStringLiteral("name"), choice.name}}));
        break;
    }
}

void StructuredParts::addGemini(const ChatRequest &request, QJsonObject *body, QJsonObject *generationConfig)
{
    const OutputFormat &format = request.outputFormat;
    if (!format.isText()) {
        generationConfig->insert(QStringLiteral("responseMimeType"), QStringLiteral("application/json"));
        if (format.kind == OutputFormat::Kind::JsonSchema)
            generationConfig->insert(QStringLiteral("responseJsonSchema"), format.schema);
    }
    if (request.tools.isEmpty())
        return;
    QJsonArray declarations;
    for (const ToolDefinition &tool : request.tools) {
        QJsonObject entry{{QStringLiteral("name"), tool.name}};
        if (!tool.description.isEmpty())
            entry.insert(QStringLiteral("description"), tool.description);
        if (!tool.parameters.isEmpty())
            entry.insert(QStringLiteral("parameters"), tool.parameters);
        declarations.append(entry);
    }
    body->insert(QStringLiteral("tools"), QJsonArray{object({{QStringLiteral("functionDeclarations"), declarations}})});
    const ToolChoice &choice = request.toolChoice;
    QJsonObject config;
    switch (choice.mode) {
    case Mode::Auto:
        config.insert(QStringLiteral("mode"), QStringLiteral("AUTO"));
        break;
    case Mode::Required:
        config.insert(QStringLiteral("mode"), QStringLiteral("ANY"));
        break;
    case Mode::None:
        config.insert(QStringLiteral("mode"), QStringLiteral("NONE"));
        break;
    case Mode::Named:
        config.insert(QStringLiteral("mode"), QStringLiteral("ANY"));
        config.insert(QStringLiteral("allowedFunctionNames"), QJsonArray{choice.name});
        break;
    }
    body->insert(QStringLiteral("toolConfig"), object({{QStringLiteral("functionCallingConfig"), config}}));
}

void StructuredParts::addOllama(const ChatRequest &request, QJsonObject *body)
{
    const OutputFormat &format = request.outputFormat;
    if (format.kind == OutputFormat::Kind::JsonObject)
        body->insert(QStringLiteral("format"), QStringLiteral("json"));
    else if (format.kind == OutputFormat::Kind::JsonSchema)
        body->insert(QStringLiteral("format"), format.schema);
    if (!request.tools.isEmpty() && request.toolChoice.mode != Mode::None)
        body->insert(QStringLiteral("tools"), openAiChatTools(request.tools));
}

QString StructuredParts::anthropicProblem(const ChatRequest &request)
{
    if (request.outputFormat.kind == OutputFormat::Kind::JsonObject)
        return QStringLiteral("Anthropic has no JSON mode; give a schema");
    return {};
}

QString StructuredParts::ollamaProblem(const ChatRequest &request)
{
    const Mode mode = request.toolChoice.mode;
    if (!request.tools.isEmpty() && (mode == Mode::Required || mode == Mode::Named))
        return QStringLiteral("Ollama cannot be made to call a tool (it takes no tool choice); use tool choice auto or none");
    return {};
}
