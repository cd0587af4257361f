// SPDX-License-Identifier: MIT
// NdjsonDecoder: the same lines however the network splits the bytes.
#include "NdjsonDecoder.h"

#include <QRandomGenerator>
#include <QTest>

namespace {
QByteArray recordedStream()
{
    return QByteArrayLiteral(
        "{\"model\":\"llama3\",\"message\":{\"role\":\"assistant\",\"content\":\"Caf\xC3\xA9\"},\"done\":false}\n"
        "\n"
        "{\"model\":\"llama3\",\"message\":{\"role\":\"assistant\",\"content\":\" \xF0\x9F\x98\x80\"},\"done\":false}\n"
        "   \n"
        "{\"model\":\"llama3\",\"done\":true,\"prompt_eval_count\":5,\"eval_count\":2}\n");
}

QList<QByteArray> expectedLines()
{
    QList<QByteArray> lines;
    for (const QByteArray &line : recordedStream().split('\n')) {
        if (!line.trimmed().isEmpty())
            lines.append(line);
    }
    return lines;
}

QList<QByteArray> feedPieces(const QList<QByteArray> &pieces)
{
    NdjsonDecoder decoder;
    QList<QByteArray> lines;
    for (const QByteArray &piece : pieces)
        lines.append(decoder.feed(piece));
    const QByteArray rest = decoder.finish();
    if (!rest.isEmpty())
        lines.append(rest);
    return lines;
}
} // namespace

class TestNdjsonDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void streams_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addRow("LF") << recordedStream();
        QByteArray crlf = recordedStream();
        crlf.replace("\n", "\r\n");
        QTest::addRow("CRLF") << crlf;
        QByteArray noFinalNewline = recordedStream();
        noFinalNewline.chop(1);
        QTest::addRow("last line without newline") << noFinalNewline;
    }
    void streams()
    {
        QFETCH(QByteArray, stream);
        const QList<QByteArray> expected = expectedLines();
        QCOMPARE(expected.size(), 3);
        QCOMPARE(feedPieces({stream}), expected);
        for (qsizetype split = 0; split <= stream.size(); ++split) {
            if (feedPieces({stream.left(split), stream.mid(split)}) != expected)
                QFAIL(qPrintable(QStringLiteral("split at byte %1 differs").arg(split)));
        }
        QList<QByteArray> bytes;
        for (char c : stream)
            bytes.append(QByteArray(1, c));
        QCOMPARE(feedPieces(bytes), expected);
        QRandomGenerator random(7);
        for (int round = 0; round < 300; ++round) {
            QList<QByteArray> pieces;
            for (qsizetype pos = 0; pos < stream.size();) {
                const qsizetype size = random.bounded(0, 20);
                pieces.append(stream.mid(pos, size));
                pos += size;
            }
            if (feedPieces(pieces) != expected)
                QFAIL(qPrintable(QStringLiteral("random round %1 differs").arg(round)));
        }
    }

    void linesAreReturnedAsSoonAsComplete()
    {
        NdjsonDecoder decoder;
        QVERIFY(decoder.feed("{\"a\":").isEmpty());
        QCOMPARE(decoder.feed("1}\n{\"b\""), QList<QByteArray>{QByteArray("{\"a\":1}")});
        QCOMPARE(decoder.feed(":2}\r"), QList<QByteArray>());
        QCOMPARE(decoder.feed("\n"), QList<QByteArray>{QByteArray("{\"b\":2}")});
        QCOMPARE(decoder.finish(), QByteArray());
    }

    void blankLinesAreSkipped()
    {
        NdjsonDecoder decoder;
        QCOMPARE(decoder.feed("\n\r\n  \n\t\n{}\n\n"), QList<QByteArray>{QByteArray("{}")});
    }

    void finishReturnsLastLine()
    {
        NdjsonDecoder decoder;
        QCOMPARE(decoder.feed("{\"x\":1}\n{\"done\":true}"), QList<QByteArray>{QByteArray("{\"x\":1}")});
        QCOMPARE(decoder.finish(), QByteArray("{\"done\":true}"));
        // finish() empties the decoder.
        QCOMPARE(decoder.finish(), QByteArray());
    }

    void finishIgnoresTrailingWhitespace()
    {
        NdjsonDecoder decoder;
        decoder.feed("{}\n  \r");
        QCOMPARE(decoder.finish(), QByteArray());
    }

    void multiByteCharacterSplit()
    {
        const QByteArray stream("{\"c\":\"\xE2\x82\xAC\xF0\x9F\x98\x80\"}\n");
        for (qsizetype split = 0; split <= stream.size(); ++split) {
            const QList<QByteArray> lines = feedPieces({stream.left(split), stream.mid(split)});
            QCOMPARE(lines.size(), 1);
            QCOMPARE(QString::fromUtf8(lines.first()), QStringLiteral("{\"c\":\"\u20AC\U0001F600\"}"));
        }
    }

    void overflow_data()
    {
        QTest::addColumn<int>("pieceSize");
        QTest::addRow("whole line in one read") << 0;
        QTest::addRow("byte by byte") << 1;
        QTest::addRow("pieces of 9") << 9;
    }
    void overflow()
    {
        QFETCH(int, pieceSize);
        const QByteArray stream = "{\"a\":1}\n{\"long\":\"" + QByteArray(100, 'x') + "\"}\n{\"b\":2}\n";
        NdjsonDecoder decoder(64);
        QList<QByteArray> lines;
        if (pieceSize == 0) {
            lines = decoder.feed(stream);
        } else {
            for (qsizetype i = 0; i < stream.size(); i += pieceSize)
                lines.append(decoder.feed(stream.mid(i, pieceSize)));
        }
        QVERIFY(decoder.overflowed());
        QCOMPARE(lines, QList<QByteArray>{QByteArray("{\"a\":1}")});
        QVERIFY(decoder.feed("{}\n").isEmpty());
        QCOMPARE(decoder.finish(), QByteArray());
    }

    void unterminatedLongLineOverflows()
    {
        NdjsonDecoder decoder(64);
        decoder.feed(QByteArray(65, 'x'));
        QVERIFY(decoder.overflowed());
        QCOMPARE(decoder.finish(), QByteArray());
    }

    void atLimitDoesNotOverflow()
    {
        NdjsonDecoder decoder(64);
        const QByteArray line(64, 'z');
        QCOMPARE(decoder.feed(line + "\n"), QList<QByteArray>{line});
        decoder.feed(line.left(10));
        QCOMPARE(decoder.feed(line.mid(10) + "\n"), QList<QByteArray>{line});
        QVERIFY(!decoder.overflowed());
    }
};

QTEST_GUILESS_MAIN(TestNdjsonDecoder)
#include "tst_ndjson_decoder.moc"
