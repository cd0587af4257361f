// SPDX-License-Identifier: MIT
// Signals sent for real to promptgrid-cli: SIGHUP (a closed terminal) cancels and writes like
// SIGTERM; a closed stderr (`2>&1 | true`) never loses the results to SIGPIPE.
#include "CliProcess.h"
#include "CsvReader.h"
#include "FakeLlmServer.h"
#include "FaultRun.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

class TestCliSignals : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QList<QStringList> readCsv(const QString &path)
    {
        QFile file(path);
        QList<QStringList> rows;
        QString error;
        if (!file.open(QIODevice::ReadOnly) || !CsvReader::parse(file.readAll(), &rows, &error))
            return {};
        return rows;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void sighupCancelsWritesTheCsvAndExits130()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &request) {
            const QString prompt = FaultRun::promptOf(request);
            if (prompt.startsWith(QLatin1String("fast")))
                return FakeResponse::openAiStream({QStringLiteral("done: "), prompt});
            FakeResponse slow = FakeResponse::openAiStream(QStringList(200, QStringLiteral("p ")));
            slow.chunkDelayMs = 100;
            return slow;
        });
        const QString out = m_dir.filePath(QStringLiteral("hup.csv"));
        const QString json = m_dir.filePath(QStringLiteral("hup.json"));
        const QString providers = CliProcess::writeProviders(m_dir.filePath(QStringLiteral("providers.json")), QStringLiteral("local"),
                                                             server.baseUrl(QStringLiteral("/v1")).toString());
        QProcess cli;
        cli.start(QStringLiteral(PROMPTGRID_CLI_PATH),
                  {QStringLiteral("--providers"), providers, QStringLiteral("--model"), QStringLiteral("local/m"), QStringLiteral("--prompt"),
                   QStringLiteral("fast a"), QStringLiteral("--prompt"), QStringLiteral("slow b"), QStringLiteral("--out"), out,
                   QStringLiteral("--json"), json});
        QVERIFY(cli.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(server.requestCount() == 2 && server.activeRequests() == 1, 5000);
        QTest::qWait(500); // the fast answer reaches the CLI
        QCOMPARE(::kill(pid_t(cli.processId()), SIGHUP), 0);
        QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 5000);
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 130);
        const QList<QStringList> rows = readCsv(out);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(1).at(5), QStringLiteral("ok"));
        QCOMPARE(rows.at(1).at(6), QStringLiteral("done: fast a"));
        QCOMPARE(rows.at(2).at(5), QStringLiteral("cancelled"));
        QVERIFY(rows.at(2).at(6).startsWith(QLatin1String("p p ")));
        QVERIFY(QFile::exists(json));
    }

    void closedStderrStillWritesTheResults()
    {
        // `promptgrid-cli ... 2>&1 | true`: stderr is a pipe nobody reads any more.
        const QString out = m_dir.filePath(QStringLiteral("pipe.csv"));
        const CliProcess::Result r = CliProcess::run(
            {QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--prompt"), QStringLiteral("one"), QStringLiteral("--prompt"),
             QStringLiteral("two"), QStringLiteral("--model"), QStringLiteral("demo/slow"), QStringLiteral("--out"), out},
            QProcessEnvironment::systemEnvironment(), [] {
                int ends[2];
                if (::pipe(ends) == 0) {
                    ::close(ends[0]);
                    ::dup2(ends[1], STDERR_FILENO);
                    ::close(ends[1]);
                }
            });
        QVERIFY(r.finished);
        QVERIFY2(!r.crashed, "killed by a signal (SIGPIPE)");
        QCOMPARE(r.exitCode, 0);
        const QList<QStringList> rows = readCsv(out);
        QCOMPARE(rows.size(), 5);
        for (qsizetype row = 1; row < rows.size(); ++row)
            QCOMPARE(rows.at(row).at(5), QStringLiteral("ok"));
    }

    void closedOutputPipeIsAnOutputFailureNotADeath()
    {
        // --out /dev/stdout into a pipe that is closed: the CSV cannot be written (exit 3), the
        // JSON still is.
        const QString json = m_dir.filePath(QStringLiteral("pipe.json"));
        const CliProcess::Result r = CliProcess::run(
            {QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--prompt"), QStringLiteral("one"), QStringLiteral("--out"),
             QStringLiteral("/dev/stdout"), QStringLiteral("--json"), json},
            QProcessEnvironment::systemEnvironment(), [] {
                int ends[2];
                if (::pipe(ends) == 0) {
                    ::close(ends[0]);
                    ::dup2(ends[1], STDOUT_FILENO);
                    ::close(ends[1]);
                }
            });
        QVERIFY(r.finished);
        QVERIFY2(!r.crashed, "killed by a signal (SIGPIPE)");
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("Broken pipe"), r.err.constData());
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("You said: one"));
    }
};

QTEST_GUILESS_MAIN(TestCliSignals)
#include "tst_cli_signals.moc"
