// SPDX-License-Identifier: MIT
#include "ResultsExporter.h"

#include "JsonText.h"
#include "MatrixExport.h"
#include "OutputFile.h"
#include "ProviderConfig.h"
#include "TextCodec.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>

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

// Large texts stand in the cell's QJsonObject as short markers and are escaped straight into
// the file when the cell is written: QJsonDocument would hold each of them as CBOR, then as
// UTF-8, on top of the answer itself (an 8 MiB answer cost about 40 MB more per cell).
class TextSplicer
{
public:
    TextSplicer()
        : m_nonce(QUuid::createUuid().toString(QUuid::Id128))
    {
    }

    /// \a text itself, or a marker that write() replaces with it.
    QString stand(const QString &text)
    {
        if (text.size() < JsonText::kLargeText)
            return text;
        const QString marker = QStringLiteral("\x01pg-%1-%2\x01").arg(m_nonce).arg(m_entries.size());
        const QByteArray json = QJsonDocument(QJsonArray{marker}).toJson(QJsonDocument::Compact);
        m_entries.append({json.mid(2, json.size() - 4), QStringView(text)}); // inside ["..."]
        return marker;
    }

    /// Writes \a bytes with every marker replaced by its escaped text, then forgets them.
    bool write(QIODevice *device, QByteArrayView bytes)
    {
        QList<std::pair<qsizetype, qsizetype>> found; // (position, entry)
        for (qsizetype i = 0; i < m_entries.size(); ++i) {
            const qsizetype at = bytes.indexOf(m_entries.at(i).first);
            if (at >= 0)
                found.append({at, i});
        }
        std::sort(found.begin(), found.end());
        qsizetype from = 0;
        bool ok = true;
        for (const auto &[at, entry] : found) {
            ok = ok && OutputFile::writeAll(device, bytes.sliced(from, at - from))
                && JsonText::write(device, m_entries.at(entry).second);
            from = at + m_entries.at(entry).first.size();
        }
        ok = ok && OutputFile::writeAll(device, bytes.sliced(from));
        m_entries.clear();
        return ok;
    }

private:
    QString m_nonce;
    QList<std::pair<QByteArray, QStringView>> m_entries;
};

QJsonObject recordToJson(const ResultRecord &record, TextSplicer *large)
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
        {QStringLiteral("prompt"), large->stand(record.spec.prompt)},
        {QStringLiteral("system"), large->stand(record.spec.system)},
        {QStringLiteral("provider"), record.spec.model.provider},
        {QStringLiteral("model"), record.spec.model.model},
        {QStringLiteral("label"), record.spec.model.displayName()},
        {QStringLiteral("parameters"), params},
        {QStringLiteral("sample"), record.spec.sample + 1},
        {QStringLiteral("status"), cellStatusName(r.status)},
        {QStringLiteral("answer"), large->stand(r.text)},
        {QStringLiteral("reasoning"), large->stand(r.reasoning)},
        {QStringLiteral("error"), large->stand(r.error)},
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
    cell.insert(QStringLiteral("note"), large->stand(j.note));
    cell.insert(QStringLiteral("checks_passed"), jsonInt(j.checksPassed));
    cell.insert(QStringLiteral("checks_failed"), jsonInt(j.checksFailed));
    // QJsonDocument would write a lone surrogate as "\ud800": U+FFFD, as in every other writer.
    return TextCodec::withoutLoneSurrogates(cell);
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
    if (!OutputFile::writeAll(device, "{\n    \"format\": \"promptgrid-results\",\n    \"version\": 1,\n    \"cells\": ["))
        return false;
    TextSplicer large;
    qsizetype done = 0;
    for (const ResultRecord &record : records) {
        if (progress && (done + 1) % kProgressEvery == 0 && !progress(done + 1))
            return false;
        QByteArray cell = QJsonDocument(recordToJson(record, &large)).toJson(QJsonDocument::Indented);
        cell.chop(1); // its last newline
        // Indented inside the array (the large texts are still markers, so this copy is small).
        cell.replace("\n", "\n        ");
        cell.prepend(done++ == 0 ? "\n        " : ",\n        ");
        if (!large.write(device, cell))
            return false;
    }
    return OutputFile::writeAll(device, "\n    ]\n}\n");
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
    TextSplicer large;
    qsizetype done = 0;
    for (const ResultRecord &record : records) {
        if (progress && ++done % kProgressEvery == 0 && !progress(done))
            return false;
        QByteArray line = QJsonDocument(recordToJson(record, &large)).toJson(QJsonDocument::Compact);
        line.append('\n');
        if (!large.write(device, line))
            return false;
    }
    return true;
}
