// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

/// A CSV file as the suites read an output: its header and rows, cells looked up by column name.
struct CsvTable {
    QStringList header;
    QList<QStringList> rows; ///< without the header
    QString error;           ///< why the file could not be read or parsed; empty when it was

    /// The cell of \a row (0 = the first row after the header) in \a column; empty when absent.
    QString at(int row, const char *column) const;
    bool isValid() const { return error.isEmpty() && !header.isEmpty(); }

    static CsvTable parse(const QByteArray &bytes);
    static CsvTable read(const QString &path);
};
