// SPDX-License-Identifier: MIT
#include "ModelColumn.h"

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
