// SPDX-License-Identifier: MIT
// SseDecoder: the same events however the network splits the bytes.
#include "SseDecoder.h"

#include <QRandomGenerator>
#include <QTest>

namespace {
// A recorded OpenAI-style stream: a comment, a role chunk, content with a multi-byte
// character, a finish chunk, usage and the end marker.
QByteArray recordedStream()
{
    return QByteArrayLiteral(
        ": OPENROUTER PROCESSING\n\n"
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Caf\xC3\xA9 \xF0\x9F\x98\x80\"},\"finish_reason\":null}]}\n\n"
        "event: message\n"
        "id: 42\n"
        "data: {\"id\":\"c1\",\n"
        "data: \"choices\":[]}\n\n"
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
        "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n"
        "data: [DONE]\n\n");
}

QByteArray withLineEnds(const QByteArray &lfText, const QByteArray &ending)
{
    QByteArray copy = lfText;
    copy.replace("\n", ending);
    return copy;
}

// Events flattened to comparable strings.
QStringList describe(const QList<SseEvent> &events)
{
    QStringList out;
    for (const SseEvent &e : events)
        out.append(QStringLiteral("event=%1|id=%2|data=%3")
                       .arg(QString::fromUtf8(e.event), QString::fromUtf8(e.id), QString::fromUtf8(e.data)));
    return out;
}

QStringList feedPieces(const QList<QByteArray> &pieces, SseDecoder *decoder = nullptr)
{
    SseDecoder local;
    SseDecoder &d = decoder ? *decoder : local;
    QList<SseEvent> all;
    for (const QByteArray &piece : pieces)
        all.append(d.feed(piece));
    return describe(all);
}
} // namespace

class TestSseDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void recordedStreamWhole_data()
    {
        QTest::addColumn<QByteArray>("ending");
        QTest::addRow("LF") << QByteArray("\n");
        QTest::addRow("CRLF") << QByteArray("\r\n");
        QTest::addRow("CR") << QByteArray("\r");
    }
    void recordedStreamWhole()
    {
        QFETCH(QByteArray, ending);
        SseDecoder decoder;
        const QList<SseEvent> events = decoder.feed(withLineEnds(recordedStream(), ending));
        QCOMPARE(events.size(), 6);
        QCOMPARE(events.at(1).data,
                 QByteArray("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Caf\xC3\xA9 \xF0\x9F\x98\x80\"},\"finish_reason\":null}]}"));
        QCOMPARE(events.at(2).event, QByteArray("message"));
        QCOMPARE(events.at(2).id, QByteArray("42"));
        QCOMPARE(events.at(2).data, QByteArray("{\"id\":\"c1\",\n\"choices\":[]}"));
        QCOMPARE(events.at(3).event, QByteArray());
        QCOMPARE(events.last().data, QByteArray("[DONE]"));
        QVERIFY(!decoder.hasPendingData());
        QVERIFY(!decoder.overflowed());
    }

    void everySplitPoint_data() { recordedStreamWhole_data(); }
    void everySplitPoint()
    {
        QFETCH(QByteArray, ending);
        const QByteArray stream = withLineEnds(recordedStream(), ending);
        const QStringList expected = feedPieces({stream});
        QCOMPARE(expected.size(), 6);
        for (qsizetype split = 0; split <= stream.size(); ++split) {
            const QStringList got = feedPieces({stream.left(split), stream.mid(split)});
            if (got != expected)
                QFAIL(qPrintable(QStringLiteral("split at byte %1 differs").arg(split)));
        }
        // Two split points as well: catches state carried over more than one read.
        for (qsizetype a = 0; a <= stream.size(); a += 7) {
            for (qsizetype b = a; b <= stream.size(); b += 3) {
                const QStringList got = feedPieces({stream.left(a), stream.mid(a, b - a), stream.mid(b)});
                if (got != expected)
                    QFAIL(qPrintable(QStringLiteral("splits at %1 and %2 differ").arg(a).arg(b)));
            }
        }
    }

    void byteByByte_data() { recordedStreamWhole_data(); }
    void byteByByte()
    {
        QFETCH(QByteArray, ending);
        const QByteArray stream = withLineEnds(recordedStream(), ending);
        QList<QByteArray> bytes;
        for (char c : stream)
            bytes.append(QByteArray(1, c));
        QCOMPARE(feedPieces(bytes), feedPieces({stream}));
    }

    void randomSplits_data() { recordedStreamWhole_data(); }
    void randomSplits()
    {
        QFETCH(QByteArray, ending);
        const QByteArray stream = withLineEnds(recordedStream(), ending);
        const QStringList expected = feedPieces({stream});
        QRandomGenerator random(20261126);
        for (int round = 0; round < 500; ++round) {
            QList<QByteArray> pieces;
            qsizetype pos = 0;
            while (pos < stream.size()) {
                const qsizetype size = random.bounded(0, 12);
                pieces.append(stream.mid(pos, size));
                pos += size;
            }
            if (feedPieces(pieces) != expected)
                QFAIL(qPrintable(QStringLiteral("random round %1 differs").arg(round)));
        }
    }

    void mixedLineEnds()
    {
        const QByteArray stream("data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\r");
        const QStringList expected{QStringLiteral("event=|id=|data=a\nb\nc"), QStringLiteral("event=|id=|data=d")};
        QCOMPARE(feedPieces({stream}), expected);
        for (qsizetype split = 0; split <= stream.size(); ++split)
            QCOMPARE(feedPieces({stream.left(split), stream.mid(split)}), expected);
    }

    void crAtEndOfReadThenLf()
    {
        // "\r" closing one read and "\n" opening the next are ONE line end, not two: two would
        // dispatch "a" on its own.
        SseDecoder decoder;
        QVERIFY(decoder.feed("data: a\r").isEmpty());
        QVERIFY(decoder.feed("\ndata: b\r").isEmpty());
        const QList<SseEvent> events = decoder.feed("\n\r\n");
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().data, QByteArray("a\nb"));
        QVERIFY(!decoder.hasPendingData());
    }

    void crThenEmptyReadThenLf()
    {
        SseDecoder decoder;
        QVERIFY(decoder.feed("data: a\r").isEmpty());
        QVERIFY(decoder.feed(QByteArray()).isEmpty());
        const QList<SseEvent> events = decoder.feed("\n\r\n");
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().data, QByteArray("a"));
    }

    void fields_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("comment only") << QByteArray(": hello\n\n") << QStringList();
        QTest::addRow("comment between data") << QByteArray("data: a\n: note\ndata: b\n\n")
                                              << QStringList{QStringLiteral("event=|id=|data=a\nb")};
        QTest::addRow("no space after colon") << QByteArray("data:x\n\n") << QStringList{QStringLiteral("event=|id=|data=x")};
        QTest::addRow("only first space stripped") << QByteArray("data:  x\n\n")
                                                   << QStringList{QStringLiteral("event=|id=|data= x")};
        QTest::addRow("three data lines") << QByteArray("data: 1\ndata: 2\ndata: 3\n\n")
                                          << QStringList{QStringLiteral("event=|id=|data=1\n2\n3")};
        QTest::addRow("empty data line kept") << QByteArray("data: 1\ndata:\ndata: 3\n\n")
                                              << QStringList{QStringLiteral("event=|id=|data=1\n\n3")};
        QTest::addRow("event and id") << QByteArray("event: delta\nid: 7\ndata: {}\n\n")
                                      << QStringList{QStringLiteral("event=delta|id=7|data={}")};
        QTest::addRow("event type resets") << QByteArray("event: a\ndata: 1\n\ndata: 2\n\n")
                                           << QStringList{QStringLiteral("event=a|id=|data=1"), QStringLiteral("event=|id=|data=2")};
        QTest::addRow("event without data is not dispatched") << QByteArray("event: ping\n\ndata: 2\n\n")
                                                              << QStringList{QStringLiteral("event=|id=|data=2")};
        QTest::addRow("unknown field and retry ignored") << QByteArray("retry: 100\nfoo: bar\ndata: z\n\n")
                                                         << QStringList{QStringLiteral("event=|id=|data=z")};
        QTest::addRow("id with NUL ignored") << QByteArray("id: a\0b\ndata: z\n\n", sizeof("id: a\0b\ndata: z\n\n") - 1)
                                             << QStringList{QStringLiteral("event=|id=|data=z")};
        QTest::addRow("leading BOM") << QByteArray("\xEF\xBB\xBF" "data: x\n\n") << QStringList{QStringLiteral("event=|id=|data=x")};
        QTest::addRow("leading BOM then comment") << QByteArray("\xEF\xBB\xBF: hi\ndata: x\n\n")
                                                  << QStringList{QStringLiteral("event=|id=|data=x")};
        QTest::addRow("BOM later is data") << QByteArray("data: x\n\n\xEF\xBB\xBF" "data: y\n\n")
                                           << QStringList{QStringLiteral("event=|id=|data=x")};
        QTest::addRow("done marker") << QByteArray("data: [DONE]\n\n") << QStringList{QStringLiteral("event=|id=|data=[DONE]")};
        QTest::addRow("unterminated event not dispatched") << QByteArray("data: x\n") << QStringList();
    }
    void fields()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, expected);
        QCOMPARE(feedPieces({input}), expected);
        QList<QByteArray> bytes;
        for (char c : input)
            bytes.append(QByteArray(1, c));
        QCOMPARE(feedPieces(bytes), expected);
    }

    void pendingData()
    {
        SseDecoder decoder;
        QVERIFY(!decoder.hasPendingData());
        decoder.feed("data: x");
        QVERIFY(decoder.hasPendingData());
        decoder.feed("\n");
        QVERIFY(decoder.hasPendingData()); // the event still waits for its blank line
        QCOMPARE(decoder.feed("\n").size(), 1);
        QVERIFY(!decoder.hasPendingData());
    }

    void bomSplitAcrossReads()
    {
        const QByteArray stream("\xEF\xBB\xBF" "data: x\n\n");
        for (qsizetype split = 0; split <= stream.size(); ++split)
            QCOMPARE(feedPieces({stream.left(split), stream.mid(split)}), QStringList{QStringLiteral("event=|id=|data=x")});
    }

    void multiByteCharacterSplit()
    {
        // U+20AC (3 bytes) and U+1F600 (4 bytes): every split inside them keeps the bytes intact.
        const QByteArray stream("data: \xE2\x82\xAC\xF0\x9F\x98\x80\n\n");
        for (qsizetype split = 6; split <= 13; ++split) {
            SseDecoder decoder;
            QList<SseEvent> events = decoder.feed(stream.left(split));
            events.append(decoder.feed(stream.mid(split)));
            QCOMPARE(events.size(), 1);
            QCOMPARE(QString::fromUtf8(events.first().data), QStringLiteral("\u20AC\U0001F600"));
        }
    }

    void overflow_data()
    {
        QTest::addColumn<int>("pieceSize");
        QTest::addRow("whole line in one read") << 0;
        QTest::addRow("byte by byte") << 1;
        QTest::addRow("pieces of 7") << 7;
    }
    void overflow()
    {
        QFETCH(int, pieceSize);
        const QByteArray stream = "data: ok\n\ndata: " + QByteArray(100, 'x') + "\n\ndata: after\n\n";
        SseDecoder decoder(64);
        QList<SseEvent> events;
        if (pieceSize == 0) {
            events = decoder.feed(stream);
        } else {
            for (qsizetype i = 0; i < stream.size(); i += pieceSize)
                events.append(decoder.feed(stream.mid(i, pieceSize)));
        }
        QVERIFY(decoder.overflowed());
        // The event before the long line arrives; nothing of or after the long line does.
        QCOMPARE(describe(events), QStringList{QStringLiteral("event=|id=|data=ok")});
        QVERIFY(decoder.feed("data: more\n\n").isEmpty());
    }

    void longEventOfShortLinesOverflows()
    {
        // Many short data lines without a blank line must not grow the event without bound.
        SseDecoder decoder(64);
        for (int i = 0; i < 100; ++i)
            decoder.feed("data: 0123456789\n");
        QVERIFY(decoder.overflowed());
    }

    void atLimitDoesNotOverflow()
    {
        SseDecoder decoder(64);
        const QByteArray line = "data: " + QByteArray(58, 'y'); // exactly 64 bytes
        const QList<SseEvent> events = decoder.feed(line + "\n\n");
        QVERIFY(!decoder.overflowed());
        QCOMPARE(events.size(), 1);
        SseDecoder split(64);
        split.feed(line.left(30));
        split.feed(line.mid(30));
        QCOMPARE(split.feed("\n\n").size(), 1);
        QVERIFY(!split.overflowed());
    }
};

QTEST_GUILESS_MAIN(TestSseDecoder)
#include "tst_sse_decoder.moc"
