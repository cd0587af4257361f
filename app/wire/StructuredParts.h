// SPDX-License-Identifier: MIT
#pragma once

#include "ChatRequest.h"

#include <QJsonObject>

/// A request's output format, tools and tool choice in each wire format's own fields. Each
/// function adds nothing when the request leaves them unset (free text, no tools).
class StructuredParts
{
public:
    /// Chat Completions (and Ollama's tools): "response_format" {type json_schema, json_schema
    /// {name, schema, strict}} or {type json_object}; "tools" [{type function, function {name,
    /// description, parameters}}]; "tool_choice" auto / required / none / {type function,
    /// function {name}}.
    static void addOpenAiChat(const ChatRequest &request, QJsonObject *body);
    /// Responses: text.format {type json_schema, name, schema, strict} or {type json_object},
    /// merged into any "text" already there; "tools" [{type function, name, description,
    /// parameters}]; "tool_choice" auto / required / none / {type function, name}.
    static void addResponses(const ChatRequest &request, QJsonObject *body);
    /// Anthropic: output_config.format {type json_schema, schema} merged into any output_config;
    /// "tools" [{name, description, input_schema}]; "tool_choice" {type auto / any / none / tool, name}.
    static void addAnthropic(const ChatRequest &request, QJsonObject *body);
    /// Gemini: generationConfig responseMimeType application/json (+ responseJsonSchema);
    /// "tools" [{functionDeclarations [{name, description, parameters}]}]; "toolConfig"
    /// {functionCallingConfig {mode AUTO / ANY / NONE, allowedFunctionNames}}.
    static void addGemini(const ChatRequest &request, QJsonObject *body, QJsonObject *generationConfig);
    /// Ollama: "format" the schema or "json"; "tools" as Chat Completions'. Ollama takes no
    /// tool choice: "none" sends no tools, and "required" or a named tool is refused before
    /// sending (ollamaProblem).
    static void addOllama(const ChatRequest &request, QJsonObject *body);

    /// Why Anthropic cannot take the request as asked (it has no plain JSON mode), or empty.
    static QString anthropicProblem(const ChatRequest &request);
    /// Why Ollama cannot take the request as asked (it cannot be made to call a tool), or empty.
    static QString ollamaProblem(const ChatRequest &request);
};
