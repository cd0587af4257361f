// SPDX-License-Identifier: MIT
// OpenAiProtocol: the exact request it builds and how it reads streams, errors and model lists.
#include "OpenAiProtocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {
ProviderConfig localProvider()
{
    ProviderConfig provider;
    provider.name = QStringLiteral("local");
    provider.kind = ProviderKind::OpenAI;
    provider.baseUrl = QStringLiteral("http://127.0.0.1:8080/v1");
    return provider;
}

QJsonObject buildBody(const ChatRequest &chat, QNetworkRequest *http = nullptr, const QString &key = {})
{
    const OpenAiProtocol protocol;
    const QByteArray body = protocol.chatBody(chat);
    if (http)
        *http = protocol.chatHttpRequest(localProvider(), key, chat.model);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("body is not JSON: %s", body.constData());
    return doc.object();
}

ChatRequest simpleChat(const QString &model = QStringLiteral("gpt-4o-mini"))
{
    ChatRequest chat;
    chat.model = model;
    chat.prompt = QStringLiteral("Say hi");
    return chat;
}

StreamOutput parseAll(const QByteArray &stream, int pieceSize = 0)
{
    auto parser = OpenAiProtocol().createParser();
    StreamOutput out;
    StreamOutput collected;
    auto drain = [&] {
        collected.text += out.text;
        collected.reasoning += out.reasoning;
        out.text.clear();
        out.reasoning.clear();
    };
    if (pieceSize <= 0) {
        parser->feed(stream, out);
        drain();
    } else {
        for (qsizetype i = 0; i < stream.size(); i += pieceSize) {
            parser->feed(QByteArrayView(stream).sliced(i, std::min<qsizetype>(pieceSize, stream.size() - i)), out);
            drain();
        }
    }
    parser->finish(out);
    drain();
    out.text = collected.text;
    out.reasoning = collected.reasoning;
    return out;
}

QByteArray sseEvent(const QByteArray &json)
{
    return "data: " + json + "\n\n";
}
} // namespace

class TestOpenAiProtocol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requestUrlAndHeadersWithKey()
    {
        QNetworkRequest http;
        buildBody(simpleChat(), &http, QStringLiteral("sk-test-123"));
        QCOMPARE(http.url(), QUrl(QStringLiteral("http://127.0.0.1:8080/v1/chat/completions")));
        QCOMPARE(http.rawHeader("Authorization"), QByteArray("Bearer sk-test-123"));
        QCOMPARE(http.header(QNetworkRequest::ContentTypeHeader).toByteArray(), QByteArray("application/json"));
        QVERIFY(http.rawHeader("Accept").contains("text/event-stream"));
    }

    void noAuthorizationWithoutKey()
    {
        QNetworkRequest http;
        buildBody(simpleChat(), &http, QString());
        QVERIFY(!http.hasRawHeader("Authorization"));
        QCOMPARE(http.url().path(), QStringLiteral("/v1/chat/completions"));
    }

    void bodyMinimal()
    {
        const QJsonObject body = buildBody(simpleChat());
        QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("gpt-4o-mini"));
        QCOMPARE(body.value(QLatin1String("stream")), QJsonValue(true));
        QCOMPARE(body.value(QLatin1String("stream_options")).toObject().value(QLatin1String("include_usage")), QJsonValue(true));
        const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.at(0).toObject().value(QLatin1String("role")).toString(), QStringLiteral("user"));
        QCOMPARE(messages.at(0).toObject().value(QLatin1String("content")).toString(), QStringLiteral("Say hi"));
        // Unset parameters are not sent at all.
        for (const char *absent : {"temperature", "max_tokens", "max_completion_tokens", "top_p", "seed", "stop"})
            QVERIFY2(!body.contains(QLatin1String(absent)), absent);
        QCOMPARE(body.keys().size(), 4);
    }

    void bodySystemThenUser()
    {
        ChatRequest chat = simpleChat();
        chat.system = QStringLiteral("Be brief.");
        chat.prompt = QStringLiteral("Caf\u00e9 \U0001F600 \"quoted\"\nline two");
        const QJsonArray messages = buildBody(chat).value(QLatin1String("messages")).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).toObject(), (QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                                         {QStringLiteral("content"), QStringLiteral("Be brief.")}}));
        QCOMPARE(messages.at(1).toObject(), (QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                         {QStringLiteral("content"), chat.prompt}}));
    }

    void bodyParameters()
    {
        ChatRequest chat = simpleChat();
        chat.params.temperature = 0.7;
        chat.params.maxTokens = 256;
        const QJsonObject body = buildBody(chat);
        QCOMPARE(body.value(QLatin1String("temperature")).toDouble(), 0.7);
        QCOMPARE(body.value(QLatin1String("max_tokens")).toInt(), 256);
        QVERIFY(!body.contains(QLatin1String("max_completion_tokens")));
    }

    void temperatureZeroIsSent()
    {
        ChatRequest chat = simpleChat();
        chat.params.temperature = 0.0;
        const QJsonObject body = buildBody(chat);
        QVERIFY(body.contains(QLatin1String("temperature")));
        QCOMPARE(body.value(QLatin1String("temperature")).toDouble(), 0.0);
    }

    void maxTokensField_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("field");
        QTest::addRow("gpt-4o") << QStringLiteral("gpt-4o") << QStringLiteral("max_tokens");
        QTest::addRow("gpt-4.1-mini") << QStringLiteral("gpt-4.1-mini") << QStringLiteral("max_tokens");
        QTest::addRow("llama") << QStringLiteral("llama3.1:8b") << QStringLiteral("max_tokens");
        QTest::addRow("o1") << QStringLiteral("o1") << QStringLiteral("max_completion_tokens");
        QTest::addRow("o1-mini") << QStringLiteral("o1-mini") << QStringLiteral("max_completion_tokens");
        QTest::addRow("o3") << QStringLiteral("o3") << QStringLiteral("max_completion_tokens");
        QTest::addRow("o4-mini") << QStringLiteral("o4-mini") << QStringLiteral("max_completion_tokens");
        QTest::addRow("gpt-5") << QStringLiteral("gpt-5") << QStringLiteral("max_completion_tokens");
        QTest::addRow("gpt-5-mini") << QStringLiteral("gpt-5-mini") << QStringLiteral("max_completion_tokens");
        QTest::addRow("openrouter o3") << QStringLiteral("openai/o3-mini") << QStringLiteral("max_completion_tokens");
        QTest::addRow("openrouter gpt-4o") << QStringLiteral("openai/gpt-4o") << QStringLiteral("max_tokens");
    }
    void maxTokensField()
    {
        QFETCH(QString, model);
        QFETCH(QString, field);
        ChatRequest chat = simpleChat(model);
        chat.params.maxTokens = 100;
        const QJsonObject body = buildBody(chat);
        QCOMPARE(body.value(field).toInt(), 100);
        const QString other = field == QLatin1String("max_tokens") ? QStringLiteral("max_completion_tokens")
                                                                    : QStringLiteral("max_tokens");
        QVERIFY(!body.contains(other));
        QCOMPARE(body.value(QLatin1String("model")).toString(), model);
    }

    void streamContent_data()
    {
        QTest::addColumn<int>("pieceSize");
        QTest::addRow("whole") << 0;
        QTest::addRow("byte by byte") << 1;
        QTest::addRow("pieces of 5") << 5;
    }
    void streamContent()
    {
        QFETCH(int, pieceSize);
        const QByteArray stream =
            ": keep-alive\n\n"
            + sseEvent(R"({"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})")
            + sseEvent(R"({"choices":[{"index":0,"delta":{"reasoning_content":"Think. "},"finish_reason":null}]})")
            + sseEvent("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Caf\xC3\xA9\"},\"finish_reason\":null}]}")
            + sseEvent(R"({"choices":[{"index":0,"delta":{"content":" ok"},"finish_reason":null}]})")
            + sseEvent(R"({"choices":[{"index":0,"delta":{},"finish_reason":"length"}]})")
            + sseEvent(R"({"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46}})")
            + "data: [DONE]\n\n";
        const StreamOutput out = parseAll(stream, pieceSize);
        QCOMPARE(out.text, QStringLiteral("Caf\u00e9 ok"));
        QCOMPARE(out.reasoning, QStringLiteral("Think. "));
        QCOMPARE(out.finishReason, QStringLiteral("length"));
        QCOMPARE(out.inputTokens.value_or(-1), 12);
        QCOMPARE(out.outputTokens.value_or(-1), 34);
        QVERIFY(out.done);
        QVERIFY(out.error.isEmpty());
        QCOMPARE(out.malformedEvents, 0);
    }

    void streamWithoutDoneIsNotDone()
    {
        const StreamOutput out = parseAll(sseEvent(R"({"choices":[{"delta":{"content":"x"}}]})"));
        QCOMPARE(out.text, QStringLiteral("x"));
        QVERIFY(!out.done);
        QVERIFY(!out.inputTokens);
        QVERIFY(out.finishReason.isEmpty());
    }

    void errorInsideStream()
    {
        const StreamOutput out = parseAll(sseEvent(R"({"choices":[{"delta":{"content":"par"}}]})")
                                          + sseEvent(R"({"error":{"message":"upstream overloaded","code":502}})"));
        QCOMPARE(out.text, QStringLiteral("par"));
        QCOMPARE(out.error, QStringLiteral("upstream overloaded"));
    }

    void plainStringErrorInsideStream()
    {
        const StreamOutput out = parseAll(sseEvent(R"({"error":"rate limited"})"));
        QCOMPARE(out.error, QStringLiteral("rate limited"));
    }

    void invalidJsonIsCountedAndSkipped()
    {
        const StreamOutput out = parseAll(sseEvent(R"({"choices":[{"delta":{"content":"a"}}]})") + sseEvent("{not json")
                                          + sseEvent(R"({"choices":[{"delta":{"content":"b"}}]})") + sseEvent("[1,2]")
                                          + "data: [DONE]\n\n");
        QCOMPARE(out.text, QStringLiteral("ab"));
        QCOMPARE(out.malformedEvents, 2);
        QVERIFY(!out.firstMalformed.isEmpty());
        QVERIFY(out.done);
        QVERIFY(out.error.isEmpty());
    }

    void nullUsageAndNullContentAreHarmless()
    {
        const StreamOutput out = parseAll(sseEvent(R"({"choices":[{"delta":{"content":null},"finish_reason":null}],"usage":null})")
                                          + sseEvent(R"({"choices":[{"delta":{"content":"z"}}]})") + "data: [DONE]\n\n");
        QCOMPARE(out.text, QStringLiteral("z"));
        QVERIFY(!out.inputTokens);
        QVERIFY(out.finishReason.isEmpty());
        QCOMPARE(out.malformedEvents, 0);
    }

    void errorMessage_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("contains");
        QTest::addRow("error object") << QByteArray(R"({"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}})")
                                      << QStringLiteral("Incorrect API key provided");
        QTest::addRow("error object without type") << QByteArray(R"({"error":{"message":"model not found"}})")
                                                   << QStringLiteral("model not found");
        QTest::addRow("plain string error") << QByteArray(R"({"error":"bad things"})") << QStringLiteral("bad things");
        QTest::addRow("top-level message") << QByteArray(R"({"message":"slow down"})") << QStringLiteral("slow down");
        QTest::addRow("html page") << QByteArray("<html><body>\n<h1>502 Bad Gateway</h1>\n</body></html>")
                                   << QStringLiteral("<html><body> <h1>502 Bad Gateway</h1> </body></html>");
        QTest::addRow("empty") << QByteArray() << QStringLiteral("empty");
    }
    void errorMessage()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, contains);
        const QString message = OpenAiProtocol().errorMessage(body);
        QVERIFY2(message.contains(contains), qPrintable(message));
        QVERIFY(!message.contains(QLatin1Char('\n')));
    }

    void errorMessageExact()
    {
        QCOMPARE(OpenAiProtocol().errorMessage(R"({"error":{"message":"No key","type":"auth"}})"),
                 QStringLiteral("No key (auth)"));
        QCOMPARE(OpenAiProtocol().errorMessage(R"({"error":{"message":"No key"}})"), QStringLiteral("No key"));
        QCOMPARE(OpenAiProtocol().errorMessage("Bad Gateway"), QStringLiteral("Bad Gateway"));
    }

    void errorMessageLongBodyIsShortened()
    {
        const QString message = OpenAiProtocol().errorMessage(QByteArray(5000, 'x'));
        QVERIFY(message.size() <= 300);
        QVERIFY(!message.isEmpty());
    }

    void parseModels()
    {
        QString error;
        const QStringList ids = OpenAiProtocol().parseModels(
            R"({"object":"list","data":[{"id":"gpt-4o","object":"model"},{"id":"dall-e-3"},{"object":"model"},{"id":"a-model"}]})", &error);
        QCOMPARE(ids, (QStringList{QStringLiteral("a-model"), QStringLiteral("dall-e-3"), QStringLiteral("gpt-4o")}));
        QVERIFY(error.isEmpty());
    }

    void parseModelsErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addRow("not JSON") << QByteArray("<html>");
        QTest::addRow("no data") << QByteArray(R"({"models":[]})");
        QTest::addRow("data not array") << QByteArray(R"({"data":{}})");
    }
    void parseModelsErrors()
    {
        QFETCH(QByteArray, body);
        QString error;
        QVERIFY(OpenAiProtocol().parseModels(body, &error).isEmpty());
        QVERIFY(!error.isEmpty());
    }

    void modelsRequest()
    {
        const OpenAiProtocol protocol;
        const QNetworkRequest withKey = protocol.modelsRequest(localProvider(), QStringLiteral("k"));
        QCOMPARE(withKey.url(), QUrl(QStringLiteral("http://127.0.0.1:8080/v1/models")));
        QCOMPARE(withKey.rawHeader("Authorization"), QByteArray("Bearer k"));
        QVERIFY(!protocol.modelsRequest(localProvider(), QString()).hasRawHeader("Authorization"));
    }
};

QTEST_GUILESS_MAIN(TestOpenAiProtocol)
#include "tst_openai_protocol.moc"
