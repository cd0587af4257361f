// SPDX-License-Identifier: MIT
#pragma once

#include "CsvWriter.h"
#include "ExportColumns.h"
#include "ResultRecord.h"

#include <QByteArray>
#include <QFuture>
#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QString>

class QIODevice;

/// The one export pipeline: result records (a snapshot, ResultSnapshot) written in any format
/// to a file, on a worker thread with progress and cancel for the window (start()), or at once
/// (toFile(), for the CLI). The format writers (CsvExport, JsonExport, MarkdownExport) know
/// nothing of each other; this class picks one.
class ExportJob : public QObject
{
    Q_OBJECT
public:
    enum class Format { Csv, Json, JsonLines, Markdown };

    static QString suffix(Format format); ///< "csv", "json", "jsonl", "md"
    static QString displayName(Format format);

    /// Any format, streamed to \a device; false when a write failed or \a progress said stop.
    static bool write(Format format, QIODevice *device, const QList<ResultRecord> &records,
                      CsvWriter::Options csvOptions, const ExportProgress &progress = {});
    /// Any format in memory; an empty result with \a cancelled set when \a progress said stop.
    static QByteArray toBytes(Format format, const QList<ResultRecord> &records, CsvWriter::Options csvOptions,
                              const ExportProgress &progress = {}, bool *cancelled = nullptr);
    /// Any format, streamed to \a path (OutputFile: atomic for a regular file, in place for a
    /// device or a pipe). False with \a error, or with \a cancelled set when \a progress said stop
    /// (a regular file then keeps its old content).
    static bool toFile(Format format, const QString &path, const QList<ResultRecord> &records,
                       CsvWriter::Options csvOptions, QString *error, const ExportProgress &progress = {},
                       bool *cancelled = nullptr);

    explicit ExportJob(QObject *parent = nullptr);

    /// Writes \a records to \a path on a worker thread; the records are a copy taken by the
    /// caller on its own thread, so the worker never touches a live grid. The future holds the
    /// error message, empty on success; finished() or cancelled() follows. One export at a time.
    QFuture<QString> start(const QList<ResultRecord> &records, Format format, const QString &path,
                           CsvWriter::Options csvOptions);
    /// Stops a running export; the file is left as it was.
    void cancel();
    bool isRunning() const { return m_watcher.isRunning(); }
    /// The running (or last) export's future.
    QFuture<QString> future() const { return m_watcher.future(); }
    QString path() const { return m_path; }
    qsizetype recordCount() const { return m_recordCount; }

Q_SIGNALS:
    void progressRangeChanged(int minimum, int maximum);
    void progressValueChanged(int done);
    /// The file was written (\a error empty) or could not be (\a error says why).
    void finished(const QString &path, const QString &error);
    void cancelled(const QString &path);

private:
    void onFinished();

    QFutureWatcher<QString> m_watcher;
    QString m_path;
    qsizetype m_recordCount = 0;
};
