// SPDX-License-Identifier: MIT
#include "ResultsExporter.h"

#include "MatrixExport.h"
#include "ProviderConfig.h"
#include "TextCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

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
    CsvWriter writer(options);
    const QStringList variables = MatrixExport::variableNames(records);
    writer.addRow(csvColumns() + MatrixExport::variableColumns(variables, csvColumns()));
    qsizetype done = 0;
    for (const ResultRecord &record : records) {
        if (progress && ++done % kProgressEvery == 0 && !progress(done))
            return {};
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
    }
    return writer.takeData();
}

bool ResultsExporter::writeFile(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    if (file.write(data) != data.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QByteArray ResultsExporter::toJson(const QList<ResultRecord> &records, const Progress &progress)
{
    QJsonArray cells;
    qsizetype done = 0;
    for (const ResultRecord &record : records) {
        if (progress && ++done % kProgressEvery == 0 && !progress(done))
            return {};
        cells.append(recordToJson(record));
    }
    const QJsonObject root{{QStringLiteral("format"), QStringLiteral("promptgrid-results")},
                           {QStringLiteral("version"), 1},
                           {QStringLiteral("cells"), cells}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray ResultsExporter::toJsonLines(const QList<ResultRecord> &records, const Progress &progress)
{
    QByteArray data;
    qsizetype done = 0;
    for (const ResultRecord &record : records) {
        if (progress && ++done % kProgressEvery == 0 && !progress(done))
            return {};
        data.append(QJsonDocument(recordToJson(record)).toJson(QJsonDocument::Compact));
        data.append('\n');
    }
    return data;
}
