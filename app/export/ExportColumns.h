// SPDX-License-Identifier: MIT
#pragma once

#include "ResultRecord.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

/// Called with the number of records written so far; returning false stops the export (the
/// result is then incomplete and is dropped).
using ExportProgress = std::function<bool(qsizetype done)>;

/// The columns every tabular export shares: the CSV contract, the matrix's columns (test case,
/// row label, parameters), the judging columns and one column per template variable.
class ExportColumns
{
public:
    /// The CSV columns, in order. The first fifteen are a public contract; new ones go after the
    /// existing ones: the contract's, fixedColumns(), judgementColumns(), reasoningColumns(),
    /// threadColumns(), schemaColumns(), toolColumns(), judgeColumns(). One column per template
    /// variable follows these (variableColumns()).
    static QStringList csvColumns();
    /// The matrix's columns after the contract's: test_case (1-based, empty without variables),
    /// row_label, temperature, top_p, max_tokens, seed.
    static QStringList fixedColumns();
    static QStringList fixedFields(const ResultRecord &record);
    /// rating, note, checks_passed, checks_failed: a person's and the quick checks' judgement.
    static QStringList judgementColumns();
    static QStringList judgementFields(const CellJudgement &judgement);
    /// reasoning_tokens: the part of output_tokens spent reasoning (empty when not reported).
    static QStringList reasoningColumns();
    static QStringList reasoningFields(const CellResult &result);
    /// turn (1 = the first answer) and mode (shared_transcript or own_thread).
    static QStringList threadColumns();
    static QStringList threadFields(const ResultRecord &record);
    /// schema_valid (true/false, empty when the cell asks for no JSON and calls no tool) and
    /// schema_error ("/pointer: message" of the first error, empty when valid): AnswerValidation.
    static QStringList schemaColumns();
    static QStringList schemaFields(const ResultRecord &record);
    /// tool_calls: the answer's tool calls as a compact JSON array (ToolCall::listToJson), empty
    /// when there are none.
    static QStringList toolColumns();
    static QStringList toolFields(const CellResult &result);
    /// judge_score, judge_reason, judge_model, judge_error, judge_cost_usd: a judge model's grade
    /// (JudgeRun), all empty when no judge graded the cell; a score and an error never both.
    static QStringList judgeColumns();
    static QStringList judgeFields(const CellJudgement &judgement);
    /// A cost in USD as the CSV writes it: up to eight decimals, trailing zeros dropped.
    static QString costText(const std::optional<double> &usd);
    /// Every variable name of \a records, in order of first appearance.
    static QStringList variableNames(const QList<ResultRecord> &records);
    /// Column headers for \a names; a name that clashes with \a taken gets a "var_" prefix.
    static QStringList variableColumns(const QStringList &names, const QStringList &taken);
    static QStringList variableFields(const ResultRecord &record, const QStringList &names);

    /// Records between two progress reports.
    static constexpr qsizetype kProgressEvery = 256;
};
