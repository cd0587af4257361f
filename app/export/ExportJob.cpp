// SPDX-License-Identifier: MIT
#include "ExportJob.h"

#include "CsvExport.h"
#include "JsonExport.h"
#include "MarkdownExport.h"
#include "OutputFile.h"

#include <QBuffer>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

QString ExportJob::suffix(Format format)
{
    switch (format) {
    case Format::Csv:
        return QStringLiteral("csv");
    case Format::Json:
        return QStringLiteral("json");
    case Format::JsonLines:
        return QStringLiteral("jsonl");
    case Format::Markdown:
        return QStringLiteral("md");
    }
    return {};
}

QString ExportJob::displayName(Format format)
{
    switch (format) {
    case Format::Csv:
        return QStringLiteral("CSV");
    case Format::Json:
        return QStringLiteral("JSON");
    case Format::JsonLines:
        return QStringLiteral("JSON Lines");
    case Format::Markdown:
        return QStringLiteral("Markdown");
    }
    return {};
}

bool ExportJob::write(Format format, QIODevice *device, const QList<ResultRecord> &records,
                                CsvWriter::Options csvOptions, const ExportProgress &progress)
{
    switch (format) {
    case Format::Csv:
        return CsvExport::writeCsv(device, records, csvOptions, progress);
    case Format::Json:
        return JsonExport::writeJson(device, records, progress);
    case Format::JsonLines:
        return JsonExport::writeJsonLines(device, records, progress);
    case Format::Markdown:
        return MarkdownExport::writeMarkdown(device, records, progress);
    }
    return false;
}

QByteArray ExportJob::toBytes(Format format, const QList<ResultRecord> &records, CsvWriter::Options csvOptions,
                                       const ExportProgress &progress, bool *cancelled)
{
    bool stopped = false;
    const ExportProgress tracked = [&](qsizetype done) {
        if (progress && !progress(done))
            stopped = true;
        return !stopped;
    };
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    write(format, &buffer, records, csvOptions, tracked);
    buffer.close();
    if (cancelled)
        *cancelled = stopped;
    if (stopped)
        data.clear();
    else if (progress)
        progress(records.size());
    return data;
}

bool ExportJob::toFile(Format format, const QString &path, const QList<ResultRecord> &records,
                                CsvWriter::Options csvOptions, QString *error, const ExportProgress &progress, bool *cancelled)
{
    bool stopped = false;
    const ExportProgress tracked = [&](qsizetype done) {
        if (progress && !progress(done))
            stopped = true;
        return !stopped;
    };
    if (cancelled)
        *cancelled = false;
    OutputFile file(path);
    if (!file.open(error))
        return false;
    const bool written = write(format, file.device(), records, csvOptions, tracked);
    if (stopped) {
        // Cancelled: a regular file keeps its old content; a device got part of the export.
        file.cancel();
        if (cancelled)
            *cancelled = true;
        return false;
    }
    if (!written) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        file.cancel();
        return false;
    }
    if (!file.commit(error))
        return false;
    if (progress)
        progress(records.size());
    return true;
}

ExportJob::ExportJob(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<QString>::progressRangeChanged, this, &ExportJob::progressRangeChanged);
    connect(&m_watcher, &QFutureWatcher<QString>::progressValueChanged, this, &ExportJob::progressValueChanged);
    connect(&m_watcher, &QFutureWatcher<QString>::finished, this, &ExportJob::onFinished);
}

QFuture<QString> ExportJob::start(const QList<ResultRecord> &records, Format format, const QString &path,
                                  CsvWriter::Options csvOptions)
{
    m_path = path;
    m_recordCount = records.size();
    QFuture<QString> future = QtConcurrent::run(
        [](QPromise<QString> &promise, QList<ResultRecord> records, Format format, CsvWriter::Options options,
           QString target) {
            promise.setProgressRange(0, int(records.size()));
            QString error;
            bool cancelled = false;
            // Streamed to the file cell by cell: memory stays near one cell, not the document.
            const bool written = toFile(
                format, target, records, options, &error,
                [&promise](qsizetype done) {
                    promise.setProgressValue(int(done));
                    return !promise.isCanceled();
                },
                &cancelled);
            if (!written && !cancelled && error.isEmpty())
                error = QStringLiteral("could not write the file");
            promise.addResult(cancelled ? QString() : error);
        },
        records, format, csvOptions, path);
    m_watcher.setFuture(future);
    return future;
}

void ExportJob::cancel()
{
    if (m_watcher.isRunning())
        m_watcher.cancel();
}

void ExportJob::onFinished()
{
    const QFuture<QString> future = m_watcher.future();
    if (future.isCanceled() || future.resultCount() == 0) {
        Q_EMIT cancelled(m_path);
        return;
    }
    Q_EMIT finished(m_path, future.result());
}
