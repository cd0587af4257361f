// SPDX-License-Identifier: MIT
// promptgrid-cli --image and --attach: the files go with every row's prompt, in each wire
// format's own form; a file that cannot be read, is not what it claims, or is one a provider does
// not take stops the run with exit 2 naming it, before anything is sent.
#include "FakeLlmServer.h"
#include "ProviderStreams.h"

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
const QByteArray kStillGif("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
                           "\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00;", 35);

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(file.fileName()));
    return file.fileName();
}

struct Run {
    int exitCode = -1;
    QByteArray err;
};

Run runCli(const QStringList &arguments)
{
    QProcess cli;
    cli.start(QStringLiteral(PROMPTGRID_CLI_PATH), arguments);
    Run run;
    // The fake servers answer from this thread's event loop while the CLI runs.
    if (!QTest::qWaitFor([&cli] { return cli.state() == QProcess::NotRunning; }, 30000))
        return run;
    run.exitCode = cli.exitCode();
    run.err = cli.readAllStandardError();
    return run;
}

QString compact(const QJsonValue &value)
{
    return QString::fromUtf8(value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                             : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}
} // namespace

class TestCliAttachments : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void imageAndTextGoInEveryFormat();
    void badFilesExitTwoNamingTheFile_data();
    void badFilesExitTwoNamingTheFile();
    void gifIsNotSentToGemini();
    void aModelThatRejectsImagesSaysSoInItsCell();

private:
    QString providers(const QTemporaryDir &dir);
    FakeLlmServer m_openai, m_anthropic, m_gemini, m_ollama;
};

void TestCliAttachments::initTestCase()
{
    QVERIFY(m_openai.listen() && m_anthropic.listen() && m_gemini.listen() && m_ollama.listen());
    qputenv("PG_ATT_KEY", "sk-test-attachments");
}

QString TestCliAttachments::providers(const QTemporaryDir &dir)
{
    return write(dir, QStringLiteral("providers.json"),
                 QStringLiteral("{\"providers\":["
                                "{\"name\":\"o\",\"kind\":\"openai\",\"base_url\":\"%1/v1\",\"api_key_env\":\"PG_ATT_KEY\"},"
                                "{\"name\":\"a\",\"kind\":\"anthropic\",\"base_url\":\"%2\",\"api_key_env\":\"PG_ATT_KEY\"},"
                                "{\"name\":\"g\",\"kind\":\"gemini\",\"base_url\":\"%3\",\"api_key_env\":\"PG_ATT_KEY\"},"
                                "{\"name\":\"l\",\"kind\":\"ollama\",\"base_url\":\"%4\"}]}")
                     .arg(m_openai.baseUrl().toString(), m_anthropic.baseUrl().toString(), m_gemini.baseUrl().toString(),
                          m_ollama.baseUrl().toString())
                     .toUtf8());
}

void TestCliAttachments::imageAndTextGoInEveryFormat()
{
    QTemporaryDir dir;
    const int before[] = {m_openai.requestCount(), m_anthropic.requestCount(), m_gemini.requestCount(), m_ollama.requestCount()};
    ProviderStreams::enqueueFourFormatAnswers(m_openai, m_anthropic, m_gemini, m_ollama);
    const QString png = write(dir, QStringLiteral("shot.jpg"), kRedPng); // a PNG, whatever its name says
    const QString notes = write(dir, QStringLiteral("notes.txt"), "line one\nline two");
    const Run run = runCli({QStringLiteral("--providers"), providers(dir), QStringLiteral("--model"), QStringLiteral("o/gpt-4o-mini"),
                            QStringLiteral("--model"), QStringLiteral("a/claude-x"), QStringLiteral("--model"), QStringLiteral("g/gemini-2.5-flash"),
                            QStringLiteral("--model"), QStringLiteral("l/llava"), QStringLiteral("--prompt"), QStringLiteral("What is this?"),
                            QStringLiteral("--image"), png, QStringLiteral("--attach"), notes,
                            QStringLiteral("--out"), dir.filePath(QStringLiteral("out.csv")), QStringLiteral("--timeout"), QStringLiteral("10")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(m_openai.requestCount(), before[0] + 1);
    QCOMPARE(m_anthropic.requestCount(), before[1] + 1);
    QCOMPARE(m_gemini.requestCount(), before[2] + 1);
    QCOMPARE(m_ollama.requestCount(), before[3] + 1);
    const QString text = QStringLiteral("<document>\\n<source>notes.txt</source>\\n<document_content>\\nline one\\nline two\\n"
                                        "</document_content>\\n</document>\\n\\nWhat is this?");
    const QString url = QStringLiteral("data:image/png;base64,") + kB64;
    QCOMPARE(compact(m_openai.requests().last().json().value(QLatin1String("messages"))),
             QStringLiteral(R"([{"content":[{"image_url":{"detail":"auto","url":"%1"},"type":"image_url"},{"text":"%2","type":"text"}],"role":"user"}])")
                 .arg(url, text));
    QCOMPARE(compact(m_anthropic.requests().last().json().value(QLatin1String("messages"))),
             QStringLiteral(R"([{"content":[{"source":{"data":"%1","media_type":"image/png","type":"base64"},"type":"image"},{"text":"%2","type":"text"}],"role":"user"}])")
                 .arg(kB64, text));
    QCOMPARE(compact(m_gemini.requests().last().json().value(QLatin1String("contents"))),
             QStringLiteral(R"([{"parts":[{"inlineData":{"data":"%1","mimeType":"image/png"}},{"text":"%2"}],"role":"user"}])").arg(kB64, text));
    QCOMPARE(compact(m_ollama.requests().last().json().value(QLatin1String("messages"))),
             QStringLiteral(R"([{"content":"%2","images":["%1"],"role":"user"}])").arg(kB64, text));
}

void TestCliAttachments::badFilesExitTwoNamingTheFile_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("says");
    QTest::newRow("a .png that is text") << "--image" << "shot.png" << QByteArray("not an image at all\n") << "not a PNG, JPEG, WebP or GIF";
    QTest::newRow("missing image") << "--image" << "" << QByteArray() << "cannot read image";
    QTest::newRow("oversize image") << "--image" << "big.png" << kRedPng + QByteArray(20 * 1024 * 1024, 'x') << "larger than 20 MB";
    QTest::newRow("binary as text") << "--attach" << "data.txt" << QByteArray("a\0b\0c\0", 6) << "not a text file";
    QTest::newRow("missing text") << "--attach" << "" << QByteArray() << "cannot read text file";
}

void TestCliAttachments::badFilesExitTwoNamingTheFile()
{
    QFETCH(QString, flag);
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, says);
    QTemporaryDir dir;
    const QString path = name.isEmpty() ? dir.filePath(QStringLiteral("gone.png")) : write(dir, name, bytes);
    const int before = m_openai.requestCount();
    const Run run = runCli({QStringLiteral("--providers"), providers(dir), QStringLiteral("--model"), QStringLiteral("o/gpt-4o-mini"),
                            QStringLiteral("--prompt"), QStringLiteral("Hi"), flag, path, QStringLiteral("--out"),
                            dir.filePath(QStringLiteral("out.csv"))});
    QCOMPARE(run.exitCode, 2);
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains(flag) && err.contains(path) && err.contains(says), qPrintable(err));
    QCOMPARE(m_openai.requestCount(), before);
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("out.csv"))));
}

void TestCliAttachments::gifIsNotSentToGemini()
{
    QTemporaryDir dir;
    const QString gif = write(dir, QStringLiteral("loop.gif"), kStillGif);
    const int before = m_gemini.requestCount() + m_openai.requestCount();
    const Run run = runCli({QStringLiteral("--providers"), providers(dir), QStringLiteral("--model"), QStringLiteral("o/gpt-4o-mini"),
                            QStringLiteral("--model"), QStringLiteral("g/gemini-2.5-flash"), QStringLiteral("--prompt"), QStringLiteral("Hi"),
                            QStringLiteral("--image"), gif, QStringLiteral("--out"), dir.filePath(QStringLiteral("out.csv"))});
    QCOMPARE(run.exitCode, 2);
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains(QStringLiteral("g/gemini-2.5-flash")) && err.contains(QStringLiteral("\"loop.gif\""))
                 && err.contains(QStringLiteral("Gemini does not accept GIF")),
             qPrintable(err));
    QCOMPARE(m_gemini.requestCount() + m_openai.requestCount(), before);
}

void TestCliAttachments::aModelThatRejectsImagesSaysSoInItsCell()
{
    QTemporaryDir dir;
    m_openai.enqueue(FakeResponse::jsonError(
        400, R"({"error":{"message":"Invalid content type. image_url is only supported by certain models.","type":"invalid_request_error"}})"));
    const QString json = dir.filePath(QStringLiteral("out.json"));
    const Run run = runCli({QStringLiteral("--providers"), providers(dir), QStringLiteral("--model"), QStringLiteral("o/text-only"),
                            QStringLiteral("--prompt"), QStringLiteral("Hi"), QStringLiteral("--image"), write(dir, QStringLiteral("red.png"), kRedPng),
                            QStringLiteral("--out"), dir.filePath(QStringLiteral("out.csv")), QStringLiteral("--json"), json,
                            QStringLiteral("--retries"), QStringLiteral("1")});
    QCOMPARE(run.exitCode, 1);
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject cell = QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("cells")).toArray().first().toObject();
    QCOMPARE(cell.value(QLatin1String("status")).toString(), QStringLiteral("error"));
    QCOMPARE(cell.value(QLatin1String("error")).toString(),
             QStringLiteral("HTTP 400: Invalid content type. image_url is only supported by certain models. (invalid_request_error)"));
}

QTEST_GUILESS_MAIN(TestCliAttachments)
#include "tst_cli_attachments.moc"
