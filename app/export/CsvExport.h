// SPDX-License-Identifier: MIT
#pragma once

#include "CsvWriter.h"
#include "ExportColumns.h"
#include "ResultRecord.h"

#include <QByteArray>
#include <QList>

class QIODevice;

/// Result records as CSV (ExportColumns::csvColumns(), then one column per variable). Pure
/// functions of their input, safe on a worker thread.
class CsvExport
{
public:
    static QByteArray toCsv(const QList<ResultRecord> &records, CsvWriter::Options options = {},
                            const ExportProgress &progress = {});
    /// The same document streamed to \a device cell by cell, so that memory stays near one cell's
    /// size however large the export. False when a write failed or \a progress said stop.
    static bool writeCsv(QIODevice *device, const QList<ResultRecord> &records, CsvWriter::Options options = {},
                         const ExportProgress &progress = {});
};
