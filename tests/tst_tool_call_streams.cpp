// SPDX-License-Identifier: MIT
// Streamed tool calls in every wire format, read into StreamOutput::toolCalls: two calls, the
// arguments in many pieces where the format sends pieces (OpenAI Chat delta.tool_calls,
// Anthropic input_json_delta, Responses function_call_arguments.delta), whole where it sends
// them whole (Gemini functionCall parts, Ollama message.tool_calls). Each stream is split at
// every byte (and fed byte by byte) and must read the same; OpenAI Chat is read on both of its
// paths (simdjson's fast path must hand tool calls to Qt's). The finish reason stays as sent,
// and non-streaming answers with tool calls read the same calls.
#include "OpenAiProtocol.h"
#include "ProtocolFactory.h"
#include "WireProtocol.h"

#include <QTest>

namespace {
QString describe(const QList<ToolCall> &calls)
{
    QStringList lines;
    for (const ToolCall &call : calls)
        lines.append(QStringLiteral("%1|%2|%3").arg(call.id, call.name, call.arguments));
    return lines.join(QLatin1Char('\n'));
}

struct Read {
    QString text;
    QString calls;
    QString finish;
    bool done = false;
    QString error;
    int malformed = 0;
};

Read readAll(StreamParser &parser, const QList<QByteArrayView> &pieces)
{
    StreamOutput out;
    QString text;
    for (const QByteArrayView piece : pieces) {
        parser.feed(piece, out);
        text += out.text; // the runner drains the text after each read
        out.text.clear();
    }
    parser.finish(out);
    text += out.text;
    return Read{text, describe(out.toolCalls), out.finishReason, out.done, out.error, out.malformedEvents};
}

const QByteArray kOpenAi =
    "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,"
    "\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}]},\"finish_reason\":null}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\": \\\"Os\"}}]},\"finish_reason\":null}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"lo\\\"}\"}}]},\"finish_reason\":null}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{\"}}]},\"finish_reason\":null}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"}\"}}]},\"finish_reason\":null}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12,\"total_tokens\":21}}\n\n"
    "data: [DONE]\n\n";

const QByteArray kAnthropic =
    "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
    "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n"
    "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Checking.\"}}\n\n"
    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
    "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}\n\n"
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n"
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"Os\"}}\n\n"
    "event: ping\ndata: {\"type\":\"ping\"}\n\n"
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"lo\\\"}\"}}\n\n"
    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
    "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"get_time\",\"input\":{}}}\n\n"
    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n"
    "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":30}}\n\n"
    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

const QByteArray kResponses =
    "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"status\":\"in_progress\"}}\n\n"
    "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\","
    "\"call_id\":\"call_1\",\"name\":\"get_weather\",\"arguments\":\"\",\"status\":\"in_progress\"}}\n\n"
    "event: response.function_call_arguments.delta\ndata: {\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"fc_1\",\"output_index\":0,\"delta\":\"{\\\"city\\\":\"}\n\n"
    "event: response.function_call_arguments.delta\ndata: {\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"fc_1\",\"output_index\":0,\"delta\":\" \\\"Os\"}\n\n"
    "event: response.function_call_arguments.delta\ndata: {\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"fc_1\",\"output_index\":0,\"delta\":\"lo\\\"}\"}\n\n"
    "event: response.function_call_arguments.done\ndata: {\"type\":\"response.function_call_arguments.done\",\"item_id\":\"fc_1\",\"output_index\":0,\"arguments\":\"{\\\"city\\\": \\\"Oslo\\\"}\"}\n\n"
    "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\","
    "\"call_id\":\"call_1\",\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\": \\\"Oslo\\\"}\",\"status\":\"completed\"}}\n\n"
    "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"output_index\":1,\"item\":{\"type\":\"function_call\",\"id\":\"fc_2\","
    "\"call_id\":\"call_2\",\"name\":\"get_time\",\"arguments\":\"\",\"status\":\"in_progress\"}}\n\n"
    "event: response.function_call_arguments.delta\ndata: {\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"fc_2\",\"output_index\":1,\"delta\":\"{\"}\n\n"
    "event: response.function_call_arguments.delta\ndata: {\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"fc_2\",\"output_index\":1,\"delta\":\"}\"}\n\n"
    "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"status\":\"completed\",\"usage\":{\"input_tokens\":5,\"output_tokens\":9}}}\n\n";

const QByteArray kGemini =
    "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}}}]},\"index\":0}]}\r\n\r\n"
    "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"id\":\"g2\",\"name\":\"get_time\",\"args\":{}}}]},\"finishReason\":\"STOP\",\"index\":0}],"
    "\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":6,\"totalTokenCount\":10}}\r\n\r\n";

const QByteArray kOllama =
    "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}}]},\"done\":false}\n"
    "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"o2\",\"function\":{\"index\":1,\"name\":\"get_time\",\"arguments\":{}}}]},\"done\":false}\n"
    "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":3,\"eval_count\":4}\n";

std::unique_ptr<StreamParser> parserFor(const QString &format)
{
    if (format == QLatin1String("openai-qt"))
        return OpenAiProtocol::createStreamParser(false);
    if (format == QLatin1String("openai"))
        return OpenAiProtocol::createStreamParser(true);
    if (format == QLatin1String("anthropic"))
        return ProtocolFactory::create(ProviderKind::Anthropic)->createParser();
    if (format == QLatin1String("responses"))
        return ProtocolFactory::create(ProviderKind::OpenAIResponses)->createParser();
    if (format == QLatin1String("gemini"))
        return ProtocolFactory::create(ProviderKind::Gemini)->createParser();
    return ProtocolFactory::create(ProviderKind::Ollama)->createParser();
}
} // namespace

class TestToolCallStreams : public QObject
{
    Q_OBJECT

private slots:
    void splitAtEveryByte_data();
    void splitAtEveryByte();
    void completeAnswers_data();
    void completeAnswers();
    void argumentsThatDoNotParseAreKeptAsSent();
};

void TestToolCallStreams::splitAtEveryByte_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("calls");
    QTest::addColumn<QString>("finish");
    const QString pieces = QStringLiteral("call_1|get_weather|{\"city\": \"Oslo\"}\ncall_2|get_time|{}");
    QTest::newRow("openai fast path") << "openai" << kOpenAi << "" << pieces << "tool_calls";
    QTest::newRow("openai qt path") << "openai-qt" << kOpenAi << "" << pieces << "tool_calls";
    QTest::newRow("anthropic") << "anthropic" << kAnthropic << "Checking."
                               << "toolu_1|get_weather|{\"city\": \"Oslo\"}\ntoolu_2|get_time|{}" << "tool_use";
    QTest::newRow("responses") << "responses" << kResponses << "" << pieces << "tool_calls";
    QTest::newRow("gemini") << "gemini" << kGemini << "" << "|get_weather|{\"city\":\"Oslo\"}\ng2|get_time|{}" << "STOP";
    QTest::newRow("ollama") << "ollama" << kOllama << "" << "|get_weather|{\"city\":\"Oslo\"}\no2|get_time|{}" << "stop";
}

void TestToolCallStreams::splitAtEveryByte()
{
    QFETCH(QString, format);
    QFETCH(QByteArray, stream);
    QFETCH(QString, text);
    QFETCH(QString, calls);
    QFETCH(QString, finish);
    const QByteArrayView bytes(stream);
    for (qsizetype at = 0; at <= bytes.size(); ++at) {
        auto parser = parserFor(format);
        const Read read = readAll(*parser, {bytes.first(at), bytes.sliced(at)});
        const QByteArray where = "split at byte " + QByteArray::number(at);
        QVERIFY2(read.calls == calls, where + ": " + read.calls.toUtf8());
        QVERIFY2(read.text == text, where + ": " + read.text.toUtf8());
        QVERIFY2(read.finish == finish, where + ": " + read.finish.toUtf8());
        QVERIFY2(read.done && read.error.isEmpty() && read.malformed == 0, where.constData());
    }
    QList<QByteArrayView> single;
    for (qsizetype i = 0; i < bytes.size(); ++i)
        single.append(bytes.sliced(i, 1));
    auto parser = parserFor(format);
    const Read read = readAll(*parser, single);
    QCOMPARE(read.calls, calls);
    QCOMPARE(read.text, text);
    QCOMPARE(read.finish, finish);
    QVERIFY(read.done);
}

void TestToolCallStreams::completeAnswers_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("calls");
    QTest::addColumn<QString>("finish");
    QTest::newRow("openai") << int(ProviderKind::OpenAI)
                            << QByteArray(R"({"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[)"
                                          "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}},"
                                          R"({"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{}"}}]},"finish_reason":"tool_calls"}]})")
                            << "call_1|get_weather|{\"city\":\"Oslo\"}\ncall_2|get_time|{}" << "tool_calls";
    QTest::newRow("anthropic") << int(ProviderKind::Anthropic)
                               << QByteArray(R"({"type":"message","role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather",)"
                                             R"("input":{"city":"Oslo"}}],"stop_reason":"tool_use","usage":{"input_tokens":3,"output_tokens":4}})")
                               << "toolu_1|get_weather|{\"city\":\"Oslo\"}" << "tool_use";
    QTest::newRow("responses") << int(ProviderKind::OpenAIResponses)
                               << QByteArray(R"({"status":"completed","output":[{"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather",)"
                                             "\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}]}")
                               << "call_1|get_weather|{\"city\":\"Oslo\"}" << "tool_calls";
    QTest::newRow("gemini") << int(ProviderKind::Gemini)
                            << QByteArray(R"({"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Oslo"}}}]},)"
                                          R"("finishReason":"STOP"}]})")
                            << "|get_weather|{\"city\":\"Oslo\"}" << "STOP";
    QTest::newRow("ollama") << int(ProviderKind::Ollama)
                            << QByteArray(R"({"model":"m","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather",)"
                                          R"("arguments":{"city":"Oslo"}}}]},"done":true,"done_reason":"stop"})")
                            << "|get_weather|{\"city\":\"Oslo\"}" << "stop";
}

void TestToolCallStreams::completeAnswers()
{
    QFETCH(int, kind);
    QFETCH(QByteArray, body);
    QFETCH(QString, calls);
    QFETCH(QString, finish);
    StreamOutput out;
    QVERIFY(ProtocolFactory::create(ProviderKind(kind))->readCompleteAnswer(body, out));
    QCOMPARE(describe(out.toolCalls), calls);
    QCOMPARE(out.finishReason, finish);
    QVERIFY(out.done);
    QVERIFY(out.toolCallsChanged);
}

void TestToolCallStreams::argumentsThatDoNotParseAreKeptAsSent()
{
    // A stream cut inside the arguments keeps what came, not a repaired or dropped call.
    const QByteArray cut = kOpenAi.left(kOpenAi.indexOf("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"lo"));
    auto parser = parserFor(QStringLiteral("openai"));
    const Read read = readAll(*parser, {QByteArrayView(cut)});
    QCOMPARE(read.calls, QStringLiteral("call_1|get_weather|{\"city\": \"Os"));
    QVERIFY(!read.done);
    const ToolCall call{QStringLiteral("call_1"), QStringLiteral("get_weather"), QStringLiteral("{\"city\": \"Os")};
    QCOMPARE(call.toJson().value(QLatin1String("arguments")).toString(), call.arguments);
}

QTEST_GUILESS_MAIN(TestToolCallStreams)
#include "tst_tool_call_streams.moc"
