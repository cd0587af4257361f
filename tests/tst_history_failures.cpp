// SPDX-License-Identifier: MIT
// History failures are never silent: a garbled page of a real database file, a disk that fills
// during a run (a small tmpfs, as root), a lock held by a second connection past the budget,
// and a file written by a newer PromptGrid. In the store, and in the real promptgrid-cli
// (exit status 3, the message on stderr, every answer still in the CSV).
#include "CliProcess.h"
#include "CsvReader.h"
#include "FakeLlmServer.h"
#include "FaultRun.h"
#include "HistoryLock.h"
#include "HistoryDamage.h"
#include "HistoryDatabase.h"
#include "HistoryRecorder.h"
#include "PlanBuilder.h"
#include "Scheduler.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

namespace {
RunPlan localPlan(const QStringList &prompts)
{
    ModelColumn column;
    column.provider = QStringLiteral("local");
    column.model = QStringLiteral("m");
    return PlanBuilder::fromPrompts(prompts, {column}, 1, {});
}

QByteArray readAll(const QString &path)
{
    return HistoryDamage::readFile(path);
}

QList<QStringList> readCsv(const QString &path)
{
    QList<QStringList> rows;
    QString error;
    CsvReader::parse(readAll(path), &rows, &error);
    return rows;
}


/// A small tmpfs mounted for one test (root only); unmounted when it goes.
class SmallDisk
{
public:
    explicit SmallDisk(const QString &dir, const QString &size)
        : m_dir(dir)
    {
        QDir().mkpath(dir);
        if (::geteuid() != 0) {
            m_why = QStringLiteral("not running as root, so no tmpfs can be mounted for a full disk");
            return;
        }
        m_mounted = QProcess::execute(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                                                 QStringLiteral("size=") + size, QStringLiteral("tmpfs"), dir})
            == 0;
        if (!m_mounted)
            m_why = QStringLiteral("mount -t tmpfs failed (no CAP_SYS_ADMIN in this container?)");
    }
    ~SmallDisk()
    {
        if (m_mounted)
            QProcess::execute(QStringLiteral("umount"), {QStringLiteral("-l"), m_dir});
    }
    bool isMounted() const { return m_mounted; }
    QString whyNot() const { return m_why; }
    bool resize(const QString &size)
    {
        return QProcess::execute(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("remount,size=") + size, m_dir}) == 0;
    }

private:
    QString m_dir;
    QString m_why;
    bool m_mounted = false;
};
} // namespace

class TestHistoryFailures : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    FakeLlmServer *m_server = nullptr;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QString providersFile() const
    {
        const QString file = path(QStringLiteral("providers.json"));
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(file));
        out.write(QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1"}]})")
                      .arg(m_server->baseUrl().toString())
                      .toUtf8());
        return file;
    }

    /// A history with two finished runs, written and closed (the WAL checkpointed into the file).
    void makeHistory(const QString &db)
    {
        QVERIFY(HistoryDamage::writeRuns(db, *m_server, {QStringLiteral("first run"), QStringLiteral("second run")}));
    }

    QByteArray garble(const QString &db)
    {
        const QByteArray damaged = HistoryDamage::garbleCellsPage(db);
        if (damaged.isEmpty())
            qFatal("no cells page in %s", qPrintable(db));
        return damaged;
    }

    CliProcess::Result runCli(const QString &history, const QString &out, const QStringList &extra = {})
    {
        return CliProcess::run(QStringList{QStringLiteral("--providers"), providersFile(), QStringLiteral("--model"),
                                           QStringLiteral("local/m"), QStringLiteral("--prompt"), QStringLiteral("one"),
                                           QStringLiteral("--prompt"), QStringLiteral("two"), QStringLiteral("--out"), out,
                                           QStringLiteral("--history"), history}
                               + extra);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void init()
    {
        m_server = new FakeLlmServer(this);
        QVERIFY(m_server->listen());
        m_server->setHandler([](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral("an answer")}); });
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void garbledPageIsFoundBeforeAnythingIsWritten()
    {
        const QString db = path(QStringLiteral("garbled-now.sqlite"));
        makeHistory(db);
        const QByteArray damaged = garble(db);

        Scheduler scheduler;
        scheduler.setProviders(FaultRun::localProvider(*m_server));
        HistoryDatabase store;
        HistoryRecorder storeRecorder(&store);
        QSignalSpy problems(&storeRecorder, &HistoryRecorder::problemChanged);
        QString error;
        QVERIFY(!store.open(db, &error, HistoryDatabase::Check::Now));
        QCOMPARE(store.problem(), HistoryDatabase::Problem::Corrupt);
        QVERIFY(problems.count() > 0);
        QVERIFY2(error.contains(QDir::toNativeSeparators(db)) && error.contains(QLatin1String("damaged")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("quick_check")), qPrintable(error));

        // The run goes on; what could not be saved is counted, and the file is left exactly as it was.
        storeRecorder.attach(&scheduler);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(localPlan({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QVERIFY(finished.wait(5000));
        storeRecorder.flush();
        QCOMPARE(scheduler.counts().ok, 3);
        QCOMPARE(storeRecorder.unsavedCells(), 3);
        QVERIFY2(storeRecorder.problemText().contains(QLatin1String("3 cell(s) of this run are not saved")), qPrintable(storeRecorder.problemText()));
        store.close();
        QCOMPARE(readAll(db), damaged);
        QVERIFY(!QFile::exists(db + QStringLiteral("-wal")) || readAll(db + QStringLiteral("-wal")).isEmpty());
    }

    void garbledPageFoundInTheBackgroundAndMovedAside()
    {
        const QString db = path(QStringLiteral("garbled-background.sqlite"));
        makeHistory(db);
        const QByteArray damaged = garble(db);

        Scheduler scheduler;
        scheduler.setProviders(FaultRun::localProvider(*m_server));
        HistoryDatabase store;
        HistoryRecorder storeRecorder(&store);
        QSignalSpy checked(&store, &HistoryDatabase::integrityChecked);
        store.open(db, nullptr, HistoryDatabase::Check::InBackground);
        storeRecorder.attach(&scheduler);
        QVERIFY(checked.count() > 0 || checked.wait(10000));
        QCOMPARE(checked.first().at(0).toBool(), false);
        QCOMPARE(store.problem(), HistoryDatabase::Problem::Corrupt);
        QVERIFY(storeRecorder.problemText().contains(QDir::toNativeSeparators(db)));

        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(localPlan({QStringLiteral("kept")}));
        QVERIFY(finished.wait(5000));
        storeRecorder.flush();
        QCOMPARE(storeRecorder.unsavedCells(), 1);

        // Moved aside, not deleted; the new history gets the current run.
        QString movedTo;
        QString error;
        QVERIFY2(storeRecorder.startOver(&movedTo, &error), qPrintable(error));
        QVERIFY(movedTo.startsWith(db + QStringLiteral(".damaged-")));
        QCOMPARE(readAll(movedTo), damaged);
        QCOMPARE(store.problem(), HistoryDatabase::Problem::None);
        QCOMPARE(storeRecorder.unsavedCells(), 0);
        QVERIFY(HistoryDatabase::integrityProblem(db).isEmpty());
        const QList<HistoryRunInfo> runs = store.runs();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().ok, 1);
        RunPlan plan;
        std::vector<CellResult> results;
        QVERIFY(store.loadRun(runs.first().id, &plan, &results));
        QCOMPARE(results.at(0).text, QStringLiteral("an answer"));
    }

    void newerSchemaIsRefusedAndKept()
    {
        const QString db = path(QStringLiteral("newer.sqlite"));
        makeHistory(db);
        {
            QSqlDatabase poke = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("poke"));
            poke.setDatabaseName(db);
            QVERIFY(poke.open());
            QVERIFY(QSqlQuery(poke).exec(QStringLiteral("PRAGMA user_version=2")));
            poke.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("poke"));
        const QByteArray before = readAll(db);
        HistoryDatabase store;
        QString error;
        QVERIFY(!store.open(db, &error, HistoryDatabase::Check::Now));
        QCOMPARE(store.problem(), HistoryDatabase::Problem::CannotOpen);
        QVERIFY2(error.contains(QLatin1String("newer PromptGrid")), qPrintable(error));
        QCOMPARE(readAll(db), before); // user_version is not written back to 1
    }

    void newerPlanVersionIsRefused()
    {
        QString error;
        const QByteArray plan = R"({"version":3,"samples":1,"rows":[],"columns":[]})";
        QVERIFY(!RunPlan::fromJson(plan, &error));
        QVERIFY2(error.contains(QLatin1String("newer PromptGrid")), qPrintable(error));
        for (const char *version : {"2147483648", "4294967297", "1e10"}) {
            const QByteArray big = QByteArray(R"({"version":)") + version + R"(,"samples":1,"rows":[],"columns":[]})";
            QVERIFY2(!RunPlan::fromJson(big, &error), version);
        }
    }

    void lockPastTheBudgetIsReportedThenSaved()
    {
        const QString db = path(QStringLiteral("locked.sqlite"));
        makeHistory(db);
        Scheduler scheduler;
        scheduler.setProviders(FaultRun::localProvider(*m_server));
        HistoryDatabase store;
        HistoryRecorder storeRecorder(&store);
        QVERIFY(store.open(db, nullptr, HistoryDatabase::Check::Now));
        store.setLockBudget(600);
        storeRecorder.setCheckpointInterval(50);
        storeRecorder.attach(&scheduler);

        HistoryLock lock(db);
        QVERIFY(lock.isLocked());
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(localPlan({QStringLiteral("a"), QStringLiteral("b")}));
        QVERIFY(finished.wait(5000));
        // The run went on; the lock is reported once it outlasts the budget.
        QCOMPARE(scheduler.counts().ok, 2);
        QTRY_COMPARE_WITH_TIMEOUT(store.problem(), HistoryDatabase::Problem::Locked, 10000);
        QCOMPARE(storeRecorder.unsavedCells(), 2);
        QVERIFY2(storeRecorder.problemText().contains(QLatin1String("locked by another program")), qPrintable(storeRecorder.problemText()));
        QVERIFY(storeRecorder.problemText().contains(QDir::toNativeSeparators(db)));
        QVERIFY(storeRecorder.problemText().contains(QLatin1String("2 cell(s) of this run are not saved")));

        // Released: the next tick saves everything, and the message says so.
        lock.release();
        QTRY_COMPARE_WITH_TIMEOUT(storeRecorder.unsavedCells(), 0, 5000);
        QVERIFY2(storeRecorder.problemText().contains(QLatin1String("saved since")), qPrintable(storeRecorder.problemText()));
        HistoryDatabase reader;
        QVERIFY(reader.open(db, nullptr, HistoryDatabase::Check::Now));
        const QList<HistoryRunInfo> runs = reader.runs();
        QCOMPARE(runs.size(), 3);
        QCOMPARE(runs.first().ok, 2);
    }

    void shortLockIsWaitedOutSilently()
    {
        const QString db = path(QStringLiteral("short-lock.sqlite"));
        makeHistory(db);
        Scheduler scheduler;
        scheduler.setProviders(FaultRun::localProvider(*m_server));
        HistoryDatabase store;
        HistoryRecorder storeRecorder(&store);
        QVERIFY(store.open(db, nullptr, HistoryDatabase::Check::Now));
        storeRecorder.setCheckpointInterval(50);
        storeRecorder.attach(&scheduler);
        HistoryLock lock(db);
        QVERIFY(lock.isLocked());
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(localPlan({QStringLiteral("a")}));
        QVERIFY(finished.wait(5000));
        QTRY_VERIFY(storeRecorder.unsavedCells() > 0); // a write found the lock
        lock.release();
        QTRY_COMPARE_WITH_TIMEOUT(storeRecorder.unsavedCells(), 0, 5000);
        QCOMPARE(store.problem(), HistoryDatabase::Problem::None);
        QCOMPARE(store.runs().first().ok, 1);
    }

    void diskFullDuringARunIsReportedThenSaved()
    {
        SmallDisk disk(path(QStringLiteral("small-disk")), QStringLiteral("384k"));
        if (!disk.isMounted())
            QSKIP(qPrintable(disk.whyNot()));
        const QString db = path(QStringLiteral("small-disk/history.sqlite"));
        // Starting the run fits; its 600 KB answer does not.
        const QString big = QString(600 * 1024, QLatin1Char('x'));
        m_server->setHandler([big](const RecordedRequest &) { return FakeResponse::openAiStream({big.left(1000), big.mid(1000)}); });
        Scheduler scheduler;
        scheduler.setProviders(FaultRun::localProvider(*m_server));
        HistoryDatabase store;
        HistoryRecorder storeRecorder(&store);
        QVERIFY(store.open(db, nullptr, HistoryDatabase::Check::Now));
        storeRecorder.setCheckpointInterval(50);
        storeRecorder.attach(&scheduler);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(localPlan({QStringLiteral("big")}));
        QVERIFY(finished.wait(10000));
        QCOMPARE(scheduler.result(0).status, CellStatus::Ok);
        storeRecorder.flush();
        QTRY_COMPARE(store.problem(), HistoryDatabase::Problem::WriteFailed);
        QVERIFY2(storeRecorder.problemText().contains(QDir::toNativeSeparators(db)), qPrintable(storeRecorder.problemText()));
        QVERIFY(storeRecorder.problemText().contains(QLatin1String("1 cell(s) of this run are not saved")));
        QVERIFY(store.lastError().contains(QLatin1String("full")));

        // Room again: the next tick writes the cell.
        QVERIFY(disk.resize(QStringLiteral("8m")));
        QTRY_COMPARE_WITH_TIMEOUT(storeRecorder.unsavedCells(), 0, 5000);
        QVERIFY(storeRecorder.problemText().contains(QLatin1String("saved since")));
        RunPlan plan;
        std::vector<CellResult> results;
        QVERIFY(store.loadRun(storeRecorder.currentRunId(), &plan, &results));
        QCOMPARE(results.at(0).text.size(), big.size());
        store.close();
    }

    void cliReportsAGarbledHistoryAndKeepsIt()
    {
        const QString db = path(QStringLiteral("cli-garbled.sqlite"));
        makeHistory(db);
        const QByteArray damaged = garble(db);
        const QString out = path(QStringLiteral("cli-garbled.csv"));
        const CliProcess::Result r = runCli(db, out);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(db.toUtf8()) && r.err.contains("damaged"), r.err.constData());
        QVERIFY2(r.err.contains("2 cell(s) of this run are not saved"), r.err.constData());
        const QList<QStringList> rows = readCsv(out);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(1).at(5), QStringLiteral("ok"));
        QCOMPARE(rows.at(2).at(6), QStringLiteral("an answer"));
        QCOMPARE(readAll(db), damaged);
    }

    void cliReportsALockPastTheBudget()
    {
        const QString db = path(QStringLiteral("cli-locked.sqlite"));
        makeHistory(db);
        HistoryLock lock(db);
        QVERIFY(lock.isLocked());
        const QString out = path(QStringLiteral("cli-locked.csv"));
        const CliProcess::Result r = runCli(db, out);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("locked by another program for more than 5 s"), r.err.constData());
        QVERIFY2(r.err.contains(db.toUtf8()), r.err.constData());
        const QList<QStringList> rows = readCsv(out);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(1).at(6), QStringLiteral("an answer"));
    }

    void cliReportsADiskThatFills()
    {
        SmallDisk disk(path(QStringLiteral("cli-small-disk")), QStringLiteral("384k"));
        if (!disk.isMounted())
            QSKIP(qPrintable(disk.whyNot()));
        const QString big = QString(600 * 1024, QLatin1Char('y'));
        m_server->setHandler([big](const RecordedRequest &) { return FakeResponse::openAiStream({big.left(1000), big.mid(1000)}); });
        const QString db = path(QStringLiteral("cli-small-disk/history.sqlite"));
        const QString out = path(QStringLiteral("cli-full.csv"));
        const CliProcess::Result r = runCli(db, out);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("Could not save to the run history") && r.err.contains(db.toUtf8()), r.err.constData());
        const QList<QStringList> rows = readCsv(out);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(1).at(6).size(), big.size());
        QCOMPARE(rows.at(2).at(6).size(), big.size());
    }

    void cliWithASoundHistoryStillExitsZero()
    {
        const QString db = path(QStringLiteral("cli-sound.sqlite"));
        const CliProcess::Result r = runCli(db, path(QStringLiteral("cli-sound.csv")));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!r.err.contains("run history"), r.err.constData());
        HistoryDatabase store;
        QVERIFY(store.open(db, nullptr, HistoryDatabase::Check::Now));
        QCOMPARE(store.runs().size(), 1);
        QCOMPARE(store.runs().first().ok, 2);
    }
};

QTEST_GUILESS_MAIN(TestHistoryFailures)
#include "tst_history_failures.moc"
