// SPDX-License-Identifier: MIT
#include "JsonExport.h"

#include "AnswerValidation.h"
#include "ChatTranscript.h"
#include "JsonText.h"
#include "OutputFile.h"
#include "TextCodec.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>

namespace {
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

// Adds row_label, a 1-based test_case, a "variables" object and a column's system override.
void addMatrixFields(const ResultRecord &record, QJsonObject *cell)
{
    QJsonObject variables;
    for (const auto &variable : record.row.variables)
        variables.insert(variable.first, variable.second);
    cell->insert(QStringLiteral("test_case"),
                 record.row.testCase >= 0 ? QJsonValue(record.row.testCase + 1) : QJsonValue(QJsonValue::Null));
    cell->insert(QStringLiteral("row_label"), record.row.label);
    cell->insert(QStringLiteral("variables"), variables);
    if (record.spec.model.params.systemOverride)
        cell->insert(QStringLiteral("system_override"), *record.spec.model.params.systemOverride);
}

QJsonObject recordToJson(const ResultRecord &record, TextSplicer *large)
{
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
    };
    record.result.writeJson(&cell, [large](const QString &text) { return large->stand(text); });
    // Test case (1-based, as in the row label), row label and variable values.
    addMatrixFields(record, &cell);
    // What the model saw: the mode, and the system prompt, history and prompt as sent.
    cell.insert(QStringLiteral("messages"), ChatTranscript::toJson(record.spec, [large](const QString &text) { return large->stand(text); }));
    // Judging: null when not rated or not checked, never mixed into the answer.
    const CellJudgement &j = record.judgement;
    const auto jsonInt = [](const std::optional<int> &v) { return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null); };
    cell.insert(QStringLiteral("rating"), jsonInt(j.rating));
    cell.insert(QStringLiteral("note"), large->stand(j.note));
    cell.insert(QStringLiteral("checks_passed"), jsonInt(j.checksPassed));
    cell.insert(QStringLiteral("checks_failed"), jsonInt(j.checksFailed));
    // A judge model's grade with its whole answer: null when no judge graded the cell.
    if (j.judge) {
        const JudgeVerdict &v = *j.judge;
        const auto jsonNumber = [](const std::optional<double> &n) { return n ? QJsonValue(*n) : QJsonValue(QJsonValue::Null); };
        const auto jsonText = [](const QString &t) { return t.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(t); };
        cell.insert(QStringLiteral("judge"),
                    QJsonObject{{QStringLiteral("model"), v.judgeModel},
                                {QStringLiteral("score"), jsonNumber(v.score)},
                                {QStringLiteral("scale"), QJsonObject{{QStringLiteral("min"), v.scaleMin}, {QStringLiteral("max"), v.scaleMax}}},
                                {QStringLiteral("reason"), jsonText(v.reason)},
                                {QStringLiteral("error"), jsonText(v.error)},
                                {QStringLiteral("answer"), large->stand(v.answer)},
                                {QStringLiteral("cost_usd"), jsonNumber(v.costUsd)}});
    } else {
        cell.insert(QStringLiteral("judge"), QJsonValue(QJsonValue::Null));
    }
    // The turn of the cell's own thread (1 = the first answer) and the run's mode.
    cell.insert(QStringLiteral("turn"), record.turn);
    cell.insert(QStringLiteral("mode"), conversationModeName(record.spec.mode));
    // Validation against the cell's schema and tools: null when it asks for no JSON.
    const std::optional<JsonVerdict> verdict = AnswerValidation::validate(record.spec, record.result);
    cell.insert(QStringLiteral("schema_valid"), verdict ? QJsonValue(verdict->valid) : QJsonValue(QJsonValue::Null));
    cell.insert(QStringLiteral("schema_error"),
                verdict && !verdict->valid ? QJsonValue(verdict->errorText()) : QJsonValue(QJsonValue::Null));
    // QJsonDocument would write a lone surrogate as "\ud800": U+FFFD, as in every other writer.
    return TextCodec::withoutLoneSurrogates(cell);
}
} // namespace

QByteArray JsonExport::toJson(const QList<ResultRecord> &records, const ExportProgress &progress)
{
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    return writeJson(&buffer, records, progress) ? data : QByteArray();
}

bool JsonExport::writeJson(QIODevice *device, const QList<ResultRecord> &records, const ExportProgress &progress)
{
    // The document QJsonDocument would write, one cell at a time: {"format", "version", "cells"}.
    if (!OutputFile::writeAll(device, "{\n    \"format\": \"promptgrid-results\",\n    \"version\": 1,\n    \"cells\": ["))
        return false;
    TextSplicer large;
    qsizetype done = 0;
    for (const ResultRecord &record : records) {
        if (progress && (done + 1) % ExportColumns::kProgressEvery == 0 && !progress(done + 1))
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

QByteArray JsonExport::toJsonLines(const QList<ResultRecord> &records, const ExportProgress &progress)
{
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    return writeJsonLines(&buffer, records, progress) ? data : QByteArray();
}

bool JsonExport::writeJsonLines(QIODevice *device, const QList<ResultRecord> &records, const ExportProgress &progress)
{
    TextSplicer large;
    qsizetype done = 0;
    for (const ResultRecord &record : records) {
        if (progress && ++done % ExportColumns::kProgressEvery == 0 && !progress(done))
            return false;
        QByteArray line = QJsonDocument(recordToJson(record, &large)).toJson(QJsonDocument::Compact);
        line.append('\n');
        if (!large.write(device, line))
            return false;
    }
    return true;
}
