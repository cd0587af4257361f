// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

/// Fills `{{name}}` placeholders (spaces inside the braces are allowed: `{{ name }}`).
class TemplateRenderer
{
public:
    /// The placeholder names used in \a text, each once, in order of first use.
    static QStringList placeholders(const QString &text);
    /// True when \a text holds at least one placeholder.
    static bool hasPlaceholders(const QString &text);
    /// Replaces every placeholder with its value from \a values. On the first name that has no
    /// value returns false with \a missingVariable set and \a out untouched.
    static bool render(const QString &text, const QHash<QString, QString> &values, QString *out,
                       QString *missingVariable);
};
