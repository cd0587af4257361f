// SPDX-License-Identifier: MIT
// kill -9 in the middle of a run: the real promptgrid-cli saves to a history database while a
// fake server answers some cells at once and streams others slowly; the test kills it with
// SIGKILL and reopens the database. Also: exports replace a file whole or not at all.
#include "FakeLlmServer.h"
#include "HistoryDatabase.h"
#include "HistoryRecorder.h"
#include "OutputFile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>

namespace {
QString promptOf(const RecordedRequest &request)
{
    const QJsonArray messages = request.json().value(QLatin1String("messages")).toArray();
    return messages.last().toObject().value(QLatin1String("content")).toString();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

ino_t inode(const QString &path)
{
    struct stat info {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? info.st_ino : 0;
}
} // namespace

class TestCrashRecovery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killNineKeepsFinishedCells()
    {
        QTemporaryDir dir;
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &request) {
            const QString prompt = promptOf(request);
            if (prompt.startsWith(QLatin1String("fast")))
                return FakeResponse::openAiStream({QStringLiteral("answer to "), prompt}, 4, 2);
            QStringList pieces;
            for (int i = 0; i < 400; ++i)
                pieces.append(QStringLiteral("s%1 ").arg(i));
            FakeResponse slow = FakeResponse::openAiStream(pieces);
            slow.chunkDelayMs = 50; // 20 s in all: far longer than the test waits
            return slow;
        });
        const QString providers = dir.filePath(QStringLiteral("providers.json"));
        {
            QFile file(providers);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1"}]})")
                           .arg(server.baseUrl().toString())
                           .toUtf8());
        }
        const QString db = dir.filePath(QStringLiteral("history.sqlite"));
        QProcess cli;
        cli.setProgram(QStringLiteral(PROMPTGRID_CLI_PATH));
        cli.setArguments({QStringLiteral("--providers"), providers, QStringLiteral("--model"), QStringLiteral("local/m1"),
                          QStringLiteral("--prompt"), QStringLiteral("fast one"), QStringLiteral("--prompt"),
                          QStringLiteral("slow two"), QStringLiteral("--prompt"), QStringLiteral("fast three"),
                          QStringLiteral("--prompt"), QStringLiteral("slow four"), QStringLiteral("--out"),
                          dir.filePath(QStringLiteral("out.csv")), QStringLiteral("--history"), db});
        cli.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        cli.start();
        QVERIFY(cli.waitForStarted(5000));

        // Watch the database from here while the CLI runs: the CLI is alive, so opening it
        // must not mark its running cells interrupted.
        HistoryDatabase watcher;
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(db) && watcher.open(db), 5000);
        RunPlan plan;
        std::vector<CellResult> cells;
        const auto ready = [&] {
            const auto runs = watcher.runs();
            if (runs.size() != 1 || !watcher.loadRun(runs.first().id, &plan, &cells) || cells.size() != 4)
                return false;
            // The fast cells have finished and the slow ones have checkpointed some text.
            return cells[0].status == CellStatus::Ok && cells[2].status == CellStatus::Ok
                && cells[1].text.contains(QLatin1String("s3 ")) && cells[3].text.contains(QLatin1String("s3 "));
        };
        QTRY_VERIFY_WITH_TIMEOUT(ready(), 8000);
        QCOMPARE(cells[1].status, CellStatus::Running);
        QCOMPARE(cli.state(), QProcess::Running);

        const qint64 pid = cli.processId();
        QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        QVERIFY(cli.waitForFinished(5000));
        QCOMPARE(cli.exitStatus(), QProcess::CrashExit);
        // The server sees the dead client's connections go.
        QTRY_VERIFY_WITH_TIMEOUT(server.clientAborts() >= 2, 2000);
        watcher.close();

        HistoryDatabase store;
        QVERIFY(store.open(db));
        QCOMPARE(store.interruptedOnOpen(), 2);
        const QList<HistoryRunInfo> runs = store.runs();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().ok, 2);
        QCOMPARE(runs.first().interrupted, 2);
        QCOMPARE(runs.first().unfinished, 0);
        QString error;
        QVERIFY2(store.loadRun(runs.first().id, &plan, &cells, &error), qPrintable(error));
        QCOMPARE(plan.rows.size(), 4);
        QCOMPARE(plan.rows.at(1).prompt, QStringLiteral("slow two"));
        QCOMPARE(plan.columns.first().model, QStringLiteral("m1"));
        QCOMPARE(cells[0].status, CellStatus::Ok);
        QCOMPARE(cells[0].text, QStringLiteral("answer to fast one"));
        QCOMPARE(cells[0].inputTokens.value_or(-1), 4);
        QCOMPARE(cells[0].finishReason, QStringLiteral("stop"));
        QVERIFY(cells[0].finishedAt.isValid());
        QCOMPARE(cells[2].status, CellStatus::Ok);
        QCOMPARE(cells[2].text, QStringLiteral("answer to fast three"));
        for (int slow : {1, 3}) {
            QCOMPARE(cells[size_t(slow)].status, CellStatus::Interrupted);
            QVERIFY(cells[size_t(slow)].text.startsWith(QLatin1String("s0 s1 s2 s3 ")));
            QVERIFY(cells[size_t(slow)].error.contains(QLatin1String("interrupted")));
        }
        // Nothing is marked twice.
        HistoryDatabase again;
        QVERIFY(again.open(db));
        QCOMPARE(again.interruptedOnOpen(), 0);
    }

    void exportReplacesWholeFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("results.csv"));
        const QByteArray old = QByteArray("old,contents\r\n").repeated(100);
        QString error;
        QVERIFY(OutputFile::writeFile(path, old, &error));
        const ino_t before = inode(path);
        const QByteArray fresh = QByteArray("new,row\r\n").repeated(50'000);
        QVERIFY2(OutputFile::writeFile(path, fresh, &error), qPrintable(error));
        QCOMPARE(readAll(path), fresh);
        // A new file renamed over the old one, not the old one rewritten in place: a reader
        // (or a crash) never sees a mixture.
        QVERIFY(inode(path) != before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("results.csv")});
    }

    void failedExportLeavesOldFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("results.csv"));
        const QByteArray old("the previous export\r\n");
        QString error;
        QVERIFY(OutputFile::writeFile(path, old, &error));
        // Make the write fail half-way: no file may grow past 64 KiB (EFBIG, like a full disk).
        struct rlimit saved {};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &saved), 0);
        struct rlimit small = saved;
        small.rlim_cur = 64 * 1024;
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
        const bool written = OutputFile::writeFile(path, QByteArray(1024 * 1024, 'x'), &error);
        ::setrlimit(RLIMIT_FSIZE, &saved);
        std::signal(SIGXFSZ, previousHandler);
        QVERIFY(!written);
        QVERIFY(error.contains(path));
        QCOMPARE(readAll(path), old);
        // No half-written temporary file is left behind.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("results.csv")});
    }
};

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crash_recovery.moc"
