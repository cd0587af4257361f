// SPDX-License-Identifier: MIT
// Word-level diff (dtl underneath): segments of known texts, the differences-only view,
// exact rebuilding of both texts, similarity figures and the speed on 100 KB answers.
#include "WordDiff.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

namespace {
DiffSegment seg(DiffSegment::Kind kind, const QString &text, const QString &other = {})
{
    return DiffSegment{kind, text, kind == DiffSegment::Equal && other.isEmpty() ? text : other};
}

QString randomText(QRandomGenerator &generator, int words)
{
    static const QStringList vocabulary = {
        QStringLiteral("model"),  QStringLiteral("answer"), QStringLiteral("token"), QStringLiteral("the"),
        QStringLiteral("a"),      QStringLiteral("grid"),   QStringLiteral("latency"), QStringLiteral("prompt"),
        QStringLiteral("stream"), QStringLiteral("cost"),   QStringLiteral("cell"),  QStringLiteral("compare"),
        QStringLiteral("fast"),   QStringLiteral("slow"),   QStringLiteral("is"),    QStringLiteral("and"),
    };
    QString text;
    for (int i = 0; i < words; ++i) {
        text += vocabulary.at(int(generator.bounded(quint32(vocabulary.size()))));
        text += (i % 17 == 16) ? QStringLiteral(".\n") : QStringLiteral(" ");
    }
    return text;
}
} // namespace

class TestWordDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokenizeKeepsEveryCharacter()
    {
        const QString text = QStringLiteral("  Hello,  world!\n\nIt's 42 émojis 👍 ok ");
        const QStringList tokens = WordDiff::tokenize(text);
        QCOMPARE(tokens.join(QString()), text);
        QCOMPARE(tokens.first(), QStringLiteral("  Hello"));
        QVERIFY(tokens.contains(QStringLiteral(",  ")));
        QVERIFY(tokens.contains(QStringLiteral("👍 ")));
        QVERIFY(tokens.contains(QStringLiteral("émojis ")));
    }

    void knownSegments()
    {
        const QString a = QStringLiteral("The quick brown fox jumps over the lazy dog.");
        const QString b = QStringLiteral("The quick red fox jumped over the lazy dog!");
        const WordDiffResult result = WordDiff::diff(a, b);
        const QList<DiffSegment> expected = {
            seg(DiffSegment::Equal, QStringLiteral("The quick ")),
            seg(DiffSegment::Deleted, QStringLiteral("brown ")),
            seg(DiffSegment::Inserted, QStringLiteral("red ")),
            seg(DiffSegment::Equal, QStringLiteral("fox ")),
            seg(DiffSegment::Deleted, QStringLiteral("jumps ")),
            seg(DiffSegment::Inserted, QStringLiteral("jumped ")),
            seg(DiffSegment::Equal, QStringLiteral("over the lazy dog")),
            seg(DiffSegment::Deleted, QStringLiteral(".")),
            seg(DiffSegment::Inserted, QStringLiteral("!")),
        };
        QCOMPARE(result.segments.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QCOMPARE(int(result.segments.at(i).kind), int(expected.at(i).kind));
            QCOMPARE(result.segments.at(i).text, expected.at(i).text);
        }
        QCOMPARE(result.wordsA, 10);
        QCOMPARE(result.wordsB, 10);
        QCOMPARE(result.commonWords, 7);
        QCOMPARE(result.similarity(), 0.7);
        QCOMPARE(WordDiff::similarity(a, b), 0.7);
        QCOMPARE(result.oldText(), a);
        QCOMPARE(result.newText(), b);
    }

    void whitespaceIsNotADifference()
    {
        const QString a = QStringLiteral("one two\nthree");
        const QString b = QStringLiteral("one   two three");
        const WordDiffResult result = WordDiff::diff(a, b);
        QCOMPARE(result.segments.size(), 1);
        QCOMPARE(int(result.segments.first().kind), int(DiffSegment::Equal));
        QCOMPARE(result.similarity(), 1.0);
        QCOMPARE(result.oldText(), a);
        QCOMPARE(result.newText(), b);
    }

    void insertionsAndDeletionsAtTheEdges()
    {
        const WordDiffResult added = WordDiff::diff(QStringLiteral("b c"), QStringLiteral("a b c d"));
        QCOMPARE(added.segments.size(), 3);
        QCOMPARE(int(added.segments.at(0).kind), int(DiffSegment::Inserted));
        QCOMPARE(added.segments.at(0).text, QStringLiteral("a "));
        QCOMPARE(int(added.segments.at(2).kind), int(DiffSegment::Inserted));
        QCOMPARE(added.newText(), QStringLiteral("a b c d"));
        QCOMPARE(added.oldText(), QStringLiteral("b c"));

        const WordDiffResult removed = WordDiff::diff(QStringLiteral("x y z"), QString());
        QCOMPARE(removed.segments.size(), 1);
        QCOMPARE(int(removed.segments.first().kind), int(DiffSegment::Deleted));
        QCOMPARE(removed.similarity(), 0.0);
    }

    void differencesOnly()
    {
        const WordDiffResult result = WordDiff::diff(QStringLiteral("The quick brown fox jumps over the lazy dog."),
                                                     QStringLiteral("The quick red fox jumped over the lazy dog!"));
        const QList<DiffSegment> only = WordDiff::differencesOnly(result.segments, 1);
        QStringList shown;
        for (const DiffSegment &s : only)
            shown << QStringLiteral("%1[%2]").arg(int(s.kind)).arg(s.text);
        const QStringList expected = {
            QStringLiteral("3[ … ]"),    QStringLiteral("0[quick ]"), QStringLiteral("1[brown ]"),
            QStringLiteral("2[red ]"),   QStringLiteral("0[fox ]"),   QStringLiteral("1[jumps ]"),
            QStringLiteral("2[jumped ]"), QStringLiteral("0[over ]"), QStringLiteral("3[ … ]"),
            QStringLiteral("0[dog]"),    QStringLiteral("1[.]"),      QStringLiteral("2[!]"),
        };
        QCOMPARE(shown, expected);

        // Identical texts: nothing but a gap.
        const QList<DiffSegment> same = WordDiff::differencesOnly(WordDiff::diff(QStringLiteral("a b c d e"), QStringLiteral("a b c d e")).segments);
        QCOMPARE(same.size(), 1);
        QCOMPARE(int(same.first().kind), int(DiffSegment::Gap));
    }

    void similarityFigures()
    {
        QCOMPARE(WordDiff::similarity(QStringLiteral("same words here"), QStringLiteral("same words here")), 1.0);
        QCOMPARE(WordDiff::similarity(QStringLiteral("alpha beta"), QStringLiteral("gamma delta")), 0.0);
        QCOMPARE(WordDiff::similarity(QString(), QString()), 1.0);
        QCOMPARE(WordDiff::similarity(QStringLiteral("a b c d"), QStringLiteral("a b")), 2.0 * 2 / 6);
        const auto matrix = WordDiff::similarityMatrix({QStringLiteral("a b c d"), QStringLiteral("a b"),
                                                        QStringLiteral("x y")});
        QCOMPARE(matrix.size(), 3);
        QCOMPARE(matrix[0][0], 1.0);
        QCOMPARE(matrix[0][1], 2.0 * 2 / 6);
        QCOMPARE(matrix[1][0], matrix[0][1]);
        QCOMPARE(matrix[0][2], 0.0);
        QCOMPARE(matrix[2][1], 0.0);
    }

    void largeAnswersAreFast()
    {
        QRandomGenerator generator(42);
        const QString a = randomText(generator, 20000); // about 100 KB
        QStringList words = a.split(QLatin1Char(' '));
        for (qsizetype i = 0; i < words.size(); i += 20)
            words[i] = QStringLiteral("changed");
        const QString b = words.join(QLatin1Char(' '));
        QVERIFY(a.size() > 90'000);
        QElapsedTimer timer;
        timer.start();
        const WordDiffResult result = WordDiff::diff(a, b);
        const qint64 diffMs = timer.elapsed();
        QCOMPARE(result.oldText(), a);
        QCOMPARE(result.newText(), b);
        QVERIFY(result.similarity() > 0.85);
        QVERIFY2(diffMs < 5000, qPrintable(QStringLiteral("diff took %1 ms").arg(diffMs)));

        // Two unrelated 100 KB answers: the worst case of the O(NP) algorithm.
        const QString c = randomText(generator, 20000);
        timer.restart();
        const double s = WordDiff::similarity(a, c);
        const qint64 similarityMs = timer.elapsed();
        QVERIFY(s > 0.0 && s < 1.0);
        QVERIFY2(similarityMs < 10000, qPrintable(QStringLiteral("similarity took %1 ms").arg(similarityMs)));
        qInfo("100 KB diff: %lld ms, unrelated similarity: %lld ms", diffMs, similarityMs);
    }
};

QTEST_GUILESS_MAIN(TestWordDiff)
#include "tst_word_diff.moc"
