// SPDX-License-Identifier: MIT
#pragma once

#include "ExportColumns.h"
#include "ResultRecord.h"

#include <QByteArray>
#include <QList>

class QIODevice;

/// Result records as lossless JSON, {"format":"promptgrid-results","version":1,"cells":[...]}
/// with full text, every metric (CellResult::writeJson), parameters, the matrix's fields,
/// judging and timestamps, the mode and "messages" (what the model saw: the system prompt, the
/// history and the prompt, ChatTranscript::toJson), never altered for spreadsheets; and as JSON
/// Lines, one such cell per line. Pure functions of their input, safe on a worker thread.
class JsonExport
{
public:
    static QByteArray toJson(const QList<ResultRecord> &records, const ExportProgress &progress = {});
    static QByteArray toJsonLines(const QList<ResultRecord> &records, const ExportProgress &progress = {});
    /// The same documents streamed to \a device cell by cell. False when a write failed or
    /// \a progress said stop.
    static bool writeJson(QIODevice *device, const QList<ResultRecord> &records, const ExportProgress &progress = {});
    static bool writeJsonLines(QIODevice *device, const QList<ResultRecord> &records, const ExportProgress &progress = {});
};
