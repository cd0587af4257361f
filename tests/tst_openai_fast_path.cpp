// SPDX-License-Identifier: MIT
// OpenAiFastChunk (simdjson) against Qt's JSON parser: every event must leave the same
// StreamOutput either way, and the shapes servers send must actually take the fast path.
#include "OpenAiFastChunk.h"
#include "OpenAiProtocol.h"
#include "OpenAiResponsesProtocol.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

namespace {
enum class Path { Fast, Qt };

/// A stream carrying \a data as one event, between two ordinary events, so that a wrong
/// early return or a clobbered field shows too.
QByteArray streamAround(const QByteArray &data)
{
    QByteArray event;
    for (const QByteArray &line : data.split('\n'))
        event += "data: " + line + "\n";
    return R"(data: {"choices":[{"delta":{"content":"a"},"finish_reason":null}],"usage":{"prompt_tokens":3,"completion_tokens":1}})"
           "\n\n" + event + "\n"
           R"(data: {"choices":[{"delta":{"content":"z"}}]})" "\n\n";
}

StreamOutput parse(const QByteArray &stream, bool fastPath, qsizetype pieceSize)
{
    auto parser = OpenAiProtocol::createStreamParser(fastPath);
    StreamOutput out;
    QString text, reasoning;
    for (qsizetype i = 0; i < stream.size(); i += pieceSize) {
        parser->feed(QByteArrayView(stream).sliced(i, std::min(pieceSize, stream.size() - i)), out);
        text += std::exchange(out.text, {});
        reasoning += std::exchange(out.reasoning, {});
    }
    parser->finish(out);
    out.text = text + out.text;
    out.reasoning = reasoning + out.reasoning;
    return out;
}

/// Empty when both paths agree, else the first field that differs.
QString difference(const QByteArray &stream, qsizetype pieceSize = 1 << 30)
{
    const StreamOutput fast = parse(stream, true, std::max<qsizetype>(1, std::min(pieceSize, stream.size())));
    const StreamOutput qt = parse(stream, false, std::max<qsizetype>(1, std::min(pieceSize, stream.size())));
    auto show = [](const std::optional<qint64> &n) { return n ? QString::number(*n) : QStringLiteral("none"); };
    if (fast.text != qt.text)
        return QStringLiteral("text: %1 vs %2").arg(fast.text, qt.text);
    if (fast.reasoning != qt.reasoning)
        return QStringLiteral("reasoning: %1 vs %2").arg(fast.reasoning, qt.reasoning);
    if (fast.finishReason != qt.finishReason)
        return QStringLiteral("finishReason: %1 vs %2").arg(fast.finishReason, qt.finishReason);
    if (fast.inputTokens != qt.inputTokens || fast.outputTokens != qt.outputTokens)
        return QStringLiteral("tokens: %1/%2 vs %3/%4")
            .arg(show(fast.inputTokens), show(fast.outputTokens), show(qt.inputTokens), show(qt.outputTokens));
    if (fast.error != qt.error)
        return QStringLiteral("error: %1 vs %2").arg(fast.error, qt.error);
    if (fast.malformedEvents != qt.malformedEvents || fast.firstMalformed != qt.firstMalformed)
        return QStringLiteral("malformed: %1 %2 vs %3 %4")
            .arg(QString::number(fast.malformedEvents), fast.firstMalformed, QString::number(qt.malformedEvents),
                 qt.firstMalformed);
    if (fast.done != qt.done || fast.overflowed != qt.overflowed)
        return QStringLiteral("done/overflowed differ");
    return {};
}

const QByteArray kTypical =
    R"({"id":"chatcmpl-9","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]})";
} // namespace

class TestOpenAiFastPath : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameOutput_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("path");
        const int fast = int(Path::Fast);
        const int qt = int(Path::Qt);
        QTest::addRow("typical content") << kTypical << fast;
        QTest::addRow("role only") << QByteArray(R"({"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})") << fast;
        QTest::addRow("reasoning_content") << QByteArray(R"({"choices":[{"delta":{"reasoning_content":"think"}}]})") << fast;
        QTest::addRow("reasoning") << QByteArray(R"({"choices":[{"delta":{"reasoning":"hmm","content":"x","reasoning_content":"y"}}]})") << fast;
        QTest::addRow("finish stop") << QByteArray(R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})") << fast;
        QTest::addRow("finish empty string") << QByteArray(R"({"choices":[{"delta":{},"finish_reason":""}]})") << fast;
        QTest::addRow("finish number") << QByteArray(R"({"choices":[{"delta":{},"finish_reason":3}]})") << fast;
        QTest::addRow("usage only") << QByteArray(R"({"id":"c","choices":[],"usage":{"prompt_tokens":13,"completion_tokens":4,"total_tokens":17}})") << fast;
        QTest::addRow("usage null") << QByteArray(R"({"choices":[{"delta":{"content":"q"}}],"usage":null})") << fast;
        QTest::addRow("usage tokens not numbers") << QByteArray(R"({"usage":{"prompt_tokens":"13","completion_tokens":null}})") << fast;
        QTest::addRow("usage big int") << QByteArray(R"({"usage":{"prompt_tokens":9007199254740993,"completion_tokens":-5}})") << fast;
        QTest::addRow("usage float") << QByteArray(R"({"usage":{"prompt_tokens":12.0,"completion_tokens":2.5}})") << qt;
        QTest::addRow("usage exponent") << QByteArray(R"({"usage":{"prompt_tokens":1e3}})") << qt;
        QTest::addRow("usage beyond qint64") << QByteArray(R"({"usage":{"prompt_tokens":18446744073709551615}})") << qt;
        QTest::addRow("usage beyond uint64") << QByteArray(R"({"usage":{"prompt_tokens":99999999999999999999999}})") << qt;
        QTest::addRow("null content") << QByteArray(R"({"choices":[{"delta":{"content":null},"finish_reason":"length"}]})") << fast;
        QTest::addRow("content number") << QByteArray(R"({"choices":[{"delta":{"content":5,"reasoning":true}}]})") << fast;
        QTest::addRow("content object") << QByteArray(R"({"choices":[{"delta":{"content":{"a":[1,{}]}}}]})") << fast;
        QTest::addRow("content parts") << QByteArray(R"({"choices":[{"delta":{"content":[{"type":"text","text":"p"}]}}]})") << qt;
        QTest::addRow("escapes") << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"a\\nb\\\"c\\\\d\\/e\\tf\\u00e9\\u4e2d\\ud83d\\ude00\\u0000\"}}]}") << fast;
        QTest::addRow("escaped key") << QByteArray("{\"choices\":[{\"delta\":{\"cont\\u0065nt\":\"k\"}}]}") << fast;
        QTest::addRow("non-ascii utf8") << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80\"}}]}") << fast;
        QTest::addRow("nonchararacters") << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"\xef\xbf\xbe\xef\xb7\x90\"}}]}") << fast;
        QTest::addRow("lone high surrogate") << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"a\\ud800b\"}}]}") << qt;
        QTest::addRow("lone low surrogate") << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"a\\udc00b\"}}]}") << qt;
        QTest::addRow("lone surrogate skipped") << QByteArray("{\"id\":\"\\ud800\",\"choices\":[{\"delta\":{\"content\":\"s\"}}]}") << qt;
        QTest::addRow("unknown escape") << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"a\\qb\"}}]}") << qt;
        QTest::addRow("bad hex escape in skipped field") << QByteArray("{\"id\":\"\\uZZZZ\",\"choices\":[{\"delta\":{\"content\":\"s\"}}]}") << qt;
        QTest::addRow("control char in string") << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"a\tb\"}}]}") << qt;
        QTest::addRow("floats elsewhere") << QByteArray(R"({"created":1.5e9,"p":-0.25,"choices":[{"delta":{"content":"f"},"logprobs":{"content":[{"logprob":-1.2e-3}]}}]})") << fast;
        QTest::addRow("float zero") << QByteArray(R"({"x":0.0,"choices":[{"delta":{"content":"f"}}]})") << qt;
        QTest::addRow("underflow") << QByteArray(R"({"x":1e-400,"choices":[{"delta":{"content":"f"}}]})") << qt;
        QTest::addRow("overflow") << QByteArray(R"({"x":1e400,"choices":[{"delta":{"content":"f"}}]})") << qt;
        QTest::addRow("huge int elsewhere") << QByteArray(R"({"x":18446744073709551615,"y":-9223372036854775808,"choices":[{"delta":{"content":"f"}}]})") << fast;
        QTest::addRow("bad number elsewhere") << QByteArray(R"({"x":01,"choices":[{"delta":{"content":"f"}}]})") << qt;
        QTest::addRow("bad literal elsewhere") << QByteArray(R"({"x":tru,"choices":[{"delta":{"content":"f"}}]})") << qt;
        QTest::addRow("bad null elsewhere") << QByteArray(R"({"x":nul,"choices":[{"delta":{"content":"f"}}]})") << qt;
        QTest::addRow("literals") << QByteArray(R"({"x":true,"y":false,"z":null,"w":[],"v":{},"choices":[{"delta":{"content":"f"}}]})") << fast;
        QTest::addRow("unknown fields everywhere") << QByteArray(R"({"a":{"b":[1,2,{"c":"d"}]},"choices":[{"x":1,"delta":{"y":[null],"content":"u","z":"w"},"finish_reason":null,"q":{}}],"usage":{"n":[1],"prompt_tokens":2}})") << fast;
        QTest::addRow("second choice ignored") << QByteArray(R"({"choices":[{"delta":{"content":"1"}},{"delta":{"content":"2"}}]})") << fast;
        QTest::addRow("choice not object") << QByteArray(R"({"choices":["x",{"delta":{"content":"2"}}]})") << fast;
        QTest::addRow("choices not array") << QByteArray(R"({"choices":{"delta":{"content":"2"}}})") << fast;
        QTest::addRow("delta not object") << QByteArray(R"({"choices":[{"delta":"text","finish_reason":"stop"}]})") << fast;
        QTest::addRow("duplicate content") << QByteArray(R"({"choices":[{"delta":{"content":"1","content":"2"}}]})") << qt;
        QTest::addRow("duplicate choices") << QByteArray(R"({"choices":[{"delta":{"content":"1"}}],"choices":[]})") << qt;
        QTest::addRow("duplicate unknown") << QByteArray(R"({"x":1,"x":2,"choices":[{"delta":{"content":"1"}}]})") << fast;
        QTest::addRow("whitespace") << QByteArray(" \t{ \"choices\" : [ { \"delta\" : { \"content\" : \"w\" } } ] }\n  ") << fast;
        QTest::addRow("error object") << QByteArray(R"({"error":{"message":"boom","type":"server_error","code":500}})") << fast;
        QTest::addRow("error after choices") << QByteArray(R"({"choices":[{"delta":{"content":"no"}}],"error":{"message":"late"}})") << fast;
        QTest::addRow("error string") << QByteArray(R"({"error":"overloaded"})") << fast;
        QTest::addRow("error without message") << QByteArray(R"({"error":{"code":1}})") << fast;
        QTest::addRow("error empty message") << QByteArray(R"({"error":{"message":""}})") << fast;
        QTest::addRow("error message number") << QByteArray(R"({"error":{"message":5}})") << fast;
        QTest::addRow("error true") << QByteArray(R"({"error":true})") << fast;
        QTest::addRow("error array") << QByteArray(R"({"error":["x"]})") << fast;
        QTest::addRow("error null") << QByteArray(R"({"error":null,"choices":[{"delta":{"content":"ok"}}]})") << fast;
        QTest::addRow("top-level array") << QByteArray(R"([{"choices":[]}])") << qt;
        QTest::addRow("top-level string") << QByteArray(R"("hello")") << qt;
        QTest::addRow("top-level number") << QByteArray("42") << qt;
        QTest::addRow("top-level null") << QByteArray("null") << qt;
        QTest::addRow("truncated") << kTypical.left(kTypical.size() - 3) << qt;
        QTest::addRow("truncated in string") << kTypical.left(130) << qt;
        QTest::addRow("trailing garbage") << kTypical + " x" << qt;
        QTest::addRow("two documents") << kTypical + kTypical << qt;
        QTest::addRow("extra brace") << kTypical + "}" << qt;
        QTest::addRow("missing colon") << QByteArray(R"({"choices" [{"delta":{"content":"f"}}]})") << qt;
        QTest::addRow("trailing comma") << QByteArray(R"({"choices":[{"delta":{"content":"f"}}],})") << qt;
        QTest::addRow("invalid utf8") << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"a\xff\xfe b\"}}]}") << qt;
        QTest::addRow("invalid utf8 overlong") << QByteArray("{\"choices\":[{\"delta\":{\"content\":\"\xc0\xaf\"}}]}") << qt;
        QTest::addRow("byte order mark") << QByteArray("\xef\xbb\xbf{\"choices\":[{\"delta\":{\"content\":\"b\"}}]}") << qt;
        QTest::addRow("empty data") << QByteArray() << qt;
        QTest::addRow("empty object") << QByteArray("{}") << fast;
        QTest::addRow("deep nesting") << "{\"x\":" + QByteArray(100, '[') + QByteArray(100, ']') + "}" << qt;
        QTest::addRow("multi-line data") << QByteArray("{\"choices\":\n[{\"delta\":{\"content\":\"m\"}}]}") << fast;
    }

    void sameOutput()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, path);
        const QString diff = difference(streamAround(data));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QCOMPARE(difference(streamAround(data), 7), QString());
        // Pin which path reads it: the common shapes must not silently fall back.
        StreamOutput out;
        QCOMPARE(OpenAiFastChunk::read(data, out), path == int(Path::Fast));
        if (path == int(Path::Qt)) {
            QVERIFY(out.text.isEmpty() && out.reasoning.isEmpty() && out.finishReason.isEmpty() && out.error.isEmpty());
            QVERIFY(!out.inputTokens && !out.outputTokens && out.malformedEvents == 0);
        }
    }

    void fastPathReadsFields()
    {
        // The differential test would pass if both paths dropped a field; check the values.
        StreamOutput out;
        out.text = QStringLiteral(">");
        QVERIFY(OpenAiFastChunk::read("{\"choices\":[{\"delta\":{\"content\":\"\\u00e9\\n\",\"reasoning\":\"r\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":9}}", out));
        QCOMPARE(out.text, QStringLiteral(">\u00e9\n"));
        QCOMPARE(out.reasoning, QStringLiteral("r"));
        QCOMPARE(out.finishReason, QStringLiteral("stop"));
        QCOMPARE(out.inputTokens, std::optional<qint64>(7));
        QCOMPARE(out.outputTokens, std::optional<qint64>(9));
        QVERIFY(OpenAiFastChunk::read(R"({"error":{"message":"boom"}})", out));
        QCOMPARE(out.error, QStringLiteral("boom"));
    }

    void fuzzCorpus()
    {
        // Parser seeds start with a byte that picks the provider; every seed (past that byte),
        // every SSE seed and every NDJSON line is fed to the OpenAI parser.
        const QDir corpus(QStringLiteral(PROMPTGRID_TEST_DATA "/../fuzz/corpus"));
        int checked = 0;
        for (const QString &dir : {QStringLiteral("parser"), QStringLiteral("sse"), QStringLiteral("ndjson")}) {
            const QDir seeds(corpus.filePath(dir));
            for (const QString &name : seeds.entryList(QDir::Files)) {
                QFile file(seeds.filePath(name));
                QVERIFY(file.open(QIODevice::ReadOnly));
                QByteArray bytes = file.readAll();
                if (dir == QLatin1String("parser"))
                    bytes = bytes.mid(1);
                QList<QByteArray> streams{bytes};
                if (dir == QLatin1String("ndjson")) {
                    streams.clear();
                    for (const QByteArray &line : bytes.split('\n'))
                        streams.append(streamAround(line.trimmed()));
                }
                for (const QByteArray &stream : streams) {
                    QVERIFY2(difference(stream).isEmpty(), qPrintable(dir + QLatin1Char('/') + name + QLatin1String(": ") + difference(stream)));
                    QVERIFY2(difference(stream, 5).isEmpty(), qPrintable(dir + QLatin1Char('/') + name));
                    ++checked;
                }
            }
        }
        QVERIFY(checked >= 10);
    }

    void mutatedEvents()
    {
        // Byte flips, cuts and insertions of JSON-ish characters into ordinary chunks.
        const QList<QByteArray> seeds{
            kTypical,
            "{\"choices\":[{\"delta\":{\"content\":\"a\\n\\\"\\\\\\u00e9\\ud83d\\ude00\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":13,\"completion_tokens\":4}}",
            R"({"error":{"message":"boom","code":null}})",
            R"({"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"x":[1.5,true,false,null]}})",
        };
        static const char alphabet[] = "{}[]\":,\\/u0123456789abcdefnrtlse.-+E \t\xc3\xa9\xff\x80";
        QRandomGenerator random(20261126);
        int fast = 0;
        for (int round = 0; round < 20000; ++round) {
            QByteArray data = seeds.at(random.bounded(seeds.size()));
            const int edits = 1 + random.bounded(3);
            for (int e = 0; e < edits && !data.isEmpty(); ++e) {
                const int at = random.bounded(data.size());
                const char c = alphabet[random.bounded(int(sizeof(alphabet) - 1))];
                switch (random.bounded(4)) {
                case 0: data[at] = c; break;
                case 1: data.insert(at, c); break;
                case 2: data.remove(at, 1); break;
                default: data.truncate(at); break;
                }
            }
            const QString diff = difference(streamAround(data));
            QVERIFY2(diff.isEmpty(), qPrintable(QString::fromLatin1(data.toPercentEncoding(" {}[]\":,")) + QLatin1String(": ") + diff));
            StreamOutput out;
            fast += OpenAiFastChunk::read(data, out);
        }
        // Both paths must have been exercised.
        QVERIFY(fast > 1000);
        QVERIFY(fast < 19000);
    }
};

namespace {
/// A Responses stream read with or without the simdjson path for its delta events.
StreamOutput parseResponses(const QByteArray &stream, bool fastPath, qsizetype pieceSize)
{
    auto parser = OpenAiResponsesProtocol::createStreamParser(fastPath);
    StreamOutput out;
    QString text, reasoning;
    for (qsizetype i = 0; i < stream.size(); i += pieceSize) {
        parser->feed(QByteArrayView(stream).sliced(i, std::min(pieceSize, stream.size() - i)), out);
        text += std::exchange(out.text, {});
        reasoning += std::exchange(out.reasoning, {});
    }
    parser->finish(out);
    out.text = text + out.text;
    out.reasoning = reasoning + out.reasoning;
    return out;
}

/// Empty when both paths read \a stream alike, else what differs.
QString responsesDifference(const QByteArray &stream, qsizetype pieceSize = 1 << 30)
{
    const qsizetype size = std::max<qsizetype>(1, std::min(pieceSize, stream.size()));
    const StreamOutput fast = parseResponses(stream, true, size);
    const StreamOutput qt = parseResponses(stream, false, size);
    if (fast.text != qt.text)
        return QStringLiteral("text: %1 vs %2").arg(fast.text, qt.text);
    if (fast.reasoning != qt.reasoning)
        return QStringLiteral("reasoning: %1 vs %2").arg(fast.reasoning, qt.reasoning);
    if (fast.finishReason != qt.finishReason || fast.refused != qt.refused || fast.done != qt.done)
        return QStringLiteral("finish: %1 vs %2").arg(fast.finishReason, qt.finishReason);
    if (fast.inputTokens != qt.inputTokens || fast.outputTokens != qt.outputTokens || fast.reasoningTokens != qt.reasoningTokens)
        return QStringLiteral("tokens differ");
    if (fast.error != qt.error)
        return QStringLiteral("error: %1 vs %2").arg(fast.error, qt.error);
    if (fast.note() != qt.note())
        return QStringLiteral("note: %1 vs %2").arg(fast.note(), qt.note());
    return {};
}

/// \a data as one event between ordinary delta events and a terminal one.
QByteArray responsesAround(const QByteArray &data)
{
    return QByteArray(R"(data: {"type":"response.output_text.delta","item_id":"m","content_index":0,"delta":"a"})") + "\n\n"
        + "event: response.output_text.delta\ndata: " + data + "\n\n"
        + R"(data: {"type":"response.output_text.delta","item_id":"m","content_index":0,"delta":"z"})" + "\n\n"
        + R"(data: {"type":"response.completed","response":{"status":"completed","usage":{"input_tokens":3,"output_tokens":2}}})" + "\n\n";
}
} // namespace

class TestResponsesFastPath : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deltasTakeTheFastPath()
    {
        OpenAiFastChunk::ResponsesDelta delta;
        QVERIFY(OpenAiFastChunk::readResponsesDelta(
            R"({"type":"response.output_text.delta","content_index":0,"delta":"Hi","item_id":"msg_1","logprobs":[],"obfuscation":"crdG","output_index":1,"sequence_number":4})",
            &delta));
        QCOMPARE(delta.kind, OpenAiFastChunk::ResponsesDelta::Kind::Text);
        QCOMPARE(delta.delta, QStringLiteral("Hi"));
        QCOMPARE(delta.itemId, QStringLiteral("msg_1"));
        QCOMPARE(delta.index, 0);
        QVERIFY(OpenAiFastChunk::readResponsesDelta(
            R"({"type":"response.reasoning_summary_text.delta","delta":"**B","item_id":"rs_1","output_index":0,"sequence_number":4,"summary_index":1})",
            &delta));
        QCOMPARE(delta.kind, OpenAiFastChunk::ResponsesDelta::Kind::ReasoningSummary);
        QCOMPARE(delta.index, 1);
        QVERIFY(OpenAiFastChunk::readResponsesDelta(R"({"type":"response.refusal.delta","delta":"No","item_id":"m"})", &delta));
        QCOMPARE(delta.kind, OpenAiFastChunk::ResponsesDelta::Kind::Refusal);
        QVERIFY(OpenAiFastChunk::readResponsesDelta(R"({"type":"response.reasoning_text.delta","delta":"x","item_id":"r","content_index":2})", &delta));
        QCOMPARE(delta.kind, OpenAiFastChunk::ResponsesDelta::Kind::ReasoningText);
        QCOMPARE(delta.index, 2);
        // Everything else is Qt's: other types, a float index, a repeated key, no type, trailing bytes.
        for (const char *other : {R"({"type":"response.completed","response":{}})",
                                  R"({"type":"response.output_text.delta","delta":"a","content_index":1.0})",
                                  R"({"type":"response.output_text.delta","delta":"a","delta":"b"})", R"({"delta":"a"})",
                                  R"({"type":"response.output_text.delta","delta":"a"} x)"})
            QVERIFY2(!OpenAiFastChunk::readResponsesDelta(other, &delta), other);
    }

    void fixturesReadAlike()
    {
        const QDir streams(QStringLiteral(PROMPTGRID_TEST_DATA "/streams"));
        int checked = 0;
        for (const QString &name : streams.entryList({QStringLiteral("*responses*.sse")}, QDir::Files)) {
            QFile file(streams.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray stream = file.readAll();
            QVERIFY2(responsesDifference(stream).isEmpty(), qPrintable(name + QLatin1String(": ") + responsesDifference(stream)));
            QVERIFY2(responsesDifference(stream, 3).isEmpty(), qPrintable(name));
            ++checked;
        }
        QVERIFY(checked >= 8);
    }

    void mutatedDeltas()
    {
        const QList<QByteArray> seeds{
            R"({"type":"response.output_text.delta","content_index":0,"delta":"Hi \u00e9\ud83d\ude00","item_id":"msg_1","logprobs":[],"obfuscation":"crdG","output_index":1,"sequence_number":4})",
            R"({"type":"response.reasoning_summary_text.delta","delta":"**B","item_id":"rs_1","output_index":0,"sequence_number":4,"summary_index":1})",
            R"({"type":"response.refusal.delta","content_index":0,"delta":"I\u2019m","item_id":"msg_2","output_index":0,"sequence_number":4})",
            R"({"content_index":0,"delta":"The user","item_id":"rs_2","output_index":0,"sequence_number":4,"type":"response.reasoning_text.delta"})",
        };
        static const char alphabet[] = "{}[]\":,\\/u0123456789abcdefnrtlse.-+E \t\xc3\xa9\xff\x80";
        QRandomGenerator random(20261201);
        int fast = 0;
        for (int round = 0; round < 20000; ++round) {
            QByteArray data = seeds.at(random.bounded(seeds.size()));
            const int edits = 1 + random.bounded(3);
            for (int e = 0; e < edits && !data.isEmpty(); ++e) {
                const int at = random.bounded(data.size());
                const char c = alphabet[random.bounded(int(sizeof(alphabet) - 1))];
                switch (random.bounded(4)) {
                case 0: data[at] = c; break;
                case 1: data.insert(at, c); break;
                case 2: data.remove(at, 1); break;
                default: data.truncate(at); break;
                }
            }
            const QString diff = responsesDifference(responsesAround(data));
            QVERIFY2(diff.isEmpty(), qPrintable(QString::fromLatin1(data.toPercentEncoding(" {}[]\":,")) + QLatin1String(": ") + diff));
            OpenAiFastChunk::ResponsesDelta delta;
            fast += OpenAiFastChunk::readResponsesDelta(data, &delta);
        }
        // Both paths must have been exercised.
        QVERIFY(fast > 1000);
        QVERIFY(fast < 19000);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    TestOpenAiFastPath chat;
    TestResponsesFastPath responses;
    return QTest::qExec(&chat, argc, argv) | QTest::qExec(&responses, argc, argv);
}
#include "tst_openai_fast_path.moc"
