// SPDX-License-Identifier: MIT
#include "ModelColumn.h"

#include "JsonFields.h"

#include <QJsonArray>

#include <cmath>

QString ModelColumn::displayName() const
{
    if (!label.isEmpty())
        return label;
    QString name = provider + QLatin1Char('/') + model;
    if (params.reasoning)
        name += QLatin1Char(' ') + reasoningLevelName(*params.reasoning);
    if (params.reasoningBudget)
        name += QStringLiteral(" budget %1").arg(*params.reasoningBudget);
    return name;
}

int RequestParams::effectiveReasoningBudget() const
{
    if (reasoningBudget)
        return *reasoningBudget;
    return reasoning ? reasoningBudgetFor(*reasoning) : 0;
}

bool ModelColumn::parseReference(const QString &reference, ModelColumn *column)
{
    const qsizetype slash = reference.indexOf(QLatin1Char('/'));
    if (slash <= 0 || slash == reference.size() - 1)
        return false;
    column->provider = reference.left(slash);
    column->model = reference.mid(slash + 1);
    return true;
}

bool RequestParams::readReasoning(const QJsonObject &object, const QString &where, RequestParams *params, QString *error)
{
    const QJsonValue level = object.value(QLatin1String("reasoning"));
    if (!level.isUndefined() && !level.isNull()) {
        const auto parsed = reasoningLevelFromName(level.toString());
        if (!level.isString() || !parsed) {
            *error = QStringLiteral("%1.reasoning must be one of %2").arg(where, reasoningLevelNames().join(QStringLiteral(", ")));
            return false;
        }
        params->reasoning = parsed;
    }
    const QJsonValue budget = object.value(QLatin1String("reasoning_budget"));
    if (!budget.isUndefined() && !budget.isNull()) {
        const double tokens = budget.toDouble(-1);
        if (!budget.isDouble() || tokens < 0 || tokens > kMaxReasoningBudget || tokens != std::floor(tokens)) {
            *error = QStringLiteral("%1.reasoning_budget must be a whole number of tokens from 0 to %2").arg(where).arg(kMaxReasoningBudget);
            return false;
        }
        params->reasoningBudget = int(tokens);
    }
    return true;
}

RequestParams RequestParams::readJson(const QJsonObject &object)
{
    RequestParams p;
    const QJsonValue temperature = object.value(QLatin1String("temperature"));
    if (temperature.isDouble())
        p.temperature = temperature.toDouble();
    const QJsonValue topP = object.value(QLatin1String("top_p"));
    if (topP.isDouble())
        p.topP = topP.toDouble();
    const QJsonValue maxTokens = object.value(QLatin1String("max_tokens"));
    if (maxTokens.isDouble())
        p.maxTokens = maxTokens.toInt();
    const QJsonValue seed = object.value(QLatin1String("seed"));
    bool isNumber = false;
    const qint64 seedValue = seed.isString() ? seed.toString().toLongLong(&isNumber) : seed.toInteger();
    if (seed.isDouble() || isNumber)
        p.seed = seedValue;
    for (const QJsonValue &stop : object.value(QLatin1String("stop")).toArray()) {
        if (stop.isString())
            p.stop.append(stop.toString());
    }
    p.reasoning = reasoningLevelFromName(object.value(QLatin1String("reasoning")).toString());
    const QJsonValue budget = object.value(QLatin1String("reasoning_budget"));
    if (budget.isDouble() && budget.toInteger(-1) >= 0 && budget.toInteger(-1) <= kMaxReasoningBudget)
        p.reasoningBudget = int(budget.toInteger());
    return p;
}

void RequestParams::writeJson(QJsonObject *object) const
{
    if (temperature)
        object->insert(QStringLiteral("temperature"), *temperature);
    if (topP)
        object->insert(QStringLiteral("top_p"), *topP);
    if (maxTokens)
        object->insert(QStringLiteral("max_tokens"), *maxTokens);
    // An integer, not a double: a seed above 2^53 stays exact.
    if (seed)
        object->insert(QStringLiteral("seed"), QJsonValue(*seed));
    if (!stop.isEmpty())
        object->insert(QStringLiteral("stop"), QJsonArray::fromStringList(stop));
    if (reasoning)
        object->insert(QStringLiteral("reasoning"), reasoningLevelName(*reasoning));
    if (reasoningBudget)
        object->insert(QStringLiteral("reasoning_budget"), *reasoningBudget);
}

void ModelColumn::writeJson(QJsonObject *object) const
{
    object->insert(QStringLiteral("provider"), provider);
    object->insert(QStringLiteral("model"), model);
    if (!label.isEmpty())
        object->insert(QStringLiteral("label"), label);
    params.writeJson(object);
    if (params.systemOverride)
        object->insert(QStringLiteral("system"), *params.systemOverride);
}

ModelColumn ModelColumn::readJson(const QJsonObject &object)
{
    ModelColumn column;
    column.provider = object.value(QLatin1String("provider")).toString();
    column.model = object.value(QLatin1String("model")).toString();
    column.label = object.value(QLatin1String("label")).toString();
    const QJsonValue nested = object.value(QLatin1String("params"));
    const QJsonObject params = nested.isObject() ? nested.toObject() : object;
    column.params = RequestParams::readJson(params);
    const QJsonValue system = params.value(QLatin1String("system"));
    if (system.isString())
        column.params.systemOverride = system.toString();
    return column;
}

std::optional<ModelColumn> ModelColumn::fromJson(const QJsonValue &value, const QString &where, QString *error)
{
    JsonFields reader;
    if (!value.isObject()) {
        *error = QStringLiteral("%1 must be an object").arg(where);
        return std::nullopt;
    }
    const QJsonObject o = value.toObject();
    ModelColumn model;
    RequestParams &p = model.params;
    std::optional<qint64> maxTokens;
    if (!reader.string(o, "provider", where, &model.provider, true) || !reader.string(o, "model", where, &model.model, true)
        || !reader.string(o, "label", where, &model.label)
        || !reader.number(o, "temperature", where, &p.temperature, 0, RequestParams::kMaxAnyTemperature)
        || !reader.number(o, "top_p", where, &p.topP, 0, 1) || !reader.integer(o, "max_tokens", where, &maxTokens)
        || !reader.integer(o, "seed", where, &p.seed) || !reader.optionalString(o, "system", where, &p.systemOverride)) {
        *error = reader.error;
        return std::nullopt;
    }
    if (model.provider.isEmpty() || model.model.isEmpty()) {
        *error = QStringLiteral("%1 needs a non-empty \"provider\" and \"model\"").arg(where);
        return std::nullopt;
    }
    if (maxTokens) {
        if (*maxTokens < 1 || *maxTokens > 100'000'000) {
            *error = QStringLiteral("%1.max_tokens must be a whole number >= 1").arg(where);
            return std::nullopt;
        }
        p.maxTokens = int(*maxTokens);
    }
    if (!RequestParams::readReasoning(o, where, &p, error))
        return std::nullopt;
    const QJsonValue stop = o.value(QLatin1String("stop"));
    if (!stop.isUndefined() && !stop.isNull()) {
        if (!stop.isArray()) {
            *error = QStringLiteral("%1.stop must be an array of strings").arg(where);
            return std::nullopt;
        }
        for (const QJsonValue &s : stop.toArray()) {
            if (!s.isString()) {
                *error = QStringLiteral("%1.stop must be an array of strings").arg(where);
                return std::nullopt;
            }
            p.stop.append(s.toString());
        }
    }
    return model;
}
