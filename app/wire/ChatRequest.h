// SPDX-License-Identifier: MIT
#pragma once

#include "Attachment.h"
#include "ChatMessage.h"
#include "ModelColumn.h"
#include "OutputFormat.h"
#include "ToolChoice.h"
#include "ToolDefinition.h"

#include <QList>
#include <QString>

/// A chat request, independent of the wire format: the earlier messages (none for a single
/// prompt), then the prompt with its attachments.
struct ChatRequest {
    QString model;
    QString system;
    QString prompt;
    RequestParams params;
    /// How the model takes params' reasoning setting (ProviderConfig::reasoningStyleFor).
    ReasoningStyle reasoningStyle = ReasoningStyle::Effort;
    /// The messages before the prompt, oldest first.
    QList<ChatMessage> history;
    /// Files attached to the prompt itself.
    QList<Attachment> attachments;
    /// The answer's required shape; Text sends nothing.
    OutputFormat outputFormat;
    /// The tools offered (none sends nothing), and whether and which one must be called.
    QList<ToolDefinition> tools;
    ToolChoice toolChoice;
};
