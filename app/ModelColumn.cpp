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

void RequestParams::writeJson(QJsonObject *object) const
{
    if (temperature)
        object->insert(QStringLiteral("temperature"), *temperature);
    if (topP)
        object->insert(QStringLiteral("top_p"), *topP);
    if (maxTokens)
        object->insert(QStringLiteral("max_tokens"), *maxTokens);
    if (seed)
        object->insert(QStringLiteral("seed"), double(*seed));
    if (!stop.isEmpty())
        object->insert(QStringLiteral("stop"), QJsonArray::fromStringList(stop));
}
