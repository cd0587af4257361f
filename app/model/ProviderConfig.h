// SPDX-License-Identifier: MIT
#pragma once

#include "Reasoning.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

/// The wire formats. OpenAIResponses is OpenAI's Responses API (POST /responses), "openai" its
/// Chat Completions that most compatible servers copy.
enum class ProviderKind { OpenAI, Anthropic, Gemini, Ollama, Demo, OpenAIResponses };

QString providerKindName(ProviderKind kind);
std::optional<ProviderKind> providerKindFromName(const QString &name);

/// USD per million tokens.
struct ModelPrice {
    /// A price above this is taken for a typo (the dearest models cost a few hundred).
    static constexpr double kMaxPerMTok = 100'000;
    double inputPerMTok = 0;
    double outputPerMTok = 0;

    /// A finite number from 0 to kMaxPerMTok.
    static bool isValidPrice(double usdPerMTok);
    bool isValid() const { return isValidPrice(inputPerMTok) && isValidPrice(outputPerMTok); }
};

struct RequestParams;

/// What a provider says about one of its models, beyond its price (providers JSON
/// "model_settings", presets): a default reasoning setting for columns that set none, and how
/// the model's API takes a reasoning setting.
struct ModelSettings {
    std::optional<ReasoningLevel> reasoning;
    std::optional<int> reasoningBudget;
    std::optional<ReasoningStyle> reasoningStyle;

    bool isEmpty() const { return !reasoning && !reasoningBudget && !reasoningStyle; }
    /// Reads one "model_settings" entry; false with \a error naming \a where and the field.
    static bool fromJson(const QJsonValue &value, const QString &where, ModelSettings *settings, QString *error);
    QJsonObject toJson() const;
    bool operator==(const ModelSettings &other) const = default;
};

/// One configured endpoint. The API key itself is never part of this struct's JSON.
struct ProviderConfig {
    QString name;
    ProviderKind kind = ProviderKind::OpenAI;
    QString baseUrl;
    QString apiKeyEnv;
    QStringList models;
    int maxConcurrency = 8;
    int requestsPerMinute = 0; ///< 0 = no limit
    bool http2Direct = false;  ///< speak h2c (prior knowledge) to plain-http servers
    QHash<QString, ModelPrice> prices;
    /// How this provider's models take a reasoning setting when a model says nothing of its own
    /// (unset: the kind's default, see reasoningStyle()).
    std::optional<ReasoningStyle> reasoningStyle;
    QHash<QString, ModelSettings> modelSettings;

    /// The SDKs' default base URL for \a kind (empty for Demo).
    static QString defaultBaseUrl(ProviderKind kind);
    /// Parses one entry; on failure returns nullopt and sets \a error naming the field.
    static std::optional<ProviderConfig> fromJson(const QJsonObject &object, QString *error);
    QJsonObject toJson() const;
    /// Nothing when the model has no price, no token count is known or the result would not be
    /// a finite, non-negative amount.
    std::optional<double> costUsd(const QString &model, std::optional<qint64> inputTokens,
                                  std::optional<qint64> outputTokens) const;

    /// How \a model takes a reasoning setting: its model settings', else the provider's, else
    /// defaultReasoningStyle().
    ReasoningStyle reasoningStyleFor(const QString &model) const;
    /// What the model's name says about its reasoning setting: Claude before 4.6 and Gemini
    /// before 3 take a budget, Ollama's models other than gpt-oss only on/off, the rest a level.
    static ReasoningStyle defaultReasoningStyle(ProviderKind kind, const QString &model);
    /// \a params of a column of \a model, with the model settings' reasoning level and budget
    /// where the column sets none: what is sent and estimated.
    RequestParams requestParams(const QString &model, const RequestParams &params) const;

    /// The highest temperature \a kind's API documents (OpenAI and Gemini 2, Anthropic 1;
    /// Ollama none, so RequestParams::kMaxAnyTemperature). The lowest is 0 for all.
    static double maxTemperature(ProviderKind kind);
    /// What in \a params (of a column of \a model) this provider's API does not accept: a
    /// temperature outside its range, a reasoning budget where it takes only a level, stop
    /// sequences or a seed on the Responses API. An empty string when all is well.
    QString paramsProblem(const RequestParams &params, const QString &model = {}) const;
};
