// SPDX-License-Identifier: MIT
#include "EnglishPlurals.h"

#include <cstring>

QString EnglishPlurals::translate(const char *, const char *sourceText, const char *, int n) const
{
    // A null string tells Qt to keep looking (and then to use the source text).
    if (n < 0 || !sourceText || !std::strstr(sourceText, "(s)"))
        return {};
    return pluralised(QString::fromUtf8(sourceText), n);
}

QString EnglishPlurals::pluralised(const QString &text, int n)
{
    QString out = text;
    return out.replace(QLatin1String("(s)"), n == 1 ? QString() : QStringLiteral("s"));
}
