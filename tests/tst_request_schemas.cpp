// SPDX-License-Identifier: MIT
// Request bodies with an image and a text file, exactly as each wire format builds them, and
// (for OpenAI Chat Completions, the Responses API and Anthropic) checked against the official
// schemas in ../shared/reference/specs by tests/schemas/validate_request.py (python3 jsonschema).
// The Responses spec's InputItem oneOf is read as anyOf: a user message with parts matches two
// of its branches (notes-16-18 §1.6). A body the schema must refuse proves the check can fail.
#include "AttachmentFile.h"
#include "OfficialSchemas.h"
#include "ProtocolFactory.h"
#include "WireProtocol.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QByteArray kRedPng = QByteArray::fromBase64(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");
const QString kB64 = QString::fromLatin1(kRedPng.toBase64());

ChatRequest request(const QString &model)
{
    ChatRequest chat;
    chat.model = model;
    chat.system = QStringLiteral("Be brief.");
    chat.prompt = QStringLiteral("What is in the image?");
    QString error;
    chat.attachments.append(*AttachmentFile::imageFromBytes(QStringLiteral("red.png"), kRedPng, &error));
    chat.attachments.append(*AttachmentFile::textFromBytes(QStringLiteral("notes.txt"), "red square", &error));
    return chat;
}

const QString kText = QStringLiteral("<document>\\n<source>notes.txt</source>\\n<document_content>\\nred square\\n</document_content>\\n"
                                     "</document>\\n\\nWhat is in the image?");

QString compact(const QJsonValue &value)
{
    return QString::fromUtf8(value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                             : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}

QJsonObject body(ProviderKind kind, const ChatRequest &chat)
{
    return QJsonDocument::fromJson(ProtocolFactory::create(kind)->requestBody(chat)).object();
}
} // namespace

class TestRequestSchemas : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void shapes();
    void schemasAcceptTheBodies_data();
    void schemasAcceptTheBodies();
    void schemaRefusesAWrongBody();

private:
    /// Exit status of the validator and what it printed.
    int validate(const QString &spec, const QString &component, const QJsonObject &json, QString *output, bool relax = false);
    QTemporaryDir m_dir;
};

void TestRequestSchemas::initTestCase()
{
    const QString missing = OfficialSchemas::missing();
    QVERIFY2(missing.isEmpty(), qPrintable(missing));
}

int TestRequestSchemas::validate(const QString &spec, const QString &component, const QJsonObject &json, QString *output, bool relax)
{
    return OfficialSchemas::validate(m_dir.path(), spec, component, json, output, relax);
}

void TestRequestSchemas::shapes()
{
    const QString url = QStringLiteral("data:image/png;base64,") + kB64;
    QCOMPARE(compact(body(ProviderKind::OpenAI, request(QStringLiteral("gpt-4o-mini"))).value(QLatin1String("messages"))),
             QStringLiteral(R"([{"content":"Be brief.","role":"system"},{"content":[{"image_url":{"detail":"auto","url":"%1"},"type":"image_url"},)"
                            R"({"text":"%2","type":"text"}],"role":"user"}])")
                 .arg(url, kText));
    const QJsonObject responses = body(ProviderKind::OpenAIResponses, request(QStringLiteral("gpt-4o-mini")));
    QCOMPARE(responses.value(QLatin1String("instructions")).toString(), QStringLiteral("Be brief."));
    const QJsonArray input = responses.value(QLatin1String("input")).toArray();
    QCOMPARE(compact(input.last().toObject().value(QLatin1String("content"))),
             QStringLiteral(R"([{"detail":"auto","image_url":"%1","type":"input_image"},{"text":"%2","type":"input_text"}])").arg(url, kText));
    QCOMPARE(input.last().toObject().value(QLatin1String("role")).toString(), QStringLiteral("user"));
    const QJsonObject anthropic = body(ProviderKind::Anthropic, request(QStringLiteral("claude-sonnet-4-5")));
    QCOMPARE(anthropic.value(QLatin1String("system")).toString(), QStringLiteral("Be brief."));
    QCOMPARE(compact(anthropic.value(QLatin1String("messages"))),
             QStringLiteral(R"([{"content":[{"source":{"data":"%1","media_type":"image/png","type":"base64"},"type":"image"},)"
                            R"({"text":"%2","type":"text"}],"role":"user"}])")
                 .arg(kB64, kText));
    const QJsonObject gemini = body(ProviderKind::Gemini, request(QStringLiteral("gemini-2.5-flash")));
    QCOMPARE(compact(gemini.value(QLatin1String("contents"))),
             QStringLiteral(R"([{"parts":[{"inlineData":{"data":"%1","mimeType":"image/png"}},{"text":"%2"}],"role":"user"}])").arg(kB64, kText));
    const QJsonObject ollama = body(ProviderKind::Ollama, request(QStringLiteral("llava")));
    QCOMPARE(compact(ollama.value(QLatin1String("messages"))),
             QStringLiteral(R"([{"content":"Be brief.","role":"system"},{"content":"%2","images":["%1"],"role":"user"}])").arg(kB64, kText));
}

void TestRequestSchemas::schemasAcceptTheBodies_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("component");
    QTest::addColumn<bool>("relax");
    QTest::newRow("chat completions") << int(ProviderKind::OpenAI) << "openai-openapi.prism-v1.json" << "CreateChatCompletionRequest" << false;
    QTest::newRow("responses") << int(ProviderKind::OpenAIResponses) << "openai-openapi.prism-v1.json" << "CreateResponse" << true;
    QTest::newRow("anthropic") << int(ProviderKind::Anthropic) << "anthropic.prism.json" << "CreateMessageParams" << false;
}

void TestRequestSchemas::schemasAcceptTheBodies()
{
    QFETCH(int, kind);
    QFETCH(QString, spec);
    QFETCH(QString, component);
    QFETCH(bool, relax);
    QString output;
    const QJsonObject json = body(ProviderKind(kind), request(kind == int(ProviderKind::Anthropic) ? QStringLiteral("claude-3-5-sonnet-20241022")
                                                                                                    : QStringLiteral("gpt-4o-mini")));
    QVERIFY(!json.isEmpty());
    QCOMPARE(validate(spec, component, json, &output, relax), 0);
    QVERIFY2(output.trimmed().endsWith(QLatin1String(": valid")) && !output.contains(QLatin1String("invalid")), qPrintable(output));
}

void TestRequestSchemas::schemaRefusesAWrongBody()
{
    // An image part without "detail" (required by the Responses spec), and an Anthropic image
    // of a media type the spec does not list: each refused, naming where.
    QJsonObject responses = body(ProviderKind::OpenAIResponses, request(QStringLiteral("gpt-4o-mini")));
    QJsonArray input = responses.value(QLatin1String("input")).toArray();
    QJsonObject last = input.last().toObject();
    QJsonArray content = last.value(QLatin1String("content")).toArray();
    QJsonObject image = content.first().toObject();
    image.remove(QStringLiteral("detail"));
    content[0] = image;
    last.insert(QStringLiteral("content"), content);
    input[input.size() - 1] = last;
    responses.insert(QStringLiteral("input"), input);
    QString output;
    QCOMPARE(validate(QStringLiteral("openai-openapi.prism-v1.json"), QStringLiteral("CreateResponse"), responses, &output, true), 1);
    QVERIFY2(output.contains(QStringLiteral("input")), qPrintable(output));

    const QString broken = QString::fromUtf8(ProtocolFactory::create(ProviderKind::Anthropic)->requestBody(request(QStringLiteral("claude-3-5-sonnet-20241022"))))
                               .replace(QStringLiteral("image/png"), QStringLiteral("image/bmp"));
    QCOMPARE(validate(QStringLiteral("anthropic.prism.json"), QStringLiteral("CreateMessageParams"),
                      QJsonDocument::fromJson(broken.toUtf8()).object(), &output),
             1);
    QVERIFY2(output.contains(QStringLiteral("messages")), qPrintable(output));
}

QTEST_GUILESS_MAIN(TestRequestSchemas)
#include "tst_request_schemas.moc"
