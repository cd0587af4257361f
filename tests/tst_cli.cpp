// SPDX-License-Identifier: MIT
// The real promptgrid-cli against the in-process fake server: exit codes 0, 1 and 2, the CSV's
// rows and order, prompts files, PROVIDER/MODEL splitting, parameters, concurrency, timeouts.
#include "CsvTable.h"
#include "CliProcess.h"
#include "FakeLlmServer.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {
using CliRun = CliProcess::Result;

// Answers every request with "MODEL: PROMPT", so rows can be matched to what was asked.
FakeResponse echoAnswer(const RecordedRequest &request)
{
    const QJsonObject body = request.json();
    const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
    const QString prompt = messages.last().toObject().value(QLatin1String("content")).toString();
    return FakeResponse::openAiStream({body.value(QLatin1String("model")).toString(), QStringLiteral(": "), prompt}, 4, 3);
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    FakeLlmServer *m_server = nullptr;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QString writeFile(const QString &name, const QByteArray &data) const
    {
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path(name)));
        file.write(data);
        return file.fileName();
    }

    QString providersFile(const QString &extraFields = {}) const
    {
        return writeFile(QStringLiteral("providers.json"),
                         QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1"%2}]})")
                             .arg(m_server->baseUrl().toString(), extraFields)
                             .toUtf8());
    }

    /// The CLI against the fake server's provider "local", model "m", plus \a arguments.
    CliRun runLocal(const QStringList &arguments)
    {
        return run(QStringList{QStringLiteral("--providers"), providersFile(), QStringLiteral("--model"), QStringLiteral("local/m")}
                   + arguments);
    }

    CliRun run(const QStringList &arguments, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        return CliProcess::run(arguments, env, {}, 20'000);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void init()
    {
        m_server = new FakeLlmServer(this);
        QVERIFY(m_server->listen());
        m_server->setHandler(echoAnswer);
        QFile::remove(path(QStringLiteral("out.csv")));
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void allOkAndOrdered()
    {
        const QString out = path(QStringLiteral("out.csv"));
        // Models deliberately not in alphabetical order: the CSV keeps the order given.
        const CliRun r = run({QStringLiteral("--providers"), providersFile(), QStringLiteral("--model"), QStringLiteral("local/zeta"),
                              QStringLiteral("--model"), QStringLiteral("local/alpha"), QStringLiteral("--prompt"), QStringLiteral("first"),
                              QStringLiteral("--prompt"), QStringLiteral("second, with \"quotes\""), QStringLiteral("--repeat"), QStringLiteral("2"),
                              QStringLiteral("--out"), out});
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const CsvTable csv = CsvTable::read(out);
        QCOMPARE(csv.header.mid(0, 15),
                 QStringLiteral("prompt_index,prompt,provider,model,sample,status,answer,error,http_status,ttft_ms,latency_ms,input_tokens,"
                                "output_tokens,finish_reason,cost_usd")
                     .split(QLatin1Char(',')));
        QCOMPARE(csv.rows.size(), 8);
        int i = 0;
        for (const QString &prompt : {QStringLiteral("first"), QStringLiteral("second, with \"quotes\"")}) {
            for (const QString &model : {QStringLiteral("zeta"), QStringLiteral("alpha")}) {
                for (int sample = 1; sample <= 2; ++sample) {
                    QCOMPARE(csv.at(i, "prompt"), prompt);
                    QCOMPARE(csv.at(i, "provider"), QStringLiteral("local"));
                    QCOMPARE(csv.at(i, "model"), model);
                    QCOMPARE(csv.at(i, "sample"), QString::number(sample));
                    QCOMPARE(csv.at(i, "status"), QStringLiteral("ok"));
                    QCOMPARE(csv.at(i, "answer"), model + QStringLiteral(": ") + prompt);
                    QCOMPARE(csv.at(i, "http_status"), QStringLiteral("200"));
                    QCOMPARE(csv.at(i, "input_tokens"), QStringLiteral("4"));
                    QCOMPARE(csv.at(i, "output_tokens"), QStringLiteral("3"));
                    QCOMPARE(csv.at(i, "finish_reason"), QStringLiteral("stop"));
                    QVERIFY(!csv.at(i, "ttft_ms").isEmpty());
                    QVERIFY(csv.at(i, "ttft_ms").toLongLong() <= csv.at(i, "latency_ms").toLongLong());
                    ++i;
                }
            }
        }
        QVERIFY(csv.at(0, "prompt_index") != csv.at(4, "prompt_index"));
        QCOMPARE(csv.at(0, "prompt_index"), csv.at(3, "prompt_index"));
        QCOMPARE(m_server->requestCount(), 8);
        // A one-line summary on stderr when it is not a terminal.
        QVERIFY2(r.err.contains("8 cells: 8 ok"), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void oneModelFailsExitsOne()
    {
        m_server->setHandler([](const RecordedRequest &request) {
            if (request.json().value(QLatin1String("model")).toString() == QLatin1String("broken"))
                return FakeResponse::jsonError(500, R"({"error":{"message":"the model crashed"}})");
            return echoAnswer(request);
        });
        const QString out = path(QStringLiteral("out.csv"));
        const CliRun r = run({QStringLiteral("--providers"), providersFile(), QStringLiteral("--model"), QStringLiteral("local/good"),
                              QStringLiteral("--model"), QStringLiteral("local/broken"), QStringLiteral("--prompt"), QStringLiteral("hi"),
                              QStringLiteral("--retries"), QStringLiteral("1"), QStringLiteral("--out"), out});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 1);
        const CsvTable csv = CsvTable::read(out);
        QCOMPARE(csv.rows.size(), 2);
        QCOMPARE(csv.at(0, "status"), QStringLiteral("ok"));
        QCOMPARE(csv.at(0, "answer"), QStringLiteral("good: hi"));
        QCOMPARE(csv.at(1, "status"), QStringLiteral("error"));
        QCOMPARE(csv.at(1, "http_status"), QStringLiteral("500"));
        QVERIFY(csv.at(1, "error").contains(QLatin1String("the model crashed")));
        QVERIFY(csv.at(1, "answer").isEmpty());
    }

    void refusedConnectionNamesTheUrl()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        const QString providers = writeFile(QStringLiteral("refused.json"),
                                            QStringLiteral("{\"providers\":[{\"name\":\"gone\",\"kind\":\"openai\",\"base_url\":\"http://127.0.0.1:%1/v1\","
                                                               "\"api_key_env\":\"PG_TST_REFUSED_KEY\"}]}")
                                                .arg(port)
                                                .toUtf8());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PG_TST_REFUSED_KEY"), QStringLiteral("sk-test-refused-SECRET-42"));
        const QString out = path(QStringLiteral("out.csv"));
        const CliRun r = run({QStringLiteral("--providers"), providers, QStringLiteral("--model"), QStringLiteral("gone/m"),
                              QStringLiteral("--prompt"), QStringLiteral("hi"), QStringLiteral("--retries"), QStringLiteral("1"),
                              QStringLiteral("--out"), out},
                             env);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 1);
        const CsvTable csv = CsvTable::read(out);
        QCOMPARE(csv.at(0, "status"), QStringLiteral("error"));
        const QString error = csv.at(0, "error");
        QVERIFY2(error.contains(QLatin1String("refused"), Qt::CaseInsensitive)
                     && error.contains(QStringLiteral("http://127.0.0.1:%1/v1/chat/completions").arg(port)),
                 qPrintable(error));
        QVERIFY(!CsvTable::read(out).rows.value(0).join(QLatin1Char(',')).contains(QLatin1String("SECRET")));
        QVERIFY(!r.err.contains("SECRET"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addRow("unknown flag") << QStringList{QStringLiteral("--providers"), QStringLiteral("@PROVIDERS"), QStringLiteral("--model"),
                                                     QStringLiteral("local/m"), QStringLiteral("--prompt"), QStringLiteral("x"),
                                                     QStringLiteral("--bogus"), QStringLiteral("--out"), QStringLiteral("@OUT")};
        QTest::addRow("unreadable prompts file") << QStringList{QStringLiteral("--providers"), QStringLiteral("@PROVIDERS"), QStringLiteral("--model"),
                                                                QStringLiteral("local/m"), QStringLiteral("--prompts"), QStringLiteral("@MISSING"),
                                                                QStringLiteral("--out"), QStringLiteral("@OUT")};
        QTest::addRow("unknown provider") << QStringList{QStringLiteral("--providers"), QStringLiteral("@PROVIDERS"), QStringLiteral("--model"),
                                                         QStringLiteral("nope/m"), QStringLiteral("--prompt"), QStringLiteral("x"),
                                                         QStringLiteral("--out"), QStringLiteral("@OUT")};
        QTest::addRow("bad providers JSON") << QStringList{QStringLiteral("--providers"), QStringLiteral("@BADJSON"), QStringLiteral("--model"),
                                                           QStringLiteral("local/m"), QStringLiteral("--prompt"), QStringLiteral("x"),
                                                           QStringLiteral("--out"), QStringLiteral("@OUT")};
        QTest::addRow("providers file missing") << QStringList{QStringLiteral("--providers"), QStringLiteral("@MISSING"), QStringLiteral("--model"),
                                                               QStringLiteral("local/m"), QStringLiteral("--prompt"), QStringLiteral("x"),
                                                               QStringLiteral("--out"), QStringLiteral("@OUT")};
        QTest::addRow("missing --out") << QStringList{QStringLiteral("--providers"), QStringLiteral("@PROVIDERS"), QStringLiteral("--model"),
                                                      QStringLiteral("local/m"), QStringLiteral("--prompt"), QStringLiteral("x")};
        QTest::addRow("no model") << QStringList{QStringLiteral("--providers"), QStringLiteral("@PROVIDERS"), QStringLiteral("--prompt"),
                                                 QStringLiteral("x"), QStringLiteral("--out"), QStringLiteral("@OUT")};
        QTest::addRow("model without slash") << QStringList{QStringLiteral("--providers"), QStringLiteral("@PROVIDERS"), QStringLiteral("--model"),
                                                            QStringLiteral("justamodel"), QStringLiteral("--prompt"), QStringLiteral("x"),
                                                            QStringLiteral("--out"), QStringLiteral("@OUT")};
        QTest::addRow("no prompt") << QStringList{QStringLiteral("--providers"), QStringLiteral("@PROVIDERS"), QStringLiteral("--model"),
                                                  QStringLiteral("local/m"), QStringLiteral("--out"), QStringLiteral("@OUT")};
        QTest::addRow("bad temperature") << QStringList{QStringLiteral("--providers"), QStringLiteral("@PROVIDERS"), QStringLiteral("--model"),
                                                        QStringLiteral("local/m"), QStringLiteral("--prompt"), QStringLiteral("x"),
                                                        QStringLiteral("--temperature"), QStringLiteral("hot"), QStringLiteral("--out"),
                                                        QStringLiteral("@OUT")};
    }
    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        const QString out = path(QStringLiteral("out.csv"));
        const QString bad = writeFile(QStringLiteral("bad.json"), "{\"providers\": [ {\"name\": \"local\", ");
        const QString providers = providersFile();
        for (QString &argument : arguments) {
            if (argument == QLatin1String("@PROVIDERS"))
                argument = providers;
            else if (argument == QLatin1String("@BADJSON"))
                argument = bad;
            else if (argument == QLatin1String("@MISSING"))
                argument = path(QStringLiteral("does-not-exist.txt"));
            else if (argument == QLatin1String("@OUT"))
                argument = out;
        }
        const CliRun r = run(arguments);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        const QByteArray err = r.err.trimmed();
        QVERIFY2(!err.isEmpty() && !err.contains('\n'), r.err.constData());
        QVERIFY2(err.startsWith("promptgrid-cli: "), r.err.constData());
        QVERIFY(!QFile::exists(out));
        QCOMPARE(m_server->requestCount(), 0);
    }

    void promptsFromTxt()
    {
        const QString prompts = writeFile(QStringLiteral("prompts.txt"),
                                          "First prompt\nwith two lines\n---\nSecond prompt\n  ---  \r\nThird, \xC3\xA9t\xC3\xA9\n---\n");
        const QString out = path(QStringLiteral("out.csv"));
        const CliRun r = runLocal({QStringLiteral("--prompts"), prompts, QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const CsvTable csv = CsvTable::read(out);
        QCOMPARE(csv.rows.size(), 3);
        QCOMPARE(csv.at(0, "prompt"), QStringLiteral("First prompt\nwith two lines"));
        QCOMPARE(csv.at(1, "prompt"), QStringLiteral("Second prompt"));
        QCOMPARE(csv.at(2, "prompt"), QStringLiteral("Third, \u00e9t\u00e9"));
        QCOMPARE(csv.at(2, "answer"), QStringLiteral("m: Third, \u00e9t\u00e9"));
    }

    void promptsFromCsv()
    {
        const QString prompts = writeFile(QStringLiteral("prompts.csv"), "id,prompt,notes\r\n1,\"Hello, world\",a\r\n2,\"Two\nlines\",b\r\n3,third,c\r\n");
        const QString out = path(QStringLiteral("out.csv"));
        const CliRun r = runLocal({QStringLiteral("--prompts"), prompts, QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const CsvTable csv = CsvTable::read(out);
        QCOMPARE(csv.rows.size(), 3);
        QCOMPARE(csv.at(0, "prompt"), QStringLiteral("Hello, world"));
        QCOMPARE(csv.at(1, "prompt"), QStringLiteral("Two\nlines"));
        QCOMPARE(csv.at(2, "prompt"), QStringLiteral("third"));
    }

    void modelSplitsAtFirstSlash()
    {
        const QString out = path(QStringLiteral("out.csv"));
        const CliRun r = run({QStringLiteral("--providers"), providersFile(), QStringLiteral("--model"), QStringLiteral("local/openai/gpt-4o"),
                              QStringLiteral("--prompt"), QStringLiteral("hi"), QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(m_server->requestCount(), 1);
        QCOMPARE(m_server->requests().first().json().value(QLatin1String("model")).toString(), QStringLiteral("openai/gpt-4o"));
        QCOMPARE(m_server->requests().first().path, QByteArray("/v1/chat/completions"));
        const CsvTable csv = CsvTable::read(out);
        QCOMPARE(csv.at(0, "provider"), QStringLiteral("local"));
        QCOMPARE(csv.at(0, "model"), QStringLiteral("openai/gpt-4o"));
    }

    void parametersReachTheRequest()
    {
        const QString out = path(QStringLiteral("out.csv"));
        const CliRun r = runLocal({QStringLiteral("--prompt"), QStringLiteral("hi"), QStringLiteral("--system"), QStringLiteral("Be terse."),
                                   QStringLiteral("--temperature"), QStringLiteral("0.3"), QStringLiteral("--max-tokens"), QStringLiteral("42"),
                                   QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(m_server->requestCount(), 1);
        const RecordedRequest sent = m_server->requests().first();
        QCOMPARE(sent.method, QByteArray("POST"));
        const QJsonObject body = sent.json();
        QCOMPARE(body.value(QLatin1String("temperature")).toDouble(), 0.3);
        QCOMPARE(body.value(QLatin1String("max_tokens")).toInt(), 42);
        QCOMPARE(body.value(QLatin1String("stream")), QJsonValue(true));
        const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).toObject().value(QLatin1String("role")).toString(), QStringLiteral("system"));
        QCOMPARE(messages.at(0).toObject().value(QLatin1String("content")).toString(), QStringLiteral("Be terse."));
        QCOMPARE(messages.at(1).toObject().value(QLatin1String("content")).toString(), QStringLiteral("hi"));
        // No key configured: no Authorization header.
        QVERIFY(!sent.headers.contains("authorization"));
    }

    void apiKeyFromEnvironment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PROMPTGRID_TST_CLI_KEY"), QStringLiteral("sk-cli-test"));
        const QString out = path(QStringLiteral("out.csv"));
        const CliRun r = run({QStringLiteral("--providers"), providersFile(QStringLiteral(R"(,"api_key_env":"PROMPTGRID_TST_CLI_KEY")")),
                              QStringLiteral("--model"), QStringLiteral("local/m"), QStringLiteral("--prompt"), QStringLiteral("hi"),
                              QStringLiteral("--out"), out},
                             env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(m_server->requests().first().headers.value("authorization"), QByteArray("Bearer sk-cli-test"));
        QVERIFY(!r.err.contains("sk-cli-test"));
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("sk-cli-test"));
    }

    void concurrencyOne()
    {
        m_server->setHandler([](const RecordedRequest &request) {
            FakeResponse response = echoAnswer(request);
            response.chunkDelayMs = 20;
            return response;
        });
        const QString out = path(QStringLiteral("out.csv"));
        const CliRun r = runLocal({QStringLiteral("--prompt"), QStringLiteral("a"), QStringLiteral("--prompt"), QStringLiteral("b"),
                                   QStringLiteral("--prompt"), QStringLiteral("c"), QStringLiteral("--concurrency"), QStringLiteral("1"),
                                   QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(m_server->requestCount(), 3);
        QCOMPARE(m_server->peakConcurrentRequests(), 1);
    }

    void concurrencyDefaultRunsInParallel()
    {
        m_server->setHandler([](const RecordedRequest &request) {
            FakeResponse response = echoAnswer(request);
            response.chunkDelayMs = 20;
            return response;
        });
        const QString out = path(QStringLiteral("out.csv"));
        const CliRun r = runLocal({QStringLiteral("--prompt"), QStringLiteral("a"), QStringLiteral("--prompt"), QStringLiteral("b"),
                                   QStringLiteral("--prompt"), QStringLiteral("c"), QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(m_server->peakConcurrentRequests(), 3);
    }

    void timeoutGivesTimeoutCells()
    {
        m_server->setHandler([](const RecordedRequest &) {
            FakeResponse response;
            response.hangAfterHeaders = true;
            return response;
        });
        const QString out = path(QStringLiteral("out.csv"));
        QElapsedTimer clock;
        clock.start();
        const CliRun r = runLocal({QStringLiteral("--prompt"), QStringLiteral("a"), QStringLiteral("--prompt"), QStringLiteral("b"),
                                   QStringLiteral("--timeout"), QStringLiteral("0.4"), QStringLiteral("--out"), out});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(clock.elapsed() < 5000);
        const CsvTable csv = CsvTable::read(out);
        QCOMPARE(csv.rows.size(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(csv.at(i, "status"), QStringLiteral("timeout"));
            QVERIFY(!csv.at(i, "error").isEmpty());
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_server->clientAborts(), 2, 2000);
    }

    void demoWithoutProvidersFile()
    {
        const QString out = path(QStringLiteral("out.csv"));
        const CliRun r = run({QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--model"), QStringLiteral("demo/fast"),
                              QStringLiteral("--prompt"), QStringLiteral("offline hello"), QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const CsvTable csv = CsvTable::read(out);
        QCOMPARE(csv.rows.size(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(csv.at(i, "provider"), QStringLiteral("demo"));
            QCOMPARE(csv.at(i, "status"), QStringLiteral("ok"));
            QVERIFY(csv.at(i, "answer").contains(QLatin1String("offline hello")));
        }
        QCOMPARE(csv.at(0, "model"), QStringLiteral("echo"));
        QCOMPARE(csv.at(1, "model"), QStringLiteral("fast"));
        QCOMPARE(m_server->requestCount(), 0);
    }

    void terminateCancelsAndStillWritesTheCsv()
    {
        m_server->setHandler([](const RecordedRequest &request) {
            FakeResponse response = echoAnswer(request);
            response.chunkDelayMs = 2000;
            return response;
        });
        const QString out = path(QStringLiteral("out.csv"));
        QProcess process;
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(QStringLiteral(PROMPTGRID_CLI_PATH),
                      {QStringLiteral("--providers"), providersFile(), QStringLiteral("--model"), QStringLiteral("local/m"),
                       QStringLiteral("--prompt"), QStringLiteral("a"), QStringLiteral("--prompt"), QStringLiteral("b"),
                       QStringLiteral("--out"), out});
        QVERIFY(process.waitForStarted(5000));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 2, 5000);
        process.terminate(); // SIGTERM, handled like Ctrl+C
        QVERIFY(finished.wait(5000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 130);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->clientAborts(), 2, 1000);
        const CsvTable csv = CsvTable::read(out);
        QCOMPARE(csv.rows.size(), 2);
        for (int i = 0; i < 2; ++i)
            QCOMPARE(csv.at(i, "status"), QStringLiteral("cancelled"));
    }

    void missingKeyIsAnErrorCellNotAUsageError()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("PROMPTGRID_TST_CLI_UNSET"));
        const QString out = path(QStringLiteral("out.csv"));
        const CliRun r = run({QStringLiteral("--providers"), providersFile(QStringLiteral(R"(,"api_key_env":"PROMPTGRID_TST_CLI_UNSET")")),
                              QStringLiteral("--model"), QStringLiteral("local/m"), QStringLiteral("--prompt"), QStringLiteral("hi"),
                              QStringLiteral("--out"), out},
                             env);
        QCOMPARE(r.exitCode, 1);
        const CsvTable csv = CsvTable::read(out);
        QCOMPARE(csv.rows.size(), 1);
        QCOMPARE(csv.at(0, "status"), QStringLiteral("error"));
        QVERIFY(csv.at(0, "error").contains(QLatin1String("PROMPTGRID_TST_CLI_UNSET")));
        QCOMPARE(m_server->requestCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
