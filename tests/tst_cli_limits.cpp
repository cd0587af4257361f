// SPDX-License-Identifier: MIT
// promptgrid-cli under resource limits set in the child (setrlimit between fork and exec, as
// `ulimit` does): few descriptors with many requests, little address space with big answers,
// and plans too large to start without --yes.
#include "CliProcess.h"
#include "Comparison.h"
#include "ComparisonFile.h"
#include "CsvReader.h"
#include "FakeLlmServer.h"
#include "ProcessLimits.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

namespace {
// AddressSanitizer reserves terabytes of address space for its shadow memory: a sanitized CLI
// cannot start under an address-space limit (RLIMIT_AS), so those limits are left out there.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSpaceLimits = false;
#else
constexpr bool kAddressSpaceLimits = true;
#endif

QList<QStringList> readCsv(const QString &path)
{
    QFile file(path);
    QList<QStringList> rows;
    QString error;
    if (!file.open(QIODevice::ReadOnly) || !CsvReader::parse(file.readAll(), &rows, &error))
        return {};
    return rows;
}
} // namespace

class TestCliLimits : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    /// \a cells requests to a fake server that answers each in three pieces over \a ms, under
    /// an open-files limit of \a descriptors, all allowed to run at once.
    void runUnderDescriptorLimit(int cells, int descriptors, int ms)
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse answer = FakeResponse::openAiStream({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
        answer.chunkDelayMs = ms / 3;
        server.setHandler([answer](const RecordedRequest &) { return answer; });
        const QString out = path(QStringLiteral("fd%1.csv").arg(descriptors));
        const CliProcess::Result r = CliProcess::run(
            {QStringLiteral("--providers"),
             CliProcess::writeProviders(path(QStringLiteral("providers.json")), QStringLiteral("local"),
                                        server.baseUrl(QStringLiteral("/v1")).toString()),
             QStringLiteral("--model"), QStringLiteral("local/m"), QStringLiteral("--prompt"), QStringLiteral("x"), QStringLiteral("--repeat"),
             QString::number(cells), QStringLiteral("--concurrency"), QString::number(cells), QStringLiteral("--out"), out},
            CliProcess::isolatedEnvironment(path(QStringLiteral("home"))), CliProcess::limit(RLIMIT_NOFILE, quint64(descriptors)), 100'000);
        QVERIFY(r.finished);
        QVERIFY2(!r.crashed, r.err.constData());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QStringList> rows = readCsv(out);
        QCOMPARE(rows.size(), cells + 1);
        for (qsizetype row = 1; row < rows.size(); ++row)
            QCOMPARE(rows.at(row).at(5), QStringLiteral("ok"));
        // Said once, with the limit.
        QCOMPARE(r.err.count("open-files limit"), 1);
        QVERIFY2(r.err.contains("ulimit -n " + QByteArray::number(descriptors)), r.err.constData());
        QCOMPARE(server.requestCount(), cells);
        // The cap bound: fewer at once than asked for, but more than one.
        QVERIFY2(server.peakConcurrentRequests() < std::min(cells, descriptors), QByteArray::number(server.peakConcurrentRequests()));
        QVERIFY2(server.peakConcurrentRequests() > 1, QByteArray::number(server.peakConcurrentRequests()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // This process serves the CLI's connections: it needs more descriptors than the child.
        if (ProcessLimits::raiseOpenFilesLimit() < 4096)
            QSKIP("the fake server needs an open-files limit of at least 4096 (ulimit -Hn)");
    }

    void openFilesLimit1024WithConcurrency1000()
    {
        runUnderDescriptorLimit(1000, 1024, 900);
    }

    void openFilesLimit64WithConcurrency50()
    {
        runUnderDescriptorLimit(50, 64, 600);
    }

    void outOfMemoryEndsWithExit4AndKeepsWhatFinished()
    {
        // 64 answers of 7.7 million characters (15 MB each in memory) under `ulimit -v 400000`:
        // memory runs out after about ten; those that finished are written.
        if (!kAddressSpaceLimits)
            QSKIP("AddressSanitizer needs terabytes of address space; `ulimit -v` cannot be tested in a sanitized build");
        FakeLlmServer server;
        QVERIFY(server.listen());
        const FakeResponse big = FakeResponse::openAiStream(QStringList(240, QString(32'000, QLatin1Char('m'))));
        server.setHandler([big](const RecordedRequest &) { return big; });
        const QString out = path(QStringLiteral("oom.csv"));
        const QString json = path(QStringLiteral("oom.json"));
        const CliProcess::Result r = CliProcess::run(
            {QStringLiteral("--providers"),
             CliProcess::writeProviders(path(QStringLiteral("providers.json")), QStringLiteral("local"),
                                        server.baseUrl(QStringLiteral("/v1")).toString()),
             QStringLiteral("--model"), QStringLiteral("local/m"), QStringLiteral("--prompt"), QStringLiteral("x"), QStringLiteral("--repeat"),
             QStringLiteral("64"), QStringLiteral("--concurrency"), QStringLiteral("8"), QStringLiteral("--out"), out, QStringLiteral("--json"), json},
            CliProcess::isolatedEnvironment(path(QStringLiteral("home"))), CliProcess::limit(RLIMIT_AS, 400'000ULL * 1024), 100'000);
        QVERIFY(r.finished);
        QVERIFY2(!r.crashed, r.err.constData());
        QVERIFY2(r.exitCode == 4, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(QString::fromUtf8(r.err))));
        QVERIFY2(r.err.contains("out of memory"), r.err.constData());
        const QList<QStringList> rows = readCsv(out);
        QCOMPARE(rows.size(), 65);
        int ok = 0;
        for (qsizetype row = 1; row < rows.size(); ++row) {
            const QString status = rows.at(row).at(5);
            QVERIFY2(status == QLatin1String("ok") || status == QLatin1String("error") || status == QLatin1String("cancelled"),
                     qPrintable(status));
            if (status == QLatin1String("ok")) {
                ++ok;
                QCOMPARE(rows.at(row).at(6).size(), 240 * 32'000);
            }
        }
        QVERIFY2(ok >= 1 && ok < 64, QByteArray::number(ok));
        // The lossless copy holds the same.
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray cells = QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("cells")).toArray();
        QCOMPARE(cells.size(), 64);
        int jsonOk = 0;
        for (const QJsonValue &cell : cells)
            jsonOk += cell.toObject().value(QLatin1String("status")).toString() == QLatin1String("ok");
        QCOMPARE(jsonOk, ok);
    }

    void largeComparisonNeedsYesAndAllocatesNothing()
    {
        // A few kilobytes asking for 1,000 test cases x 10,000 repeats: refused from the counts,
        // inside an address space far too small for ten million cells.
        Comparison comparison;
        comparison.prompts.append({QString(), QStringLiteral("Tell me about {{city}}"), std::nullopt});
        QVERIFY(comparison.variables.addColumn(QStringLiteral("city")));
        for (int i = 0; i < 1000; ++i)
            comparison.variables.setValue(comparison.variables.insertRow(), 0, QStringLiteral("c%1").arg(i));
        ModelColumn echo;
        QVERIFY(ModelColumn::parseReference(QStringLiteral("demo/echo"), &echo));
        comparison.models.append(echo);
        comparison.settings.repeats = 10'000;
        const QString file = path(QStringLiteral("huge.promptgrid"));
        QString error;
        QVERIFY2(ComparisonFile::save(comparison, file, &error), qPrintable(error));
        QVERIFY2(QFileInfo(file).size() < 64 * 1024, qPrintable(QString::number(QFileInfo(file).size())));
        const QString out = path(QStringLiteral("huge.csv"));
        QElapsedTimer clock;
        clock.start();
        const CliProcess::Result r = CliProcess::run({QStringLiteral("--comparison"), file, QStringLiteral("--out"), out},
                                                     CliProcess::isolatedEnvironment(path(QStringLiteral("home"))),
                                                     kAddressSpaceLimits ? CliProcess::limit(RLIMIT_AS, 1024ULL * 1024 * 1024)
                                                                         : std::function<void()>());
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("10,000,000 cells (more than 100,000)"), r.err.constData());
        QVERIFY2(r.err.contains("--yes"), r.err.constData());
        QVERIFY(!QFile::exists(out));
    }

    void largePlanRunsWithYes()
    {
        const QString out = path(QStringLiteral("yes.csv"));
        // --repeat is at most 10,000: eleven prompts x 10,000 = 110,000 cells.
        QStringList arguments{QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--repeat"), QStringLiteral("10000"),
                              QStringLiteral("--out"), out};
        for (int i = 0; i < 11; ++i)
            arguments << QStringLiteral("--prompt") << QStringLiteral("p%1").arg(i);
        const CliProcess::Result refused = CliProcess::run(arguments, CliProcess::isolatedEnvironment(path(QStringLiteral("home"))));
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("110,000 cells") && refused.err.contains("--yes"), refused.err.constData());
        QVERIFY(!QFile::exists(out));

        // With --yes it starts; Ctrl+C then writes every cell.
        QProcess cli;
        cli.setProcessEnvironment(CliProcess::isolatedEnvironment(path(QStringLiteral("home"))));
        cli.start(QStringLiteral(PROMPTGRID_CLI_PATH), arguments << QStringLiteral("--yes"));
        QVERIFY(cli.waitForStarted(5000));
        QTest::qWait(1500);
        QCOMPARE(cli.state(), QProcess::Running);
        QCOMPARE(::kill(pid_t(cli.processId()), SIGINT), 0);
        QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 30'000);
        QCOMPARE(cli.exitCode(), 130);
        const QList<QStringList> rows = readCsv(out);
        QCOMPARE(rows.size(), 110'001);
        QCOMPARE(rows.last().at(5), QStringLiteral("cancelled"));
    }
};

QTEST_GUILESS_MAIN(TestCliLimits)
#include "tst_cli_limits.moc"
