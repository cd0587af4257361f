// SPDX-License-Identifier: MIT
#pragma once

#include "CsvWriter.h"
#include "ResultRecord.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

/// Turns result records into files. Pure functions of their input, so they can run on a
/// worker thread (Qt Concurrent) while the window goes on.
class ResultsExporter
{
public:
    /// The CSV columns, in order. The first fifteen are a public contract.
    static QStringList csvColumns();
    static QByteArray toCsv(const QList<ResultRecord> &records, CsvWriter::Options options = {});
    /// Lossless JSON: {"format":"promptgrid-results","version":1,"cells":[...]} with full text,
    /// every metric, parameters and timestamps. Never altered for spreadsheets.
    static QByteArray toJson(const QList<ResultRecord> &records);
    /// One JSON object per line, the same objects as toJson().
    static QByteArray toJsonLines(const QList<ResultRecord> &records);
    /// Writes \a data to \a path atomically: the old file or the new one, never half of one.
    static bool writeFile(const QString &path, const QByteArray &data, QString *error);
};
