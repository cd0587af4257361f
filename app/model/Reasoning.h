// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

/// How hard a reasoning model thinks. Unset (no value) means the provider's default and nothing
/// is sent. The names are what the CLI, .promptgrid files and providers JSON use.
enum class ReasoningLevel { None, Minimal, Low, Medium, High, XHigh, Max };

/// What a model's API takes to set its reasoning (a fact about the model, kept as data in
/// presets and providers JSON): an effort level (OpenAI reasoning_effort, Anthropic adaptive
/// thinking with output_config.effort, Gemini 3 thinkingLevel, Ollama think levels), a token
/// budget (Anthropic thinking.budget_tokens, Gemini 2.5 thinkingBudget), a plain on/off (Ollama
/// think true/false), or OpenRouter's reasoning object.
enum class ReasoningStyle { Effort, Budget, Boolean, OpenRouter };

QString reasoningLevelName(ReasoningLevel level);
std::optional<ReasoningLevel> reasoningLevelFromName(const QString &name);
/// Every level's name, lowest first.
QStringList reasoningLevelNames();

QString reasoningStyleName(ReasoningStyle style);
std::optional<ReasoningStyle> reasoningStyleFromName(const QString &name);
QStringList reasoningStyleNames();

/// PromptGrid's own budget for \a level where an API takes only a budget (Anthropic before
/// adaptive thinking, Gemini 2.5) and for the cost estimate: minimal 1024, low 2048, medium
/// 8192, high 16384, xhigh 32000, max 64000 tokens; none 0. No provider defines such a table.
int reasoningBudgetFor(ReasoningLevel level);

/// The highest reasoning budget files and flags take (the same bound as max tokens).
constexpr int kMaxReasoningBudget = 10'000'000;
