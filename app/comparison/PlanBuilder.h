// SPDX-License-Identifier: MIT
#pragma once

#include "CellResult.h"
#include "CellSpec.h"
#include "Comparison.h"
#include "PlanSize.h"
#include "RunPlan.h"
#include "VariablesTable.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/// The one place a RunPlan is built: the window's Prompts tab, its Comparison tab and the CLI
/// all come here, so a plan (its rows, labels, variables and system prompts) means the same
/// wherever it was made. Each builder also sizes its plan from the counts alone (PlanSize),
/// before anything is rendered, so that a huge plan is refused before it is allocated.
class PlanBuilder
{
public:
    /// One row per prompt, as written (braces and all: no templates), all sharing \a system.
    static RunPlan fromPrompts(const QStringList &prompts, const QList<ModelColumn> &columns, int samples,
                               const QString &system);
    /// Prompts that bring their own test case (a prompts CSV's other columns, the window's
    /// prompt variables): row i is prompt i rendered with test case i, labelled "#i · case i".
    /// A placeholder without a value is an error naming the variable and the row. Without any
    /// variable column this is fromPrompts().
    static std::optional<RunPlan> fromPromptRows(const QStringList &prompts, const VariablesTable &variables,
                                                 const QString &system, const QList<ModelColumn> &columns,
                                                 int samples, QString *error);
    /// Every prompt of \a comparison once per test case (once when there are none), labelled like
    /// "#1 name · case 3"; with Comparison::variablesPerPrompt, prompt i once with test case i, and as written
    /// when there are no variables. A placeholder without a value is an error naming the variable, the
    /// prompt and the test case; nothing is built then.
    static std::optional<RunPlan> fromComparison(const Comparison &comparison, QString *error);
    /// A conversation whose last message is not yet the user's (history, but no text): the chat
    /// editor's state while it is written. fromComparison() refuses it.
    static bool awaitsUserMessage(const ComparisonPrompt &prompt);

    /// The size of fromPrompts() and fromPromptRows(), from the counts alone.
    static PlanSize sizeOf(const QStringList &prompts, const QString &system, qsizetype columns, int samples);
    /// The size of fromComparison(), from the counts alone: every prompt once per test case (or once),
    /// placeholders not yet filled in.
    static PlanSize sizeOf(const Comparison &comparison);

    /// Own thread mode: what the next turn of one cell asks. The cell's \a previous turn's
    /// earlier messages, that turn's prompt and the model's own \a answer, then \a followUp as
    /// the new user message; the same model, parameters and system prompt. Never another
    /// column's answer: each cell continues its own thread.
    static CellSpec nextTurn(const CellSpec &previous, const CellResult &answer, const QString &followUp);
    /// Why a follow-up is not sent after \a previous, turn \a turn of its thread (it did not
    /// answer ok); empty when it may go on.
    static QString followUpBlocker(const CellResult &previous, int turn);

    /// "#1", "#1 name", "#1 · case 3" or "#1 name · case 3".
    static QString rowLabel(int promptIndex, const QString &name, int testCase);
};
