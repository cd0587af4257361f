// SPDX-License-Identifier: MIT
// Ctrl+C in the real promptgrid-cli: what still runs is cancelled at once, the CSV is written
// with the finished cells intact and the rest "cancelled", and the exit status is 130.
#include "CsvReader.h"
#include "FakeLlmServer.h"
#include "FaultRun.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace FaultRun;

class TestCliInterrupt : public QObject
{
    Q_OBJECT

    struct Setup {
        QTemporaryDir dir;
        FakeLlmServer server;
        QString providersPath;
        QString out;
    };

    /// Prompts starting with "fast" are answered at once; the others stream for 20 s.
    static void prepare(Setup &s)
    {
        QVERIFY(s.server.listen());
        s.server.setHandler([](const RecordedRequest &request) {
            const QString prompt = promptOf(request);
            if (prompt.startsWith(QLatin1String("fast")))
                return FakeResponse::openAiStream({QStringLiteral("done: "), prompt});
            QStringList pieces;
            for (int i = 0; i < 200; ++i)
                pieces.append(QStringLiteral("p%1 ").arg(i));
            FakeResponse slow = FakeResponse::openAiStream(pieces);
            slow.chunkDelayMs = 100;
            return slow;
        });
        s.providersPath = s.dir.filePath(QStringLiteral("providers.json"));
        QFile file(s.providersPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(providers({{QStringLiteral("local"), s.server.baseUrl(QStringLiteral("/v1")).toString()}}).toJson());
        s.out = s.dir.filePath(QStringLiteral("out.csv"));
    }

    static QStringList arguments(const Setup &s)
    {
        return {QStringLiteral("--providers"), s.providersPath, QStringLiteral("--model"), QStringLiteral("local/m"),
                QStringLiteral("--prompt"), QStringLiteral("fast a"), QStringLiteral("--prompt"), QStringLiteral("slow b"),
                QStringLiteral("--prompt"), QStringLiteral("fast c"), QStringLiteral("--prompt"), QStringLiteral("slow d"),
                QStringLiteral("--out"), s.out};
    }

private Q_SLOTS:
    void sigintCancelsWritesCsvAndExits130()
    {
        Setup s;
        prepare(s);
        QProcess cli;
        cli.start(QStringLiteral(PROMPTGRID_CLI_PATH), arguments(s));
        QVERIFY(cli.waitForStarted(5000));
        // Both slow cells are streaming and both fast ones have been answered.
        QTRY_VERIFY_WITH_TIMEOUT(s.server.requestCount() == 4 && s.server.activeRequests() == 2, 5000);
        // Time for the CLI to take in the two finished answers, even on a loaded CI machine.
        QTest::qWait(1000);
        QSignalSpy aborted(&s.server, &FakeLlmServer::clientAborted);
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(::kill(pid_t(cli.processId()), SIGINT), 0);
        // Well under a second here; the bound leaves room for sanitizer builds and loaded CI.
        QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 3000);
        const qint64 took = clock.elapsed();
        QVERIFY2(took < 3000, qPrintable(QString::number(took)));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 130);
        QVERIFY(QString::fromUtf8(cli.readAllStandardError()).contains(QLatin1String("interrupted")));
        // The server saw both streaming connections go.
        QTRY_COMPARE_WITH_TIMEOUT(aborted.count(), 2, 500);

        QFile csv(s.out);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QList<QStringList> rows;
        QString error;
        QVERIFY2(CsvReader::parse(csv.readAll(), &rows, &error), qPrintable(error));
        QCOMPARE(rows.size(), 5);
        const auto status = [&](int row) { return rows.at(row).at(5); };
        const auto answer = [&](int row) { return rows.at(row).at(6); };
        QCOMPARE(status(1), QStringLiteral("ok"));
        QCOMPARE(answer(1), QStringLiteral("done: fast a"));
        QCOMPARE(status(3), QStringLiteral("ok"));
        QCOMPARE(answer(3), QStringLiteral("done: fast c"));
        for (int row : {2, 4}) {
            QCOMPARE(status(row), QStringLiteral("cancelled"));
            QVERIFY2(answer(row).startsWith(QLatin1String("p0 p1 ")), qPrintable(answer(row))); // partial text kept
            QCOMPARE(rows.at(row).at(7), QStringLiteral("cancelled"));
        }
    }

    void sigintDuringAFollowUpEndsTheRunThere()
    {
        // Turn 1 answers at once; the follow-up streams; a second follow-up must never go out.
        Setup s;
        prepare(s);
        QProcess cli;
        cli.start(QStringLiteral(PROMPTGRID_CLI_PATH),
                  {QStringLiteral("--providers"), s.providersPath, QStringLiteral("--model"), QStringLiteral("local/m"),
                   QStringLiteral("--prompt"), QStringLiteral("fast a"), QStringLiteral("--prompt"), QStringLiteral("fast c"),
                   QStringLiteral("--follow-up"), QStringLiteral("slow again"), QStringLiteral("--follow-up"),
                   QStringLiteral("fast never"), QStringLiteral("--out"), s.out});
        QVERIFY(cli.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(s.server.requestCount() == 4 && s.server.activeRequests() == 2, 5000);
        QTest::qWait(500);
        QCOMPARE(::kill(pid_t(cli.processId()), SIGINT), 0);
        QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 3000);
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 130);
        QCOMPARE(s.server.requestCount(), 4);
        for (const RecordedRequest &request : s.server.requests())
            QVERIFY2(promptOf(request) != QLatin1String("fast never"), request.body.constData());

        QFile csv(s.out);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QList<QStringList> rows;
        QString error;
        QVERIFY2(CsvReader::parse(csv.readAll(), &rows, &error), qPrintable(error));
        // Each cell's two turns: the first answered, the follow-up cancelled with its partial text.
        QCOMPARE(rows.size(), 5);
        const QStringList header = rows.first();
        const auto at = [&](int row, const char *name) { return rows.at(row).value(header.indexOf(QLatin1String(name))); };
        for (int row : {1, 3}) {
            QCOMPARE(at(row, "turn"), QStringLiteral("1"));
            QCOMPARE(at(row, "status"), QStringLiteral("ok"));
            QVERIFY2(at(row, "answer").startsWith(QLatin1String("done: fast")), qPrintable(at(row, "answer")));
        }
        for (int row : {2, 4}) {
            QCOMPARE(at(row, "turn"), QStringLiteral("2"));
            QCOMPARE(at(row, "mode"), QStringLiteral("own-thread"));
            QCOMPARE(at(row, "status"), QStringLiteral("cancelled"));
            QCOMPARE(at(row, "prompt"), QStringLiteral("slow again"));
            QVERIFY2(at(row, "answer").startsWith(QLatin1String("p0 ")), qPrintable(at(row, "answer")));
        }
    }

    void secondSigintExitsAtOnce()
    {
        Setup s;
        prepare(s);
        QProcess cli;
        cli.start(QStringLiteral(PROMPTGRID_CLI_PATH), arguments(s));
        QVERIFY(cli.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(s.server.activeRequests() == 2, 5000);
        QElapsedTimer clock;
        clock.start();
        ::kill(pid_t(cli.processId()), SIGINT);
        ::kill(pid_t(cli.processId()), SIGINT);
        QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 1000);
        QVERIFY(clock.elapsed() < 1000);
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 130);
        // Whether the CSV got written depends on which signal won; never half a file.
        QFile csv(s.out);
        if (csv.open(QIODevice::ReadOnly)) {
            QList<QStringList> rows;
            QString error;
            QVERIFY(CsvReader::parse(csv.readAll(), &rows, &error));
            QCOMPARE(rows.size(), 5);
        }
    }

    void sigtermBehavesLikeSigint()
    {
        Setup s;
        prepare(s);
        QProcess cli;
        cli.start(QStringLiteral(PROMPTGRID_CLI_PATH), arguments(s));
        QVERIFY(cli.waitForStarted(5000));
        QTRY_VERIFY_WITH_TIMEOUT(s.server.activeRequests() == 2 && s.server.requestCount() == 4, 5000);
        cli.terminate(); // SIGTERM
        QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 1000);
        QCOMPARE(cli.exitCode(), 130);
        QVERIFY(QFile::exists(s.out));
    }
};

QTEST_GUILESS_MAIN(TestCliInterrupt)
#include "tst_cli_interrupt.moc"
