// SPDX-License-Identifier: MIT
#pragma once

#include "JsonSchemaValidator.h"

#include <optional>

struct CellResult;
struct CellSpec;

/// Whether one cell's answer has the shape its spec asks for: the answer's JSON against
/// spec.outputFormat (a JSON Schema, or any object in JSON mode) and each tool call's
/// arguments against its tool's parameters. Pure: safe on a worker thread.
class AnswerValidation
{
public:
    /// The first error, or valid; nullopt when nothing is asked (free text and no tool call) or
    /// the cell has no answer to check (failed, cancelled, still running).
    static std::optional<JsonVerdict> validate(const CellSpec &spec, const CellResult &result);
    /// True when validate() can give a verdict for cells of \a spec.
    static bool isValidated(const CellSpec &spec);
};
