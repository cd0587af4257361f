// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

/// One run of words that both answers share, or that only one of them has.
struct DiffSegment {
    enum Kind {
        Equal,    ///< in both answers
        Deleted,  ///< only in the first answer
        Inserted, ///< only in the second answer
        Gap,      ///< unchanged text left out by WordDiff::differencesOnly()
    };
    Kind kind = Equal;
    /// The first answer's text (Equal, Deleted), the second's (Inserted), or a marker (Gap).
    QString text;
    /// For Equal: the second answer's spelling of the same words (whitespace may differ).
    QString otherText;

    bool operator==(const DiffSegment &other) const = default;
};

/// The word-level comparison of two answers.
struct WordDiffResult {
    QList<DiffSegment> segments;
    qsizetype wordsA = 0;
    qsizetype wordsB = 0;
    qsizetype commonWords = 0;

    /// 2 * common words / (words in A + words in B); 1 for two empty texts.
    double similarity() const;
    /// The first answer, rebuilt exactly from the segments.
    QString oldText() const;
    /// The second answer, rebuilt exactly from the segments.
    QString newText() const;
};

/// Word-level diff built on dtl (Wu's O(NP) algorithm). Texts are split into words and
/// punctuation, each carrying its trailing whitespace, so both texts can be rebuilt exactly while
/// whitespace alone never counts as a difference. Pure functions: safe on a worker thread.
class WordDiff
{
public:
    /// The word tokens of \a text, each with the whitespace that follows it; the text's leading
    /// whitespace goes with the first token. Concatenating them gives \a text back.
    static QStringList tokenize(const QString &text);
    static WordDiffResult diff(const QString &a, const QString &b);
    /// Only the changes, each with up to \a contextWords unchanged words around it; the rest
    /// becomes Gap segments.
    static QList<DiffSegment> differencesOnly(const QList<DiffSegment> &segments, int contextWords = 3);
    /// The same figure as diff(a, b).similarity(), without building the segments; but when both
    /// answers hold JSON, JsonDiff's similarity of the parsed values (words do not count then).
    static double similarity(const QString &a, const QString &b);
    /// similarity() of every pair; the diagonal is 1.
    static QList<QList<double>> similarityMatrix(const QStringList &texts);
};
