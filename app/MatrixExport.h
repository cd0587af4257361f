// SPDX-License-Identifier: MIT
#pragma once

#include "CsvWriter.h"
#include "ResultRecord.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class QIODevice;

/// The matrix's part of the exports: test-case, parameter and variable columns for CSV and
/// JSON, the Markdown table, and one entry point for every format (used by the export dialog
/// and the CLI). Pure functions of their input: safe on a worker thread.
class MatrixExport
{
public:
    enum class Format { Csv, Json, JsonLines, Markdown };
    /// Called with the number of records done so far; returning false stops the export.
    using Progress = std::function<bool(qsizetype done)>;

    static QString suffix(Format format); ///< "csv", "json", "jsonl", "md"
    static QString displayName(Format format);

    /// Columns appended to the CSV after the contract's: test_case (1-based, empty without
    /// variables), row_label, temperature, top_p, max_tokens, seed. Variable columns follow.
    static QStringList fixedColumns();
    static QStringList fixedFields(const ResultRecord &record);
    /// Every variable name of \a records, in order of first appearance.
    static QStringList variableNames(const QList<ResultRecord> &records);
    /// Column headers for \a names; a name that clashes with \a taken gets a "var_" prefix.
    static QStringList variableColumns(const QStringList &names, const QStringList &taken);
    static QStringList variableFields(const ResultRecord &record, const QStringList &names);
    /// Adds row_label, a 1-based test_case and a "variables" object to a JSON cell.
    static void addJsonFields(const ResultRecord &record, QJsonObject *cell);

    /// A side-by-side GitHub Markdown table: one row per prompt row, one column per model
    /// configuration; repeats are listed inside the cell. Pipes, line breaks and HTML are escaped.
    static QByteArray toMarkdown(const QList<ResultRecord> &records, const Progress &progress = {});
    /// The same table streamed to \a device one table row at a time.
    static bool writeMarkdown(QIODevice *device, const QList<ResultRecord> &records, const Progress &progress = {});
    /// Text safe inside one Markdown table cell: pipes escaped, line breaks as <br>, '<' and
    /// entities escaped so that no tag of the text survives; code spans stay code.
    static QString escapeMarkdownCell(const QString &text);

    /// Any format; an empty result with \a cancelled set when \a progress said stop.
    static QByteArray exportRecords(Format format, const QList<ResultRecord> &records, CsvWriter::Options csvOptions,
                                    const Progress &progress = {}, bool *cancelled = nullptr);
    /// Any format, streamed to \a device; false when a write failed or \a progress said stop.
    static bool writeRecords(Format format, QIODevice *device, const QList<ResultRecord> &records,
                             CsvWriter::Options csvOptions, const Progress &progress = {});
    /// Any format, streamed to \a path (OutputFile: atomic for a regular file, in place for a
    /// device or a pipe). False with \a error, or with \a cancelled set when \a progress said stop
    /// (a regular file then keeps its old content).
    static bool exportToFile(Format format, const QString &path, const QList<ResultRecord> &records,
                             CsvWriter::Options csvOptions, QString *error, const Progress &progress = {},
                             bool *cancelled = nullptr);
};
