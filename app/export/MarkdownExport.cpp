// SPDX-License-Identifier: MIT
#include "MarkdownExport.h"

#include "OutputFile.h"
#include "TextCodec.h"

#include <QBuffer>
#include <QSet>

#include <map>

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

QString MarkdownExport::escapeMarkdownCell(const QString &text)
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

QByteArray MarkdownExport::toMarkdown(const QList<ResultRecord> &records, const ExportProgress &progress)
{
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    return writeMarkdown(&buffer, records, progress) ? data : QByteArray();
}

bool MarkdownExport::writeMarkdown(QIODevice *device, const QList<ResultRecord> &records, const ExportProgress &progress)
{
    // Rows and columns in the order the records bring them (a selection may skip some).
    std::map<int, qsizetype> rowSlots;
    std::map<int, qsizetype> columnSlots;
    QList<const ResultRecord *> columnFirst;
    for (const ResultRecord &record : records) {
        rowSlots.emplace(record.spec.row, 0);
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
    // Which records fill each table row: the table is written one row at a time, so memory
    // stays at one row's answers, not the whole table's.
    QList<QList<const ResultRecord *>> rowRecords(qsizetype(rowSlots.size()));
    QStringList columnHeads(columnCount);
    for (const ResultRecord &record : records) {
        rowRecords[rowSlots[record.spec.row]].append(&record);
        const qsizetype column = columnSlots[record.spec.column];
        if (columnHeads[column].isEmpty())
            columnHeads[column] = escapeMarkdownCell(record.spec.model.displayName());
    }

    QString out;
    // Threads say so in the corner; a shared conversation says so in its row head.
    const bool threads = !records.isEmpty() && records.first().spec.mode == ConversationMode::OwnThread;
    out += threads ? QLatin1String("| Prompt (own threads) |") : QLatin1String("| Prompt |");
    for (const QString &head : columnHeads)
        out += QLatin1Char(' ') + head + QLatin1String(" |");
    out += QLatin1String("\n|---|");
    for (qsizetype c = 0; c < columnCount; ++c)
        out += QLatin1String("---|");
    out += QLatin1Char('\n');
    if (!OutputFile::writeAll(device, TextCodec::toUtf8(out)))
        return false;

    qsizetype done = 0;
    for (const QList<const ResultRecord *> &row : std::as_const(rowRecords)) {
        // The samples of each table cell, in the order the records bring them.
        QList<QList<const ResultRecord *>> cells(columnCount);
        for (const ResultRecord *record : row)
            cells[columnSlots[record->spec.column]].append(record);
        const ResultRecord &first = *row.first();
        const QString label = first.row.label.isEmpty() ? QStringLiteral("#%1").arg(first.row.promptIndex + 1) : first.row.label;
        QString rowHead = QStringLiteral("**%1**").arg(escapeMarkdownCell(label));
        // A conversation's row says so, with its mode: the answers continue its history.
        if (!first.spec.history.isEmpty())
            rowHead += QStringLiteral(" *(%1 after %2 earlier messages)*")
                           .arg(conversationModeTitle(first.spec.mode).toLower())
                           .arg(first.spec.history.size());
        rowHead += QStringLiteral("<br>") + escapeMarkdownCell(first.spec.prompt);
        if (!OutputFile::writeAll(device, TextCodec::toUtf8(QLatin1String("| ") + rowHead + QLatin1String(" |"))))
            return false;
        for (const QList<const ResultRecord *> &samples : std::as_const(cells)) {
            // One sample at a time: a row of many large answers is never held whole.
            for (qsizetype s = 0; s < samples.size(); ++s) {
                const ResultRecord &record = *samples.at(s);
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
                // The judge's grade beside the answer (its reason is in the other exports).
                if (const std::optional<JudgeVerdict> &judge = record.judgement.judge) {
                    text += judge->score ? QStringLiteral("<br>*judge %1: %2/%3*")
                                               .arg(escapeMarkdownCell(judge->judgeModel), QString::number(*judge->score),
                                                    QString::number(judge->scaleMax))
                                         : QStringLiteral("<br>*judge %1: no score*").arg(escapeMarkdownCell(judge->judgeModel));
                }
                // Each tool call on a short line of its own: → name(arguments).
                for (const ToolCall &call : r.toolCalls)
                    text += (text.isEmpty() ? QString() : QStringLiteral("<br>")) + QStringLiteral("→ ") + escapeMarkdownCell(call.summary());
                QString lead = s == 0 ? QStringLiteral(" ") : QStringLiteral("<br>");
                // A single sample needs no "1." in front of it.
                if (samples.size() > 1 && record.turn == 1)
                    lead += QStringLiteral("**%1.** ").arg(record.spec.sample + 1);
                // A thread's turns follow each other, each after the follow-up it answers.
                if (record.spec.mode == ConversationMode::OwnThread)
                    lead += record.turn == 1 ? QStringLiteral("**turn 1:** ")
                                             : QStringLiteral("**turn %1** (%2): ").arg(record.turn).arg(escapeMarkdownCell(record.spec.prompt));
                const QByteArray bytes = TextCodec::toUtf8(text);
                text.clear();
                if (!OutputFile::writeAll(device, lead.toUtf8()) || !OutputFile::writeAll(device, bytes))
                    return false;
                if (progress && ++done % ExportColumns::kProgressEvery == 0 && !progress(done))
                    return false;
            }
            if (!OutputFile::writeAll(device, samples.isEmpty() ? QByteArrayView("  |") : QByteArrayView(" |")))
                return false;
        }
        if (!OutputFile::writeAll(device, "\n"))
            return false;
    }
    return true;
}
