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
    double inputPerMTok = 0;
    double outputPerMTok = 0;
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

    /// The SDKs' default base URL for \a kind (empty for Demo).
    static QString defaultBaseUrl(ProviderKind kind);
    /// Parses one entry; on failure returns nullopt and sets \a error naming the field.
    static std::optional<ProviderConfig> fromJson(const QJsonObject &object, QString *error);
    QJsonObject toJson() const;
    std::optional<double> costUsd(const QString &model, std::optional<qint64> inputTokens,
                                  std::optional<qint64> outputTokens) const;
};
