// SPDX-License-Identifier: MIT
#include "MatrixExport.h"

#include "ResultsExporter.h"
#include "TextCodec.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <map>

namespace {
QString number(const std::optional<double> &value)
{
    return value ? QString::number(*value) : QString();
}

constexpr qsizetype kProgressEvery = 256;
} // namespace

QString MatrixExport::suffix(Format format)
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

QString MatrixExport::displayName(Format format)
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

QStringList MatrixExport::fixedColumns()
{
    return {QStringLiteral("test_case"),   QStringLiteral("row_label"),  QStringLiteral("temperature"),
            QStringLiteral("top_p"),       QStringLiteral("max_tokens"), QStringLiteral("seed")};
}

QStringList MatrixExport::fixedFields(const ResultRecord &record)
{
    const RequestParams &p = record.spec.model.params;
    return {record.row.testCase >= 0 ? QString::number(record.row.testCase + 1) : QString(),
            record.row.label,
            number(p.temperature),
            number(p.topP),
            p.maxTokens ? QString::number(*p.maxTokens) : QString(),
            p.seed ? QString::number(*p.seed) : QString()};
}

QStringList MatrixExport::variableNames(const QList<ResultRecord> &records)
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

QStringList MatrixExport::variableColumns(const QStringList &names, const QStringList &taken)
{
    QStringList columns;
    for (const QString &name : names)
        columns.append(taken.contains(name) ? QStringLiteral("var_") + name : name);
    return columns;
}

QStringList MatrixExport::variableFields(const ResultRecord &record, const QStringList &names)
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

void MatrixExport::addJsonFields(const ResultRecord &record, QJsonObject *cell)
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

namespace {
// "&name;" or "&#123;": an entity a renderer would decode.
bool startsEntity(QStringView text, qsizetype at)
{
    const qsizetype end = std::min(text.size(), at + 34);
    for (qsizetype i = at + 1; i < end; ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char(';'))
            return i > at + 1;
        if (!c.isLetterOrNumber() && c != QLatin1Char('#'))
            return false;
    }
    return false;
}

// The end of the code span whose opening run of \a run backticks ends at \a from (the index of
// the closing run), or -1: CommonMark closes it with a run of exactly as many backticks.
qsizetype closingBackticks(QStringView text, qsizetype from, qsizetype run)
{
    qsizetype i = from;
    while (i < text.size()) {
        if (text.at(i) != QLatin1Char('`')) {
            ++i;
            continue;
        }
        qsizetype end = i;
        while (end < text.size() && text.at(end) == QLatin1Char('`'))
            ++end;
        if (end - i == run)
            return i;
        i = end;
    }
    return -1;
}

// Code as the content of a <code> element: HTML escaped, Markdown punctuation backslashed (raw
// HTML's text is still read as Markdown), line breaks as <br>.
void appendCodeAsHtml(QStringView code, QString *out)
{
    for (const QChar c : code) {
        switch (c.unicode()) {
        case '&':
            *out += QLatin1String("&amp;");
            break;
        case '<':
            *out += QLatin1String("&lt;");
            break;
        case '>':
            *out += QLatin1String("&gt;");
            break;
        case '\r':
            break;
        case '\n':
            *out += QLatin1String("<br>");
            break;
        case '\\':
        case '*':
        case '_':
        case '`':
        case '[':
        case ']':
        case '~':
        case '|':
            *out += QLatin1Char('\\');
            *out += c;
            break;
        default:
            *out += c;
        }
    }
}
} // namespace

QString MatrixExport::escapeMarkdownCell(const QString &text)
{
    // No tag of the answer reaches a renderer: '<' and entities are escaped. Code spans stay
    // code; one holding '<' is written as a <code> element, since entities are not decoded
    // inside backticks.
    const QString trimmed = text.trimmed();
    const QStringView view(trimmed);
    QString out;
    out.reserve(trimmed.size() + 16);
    // Run lengths with no closing run further on: each is searched for once.
    QSet<qsizetype> unclosed;
    for (qsizetype i = 0; i < view.size(); ++i) {
        const QChar c = view.at(i);
        if (c == QLatin1Char('`')) {
            qsizetype run = 1;
            while (i + run < view.size() && view.at(i + run) == QLatin1Char('`'))
                ++run;
            const qsizetype close = unclosed.contains(run) ? -1 : closingBackticks(view, i + run, run);
            if (close < 0)
                unclosed.insert(run);
            if (close < 0) {
                out += view.sliced(i, run);
                i += run - 1;
                continue;
            }
            const QStringView code = view.sliced(i + run, close - i - run);
            if (code.contains(QLatin1Char('<')) || code.contains(QLatin1Char('\n'))) {
                out += QLatin1String("<code>");
                appendCodeAsHtml(code, &out);
                out += QLatin1String("</code>");
            } else {
                QString kept = code.toString();
                kept.replace(QLatin1Char('|'), QLatin1String("\\|"));
                out += view.sliced(i, run);
                out += kept;
                out += view.sliced(close, run);
            }
            i = close + run - 1;
        } else if (c == QLatin1Char('|')) {
            out += QLatin1String("\\|");
        } else if (c == QLatin1Char('\r')) {
            continue;
        } else if (c == QLatin1Char('\n')) {
            out += QLatin1String("<br>");
        } else if (c == QLatin1Char('<')) {
            out += QLatin1String("&lt;");
        } else if (c == QLatin1Char('&') && startsEntity(view, i)) {
            out += QLatin1String("&amp;");
        } else {
            out += c;
        }
    }
    return out;
}

QByteArray MatrixExport::toMarkdown(const QList<ResultRecord> &records, const Progress &progress)
{
    // Rows and columns in the order the records bring them (a selection may skip some).
    std::map<int, qsizetype> rowSlots;
    std::map<int, qsizetype> columnSlots;
    QList<const ResultRecord *> rowFirst;
    QList<const ResultRecord *> columnFirst;
    for (const ResultRecord &record : records) {
        if (rowSlots.emplace(record.spec.row, rowFirst.size()).second)
            rowFirst.append(&record);
        if (columnSlots.emplace(record.spec.column, columnFirst.size()).second)
            columnFirst.append(&record);
    }
    // Slot order follows grid order, not first appearance, so that a sorted grid reads well.
    qsizetype i = 0;
    for (auto &slot : rowSlots)
        slot.second = i++;
    i = 0;
    for (auto &slot : columnSlots)
        slot.second = i++;
    const qsizetype columnCount = qsizetype(columnSlots.size());
    QList<QStringList> cells(qsizetype(rowSlots.size()) * columnCount);
    QStringList rowHeads(qsizetype(rowSlots.size()));
    QStringList columnHeads(columnCount);

    qsizetype done = 0;
    for (const ResultRecord &record : records) {
        const qsizetype row = rowSlots[record.spec.row];
        const qsizetype column = columnSlots[record.spec.column];
        if (rowHeads[row].isEmpty()) {
            const QString label = record.row.label.isEmpty() ? QStringLiteral("#%1").arg(record.row.promptIndex + 1)
                                                             : record.row.label;
            rowHeads[row] = QStringLiteral("**%1**<br>%2").arg(escapeMarkdownCell(label), escapeMarkdownCell(record.spec.prompt));
        }
        if (columnHeads[column].isEmpty())
            columnHeads[column] = escapeMarkdownCell(record.spec.model.displayName());
        const CellResult &r = record.result;
        QString text;
        if (r.status == CellStatus::Ok)
            text = escapeMarkdownCell(r.text);
        else if (!r.error.isEmpty())
            text = QStringLiteral("*%1: %2*").arg(cellStatusName(r.status), escapeMarkdownCell(r.error));
        else
            text = QStringLiteral("*%1*").arg(cellStatusName(r.status));
        if (r.status != CellStatus::Ok && !r.text.isEmpty())
            text += QStringLiteral("<br>") + escapeMarkdownCell(r.text);
        cells[row * columnCount + column].append(QStringLiteral("**%1.** ").arg(record.spec.sample + 1) + text);
        if (progress && ++done % kProgressEvery == 0 && !progress(done))
            return {};
    }

    QString out;
    out += QLatin1String("| Prompt |");
    for (const QString &head : columnHeads)
        out += QLatin1Char(' ') + head + QLatin1String(" |");
    out += QLatin1String("\n|---|");
    for (qsizetype c = 0; c < columnCount; ++c)
        out += QLatin1String("---|");
    out += QLatin1Char('\n');
    for (qsizetype row = 0; row < rowHeads.size(); ++row) {
        out += QLatin1String("| ") + rowHeads.at(row) + QLatin1String(" |");
        for (qsizetype c = 0; c < columnCount; ++c) {
            QStringList samples = cells.at(row * columnCount + c);
            // A single sample needs no "1." in front of it.
            if (samples.size() == 1)
                samples[0] = samples[0].mid(samples[0].indexOf(QLatin1String("** ")) + 3);
            out += QLatin1Char(' ') + samples.join(QLatin1String("<br>")) + QLatin1String(" |");
        }
        out += QLatin1Char('\n');
    }
    return TextCodec::toUtf8(out);
}

QByteArray MatrixExport::exportRecords(Format format, const QList<ResultRecord> &records, CsvWriter::Options csvOptions,
                                       const Progress &progress, bool *cancelled)
{
    bool stopped = false;
    const Progress tracked = [&](qsizetype done) {
        if (progress && !progress(done))
            stopped = true;
        return !stopped;
    };
    QByteArray data;
    switch (format) {
    case Format::Csv:
        data = ResultsExporter::toCsv(records, csvOptions, tracked);
        break;
    case Format::Json:
        data = ResultsExporter::toJson(records, tracked);
        break;
    case Format::JsonLines:
        data = ResultsExporter::toJsonLines(records, tracked);
        break;
    case Format::Markdown:
        data = toMarkdown(records, tracked);
        break;
    }
    if (cancelled)
        *cancelled = stopped;
    if (stopped)
        data.clear();
    else if (progress)
        progress(records.size());
    return data;
}
