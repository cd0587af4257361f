// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// One tool call a model streamed, as it sent it: the arguments are its JSON text, which may
/// not even parse (the validation says so).
struct ToolCall {
    QString id;
    QString name;
    QString arguments;

    bool operator==(const ToolCall &other) const = default;
};
