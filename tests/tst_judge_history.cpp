// SPDX-License-Identifier: MIT
// The judge's grades and pairwise verdicts in the run history: saved as they arrive, back when
// the run is restored (in the same session, a fresh one, and after a simulated restart) and in
// the exports of the restored run; an older history file without the judge tables still opens
// and gets them; a lock that keeps the grades out of the file is reported, then they are saved.
#include "CsvExport.h"
#include "FakeLlmServer.h"
#include "FaultRun.h"
#include "HistoryLock.h"
#include "HistoryRecorder.h"
#include "JudgeRun.h"
#include "JudgingState.h"
#include "PlanBuilder.h"
#include "RunSession.h"
#include "Scheduler.h"

#include <QDir>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TestJudgeHistory : public QObject
{
    Q_OBJECT

    FakeLlmServer *m_server = nullptr;
    QTemporaryDir *m_dir = nullptr;

    QString path(const QString &name) const { return m_dir->filePath(name); }

    bool openSession(RunSession &session, const QString &db)
    {
        // "local" at the fake server; the judge's answers are priced, so their cost is kept too.
        QString error;
        const auto registry = ProviderRegistry::fromJson(
            QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1",
                "prices":{"judge":{"input_per_mtok":0,"output_per_mtok":100000}}}]})")
                .arg(m_server->baseUrl(QStringLiteral("/v1")).toString())
                .toUtf8(),
            &error);
        if (!registry) {
            qWarning("providers: %s", qPrintable(error));
            return false;
        }
        session.scheduler()->setProviders(*registry);
        if (!session.openHistory(db, &error, HistoryDatabase::Check::Now)) {
            qWarning("history did not open: %s", qPrintable(error));
            return false;
        }
        return true;
    }

    static bool runGrid(RunSession &session, const QStringList &prompts)
    {
        const RunPlan plan = PlanBuilder::fromPrompts(prompts, {FaultRun::localColumn(QStringLiteral("m1")), FaultRun::localColumn(QStringLiteral("m2"))}, 1, {});
        QSignalSpy finished(session.scheduler(), &Scheduler::runFinished);
        session.start(plan);
        return finished.wait(10'000);
    }

    static bool judgeAndWait(JudgeRun &judge, JudgeRun::Mode mode)
    {
        JudgeRun::Request request;
        request.judge = FaultRun::localColumn(QStringLiteral("judge"));
        request.rubric = JudgeRubric::fromPreset(JudgeRubric::Preset::Correctness);
        request.mode = mode;
        return judgeAndWait(judge, request);
    }

    static bool judgeAndWait(JudgeRun &judge, const JudgeRun::Request &request)
    {
        QSignalSpy finished(&judge, &JudgeRun::finished);
        QString error;
        if (!judge.start(request, &error)) {
            qWarning("judge did not start: %s", qPrintable(error));
            return false;
        }
        return finished.wait(10'000);
    }

    static QString rater() { return JudgeRun::judgeRater(FaultRun::localColumn(QStringLiteral("judge"))); }

    /// The judge's grades and verdicts \a session shows, as one Ratings to compare.
    static Ratings judgementsOf(const RunSession &session)
    {
        Ratings judgements;
        const Ratings &ratings = session.judging()->ratings();
        for (auto it = ratings.judgeVerdicts().cbegin(); it != ratings.judgeVerdicts().cend(); ++it)
            judgements.setJudgeVerdict(it.key(), it.value());
        for (const BattleVerdict &verdict : ratings.battleVerdicts(rater()))
            judgements.setBattleVerdict(verdict);
        return judgements;
    }

    static bool restoreNewest(RunSession &session)
    {
        const QList<HistoryRunInfo> runs = session.history()->runs();
        QString error;
        if (runs.isEmpty() || !session.restore(runs.first().id, &error) || !error.isEmpty()) {
            qWarning("restore failed: %s", qPrintable(error));
            return false;
        }
        return true;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = new QTemporaryDir;
        QVERIFY(m_dir->isValid());
        m_server = new FakeLlmServer(this);
        QVERIFY(m_server->listen());
        m_server->setHandler([](const RecordedRequest &request) {
            const QString prompt = FaultRun::promptOf(request);
            if (!request.model().startsWith(QLatin1String("judge")))
                return FakeResponse::openAiStream({QStringLiteral("answer of ") + request.model() + QStringLiteral(" to ") + prompt}, 1, 2);
            if (prompt.contains(QLatin1String("<answer_a>")))
                return FakeResponse::openAiStream({QStringLiteral(R"({"winner": "A", "reason": "first shown"})")}, 2, 3);
            // Grades that tell the cells apart; the "bad" row's answers get no score at all.
            if (prompt.contains(QLatin1String("to bad")))
                return FakeResponse::openAiStream({QStringLiteral(R"({"score": "great", "reason": "prose"})")}, 2, 3);
            const int score = prompt.contains(QLatin1String("answer of m1")) ? 8 : 3;
            return FakeResponse::openAiStream({QStringLiteral(R"({"score": %1, "reason": "reason %1"})").arg(score)}, 2, 3);
        });
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
        delete m_dir;
        m_dir = nullptr;
    }

    void gradesAndVerdictsComeBackWithTheRestoredRun()
    {
        const QString db = path(QStringLiteral("history.sqlite"));
        Ratings judged;
        qint64 runId = 0;
        {
            RunSession session(RunSettings::Storage::Transient);
            QVERIFY(openSession(session, db));
            QVERIFY(runGrid(session, {QStringLiteral("good"), QStringLiteral("bad")}));
            runId = session.recorder()->currentRunId();
            QVERIFY(runId != 0);
            JudgeRun judge(&session);
            QVERIFY(judgeAndWait(judge, JudgeRun::Mode::Grade));
            QVERIFY(judgeAndWait(judge, JudgeRun::Mode::Pairwise));
            judged = judgementsOf(session);
            QCOMPARE(judged.judgeVerdicts().size(), 4);
            QCOMPARE(judged.battleVerdicts().size(), 2);
            const JudgeVerdict good = *judged.judgeVerdict({0, 0, 0});
            QCOMPARE(good.score, std::optional<double>(8));
            QCOMPARE(good.costUsd, std::optional<double>(0.3)); // 3 output tokens at $0.1
            QVERIFY(!judged.judgeVerdict({1, 0, 0})->error.isEmpty()); // a judge error is kept too

            // Saved as it arrived: a second reader sees the grades while the session lives.
            QTRY_VERIFY(session.recorder()->problemText().isEmpty());
            HistoryDatabase reader;
            QVERIFY(reader.open(db, nullptr, HistoryDatabase::Check::Now));
            QTRY_VERIFY([&] {
                Ratings saved;
                return reader.loadJudgements(runId, &saved) && saved.judgeVerdicts() == judged.judgeVerdicts()
                    && saved.battleVerdicts() == judged.battleVerdicts();
            }());

            // Another run replaces the grid (and its grades); restoring brings them back.
            QVERIFY(runGrid(session, {QStringLiteral("other")}));
            QVERIFY(session.judging()->ratings().judgeVerdicts().isEmpty());
            QVERIFY(session.restore(runId));
            QCOMPARE(session.judging()->ratings().judgeVerdicts(), judged.judgeVerdicts());
            QCOMPARE(session.judging()->ratings().battleVerdicts(rater()), judged.battleVerdicts());
            // The other run has no grades of its own in the file.
            Ratings other;
            QVERIFY(session.history()->loadJudgements(session.history()->runs().first().id, &other));
            QVERIFY(other.isEmpty());
        }
        // A fresh session on the same file (a restart): the same grades, verdicts and exports.
        RunSession restarted(RunSettings::Storage::Transient);
        QVERIFY(openSession(restarted, db));
        QVERIFY(restarted.restore(runId));
        QCOMPARE(judgementsOf(restarted).judgeVerdicts(), judged.judgeVerdicts());
        QCOMPARE(judgementsOf(restarted).battleVerdicts(), judged.battleVerdicts());
        const QList<ResultRecord> records = restarted.snapshot();
        QCOMPARE(records.size(), 4);
        QVERIFY(records.first().judgement.judge);
        QCOMPARE(records.first().judgement.judge->score, std::optional<double>(8));
        const QString csv = QString::fromUtf8(CsvExport::toCsv(records));
        const QStringList lines = csv.split(QLatin1Char('\n'));
        QVERIFY2(lines.first().contains(QLatin1String("judge_score")), qPrintable(lines.first()));
        QVERIFY2(csv.contains(QLatin1String("reason 8")), qPrintable(csv));
        QVERIFY2(csv.contains(QLatin1String("not a number")), qPrintable(csv));
    }

    void rerunThatIsCancelledLeavesNoOldGradeInTheFile()
    {
        const QString db = path(QStringLiteral("rerun.sqlite"));
        RunSession session(RunSettings::Storage::Transient);
        QVERIFY(openSession(session, db));
        QVERIFY(runGrid(session, {QStringLiteral("good")}));
        const qint64 runId = session.recorder()->currentRunId();
        JudgeRun judge(&session);
        QVERIFY(judgeAndWait(judge, JudgeRun::Mode::Grade));
        QCOMPARE(session.judging()->ratings().judgeVerdicts().size(), 2);
        // A re-run clears the judge's grades; cancelled at once, it gives none: the file agrees.
        JudgeRun::Request request = judge.request();
        QString error;
        QVERIFY2(judge.start(request, &error), qPrintable(error));
        judge.cancelAll();
        QVERIFY(session.judging()->ratings().judgeVerdicts().isEmpty());
        session.recorder()->flush();
        Ratings saved;
        QVERIFY(session.history()->loadJudgements(runId, &saved));
        QVERIFY(saved.judgeVerdicts().isEmpty());
    }

    void anotherJudgesGradeOfACellReplacesTheFirstInTheFile()
    {
        const QString db = path(QStringLiteral("two-judges.sqlite"));
        RunSession session(RunSettings::Storage::Transient);
        QVERIFY(openSession(session, db));
        QVERIFY(runGrid(session, {QStringLiteral("good"), QStringLiteral("more")}));
        const qint64 runId = session.recorder()->currentRunId();
        JudgeRun judge(&session);
        QVERIFY(judgeAndWait(judge, JudgeRun::Mode::Grade));
        const int writesBefore = session.history()->writeTransactions();
        // A second judge grades one cell: that cell's row changes, the others stay.
        JudgeRun::Request second = judge.request();
        second.judge = FaultRun::localColumn(QStringLiteral("judge2"));
        second.cells = {0};
        QVERIFY(judgeAndWait(judge, second));
        session.recorder()->flush();
        QVERIFY(session.history()->writeTransactions() > writesBefore);
        Ratings saved;
        QVERIFY(session.history()->loadJudgements(runId, &saved));
        QCOMPARE(saved.judgeVerdicts(), session.judging()->ratings().judgeVerdicts());
        QCOMPARE(saved.judgeVerdict({0, 0, 0})->judgeModel, QStringLiteral("local/judge2"));
        QCOMPARE(saved.judgeVerdict({1, 1, 0})->judgeModel, QStringLiteral("local/judge"));
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw-count"));
            raw.setDatabaseName(db);
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM judge_grades WHERE run_id = %1").arg(runId)) && q.next());
            QCOMPARE(q.value(0).toInt(), 4); // no stale row of the first judge for cell 0
            q.finish();
            raw.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw-count"));
    }

    void olderHistoryWithoutJudgeTablesOpensAndGetsThem()
    {
        const QString db = path(QStringLiteral("old.sqlite"));
        {
            // A history as the first format wrote it: runs and cells only.
            RunSession writer(RunSettings::Storage::Transient);
            QVERIFY(openSession(writer, db));
            QVERIFY(runGrid(writer, {QStringLiteral("good")}));
        }
        {
            QSqlDatabase old = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old-format"));
            old.setDatabaseName(db);
            QVERIFY(old.open());
            QSqlQuery q(old);
            QVERIFY(q.exec(QStringLiteral("DROP TABLE judge_grades")));
            QVERIFY(q.exec(QStringLiteral("DROP TABLE judge_battles")));
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name LIKE 'judge_%'")) && q.next());
            QCOMPARE(q.value(0).toInt(), 0);
            q.finish();
            old.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old-format"));
        RunSession session(RunSettings::Storage::Transient);
        QVERIFY(openSession(session, db));
        QCOMPARE(session.history()->runs().size(), 1);
        QVERIFY(restoreNewest(session));
        QCOMPARE(session.grid()->result(0).status, CellStatus::Ok);
        QVERIFY(session.judging()->ratings().judgeVerdicts().isEmpty());
        // The restored old run is judged, and its grades are saved into it.
        JudgeRun judge(&session);
        QVERIFY(judgeAndWait(judge, JudgeRun::Mode::Grade));
        session.recorder()->flush();
        Ratings saved;
        QVERIFY(session.history()->loadJudgements(session.history()->runs().first().id, &saved));
        QCOMPARE(saved.judgeVerdicts(), session.judging()->ratings().judgeVerdicts());
        QCOMPARE(saved.judgeVerdicts().size(), 2);
    }

    void lockedHistoryReportsUnsavedGradesThenSavesThem()
    {
        const QString db = path(QStringLiteral("locked.sqlite"));
        RunSession session(RunSettings::Storage::Transient);
        QVERIFY(openSession(session, db));
        session.history()->setLockBudget(300);
        session.recorder()->setCheckpointInterval(50);
        QVERIFY(runGrid(session, {QStringLiteral("good")}));
        session.recorder()->flush();
        QVERIFY(session.recorder()->problemText().isEmpty());
        const qint64 runId = session.recorder()->currentRunId();

        HistoryLock lock(db);
        QVERIFY(lock.isLocked());
        JudgeRun judge(&session);
        QVERIFY(judgeAndWait(judge, JudgeRun::Mode::Grade));
        QTRY_COMPARE_WITH_TIMEOUT(session.history()->problem(), HistoryDatabase::Problem::Locked, 10'000);
        QVERIFY2(session.recorder()->problemText().contains(QLatin1String("judge's grades of this run are not all saved")),
                 qPrintable(session.recorder()->problemText()));

        lock.release();
        QTRY_VERIFY_WITH_TIMEOUT(session.recorder()->problemText().contains(QLatin1String("saved since")), 5000);
        QVERIFY(!session.recorder()->problemText().contains(QLatin1String("judge's grades")));
        Ratings saved;
        QVERIFY(session.history()->loadJudgements(runId, &saved));
        QCOMPARE(saved.judgeVerdicts(), session.judging()->ratings().judgeVerdicts());
        QCOMPARE(saved.judgeVerdicts().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestJudgeHistory)
#include "tst_judge_history.moc"
