// SPDX-License-Identifier: MIT
#include "TemplateRenderer.h"

#include <QRegularExpression>

namespace {
// Any name without braces; the spaces around it are not part of it.
const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression pattern(QStringLiteral("\\{\\{\\s*([^{}]*?)\\s*\\}\\}"));
    return pattern;
}
} // namespace

QStringList TemplateRenderer::placeholders(const QString &text)
{
    QStringList names;
    auto it = placeholderPattern().globalMatch(text);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!name.isEmpty() && !names.contains(name))
            names.append(name);
    }
    return names;
}

bool TemplateRenderer::hasPlaceholders(const QString &text)
{
    return !placeholders(text).isEmpty();
}

bool TemplateRenderer::render(const QString &text, const QHash<QString, QString> &values, QString *out,
                              QString *missingVariable)
{
    QString result;
    result.reserve(text.size());
    qsizetype last = 0;
    auto it = placeholderPattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const QString name = match.captured(1);
        if (name.isEmpty())
            continue; // "{{}}" or "{{  }}" is plain text
        const auto value = values.constFind(name);
        if (value == values.constEnd()) {
            *missingVariable = name;
            return false;
        }
        result.append(QStringView(text).mid(last, match.capturedStart() - last));
        result.append(*value);
        last = match.capturedEnd();
    }
    result.append(QStringView(text).mid(last));
    *out = result;
    return true;
}
