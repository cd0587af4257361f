// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

/// Parses RFC 4180 CSV (and the common variants: LF row ends, a UTF-8 byte-order mark).
class CsvReader
{
public:
    /// All rows; on malformed input (an unterminated quote) returns false with \a error set.
    static bool parse(const QByteArray &data, QList<QStringList> *rows, QString *error);
};
