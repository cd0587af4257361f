// SPDX-License-Identifier: MIT
#pragma once

#include "CellAddress.h"
#include "CellSpec.h"
#include "ChatMessage.h"
#include "ConversationMode.h"
#include "ModelColumn.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

/// One row of the grid: a prompt, rendered for one test case, or a conversation whose last user
/// message is the prompt.
struct RunRow {
    int promptIndex = 0;
    int testCase = -1; ///< -1 when the comparison has no variables
    QString prompt;
    QString system;
    QString label; ///< shown as the row header
    /// The test case's variable values, in the variables table's column order (for exports).
    QList<QPair<QString, QString>> variables;
    /// The conversation's messages before the prompt, oldest first; empty for a single prompt.
    QList<ChatMessage> history;
    /// Files attached to the prompt itself.
    QList<Attachment> attachments;
    /// This prompt's own answer shape, replacing the run's.
    std::optional<OutputFormat> outputFormat;

    bool operator==(const RunRow &other) const = default;
};

/// What to run: rows x columns x samples.
struct RunPlan {
    QList<RunRow> rows;
    QList<ModelColumn> columns;
    int samples = 1;
    ConversationMode mode = ConversationMode::SharedTranscript;
    /// The answer shape every row asks for unless it has its own; the tools every cell offers.
    OutputFormat outputFormat;
    QList<ToolDefinition> tools;
    ToolChoice toolChoice;

    qsizetype cellCount() const { return rows.size() * columns.size() * samples; }
    /// The index of the cell at \a address in grid order (CellAddress::index).
    int cellIndex(const CellAddress &address) const;
    CellAddress address(int cell) const;
    /// What the cell at \a address asks: its row's history, prompt and attachments, sent to its
    /// column's model with the column's system override or else the row's system prompt.
    CellSpec cellSpec(const CellAddress &address) const;
    /// Every cell's spec, in grid order.
    std::vector<CellSpec> cellSpecs() const;
    bool operator==(const RunPlan &other) const = default;

    /// Everything the plan holds as compact JSON (the run history stores it with each run):
    /// rows with prompt index, test case, prompt, system, label and variables in order, and
    /// history and attachments when a row has them; columns with every parameter
    /// (ModelColumn::writeJson); samples; the mode unless it is the shared transcript.
    QByteArray toJson() const;
    /// Reads what toJson() wrote, and the history's first format (parameters under "params",
    /// no variables). Fails with \a error on invalid JSON, without rows and columns, or on a bad
    /// history message or attachment.
    static std::optional<RunPlan> fromJson(const QByteArray &json, QString *error);
};
