// SPDX-License-Identifier: MIT
#pragma once

#include "ExportColumns.h"
#include "ResultRecord.h"

#include <QByteArray>
#include <QList>
#include <QString>

class QIODevice;

/// Result records as a side-by-side GitHub Markdown table: one row per prompt row, one column
/// per model configuration; repeats are listed inside the cell; a conversation's row header names
/// its mode and how many messages came before the prompt. Pipes, line breaks and HTML are
/// escaped. Pure functions of their input, safe on a worker thread.
class MarkdownExport
{
public:
    static QByteArray toMarkdown(const QList<ResultRecord> &records, const ExportProgress &progress = {});
    /// The same table streamed to \a device one table row at a time.
    static bool writeMarkdown(QIODevice *device, const QList<ResultRecord> &records, const ExportProgress &progress = {});
    /// Text safe inside one Markdown table cell: pipes escaped, line breaks as <br>, '<' and
    /// entities escaped so that no tag of the text survives; code spans stay code.
    static QString escapeMarkdownCell(const QString &text);
};
