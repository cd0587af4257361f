// SPDX-License-Identifier: MIT
#include "ResultsExporter.h"

#include "MatrixExport.h"
#include "OutputFile.h"
#include "ProviderConfig.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
QString optionalNumber(const std::optional<qint64> &value)
{
    return value ? QString::number(*value) : QString();
}

QString costText(const std::optional<double> &cost)
{
    if (!cost)
        return {};
    QString text = QString::number(*cost, 'f', 8);
    while (text.endsWith(QLatin1Char('0')) && !text.endsWith(QLatin1String(".0")))
        text.chop(1);
    return text;
}
QJsonValue jsonNumber(const std::optional<qint64> &value)
{
    return value ? QJsonValue(double(*value)) : QJsonValue(QJsonValue::Null);
}

QJsonObject recordToJson(const ResultRecord &record)
{
    const CellResult &r = record.result;
    const RequestParams &p = record.spec.model.params;
    QJsonObject params;
    p.writeJson(&params);
    QJsonObject cell{
        {QStringLiteral("prompt_index"), record.row.promptIndex},
        {QStringLiteral("row"), record.spec.row},
        {QStringLiteral("column"), record.spec.column},
        {QStringLiteral("test_case"), record.row.testCase >= 0 ? QJsonValue(record.row.testCase) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("prompt"), record.spec.prompt},
        {QStringLiteral("system"), record.spec.system},
        {QStringLiteral("provider"), record.spec.model.provider},
        {QStringLiteral("model"), record.spec.model.model},
        {QStringLiteral("label"), record.spec.model.displayName()},
        {QStringLiteral("parameters"), params},
        {QStringLiteral("sample"), record.spec.sample + 1},
        {QStringLiteral("status"), cellStatusName(r.status)},
        {QStringLiteral("answer"), r.text},
        {QStringLiteral("reasoning"), r.reasoning},
        {QStringLiteral("error"), r.error},
        {QStringLiteral("http_status"), r.httpStatus > 0 ? QJsonValue(r.httpStatus) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("queue_wait_ms"), jsonNumber(r.queueWaitMs)},
        {QStringLiteral("ttft_ms"), jsonNumber(r.ttftMs)},
        {QStringLiteral("latency_ms"), jsonNumber(r.latencyMs)},
        {QStringLiteral("input_tokens"), jsonNumber(r.inputTokens)},
        {QStringLiteral("output_tokens"), jsonNumber(r.outputTokens)},
        {QStringLiteral("finish_reason"), r.finishReason},
        {QStringLiteral("cost_usd"), r.costUsd ? QJsonValue(*r.costUsd) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("attempts"), r.attempts},
        {QStringLiteral("started_at"), r.startedAt.isValid() ? r.startedAt.toString(Qt::ISODateWithMs) : QString()},
        {QStringLiteral("finished_at"), r.finishedAt.isValid() ? r.finishedAt.toString(Qt::ISODateWithMs) : QString()},
    };
    // Test case (1-based, as in the row label), row label and variable values.
    MatrixExport::addJsonFields(record, &cell);
    // Judging: null when not rated or not checked, never mixed into the answer.
    const CellJudgement &j = record.judgement;
    const auto jsonInt = [](const std::optional<int> &v) { return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null); };
    cell.insert(QStringLiteral("rating"), jsonInt(j.rating));
    cell.insert(QStringLiteral("note"), j.note);
    cell.insert(QStringLiteral("checks_passed"), jsonInt(j.checksPassed));
    cell.insert(QStringLiteral("checks_failed"), jsonInt(j.checksFailed));
    return cell;
}
constexpr qsizetype kProgressEvery = 256;
// Judging columns follow the fixed matrix columns (the per-file variable columns come last):
// rating and note are a person's, checks_* the quick checks'.
QStringList judgementColumns()
{
    return {QStringLiteral("rating"), QStringLiteral("note"), QStringLiteral("checks_passed"),
            QStringLiteral("checks_failed")};
}

QStringList judgementFields(const CellJudgement &judgement)
{
    const auto number = [](const std::optional<int> &value) { return value ? QString::number(*value) : QString(); };
    return {number(judgement.rating), judgement.note, number(judgement.checksPassed), number(judgement.checksFailed)};
}
} // namespace

QStringList ResultsExporter::csvColumns()
{
    return QStringList{QStringLiteral("prompt_index"), QStringLiteral("prompt"),        QStringLiteral("provider"),
            QStringLiteral("model"),        QStringLiteral("sample"),        QStringLiteral("status"),
            QStringLiteral("answer"),       QStringLiteral("error"),         QStringLiteral("http_status"),
            QStringLiteral("ttft_ms"),      QStringLiteral("latency_ms"),    QStringLiteral("input_tokens"),
            QStringLiteral("output_tokens"), QStringLiteral("finish_reason"), QStringLiteral("cost_usd"),
            QStringLiteral("attempts"),     QStringLiteral("label"),         QStringLiteral("reasoning"),
            QStringLiteral("queue_wait_ms"), QStringLiteral("started_at"),   QStringLiteral("finished_at")}
        + MatrixExport::fixedColumns() + judgementColumns();
}

QByteArray ResultsExporter::toCsv(const QList<ResultRecord> &records, CsvWriter::Options options,
                                  const Progress &progress)
{
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    return writeCsv(&buffer, records, options, progress) ? data : QByteArray();
}

bool ResultsExporter::writeCsv(QIODevice *device, const QList<ResultRecord> &records, CsvWriter::Options options,
                               const Progress &progress)
{
    CsvWriter writer(options, device);
    const QStringList variables = MatrixExport::variableNames(records);
    writer.addRow(csvColumns() + MatrixExport::variableColumns(variables, csvColumns()));
    qsizetype done = 0;
    for (const ResultRecord &record : records) {
        if (progress && ++done % kProgressEvery == 0 && !progress(done))
            return false;
        const CellResult &r = record.result;
        writer.addRow(QStringList{
            QString::number(record.row.promptIndex),
            record.spec.prompt,
            record.spec.model.provider,
            record.spec.model.model,
            QString::number(record.spec.sample + 1),
            cellStatusName(r.status),
            r.text,
            r.error,
            r.httpStatus > 0 ? QString::number(r.httpStatus) : QString(),
            optionalNumber(r.ttftMs),
            optionalNumber(r.latencyMs),
            optionalNumber(r.inputTokens),
            optionalNumber(r.outputTokens),
            r.finishReason,
            costText(r.costUsd),
            QString::number(r.attempts),
            record.spec.model.displayName(),
            r.reasoning,
            optionalNumber(r.queueWaitMs),
            r.startedAt.isValid() ? r.startedAt.toString(Qt::ISODateWithMs) : QString(),
            r.finishedAt.isValid() ? r.finishedAt.toString(Qt::ISODateWithMs) : QString(),
        } + MatrixExport::fixedFields(record) + judgementFields(record.judgement)
                      + MatrixExport::variableFields(record, variables));
        if (!writer.flush())
            return false;
    }
    return writer.flush();
}

bool ResultsExporter::writeFile(const QString &path, const QByteArray &data, QString *error)
{
    OutputFile file(path);
    if (!file.open(error))
        return false;
    if (!OutputFile::writeAll(file.device(), data)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        file.cancel(); // the old file stays as it was
        return false;
    }
    return file.commit(error);
}

QByteArray ResultsExporter::toJson(const QList<ResultRecord> &records, const Progress &progress)
{
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    return writeJson(&buffer, records, progress) ? data : QByteArray();
}

bool ResultsExporter::writeJson(QIODevice *device, const QList<ResultRecord> &records, const Progress &progress)
{
    // The document QJsonDocument would write, one cell at a time: {"format", "version", "cells"}.
    bool ok = OutputFile::writeAll(device, "{\n    \"format\": \"promptgrid-results\",\n    \"version\": 1,\n    \"cells\": [");
    qsizetype done = 0;
    for (const ResultRecord &record : records) {
        if (progress && (done + 1) % kProgressEvery == 0 && !progress(done + 1))
            return false;
        const QByteArray cell = QJsonDocument(recordToJson(record)).toJson(QJsonDocument::Indented);
        ok = ok && OutputFile::writeAll(device, done++ == 0 ? "\n" : ",\n");
        // Indented inside the array: every line of the cell gets 8 more spaces, written in
        // place rather than copied (its answer line may be megabytes long).
        qsizetype start = 0;
        while (ok && start < cell.size()) {
            qsizetype end = cell.indexOf('\n', start);
            if (end < 0)
                end = cell.size();
            ok = OutputFile::writeAll(device, "        ")
                && OutputFile::writeAll(device, QByteArrayView(cell.constData() + start, end - start));
            if (end + 1 < cell.size())
                ok = ok && OutputFile::writeAll(device, "\n");
            start = end + 1;
        }
        if (!ok)
            return false;
    }
    return ok && OutputFile::writeAll(device, "\n    ]\n}\n");
}

QByteArray ResultsExporter::toJsonLines(const QList<ResultRecord> &records, const Progress &progress)
{
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    return writeJsonLines(&buffer, records, progress) ? data : QByteArray();
}

bool ResultsExporter::writeJsonLines(QIODevice *device, const QList<ResultRecord> &records, const Progress &progress)
{
    qsizetype done = 0;
    for (const ResultRecord &record : records) {
        if (progress && ++done % kProgressEvery == 0 && !progress(done))
            return false;
        QByteArray line = QJsonDocument(recordToJson(record)).toJson(QJsonDocument::Compact);
        line.append('\n');
        if (!OutputFile::writeAll(device, line))
            return false;
    }
    return true;
}
