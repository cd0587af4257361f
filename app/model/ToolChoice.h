// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// Whether and which tool the model must call: the providers' tool_choice.
struct ToolChoice {
    enum class Mode { Auto, Required, None, Named };
    Mode mode = Mode::Auto;
    QString name; ///< the tool, for Mode::Named

    bool operator==(const ToolChoice &other) const = default;
};
