// SPDX-License-Identifier: MIT
#pragma once

#include "Attachment.h"
#include "CellAddress.h"
#include "ChatMessage.h"
#include "ConversationMode.h"
#include "ModelColumn.h"
#include "OutputFormat.h"
#include "ToolChoice.h"
#include "ToolDefinition.h"

#include <QList>
#include <QString>

/// What one cell asks: a rendered prompt, after the row's earlier messages (none for a single
/// prompt), sent to one model configuration.
struct CellSpec {
    int row = 0;    ///< index of the prompt row in the grid
    int column = 0; ///< index of the model column
    int sample = 0; ///< 0-based repeat number
    QString prompt;
    QString system;
    /// The messages before the prompt, oldest first; empty for a single prompt.
    QList<ChatMessage> history;
    /// Files attached to the prompt itself.
    QList<Attachment> attachments;
    ModelColumn model;
    /// The run's mode (RunPlan::mode), carried for the exports and the window.
    ConversationMode mode = ConversationMode::SharedTranscript;
    /// The answer's required shape: the row's own, else the run's.
    OutputFormat outputFormat;
    /// The tools the model may call, and whether it must.
    QList<ToolDefinition> tools;
    ToolChoice toolChoice;

    CellAddress address() const { return {row, column, sample}; }
};
