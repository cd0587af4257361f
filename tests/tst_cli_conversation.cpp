// SPDX-License-Identifier: MIT
// The real promptgrid-cli with --conversation FILE.jsonl: every model gets each line's whole
// history (fake OpenAI and Anthropic servers on 127.0.0.1), the CSV has a row per cell, the
// JSON and JSONL exports carry the mode and the exact messages sent, the Markdown table names
// the mode; a file with a bad line is refused naming the file and the line, nothing sent; the
// flag excludes --prompt and --prompts; the spend cap counts the history.
#include "CliProcess.h"
#include "CsvReader.h"
#include "FakeLlmServer.h"
#include "ProviderStreams.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {
using CliRun = CliProcess::Result;

const QByteArray kConversations =
    R"({"messages": [{"role": "system", "content": "You are a concise assistant."}, {"role": "user", "content": "Name a prime number."}, {"role": "assistant", "content": "7"}, {"role": "user", "content": "Another one, larger than 100?"}]})"
    "\n"
    R"({"messages": [{"role": "user", "content": "Translate good morning to French."}]})"
    "\n";

QJsonArray messagesOf(const QJsonObject &object)
{
    return object.value(QLatin1String("messages")).toArray();
}
} // namespace

class TestCliConversation : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QString write(const QString &name, const QByteArray &data) const
    {
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(data) != data.size())
            qFatal("cannot write %s", qPrintable(file.fileName()));
        return file.fileName();
    }

    CliRun run(const QStringList &arguments) const
    {
        return CliProcess::run(arguments, CliProcess::isolatedEnvironment(m_dir.path()), {}, 30'000);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void everyModelGetsTheSameHistory()
    {
        FakeLlmServer openai;
        FakeLlmServer anthropic;
        QVERIFY(openai.listen());
        QVERIFY(anthropic.listen());
        openai.setHandler([](const RecordedRequest &) { return ProviderStreams::streamOf(QStringLiteral("openai"), {QStringLiteral("101")}); });
        anthropic.setHandler([](const RecordedRequest &) { return ProviderStreams::streamOf(QStringLiteral("anthropic"), {QStringLiteral("103")}); });
        const QString providers = write(QStringLiteral("providers.json"),
            QStringLiteral(R"({"providers":[{"name":"oa","kind":"openai","base_url":"%1/v1"},{"name":"an","kind":"anthropic","base_url":"%2"}]})")
                .arg(openai.baseUrl().toString(), anthropic.baseUrl().toString()).toUtf8());
        const QString chats = write(QStringLiteral("chats.jsonl"), kConversations);
        const QString out = path(QStringLiteral("out.csv"));
        const QString json = path(QStringLiteral("out.json"));
        const QString jsonl = path(QStringLiteral("out.jsonl"));
        const QString markdown = path(QStringLiteral("out.md"));
        const CliRun r = run({QStringLiteral("--providers"), providers, QStringLiteral("--model"), QStringLiteral("oa/gpt-4o-mini"),
                              QStringLiteral("--model"), QStringLiteral("an/claude-sonnet-4-5"), QStringLiteral("--conversation"), chats,
                              QStringLiteral("--system"), QStringLiteral("Default system."), QStringLiteral("--out"), out,
                              QStringLiteral("--json"), json, QStringLiteral("--jsonl"), jsonl, QStringLiteral("--markdown"), markdown});
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(openai.requestCount(), 2);
        QCOMPARE(anthropic.requestCount(), 2);
        // The first conversation, in each format; requests may arrive in any order.
        const auto withHistory = [](const FakeLlmServer &server) {
            for (const RecordedRequest &request : server.requests()) {
                if (messagesOf(request.json()).size() > 1)
                    return request.json();
            }
            return QJsonObject();
        };
        const QJsonArray chat = messagesOf(withHistory(openai));
        QCOMPARE(QJsonDocument(chat).toJson(QJsonDocument::Compact),
                 QByteArray(R"([{"content":"You are a concise assistant.","role":"system"},{"content":"Name a prime number.","role":"user"},)"
                            R"({"content":"7","role":"assistant"},{"content":"Another one, larger than 100?","role":"user"}])"));
        const QJsonObject claude = withHistory(anthropic);
        QCOMPARE(claude.value(QLatin1String("system")).toString(), QStringLiteral("You are a concise assistant."));
        QCOMPARE(messagesOf(claude).size(), 3);
        QCOMPARE(messagesOf(claude).at(1).toObject().value(QLatin1String("content")).toString(), QStringLiteral("7"));
        // The single-message line takes the --system prompt.
        for (const RecordedRequest &request : anthropic.requests()) {
            if (messagesOf(request.json()).size() == 1)
                QCOMPARE(request.json().value(QLatin1String("system")).toString(), QStringLiteral("Default system."));
        }

        QFile csvFile(out);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        QList<QStringList> rows;
        QString error;
        QVERIFY(CsvReader::parse(csvFile.readAll(), &rows, &error));
        QCOMPARE(rows.size(), 5); // header + 2 rows x 2 models
        const qsizetype prompt = rows.first().indexOf(QStringLiteral("prompt"));
        QCOMPARE(rows.at(1).value(prompt), QStringLiteral("Another one, larger than 100?"));

        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonArray cells = QJsonDocument::fromJson(jsonFile.readAll()).object().value(QLatin1String("cells")).toArray();
        QCOMPARE(cells.size(), 4);
        const QJsonObject first = cells.at(0).toObject();
        QCOMPARE(first.value(QLatin1String("mode")).toString(), QStringLiteral("shared"));
        QCOMPARE(QJsonDocument(messagesOf(first)).toJson(QJsonDocument::Compact),
                 QByteArray(R"([{"content":"You are a concise assistant.","role":"system"},{"content":"Name a prime number.","role":"user"},)"
                            R"({"content":"7","role":"assistant"},{"content":"Another one, larger than 100?","role":"user"}])"));
        const QJsonObject last = cells.at(3).toObject();
        QCOMPARE(QJsonDocument(messagesOf(last)).toJson(QJsonDocument::Compact),
                 QByteArray(R"([{"content":"Default system.","role":"system"},{"content":"Translate good morning to French.","role":"user"}])"));

        QFile jsonlFile(jsonl);
        QVERIFY(jsonlFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = jsonlFile.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        const QJsonObject line = QJsonDocument::fromJson(lines.at(1)).object();
        QCOMPARE(line.value(QLatin1String("mode")).toString(), QStringLiteral("shared"));
        QCOMPARE(messagesOf(line).size(), 4);
        QCOMPARE(line.value(QLatin1String("answer")).toString(), QStringLiteral("103"));

        QFile markdownFile(markdown);
        QVERIFY(markdownFile.open(QIODevice::ReadOnly));
        const QByteArray table = markdownFile.readAll();
        QVERIFY2(table.contains("**#1** *(shared transcript after 2 earlier messages)*<br>Another one, larger than 100?"), table.constData());
        QVERIFY(table.contains("**#2**<br>Translate"));
    }

    void badLineIsRefusedAndNothingSent()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        const QString providers = CliProcess::writeProviders(path(QStringLiteral("p.json")), QStringLiteral("oa"), server.baseUrl(QStringLiteral("/v1")).toString());
        const QString chats = write(QStringLiteral("bad.jsonl"),
                                    kConversations + R"({"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]})" "\n");
        const QString out = path(QStringLiteral("bad.csv"));
        const CliRun r = run({QStringLiteral("--providers"), providers, QStringLiteral("--model"), QStringLiteral("oa/m"),
                              QStringLiteral("--conversation"), chats, QStringLiteral("--out"), out});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(chats.toUtf8() + " line 3: the last message must be from the user"), r.err.constData());
        QCOMPARE(server.requestCount(), 0);
        QVERIFY(!QFile::exists(out));
    }

    void excludesOtherPromptFlags_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("error");
        QTest::addRow("--prompt") << QStringList{QStringLiteral("--prompt"), QStringLiteral("hi")}
                                  << QStringLiteral("give either --conversation or --prompt, not both");
        QTest::addRow("--prompts") << QStringList{QStringLiteral("--prompts"), QStringLiteral("x.txt")}
                                   << QStringLiteral("give either --conversation or --prompts, not both");
    }
    void excludesOtherPromptFlags()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, error);
        const CliRun r = run(QStringList{QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--conversation"),
                                         write(QStringLiteral("ok.jsonl"), kConversations), QStringLiteral("--out"), path(QStringLiteral("x.csv"))}
                             + extra);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(error.toUtf8()), r.err.constData());
    }

    void spendCapCountsTheHistory()
    {
        // $0.1 a token: the prompt alone (1 token + 3 out) is $0.40 and fits a $1 cap; with a
        // 40-character history (10 more tokens) it is $1.40 and is never sent.
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral("ok")}, 1, 2); });
        const QString providers = write(QStringLiteral("priced.json"),
            QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1",
                "prices":{"priced":{"input_per_mtok":100000,"output_per_mtok":100000}}}]})").arg(server.baseUrl().toString()).toUtf8());
        const QStringList common{QStringLiteral("--providers"), providers, QStringLiteral("--model"), QStringLiteral("local/priced"),
                                 QStringLiteral("--max-tokens"), QStringLiteral("3"), QStringLiteral("--spend-cap"), QStringLiteral("1"),
                                 QStringLiteral("--out"), path(QStringLiteral("cap.csv"))};
        const QString single = write(QStringLiteral("single.jsonl"), R"({"messages":[{"role":"user","content":"p0"}]})" "\n");
        CliRun r = run(common + QStringList{QStringLiteral("--conversation"), single});
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(server.requestCount(), 1);
        const QString longer = write(QStringLiteral("longer.jsonl"),
            R"({"messages":[{"role":"user","content":"abcdefghijklmnopqrst"},{"role":"assistant","content":"abcdefghijklmnopqrst"},{"role":"user","content":"p0"}]})" "\n");
        r = run(common + QStringList{QStringLiteral("--conversation"), longer});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(server.requestCount(), 1); // nothing more was sent
        QVERIFY2(r.err.contains("0 ok, 0 failed, 1 cancelled"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliConversation)
#include "tst_cli_conversation.moc"
