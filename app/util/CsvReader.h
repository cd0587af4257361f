// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

/// Parses RFC 4180 CSV (and the common variants: LF row ends, a byte-order mark; UTF-8 or
/// UTF-16 as TextCodec::decode() reads them).
class CsvReader
{
public:
    /// All rows; on malformed input (an unterminated quote, bytes that are not text) returns false
    /// with \a error set.
    static bool parse(const QByteArray &data, QList<QStringList> *rows, QString *error);
};
