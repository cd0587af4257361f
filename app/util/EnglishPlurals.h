// SPDX-License-Identifier: MIT
#pragma once

#include <QTranslator>

/// English plural forms for tr("%n cell(s)", nullptr, n) without a .qm file: "(s)" becomes "s"
/// unless n is 1 ("1 cell", "12 cells"). Qt shows the source text as written when no
/// translation is loaded, "(s)" and all.
class EnglishPlurals : public QTranslator
{
public:
    using QTranslator::QTranslator;

    QString translate(const char *context, const char *sourceText, const char *disambiguation = nullptr,
                      int n = -1) const override;
    bool isEmpty() const override { return false; }

    /// \a text with every "(s)" made plural or singular for \a n.
    static QString pluralised(const QString &text, int n);
};
