// SPDX-License-Identifier: MIT
#include "CsvExport.h"

#include <QBuffer>

namespace {
QString optionalNumber(const std::optional<qint64> &value)
{
    return value ? QString::number(*value) : QString();
}
} // namespace

QByteArray CsvExport::toCsv(const QList<ResultRecord> &records, CsvWriter::Options options,
                                  const ExportProgress &progress)
{
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    return writeCsv(&buffer, records, options, progress) ? data : QByteArray();
}

bool CsvExport::writeCsv(QIODevice *device, const QList<ResultRecord> &records, CsvWriter::Options options,
                               const ExportProgress &progress)
{
    CsvWriter writer(options, device);
    const QStringList variables = ExportColumns::variableNames(records);
    writer.addRow(ExportColumns::csvColumns() + ExportColumns::variableColumns(variables, ExportColumns::csvColumns()));
    qsizetype done = 0;
    for (const ResultRecord &record : records) {
        if (progress && ++done % ExportColumns::kProgressEvery == 0 && !progress(done))
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
            ExportColumns::costText(r.costUsd),
            QString::number(r.attempts),
            record.spec.model.displayName(),
            r.reasoning,
            optionalNumber(r.queueWaitMs),
            r.startedAt.isValid() ? r.startedAt.toString(Qt::ISODateWithMs) : QString(),
            r.finishedAt.isValid() ? r.finishedAt.toString(Qt::ISODateWithMs) : QString(),
        } + ExportColumns::fixedFields(record) + ExportColumns::judgementFields(record.judgement)
                      + ExportColumns::reasoningFields(r) + ExportColumns::threadFields(record)
                      + ExportColumns::schemaFields(record) + ExportColumns::toolFields(r)
                      + ExportColumns::judgeFields(record.judgement)
                      + ExportColumns::variableFields(record, variables));
        if (!writer.flush())
            return false;
    }
    return writer.flush();
}
