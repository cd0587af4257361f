// SPDX-License-Identifier: MIT
#pragma once

#include "ModelColumn.h"

#include <QString>

/// A single-turn chat request, independent of the wire format.
struct ChatRequest {
    QString model;
    QString system;
    QString prompt;
    RequestParams params;
    /// How the model takes params' reasoning setting (ProviderConfig::reasoningStyleFor).
    ReasoningStyle reasoningStyle = ReasoningStyle::Effort;
};
