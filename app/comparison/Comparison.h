// SPDX-License-Identifier: MIT
#pragma once

#include "Attachment.h"
#include "CellResult.h"
#include "ChatMessage.h"
#include "ModelColumn.h"
#include "QuickCheck.h"
#include "Ratings.h"
#include "RequestLimits.h"
#include "RunPlan.h"
#include "VariablesTable.h"

#include <QList>
#include <QString>

#include <optional>
#include <vector>

/// One prompt of a comparison; its text may hold `{{name}}` placeholders. With a history, the
/// row is a conversation and the text is its last user message.
struct ComparisonPrompt {
    QString name; ///< optional, shown in the row label
    QString text;
    std::optional<QString> system; ///< replaces the comparison's system prompt for this prompt
    /// The conversation's messages before the text, oldest first (user first, then alternating
    /// as written); empty for a single prompt. Rendered with the test case like the text.
    QList<ChatMessage> history;
    /// Files attached to the text itself.
    QList<Attachment> attachments;
    /// This prompt's own answer shape (a schema of its own), replacing the comparison's.
    std::optional<OutputFormat> outputFormat;

    bool operator==(const ComparisonPrompt &other) const = default;
};

/// A file attached to every prompt of a comparison, and where it came from: a `.promptgrid`
/// file keeps it by that path (relative to the file) or embedded.
struct ComparisonAttachment {
    QString path; ///< absolute; empty for a pasted image (always embedded)
    Attachment attachment;

    bool operator==(const ComparisonAttachment &other) const = default;
};

/// How a comparison runs. Zero means "the default".
struct ComparisonSettings {
    int repeats = 1;
    int concurrency = 0;    ///< requests in flight per provider; 0 = each provider's own cap
    int timeoutSeconds = 0; ///< total time limit per request; 0 = RequestLimits' default
    int retries = 0;        ///< attempts per request; 0 = RequestLimits' default

    bool operator==(const ComparisonSettings &other) const = default;
    /// The limits these settings ask for, starting from \a base.
    RequestLimits applyTo(RequestLimits base) const;
};

/// A finished cell kept in a saved comparison, addressed by its place in the grid.
struct SavedCell {
    int row = 0;
    int column = 0;
    int sample = 0;
    CellResult result;

    bool operator==(const SavedCell &other) const = default;
};

/// The whole document the window edits and a `.promptgrid` file holds: prompts, system prompt,
/// test cases, model configurations, settings and, optionally, results.
struct Comparison {
    QList<ComparisonPrompt> prompts;
    QString system;
    VariablesTable variables;
    /// Read as `promptgrid-cli --prompts FILE` reads a prompts file (the Prompts tab's way):
    /// test case i belongs to prompt i alone, and without any variable the prompts go out as
    /// written, braces and all. Otherwise every prompt runs once per test case, and a
    /// placeholder without a value is an error.
    bool variablesPerPrompt = false;
    QList<ModelColumn> models;
    /// Sent with every prompt (its final user message), images and text files in this order.
    QList<ComparisonAttachment> attachments;
    ComparisonSettings settings;
    /// The answer shape every prompt asks for unless it has its own; the tools every model is offered.
    OutputFormat outputFormat;
    QList<ToolDefinition> tools;
    ToolChoice toolChoice;
    QList<SavedCell> results; ///< empty when saved without results
    QuickCheckSet checks;     ///< quick checks of the run, saved always
    Ratings ratings;          ///< ratings, notes and A/B preferences, saved with the results

    bool operator==(const Comparison &other) const = default;

    /// The files of attachments, as every row sends them.
    QList<Attachment> attachmentList() const;
    /// The saved results placed in \a plan's grid order (cells without one stay queued); for a
    /// plan built from this comparison (PlanBuilder::fromComparison).
    std::vector<CellResult> resultsFor(const RunPlan &plan) const;
    /// Copies the results of a run over \a plan (grid order, CellAddress).
    void setResults(const RunPlan &plan, const std::vector<CellResult> &results);

    /// The document that sends exactly what \a plan sent (a run from the history): one prompt per
    /// row as rendered (with its history and attachments), the shared system prompt (or each row's own where they differ), the
    /// columns and the samples; no variables, since their values are already filled in, and
    /// read as a prompts file (variablesPerPrompt), so that braces go out as written again.
    static Comparison fromPlan(const RunPlan &plan);
};
