// SPDX-License-Identifier: MIT
#include "WordDiff.h"

#include "JsonAnswer.h"
#include "JsonDiff.h"

#include <dtl/dtl.hpp>

#include <QHash>

#include <vector>

namespace {
bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c.isMark();
}

struct Tokens {
    QStringList text;      ///< with trailing whitespace
    std::vector<int> keys; ///< interned word, whitespace ignored
};

Tokens intern(const QString &source, QHash<QString, int> &ids)
{
    Tokens tokens;
    tokens.text = WordDiff::tokenize(source);
    tokens.keys.reserve(size_t(tokens.text.size()));
    for (const QString &token : std::as_const(tokens.text)) {
        const QString key = token.trimmed();
        const auto it = ids.constFind(key);
        if (it != ids.constEnd()) {
            tokens.keys.push_back(*it);
        } else {
            const int id = int(ids.size());
            ids.insert(key, id);
            tokens.keys.push_back(id);
        }
    }
    return tokens;
}

void append(QList<DiffSegment> &segments, DiffSegment::Kind kind, const QString &text, const QString &other = {})
{
    if (!segments.isEmpty() && segments.last().kind == kind) {
        segments.last().text += text;
        segments.last().otherText += other;
        return;
    }
    segments.append(DiffSegment{kind, text, other});
}

qsizetype lcsLength(const std::vector<int> &a, const std::vector<int> &b)
{
    size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
           && a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    const std::vector<int> midA(a.begin() + qsizetype(prefix), a.end() - qsizetype(suffix));
    const std::vector<int> midB(b.begin() + qsizetype(prefix), b.end() - qsizetype(suffix));
    if (midA.empty() || midB.empty())
        return qsizetype(prefix + suffix);
    // The full compose() rather than onOnlyEditDistance(): on very different long texts dtl
    // bounds its path memory and settles for a near-optimal common subsequence, which is much
    // faster than the exact edit distance and close enough for a similarity score.
    dtl::Diff<int> diff(midA, midB);
    diff.compose();
    return qsizetype(prefix + suffix) + qsizetype(diff.getLcsVec().size());
}
} // namespace

double WordDiffResult::similarity() const
{
    if (wordsA + wordsB == 0)
        return 1.0;
    return 2.0 * double(commonWords) / double(wordsA + wordsB);
}

QString WordDiffResult::oldText() const
{
    QString text;
    for (const DiffSegment &segment : segments) {
        if (segment.kind == DiffSegment::Equal || segment.kind == DiffSegment::Deleted)
            text += segment.text;
    }
    return text;
}

QString WordDiffResult::newText() const
{
    QString text;
    for (const DiffSegment &segment : segments) {
        if (segment.kind == DiffSegment::Equal)
            text += segment.otherText;
        else if (segment.kind == DiffSegment::Inserted)
            text += segment.text;
    }
    return text;
}

QStringList WordDiff::tokenize(const QString &text)
{
    QStringList tokens;
    const qsizetype n = text.size();
    qsizetype i = 0;
    qsizetype start = 0;
    // Leading whitespace belongs to the first token.
    while (i < n && text.at(i).isSpace())
        ++i;
    while (i < n) {
        if (isWordChar(text.at(i))) {
            // "don't" and "model's" are one word each.
            while (i < n && (isWordChar(text.at(i))
                             || ((text.at(i) == u'\'' || text.at(i) == u'\u2019') && i + 1 < n
                                 && text.at(i + 1).isLetter())))
                ++i;
        } else if (text.at(i).isHighSurrogate() && i + 1 < n) {
            i += 2;
        } else {
            ++i;
        }
        while (i < n && text.at(i).isSpace())
            ++i;
        tokens.append(text.mid(start, i - start));
        start = i;
    }
    if (start < n) // only whitespace
        tokens.append(text.mid(start));
    return tokens;
}

WordDiffResult WordDiff::diff(const QString &a, const QString &b)
{
    QHash<QString, int> ids;
    const Tokens ta = intern(a, ids);
    const Tokens tb = intern(b, ids);
    WordDiffResult result;
    result.wordsA = ta.text.size();
    result.wordsB = tb.text.size();

    // Common prefix and suffix cost nothing to find and keep the O(NP) core small.
    const size_t na = ta.keys.size();
    const size_t nb = tb.keys.size();
    size_t prefix = 0;
    while (prefix < na && prefix < nb && ta.keys[prefix] == tb.keys[prefix])
        ++prefix;
    size_t suffix = 0;
    while (suffix < na - prefix && suffix < nb - prefix
           && ta.keys[na - 1 - suffix] == tb.keys[nb - 1 - suffix])
        ++suffix;

    for (size_t i = 0; i < prefix; ++i)
        append(result.segments, DiffSegment::Equal, ta.text.at(qsizetype(i)), tb.text.at(qsizetype(i)));
    result.commonWords = qsizetype(prefix + suffix);

    const std::vector<int> midA(ta.keys.begin() + qsizetype(prefix), ta.keys.end() - qsizetype(suffix));
    const std::vector<int> midB(tb.keys.begin() + qsizetype(prefix), tb.keys.end() - qsizetype(suffix));
    if (midA.empty()) {
        for (size_t j = 0; j < midB.size(); ++j)
            append(result.segments, DiffSegment::Inserted, tb.text.at(qsizetype(prefix + j)));
    } else if (midB.empty()) {
        for (size_t i = 0; i < midA.size(); ++i)
            append(result.segments, DiffSegment::Deleted, ta.text.at(qsizetype(prefix + i)));
    } else {
        // deletesFirst: a replaced run reads "old words, then new words".
        dtl::Diff<int> diff(midA, midB, true);
        diff.compose();
        const auto ses = diff.getSes().getSequence();
        for (const auto &[key, info] : ses) {
            Q_UNUSED(key);
            const qsizetype ia = qsizetype(prefix) + qsizetype(info.beforeIdx) - 1;
            const qsizetype ib = qsizetype(prefix) + qsizetype(info.afterIdx) - 1;
            switch (info.type) {
            case dtl::SES_COMMON:
                append(result.segments, DiffSegment::Equal, ta.text.at(ia), tb.text.at(ib));
                ++result.commonWords;
                break;
            case dtl::SES_DELETE:
                append(result.segments, DiffSegment::Deleted, ta.text.at(ia));
                break;
            case dtl::SES_ADD:
                append(result.segments, DiffSegment::Inserted, tb.text.at(ib));
                break;
            }
        }
    }
    for (size_t i = 0; i < suffix; ++i)
        append(result.segments, DiffSegment::Equal, ta.text.at(qsizetype(na - suffix + i)),
               tb.text.at(qsizetype(nb - suffix + i)));
    return result;
}

QList<DiffSegment> WordDiff::differencesOnly(const QList<DiffSegment> &segments, int contextWords)
{
    const QString gap = QStringLiteral(" … ");
    QList<DiffSegment> out;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const DiffSegment &segment = segments.at(i);
        if (segment.kind != DiffSegment::Equal) {
            out.append(segment);
            continue;
        }
        const bool changeBefore = i > 0;
        const bool changeAfter = i + 1 < segments.size();
        // Both sides hold the same words, each with its own whitespace: trim them in step.
        const QStringList words = tokenize(segment.text);
        const QStringList otherWords = tokenize(segment.otherText);
        const qsizetype keepHead = changeBefore ? contextWords : 0;
        const qsizetype keepTail = changeAfter ? contextWords : 0;
        if (words.size() <= keepHead + keepTail || words.size() != otherWords.size()) {
            out.append(segment);
            continue;
        }
        if (keepHead > 0)
            out.append(DiffSegment{DiffSegment::Equal, words.mid(0, keepHead).join(QString()),
                                   otherWords.mid(0, keepHead).join(QString())});
        out.append(DiffSegment{DiffSegment::Gap, gap, gap});
        if (keepTail > 0)
            out.append(DiffSegment{DiffSegment::Equal, words.mid(words.size() - keepTail).join(QString()),
                                   otherWords.mid(otherWords.size() - keepTail).join(QString())});
    }
    return out;
}

double WordDiff::similarity(const QString &a, const QString &b)
{
    // Two JSON answers are compared by what they say, not by how they are laid out.
    if (const std::optional<double> json = JsonDiff::similarity(a, b))
        return *json;
    QHash<QString, int> ids;
    const Tokens ta = intern(a, ids);
    const Tokens tb = intern(b, ids);
    const qsizetype total = ta.text.size() + tb.text.size();
    if (total == 0)
        return 1.0;
    return 2.0 * double(lcsLength(ta.keys, tb.keys)) / double(total);
}

QList<QList<double>> WordDiff::similarityMatrix(const QStringList &texts)
{
    QHash<QString, int> ids;
    std::vector<Tokens> tokens;
    tokens.reserve(size_t(texts.size()));
    for (const QString &text : texts)
        tokens.push_back(intern(text, ids));
    const qsizetype n = texts.size();
    std::vector<std::optional<QJsonValue>> json;
    json.reserve(size_t(n));
    for (const QString &text : texts)
        json.push_back(JsonAnswer::parse(text));
    QList<QList<double>> matrix(n, QList<double>(n, 1.0));
    for (qsizetype i = 0; i < n; ++i) {
        for (qsizetype j = i + 1; j < n; ++j) {
            if (json[size_t(i)] && json[size_t(j)]) {
                matrix[i][j] = matrix[j][i] = JsonDiff::diff(*json[size_t(i)], *json[size_t(j)]).similarity();
                continue;
            }
            const qsizetype total = tokens[size_t(i)].text.size() + tokens[size_t(j)].text.size();
            const double value = total == 0
                ? 1.0
                : 2.0 * double(lcsLength(tokens[size_t(i)].keys, tokens[size_t(j)].keys)) / double(total);
            matrix[i][j] = matrix[j][i] = value;
        }
    }
    return matrix;
}
