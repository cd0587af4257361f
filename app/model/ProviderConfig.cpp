// SPDX-License-Identifier: MIT
#include "ProviderConfig.h"

#include "ModelColumn.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

#include <cmath>

QString providerKindName(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAI:
        return QStringLiteral("openai");
    case ProviderKind::Anthropic:
        return QStringLiteral("anthropic");
    case ProviderKind::Gemini:
        return QStringLiteral("gemini");
    case ProviderKind::Ollama:
        return QStringLiteral("ollama");
    case ProviderKind::Demo:
        return QStringLiteral("demo");
    case ProviderKind::OpenAIResponses:
        return QStringLiteral("openai-responses");
    }
    return {};
}

std::optional<ProviderKind> providerKindFromName(const QString &name)
{
    for (auto kind : {ProviderKind::OpenAI, ProviderKind::Anthropic, ProviderKind::Gemini,
                      ProviderKind::Ollama, ProviderKind::Demo, ProviderKind::OpenAIResponses}) {
        if (providerKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QString ProviderConfig::defaultBaseUrl(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAI:
    case ProviderKind::OpenAIResponses:
        return QStringLiteral("https://api.openai.com/v1");
    case ProviderKind::Anthropic:
        return QStringLiteral("https://api.anthropic.com");
    case ProviderKind::Gemini:
        return QStringLiteral("https://generativelanguage.googleapis.com");
    case ProviderKind::Ollama:
        return QStringLiteral("http://127.0.0.1:11434");
    case ProviderKind::Demo:
        return {};
    }
    return {};
}

namespace {
bool readString(const QJsonObject &object, const char *key, QString *out, QString *error,
                const QString &where)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isString()) {
        *error = QStringLiteral("%1: field \"%2\" must be a string").arg(where, QLatin1String(key));
        return false;
    }
    *out = value.toString();
    return true;
}

bool readPositiveInt(const QJsonObject &object, const char *key, int *out, QString *error,
                     const QString &where, int minimum)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return true;
    const double number = value.toDouble(-1);
    // The range first: casting a huge double to an integer is undefined.
    if (!value.isDouble() || number < minimum || number > 1e6 || number != std::floor(number)) {
        *error = QStringLiteral("%1: field \"%2\" must be a whole number >= %3 (at most 1000000)")
                     .arg(where, QLatin1String(key))
                     .arg(minimum);
        return false;
    }
    *out = int(number);
    return true;
}
} // namespace

std::optional<ProviderConfig> ProviderConfig::fromJson(const QJsonObject &object, QString *error)
{
    ProviderConfig config;
    QString where = QStringLiteral("provider");
    if (!readString(object, "name", &config.name, error, where))
        return std::nullopt;
    if (config.name.isEmpty()) {
        *error = QStringLiteral("provider: field \"name\" is missing");
        return std::nullopt;
    }
    if (config.name.contains(QLatin1Char('/'))) {
        *error = QStringLiteral("provider \"%1\": field \"name\" must not contain '/'").arg(config.name);
        return std::nullopt;
    }
    where = QStringLiteral("provider \"%1\"").arg(config.name);

    QString kindName;
    if (!readString(object, "kind", &kindName, error, where))
        return std::nullopt;
    if (kindName.isEmpty()) {
        *error = where + QStringLiteral(": field \"kind\" is missing");
        return std::nullopt;
    }
    const auto kind = providerKindFromName(kindName);
    if (!kind) {
        *error = QStringLiteral("%1: field \"kind\" has unknown value \"%2\" (expected openai, "
                                "openai-responses, anthropic, gemini, ollama or demo)")
                     .arg(where, kindName);
        return std::nullopt;
    }
    config.kind = *kind;

    if (!readString(object, "base_url", &config.baseUrl, error, where)
        || !readString(object, "api_key_env", &config.apiKeyEnv, error, where))
        return std::nullopt;
    if (config.baseUrl.isEmpty())
        config.baseUrl = defaultBaseUrl(config.kind);
    while (config.baseUrl.endsWith(QLatin1Char('/')))
        config.baseUrl.chop(1);
    if (config.kind != ProviderKind::Demo) {
        const QUrl url(config.baseUrl, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
            || url.host().isEmpty()) {
            *error = QStringLiteral("%1: field \"base_url\" must be an http or https URL").arg(where);
            return std::nullopt;
        }
        // Endpoint paths are appended to base_url: a query or fragment would swallow them.
        if (url.hasQuery() || url.hasFragment()) {
            *error = QStringLiteral("%1: field \"base_url\" must not have a query (?...) or a fragment (#...): "
                                    "endpoint paths such as /chat/completions are appended to it")
                         .arg(where);
            return std::nullopt;
        }
    }

    const QJsonValue models = object.value(QLatin1String("models"));
    if (!models.isUndefined() && !models.isNull()) {
        if (!models.isArray()) {
            *error = where + QStringLiteral(": field \"models\" must be an array of strings");
            return std::nullopt;
        }
        for (const QJsonValue &model : models.toArray()) {
            if (!model.isString()) {
                *error = where + QStringLiteral(": field \"models\" must be an array of strings");
                return std::nullopt;
            }
            config.models.append(model.toString());
        }
    }
    if (!readPositiveInt(object, "max_concurrency", &config.maxConcurrency, error, where, 1)
        || !readPositiveInt(object, "requests_per_minute", &config.requestsPerMinute, error, where, 0))
        return std::nullopt;

    const QJsonValue http2 = object.value(QLatin1String("http2"));
    if (!http2.isUndefined() && !http2.isNull()) {
        if (!http2.isBool()) {
            *error = where + QStringLiteral(": field \"http2\" must be true or false");
            return std::nullopt;
        }
        config.http2Direct = http2.toBool();
    }

    const QJsonValue prices = object.value(QLatin1String("prices"));
    if (!prices.isUndefined() && !prices.isNull()) {
        if (!prices.isObject()) {
            *error = where + QStringLiteral(": field \"prices\" must be an object");
            return std::nullopt;
        }
        const QJsonObject table = prices.toObject();
        for (auto it = table.begin(); it != table.end(); ++it) {
            const QJsonObject entry = it.value().toObject();
            const QJsonValue input = entry.value(QLatin1String("input_per_mtok"));
            const QJsonValue output = entry.value(QLatin1String("output_per_mtok"));
            const ModelPrice price{input.toDouble(-1), output.toDouble(-1)};
            if (!it.value().isObject() || !input.isDouble() || !output.isDouble() || !price.isValid()) {
                *error = QStringLiteral("%1: field \"prices.%2\" needs numbers input_per_mtok and "
                                        "output_per_mtok from 0 to %3 (USD per million tokens)")
                             .arg(where, it.key())
                             .arg(ModelPrice::kMaxPerMTok, 0, 'f', 0);
                return std::nullopt;
            }
            config.prices.insert(it.key(), price);
        }
    }

    const QJsonValue style = object.value(QLatin1String("reasoning_style"));
    if (!style.isUndefined() && !style.isNull()) {
        config.reasoningStyle = reasoningStyleFromName(style.toString());
        if (!config.reasoningStyle) {
            *error = QStringLiteral("%1: field \"reasoning_style\" must be one of %2")
                         .arg(where, reasoningStyleNames().join(QStringLiteral(", ")));
            return std::nullopt;
        }
    }
    const QJsonValue settings = object.value(QLatin1String("model_settings"));
    if (!settings.isUndefined() && !settings.isNull()) {
        if (!settings.isObject()) {
            *error = where + QStringLiteral(": field \"model_settings\" must be an object (model name: settings)");
            return std::nullopt;
        }
        const QJsonObject table = settings.toObject();
        for (auto it = table.begin(); it != table.end(); ++it) {
            ModelSettings entry;
            if (!ModelSettings::fromJson(it.value(), QStringLiteral("%1: field \"model_settings.%2\"").arg(where, it.key()),
                                         &entry, error))
                return std::nullopt;
            config.modelSettings.insert(it.key(), entry);
        }
    }
    return config;
}

bool ModelSettings::fromJson(const QJsonValue &value, const QString &where, ModelSettings *settings, QString *error)
{
    if (!value.isObject()) {
        *error = where + QStringLiteral(" must be an object");
        return false;
    }
    const QJsonObject object = value.toObject();
    RequestParams params;
    if (!RequestParams::readReasoning(object, where, &params, error))
        return false;
    settings->reasoning = params.reasoning;
    settings->reasoningBudget = params.reasoningBudget;
    const QJsonValue style = object.value(QLatin1String("reasoning_style"));
    if (!style.isUndefined() && !style.isNull()) {
        settings->reasoningStyle = reasoningStyleFromName(style.toString());
        if (!settings->reasoningStyle) {
            *error = QStringLiteral("%1.reasoning_style must be one of %2").arg(where, reasoningStyleNames().join(QStringLiteral(", ")));
            return false;
        }
    }
    return true;
}

QJsonObject ModelSettings::toJson() const
{
    QJsonObject object;
    if (reasoning)
        object.insert(QStringLiteral("reasoning"), reasoningLevelName(*reasoning));
    if (reasoningBudget)
        object.insert(QStringLiteral("reasoning_budget"), *reasoningBudget);
    if (reasoningStyle)
        object.insert(QStringLiteral("reasoning_style"), reasoningStyleName(*reasoningStyle));
    return object;
}

ReasoningStyle ProviderConfig::reasoningStyleFor(const QString &model) const
{
    const auto settings = modelSettings.constFind(model);
    if (settings != modelSettings.constEnd() && settings->reasoningStyle)
        return *settings->reasoningStyle;
    if (reasoningStyle)
        return *reasoningStyle;
    return defaultReasoningStyle(kind, model);
}

ReasoningStyle ProviderConfig::defaultReasoningStyle(ProviderKind kind, const QString &model)
{
    switch (kind) {
    case ProviderKind::Anthropic: {
        // Adaptive thinking with an effort from Claude 4.6 on; older models need a budget. A
        // minor version is one or two digits (claude-opus-4-20250514 has a date, not a minor).
        static const QRegularExpression version(QStringLiteral("claude-(?:(?:opus|sonnet|haiku)-)?(\\d+)(?:[-.](\\d{1,2})(?!\\d))?"));
        const QRegularExpressionMatch match = version.match(model);
        if (!match.hasMatch())
            return ReasoningStyle::Effort;
        const int major = match.captured(1).toInt();
        const int minor = match.captured(2).toInt();
        return major > 4 || (major == 4 && minor >= 6) ? ReasoningStyle::Effort : ReasoningStyle::Budget;
    }
    case ProviderKind::Gemini: {
        // thinkingLevel from Gemini 3 on, thinkingBudget before.
        static const QRegularExpression version(QStringLiteral("gemini-(\\d+)"));
        const QRegularExpressionMatch match = version.match(model);
        return match.hasMatch() && match.captured(1).toInt() <= 2 ? ReasoningStyle::Budget : ReasoningStyle::Effort;
    }
    case ProviderKind::Ollama:
        // gpt-oss takes think levels; the other thinking models only true or false.
        return model.contains(QLatin1String("gpt-oss")) ? ReasoningStyle::Effort : ReasoningStyle::Boolean;
    case ProviderKind::OpenAI:
    case ProviderKind::OpenAIResponses:
    case ProviderKind::Demo:
        break;
    }
    return ReasoningStyle::Effort;
}

RequestParams ProviderConfig::requestParams(const QString &model, const RequestParams &params) const
{
    RequestParams sent = params;
    const auto settings = modelSettings.constFind(model);
    if (settings == modelSettings.constEnd() || params.hasReasoning())
        return sent;
    sent.reasoning = settings->reasoning;
    sent.reasoningBudget = settings->reasoningBudget;
    return sent;
}

QJsonObject ProviderConfig::toJson() const
{
    QJsonObject object;
    object.insert(QStringLiteral("name"), name);
    object.insert(QStringLiteral("kind"), providerKindName(kind));
    if (!baseUrl.isEmpty())
        object.insert(QStringLiteral("base_url"), baseUrl);
    if (!apiKeyEnv.isEmpty())
        object.insert(QStringLiteral("api_key_env"), apiKeyEnv);
    if (!models.isEmpty())
        object.insert(QStringLiteral("models"), QJsonArray::fromStringList(models));
    object.insert(QStringLiteral("max_concurrency"), maxConcurrency);
    if (requestsPerMinute > 0)
        object.insert(QStringLiteral("requests_per_minute"), requestsPerMinute);
    if (http2Direct)
        object.insert(QStringLiteral("http2"), true);
    if (!prices.isEmpty()) {
        QJsonObject table;
        for (auto it = prices.begin(); it != prices.end(); ++it) {
            table.insert(it.key(), QJsonObject{{QStringLiteral("input_per_mtok"), it->inputPerMTok},
                                               {QStringLiteral("output_per_mtok"), it->outputPerMTok}});
        }
        object.insert(QStringLiteral("prices"), table);
    }
    if (reasoningStyle)
        object.insert(QStringLiteral("reasoning_style"), reasoningStyleName(*reasoningStyle));
    QJsonObject settings;
    for (auto it = modelSettings.begin(); it != modelSettings.end(); ++it) {
        if (!it->isEmpty())
            settings.insert(it.key(), it->toJson());
    }
    if (!settings.isEmpty())
        object.insert(QStringLiteral("model_settings"), settings);
    return object;
}

std::optional<double> ProviderConfig::costUsd(const QString &model, std::optional<qint64> inputTokens,
                                              std::optional<qint64> outputTokens) const
{
    const auto it = prices.constFind(model);
    if (it == prices.constEnd() || (!inputTokens && !outputTokens))
        return std::nullopt;
    const double cost = (double(inputTokens.value_or(0)) * it->inputPerMTok
                         + double(outputTokens.value_or(0)) * it->outputPerMTok)
        / 1e6;
    // A price or count that slipped past validation must not put inf, NaN or a refund in a cell.
    if (!std::isfinite(cost) || cost < 0)
        return std::nullopt;
    return cost;
}

bool ModelPrice::isValidPrice(double usdPerMTok)
{
    return std::isfinite(usdPerMTok) && usdPerMTok >= 0 && usdPerMTok <= kMaxPerMTok;
}

double ProviderConfig::maxTemperature(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Anthropic:
        return 1;
    case ProviderKind::Ollama:
        return RequestParams::kMaxAnyTemperature;
    case ProviderKind::OpenAI:
    case ProviderKind::OpenAIResponses:
    case ProviderKind::Gemini:
    case ProviderKind::Demo:
        return 2;
    }
    return 2;
}

QString ProviderConfig::paramsProblem(const RequestParams &params, const QString &model) const
{
    if (params.temperature) {
        const double t = *params.temperature;
        const double maximum = maxTemperature(kind);
        if (!std::isfinite(t) || t < 0 || t > maximum)
            return QStringLiteral("temperature %1 is outside the range %2 accepts (0 to %3)")
                .arg(QString::number(t), providerKindName(kind), QString::number(maximum));
    }
    // A budget only where the API takes one; dropping it silently would compare the wrong thing.
    const ReasoningStyle style = reasoningStyleFor(model);
    const bool takesBudget = style == ReasoningStyle::OpenRouter
        || ((kind == ProviderKind::Anthropic || kind == ProviderKind::Gemini) && style != ReasoningStyle::Boolean);
    if (params.reasoningBudget && !takesBudget && kind != ProviderKind::Demo)
        return QStringLiteral("%1 takes a reasoning level, not a reasoning budget (give a level instead)").arg(providerKindName(kind));
    if (kind == ProviderKind::OpenAIResponses && (!params.stop.isEmpty() || params.seed))
        return QStringLiteral("the Responses API takes no stop sequences and no seed");
    return {};
}
