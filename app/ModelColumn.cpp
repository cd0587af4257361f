// SPDX-License-Identifier: MIT
#include "ModelColumn.h"

#include <QJsonArray>

QString ModelColumn::displayName() const
{
    if (!label.isEmpty())
        return label;
    return provider + QLatin1Char('/') + model;
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
