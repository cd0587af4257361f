// SPDX-License-Identifier: MIT
#include "CsvReader.h"

#include "TextCodec.h"

bool CsvReader::parse(const QByteArray &data, QList<QStringList> *rows, QString *error)
{
    QString text;
    rows->clear();
    if (!TextCodec::decode(data, &text, error))
        return false;
    QStringList row;
    QString field;
    bool inQuotes = false;
    bool fieldStarted = false;
    int line = 1;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < n && text.at(i + 1) == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == QLatin1Char('"') && !fieldStarted) {
            inQuotes = true;
            fieldStarted = true;
        } else if (c == QLatin1Char(',')) {
            row.append(field);
            field.clear();
            fieldStarted = false;
        } else if (c == QLatin1Char('\r') || c == QLatin1Char('\n')) {
            if (c == QLatin1Char('\r') && i + 1 < n && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            row.append(field);
            rows->append(row);
            row.clear();
            field.clear();
            fieldStarted = false;
            ++line;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (inQuotes) {
        *error = QStringLiteral("unterminated quoted field starting before line %1").arg(line);
        return false;
    }
    if (fieldStarted || !row.isEmpty()) {
        row.append(field);
        rows->append(row);
    }
    return true;
}
