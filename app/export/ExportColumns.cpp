// SPDX-License-Identifier: MIT
#include "ExportColumns.h"

#include "AnswerValidation.h"

#include <QJsonDocument>
#include <QSet>

namespace {
QString number(const std::optional<double> &value)
{
    return value ? QString::number(*value) : QString();
}
} // namespace

QStringList ExportColumns::csvColumns()
{
    return QStringList{QStringLiteral("prompt_index"), QStringLiteral("prompt"),        QStringLiteral("provider"),
            QStringLiteral("model"),        QStringLiteral("sample"),        QStringLiteral("status"),
            QStringLiteral("answer"),       QStringLiteral("error"),         QStringLiteral("http_status"),
            QStringLiteral("ttft_ms"),      QStringLiteral("latency_ms"),    QStringLiteral("input_tokens"),
            QStringLiteral("output_tokens"), QStringLiteral("finish_reason"), QStringLiteral("cost_usd"),
            QStringLiteral("attempts"),     QStringLiteral("label"),         QStringLiteral("reasoning"),
            QStringLiteral("queue_wait_ms"), QStringLiteral("started_at"),   QStringLiteral("finished_at")}
        + fixedColumns() + judgementColumns() + reasoningColumns() + threadColumns() + schemaColumns() + toolColumns()
        + judgeColumns();
}

QStringList ExportColumns::reasoningColumns()
{
    return {QStringLiteral("reasoning_tokens")};
}

QStringList ExportColumns::reasoningFields(const CellResult &result)
{
    return {result.reasoningTokens ? QString::number(*result.reasoningTokens) : QString()};
}

QStringList ExportColumns::fixedColumns()
{
    return {QStringLiteral("test_case"),   QStringLiteral("row_label"),  QStringLiteral("temperature"),
            QStringLiteral("top_p"),       QStringLiteral("max_tokens"), QStringLiteral("seed")};
}

QStringList ExportColumns::fixedFields(const ResultRecord &record)
{
    const RequestParams &p = record.spec.model.params;
    return {record.row.testCase >= 0 ? QString::number(record.row.testCase + 1) : QString(),
            record.row.label,
            number(p.temperature),
            number(p.topP),
            p.maxTokens ? QString::number(*p.maxTokens) : QString(),
            p.seed ? QString::number(*p.seed) : QString()};
}

QStringList ExportColumns::judgementColumns()
{
    return {QStringLiteral("rating"), QStringLiteral("note"), QStringLiteral("checks_passed"),
            QStringLiteral("checks_failed")};
}

QStringList ExportColumns::judgementFields(const CellJudgement &judgement)
{
    const auto number = [](const std::optional<int> &value) { return value ? QString::number(*value) : QString(); };
    return {number(judgement.rating), judgement.note, number(judgement.checksPassed), number(judgement.checksFailed)};
}

QStringList ExportColumns::threadColumns()
{
    return {QStringLiteral("turn"), QStringLiteral("mode")};
}

QStringList ExportColumns::threadFields(const ResultRecord &record)
{
    return {QString::number(record.turn), conversationModeName(record.spec.mode)};
}

QStringList ExportColumns::schemaColumns()
{
    return {QStringLiteral("schema_valid"), QStringLiteral("schema_error")};
}

QStringList ExportColumns::schemaFields(const ResultRecord &record)
{
    const std::optional<JsonVerdict> verdict = AnswerValidation::validate(record.spec, record.result);
    if (!verdict)
        return {QString(), QString()};
    return {verdict->valid ? QStringLiteral("true") : QStringLiteral("false"), verdict->errorText()};
}

QStringList ExportColumns::toolColumns()
{
    return {QStringLiteral("tool_calls")};
}

QStringList ExportColumns::toolFields(const CellResult &result)
{
    if (result.toolCalls.isEmpty())
        return {QString()};
    return {QString::fromUtf8(QJsonDocument(ToolCall::listToJson(result.toolCalls)).toJson(QJsonDocument::Compact))};
}

QStringList ExportColumns::judgeColumns()
{
    return {QStringLiteral("judge_score"), QStringLiteral("judge_reason"), QStringLiteral("judge_model"),
            QStringLiteral("judge_error"), QStringLiteral("judge_cost_usd")};
}

QStringList ExportColumns::judgeFields(const CellJudgement &judgement)
{
    if (!judgement.judge)
        return {QString(), QString(), QString(), QString(), QString()};
    const JudgeVerdict &v = *judgement.judge;
    return {number(v.score), v.reason, v.judgeModel, v.error, costText(v.costUsd)};
}

QString ExportColumns::costText(const std::optional<double> &usd)
{
    if (!usd)
        return {};
    QString text = QString::number(*usd, 'f', 8);
    while (text.endsWith(QLatin1Char('0')) && !text.endsWith(QLatin1String(".0")))
        text.chop(1);
    return text;
}

QStringList ExportColumns::variableNames(const QList<ResultRecord> &records)
{
    QStringList names;
    QSet<QString> seen;
    // Rows repeat for every column and sample: look at each plan row once.
    QSet<int> rowsSeen;
    for (const ResultRecord &record : records) {
        if (record.row.variables.isEmpty() || rowsSeen.contains(record.spec.row))
            continue;
        rowsSeen.insert(record.spec.row);
        for (const auto &variable : record.row.variables) {
            if (!seen.contains(variable.first)) {
                seen.insert(variable.first);
                names.append(variable.first);
            }
        }
    }
    return names;
}

QStringList ExportColumns::variableColumns(const QStringList &names, const QStringList &taken)
{
    QStringList columns;
    for (const QString &name : names)
        columns.append(taken.contains(name) ? QStringLiteral("var_") + name : name);
    return columns;
}

QStringList ExportColumns::variableFields(const ResultRecord &record, const QStringList &names)
{
    QStringList fields;
    fields.reserve(names.size());
    for (const QString &name : names) {
        QString value;
        for (const auto &variable : record.row.variables) {
            if (variable.first == name) {
                value = variable.second;
                break;
            }
        }
        fields.append(value);
    }
    return fields;
}
