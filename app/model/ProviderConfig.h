// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

enum class ProviderKind { OpenAI, Anthropic, Gemini, Ollama, Demo };

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

    /// The SDKs' default base URL for \a kind (empty for Demo).
    static QString defaultBaseUrl(ProviderKind kind);
    /// Parses one entry; on failure returns nullopt and sets \a error naming the field.
    static std::optional<ProviderConfig> fromJson(const QJsonObject &object, QString *error);
    QJsonObject toJson() const;
    /// Nothing when the model has no price, no token count is known or the result would not be
    /// a finite, non-negative amount.
    std::optional<double> costUsd(const QString &model, std::optional<qint64> inputTokens,
                                  std::optional<qint64> outputTokens) const;

    /// The highest temperature \a kind's API documents (OpenAI and Gemini 2, Anthropic 1;
    /// Ollama none, so RequestParams::kMaxAnyTemperature). The lowest is 0 for all.
    static double maxTemperature(ProviderKind kind);
    /// What in \a params this provider's API does not accept (temperature outside its range),
    /// or an empty string.
    QString paramsProblem(const RequestParams &params) const;
};
