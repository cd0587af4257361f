// SPDX-License-Identifier: MIT
#pragma once

#include "CsvWriter.h"
#include "ResultRecord.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class QIODevice;

/// Turns result records into files. Pure functions of their input, so they can run on a
/// worker thread (Qt Concurrent) while the window goes on.
class ResultsExporter
{
public:
    /// Called with the number of records written so far; returning false stops the export
    /// (the result is then incomplete and should be dropped).
    using Progress = std::function<bool(qsizetype done)>;

    /// The CSV columns, in order. The first fifteen are a public contract. toCsv() appends one
    /// column per template variable after these.
    static QStringList csvColumns();
    static QByteArray toCsv(const QList<ResultRecord> &records, CsvWriter::Options options = {},
                            const Progress &progress = {});
    /// Lossless JSON: {"format":"promptgrid-results","version":1,"cells":[...]} with full text,
    /// every metric, parameters and timestamps. Never altered for spreadsheets.
    static QByteArray toJson(const QList<ResultRecord> &records, const Progress &progress = {});
    /// One JSON object per line, the same objects as toJson().
    static QByteArray toJsonLines(const QList<ResultRecord> &records, const Progress &progress = {});

    /// The same documents streamed to \a device cell by cell, so that memory stays near one
    /// cell's size however large the export. False when a write failed or \a progress said stop.
    static bool writeCsv(QIODevice *device, const QList<ResultRecord> &records, CsvWriter::Options options = {},
                         const Progress &progress = {});
    static bool writeJson(QIODevice *device, const QList<ResultRecord> &records, const Progress &progress = {});
    static bool writeJsonLines(QIODevice *device, const QList<ResultRecord> &records, const Progress &progress = {});

    /// Writes \a data to \a path: a regular file atomically (the old file or the new one, never
    /// half of one), a device or a pipe in place (OutputFile).
    static bool writeFile(const QString &path, const QByteArray &data, QString *error);
};
