// SPDX-License-Identifier: MIT
#pragma once

#include "Reasoning.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

/// Sampling parameters of one model configuration; unset values are not sent.
struct RequestParams {
    /// The widest temperature range PromptGrid reads from files and flags, before it knows the
    /// provider: Ollama documents no upper bound, so this is PromptGrid's own.
    static constexpr double kMaxAnyTemperature = 100;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> maxTokens;
    std::optional<qint64> seed;
    QStringList stop;
    /// Replaces the comparison's system prompt for this column when set.
    std::optional<QString> systemOverride;
    /// How hard a reasoning model thinks, and its thinking budget in tokens; unset: the
    /// provider's default, nothing sent (see each WireProtocol for the field it becomes).
    std::optional<ReasoningLevel> reasoning;
    std::optional<int> reasoningBudget;

    /// True when a reasoning level or budget is set.
    bool hasReasoning() const { return reasoning.has_value() || reasoningBudget.has_value(); }
    /// The budget the request stands for: the given one, else the level's (reasoningBudgetFor),
    /// else 0. What the cost estimate counts and budget-only APIs are sent.
    int effectiveReasoningBudget() const;

    /// Adds the parameters that are set (temperature, top_p, max_tokens, seed, stop, reasoning,
    /// reasoning_budget) to \a object, under the names the exports and .promptgrid files use.
    void writeJson(QJsonObject *object) const;
    /// Reads what writeJson() wrote, skipping values of the wrong type (a seed may also be a
    /// string of digits, as older run histories stored it). Does not read systemOverride.
    static RequestParams readJson(const QJsonObject &object);
    /// Reads "reasoning" and "reasoning_budget" of \a object, a file a person may have edited,
    /// into \a params; false with \a error naming \a where and the field when one is wrong.
    static bool readReasoning(const QJsonObject &object, const QString &where, RequestParams *params, QString *error);

    bool operator==(const RequestParams &other) const = default;
};

/// One column of the grid: a provider, a model and its parameters.
struct ModelColumn {
    QString provider;
    QString model;
    QString label;
    RequestParams params;

    /// "provider/model" unless an explicit label was given; with a reasoning setting and no label,
    /// followed by it ("openai/gpt-5 high", "anthropic/claude-sonnet-4-5 budget 4096"), so that
    /// one model at several levels gets columns told apart.
    QString displayName() const;
    /// Splits "PROVIDER/MODEL" at the first slash; false when either side is empty.
    static bool parseReference(const QString &reference, ModelColumn *column);

    /// Adds provider, model, label (when set), every parameter and the system override to
    /// \a object, as a .promptgrid file's "models" entries and the run history hold them.
    void writeJson(QJsonObject *object) const;
    /// Reads what writeJson() wrote, skipping values of the wrong type; also reads the older
    /// history layout with the parameters under "params".
    static ModelColumn readJson(const QJsonObject &object);
    /// Reads what writeJson() wrote from a file a person may have edited (.promptgrid files,
    /// saved model sets), checking every field: nullopt with \a error naming \a where and the
    /// field when one has the wrong type or is out of range.
    static std::optional<ModelColumn> fromJson(const QJsonValue &value, const QString &where, QString *error);

    bool operator==(const ModelColumn &other) const = default;
};
