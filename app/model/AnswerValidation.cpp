// SPDX-License-Identifier: MIT
#include "AnswerValidation.h"

#include "CellResult.h"
#include "CellSpec.h"
#include "JsonAnswer.h"

namespace {
bool hasAnswer(const CellResult &result)
{
    const bool something = !result.text.isEmpty() || !result.toolCalls.isEmpty();
    return result.status == CellStatus::Ok || (result.status == CellStatus::Incomplete && something);
}

JsonVerdict validateToolCall(const CellSpec &spec, const ToolCall &call, int index)
{
    const QString subject = QStringLiteral("tool call %1 (%2)").arg(index + 1).arg(call.name);
    const auto tool = std::find_if(spec.tools.cbegin(), spec.tools.cend(),
                                   [&call](const ToolDefinition &definition) { return definition.name == call.name; });
    if (tool == spec.tools.cend()) {
        JsonVerdict verdict;
        verdict.valid = false;
        verdict.parsed = false; // no pointer: the call itself is wrong
        verdict.subject = subject;
        verdict.message = QStringLiteral("calls a tool the comparison does not define");
        return verdict;
    }
    // Some providers stream nothing at all for a call without arguments.
    const QString arguments = call.arguments.trimmed().isEmpty() ? QStringLiteral("{}") : call.arguments;
    JsonVerdict verdict = tool->parameters.isEmpty() ? JsonSchemaValidator::validateObject(arguments)
                                                     : JsonSchemaValidator::validate(tool->parameters, arguments);
    verdict.subject = subject;
    return verdict;
}
} // namespace

bool AnswerValidation::isValidated(const CellSpec &spec)
{
    return !spec.outputFormat.isText() || !spec.tools.isEmpty();
}

std::optional<JsonVerdict> AnswerValidation::validate(const CellSpec &spec, const CellResult &result)
{
    if (!hasAnswer(result))
        return std::nullopt;
    const bool checksText = !spec.outputFormat.isText() && !(result.text.isEmpty() && !result.toolCalls.isEmpty());
    if (!checksText && result.toolCalls.isEmpty())
        return std::nullopt;
    if (checksText) {
        // An answer that is a tool call has no text to hold the JSON: only its calls are checked.
        const QString json = JsonAnswer::body(result.text);
        const JsonVerdict verdict = spec.outputFormat.kind == OutputFormat::Kind::JsonObject
                                        ? JsonSchemaValidator::validateObject(json)
                                        : JsonSchemaValidator::validate(spec.outputFormat.schema, json);
        if (!verdict.valid)
            return verdict;
    }
    for (int i = 0; i < result.toolCalls.size(); ++i) {
        const JsonVerdict verdict = validateToolCall(spec, result.toolCalls.at(i), i);
        if (!verdict.valid)
            return verdict;
    }
    return JsonVerdict{};
}
