// SPDX-License-Identifier: MIT
// The command line runs one prompt against all four wire formats at once (four fake servers)
// and records every cell with its tokens.
#include "CsvReader.h"
#include "FakeLlmServer.h"
#include "ProviderStreams.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QByteArray kKey = "sk-test-SECRET-1234";
}

class TestCliAllProviders : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oneGridFourFormats()
    {
        FakeLlmServer openai, anthropic, gemini, ollama;
        QVERIFY(openai.listen() && anthropic.listen() && gemini.listen() && ollama.listen());
        ProviderStreams::enqueueFourFormatAnswers(openai, anthropic, gemini, ollama);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString providersPath = dir.filePath(QStringLiteral("providers.json"));
        QFile providers(providersPath);
        QVERIFY(providers.open(QIODevice::WriteOnly));
        providers.write(QStringLiteral(
                            "{\"providers\":["
                            "{\"name\":\"o\",\"kind\":\"openai\",\"base_url\":\"%1/v1\",\"api_key_env\":\"PG_TEST_KEY\"},"
                            "{\"name\":\"a\",\"kind\":\"anthropic\",\"base_url\":\"%2\",\"api_key_env\":\"PG_TEST_KEY\","
                            " \"prices\":{\"claude-x\":{\"input_per_mtok\":3,\"output_per_mtok\":15}}},"
                            "{\"name\":\"g\",\"kind\":\"gemini\",\"base_url\":\"%3\",\"api_key_env\":\"PG_TEST_KEY\"},"
                            "{\"name\":\"l\",\"kind\":\"ollama\",\"base_url\":\"%4\"}]}")
                            .arg(openai.baseUrl().toString(), anthropic.baseUrl().toString(), gemini.baseUrl().toString(),
                                 ollama.baseUrl().toString())
                            .toUtf8());
        providers.close();

        const QString csvPath = dir.filePath(QStringLiteral("out.csv"));
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PG_TEST_KEY"), QString::fromUtf8(kKey));
        cli.setProcessEnvironment(env);
        QSignalSpy finished(&cli, &QProcess::finished);
        cli.start(QStringLiteral(PROMPTGRID_CLI_PATH),
                  {QStringLiteral("--providers"), providersPath, QStringLiteral("--model"), QStringLiteral("o/gpt-4o-mini"),
                   QStringLiteral("--model"), QStringLiteral("a/claude-x"), QStringLiteral("--model"), QStringLiteral("g/gemini-2.5-flash"),
                   QStringLiteral("--model"), QStringLiteral("l/llama3.2"), QStringLiteral("--prompt"), QStringLiteral("Why is the sky blue?"),
                   QStringLiteral("--out"), csvPath, QStringLiteral("--timeout"), QStringLiteral("10")});
        QVERIFY(finished.wait(15000));
        const QByteArray stderrText = cli.readAllStandardError();
        QVERIFY2(cli.exitCode() == 0, stderrText.constData());
        QVERIFY(!stderrText.contains(kKey));

        // All four were asked at once, each in its own format.
        QCOMPARE(openai.requests().first().path, QByteArray("/v1/chat/completions"));
        QCOMPARE(anthropic.requests().first().path, QByteArray("/v1/messages"));
        QCOMPARE(gemini.requests().first().path, QByteArray("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"));
        QCOMPARE(ollama.requests().first().path, QByteArray("/api/chat"));
        QCOMPARE(anthropic.requests().first().headers.value("x-api-key"), kKey);
        QCOMPARE(gemini.requests().first().headers.value("x-goog-api-key"), kKey);
        QCOMPARE(openai.requests().first().headers.value("authorization"), "Bearer " + kKey);

        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray csvText = csv.readAll();
        QVERIFY(!csvText.contains(kKey));
        QList<QStringList> rows;
        QString error;
        QVERIFY2(CsvReader::parse(csvText, &rows, &error), qPrintable(error));
        QCOMPARE(rows.size(), 5);
        const QStringList header = rows.first();
        const auto column = [&](const char *name) { return header.indexOf(QLatin1String(name)); };
        struct Expected {
            const char *provider;
            const char *answer;
            const char *input;
            const char *output;
        };
        const Expected expected[] = {{"o", "Blue light", "11", "2"}, {"a", "Rayleigh", "12", "3"},
                                     {"g", "Scattering", "13", "4"}, {"l", "Because", "14", "5"}};
        for (const Expected &e : expected) {
            const auto row = std::find_if(rows.begin() + 1, rows.end(), [&](const QStringList &r) {
                return r.value(column("provider")) == QLatin1String(e.provider);
            });
            QVERIFY2(row != rows.end(), e.provider);
            QCOMPARE(row->value(column("status")), QStringLiteral("ok"));
            QCOMPARE(row->value(column("answer")), QString::fromUtf8(e.answer));
            QCOMPARE(row->value(column("input_tokens")), QString::fromLatin1(e.input));
            QCOMPARE(row->value(column("output_tokens")), QString::fromLatin1(e.output));
            // Own prices give a cost; unknown endpoints leave it empty, not 0.
            if (QByteArray(e.provider) == "a")
                QCOMPARE(row->value(column("cost_usd")).toDouble(), (12 * 3.0 + 3 * 15.0) / 1e6);
            else
                QCOMPARE(row->value(column("cost_usd")), QString());
        }
    }
};

QTEST_GUILESS_MAIN(TestCliAllProviders)
#include "tst_cli_all_providers.moc"
