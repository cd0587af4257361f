// SPDX-License-Identifier: MIT
// JudgeRun against a fake OpenAI server on 127.0.0.1: the judge's requests (the exact body: the
// rubric, the scale, the answer, the reference), grades stored in the session's judging and
// exported, the judge's cost, the spend cap counting the graded run (a judge request that would
// pass it is never sent), cancel (no verdict after it), a re-run replacing the judge's grades,
// pairwise battles asked both ways round, and the Demo provider's offline judge.
#include "AttachmentFile.h"
#include "FakeLlmServer.h"
#include "FaultRun.h"
#include "JudgeRun.h"
#include "JsonExport.h"
#include "JudgePrompt.h"
#include "JudgingState.h"
#include "MarkdownExport.h"
#include "PlanBuilder.h"
#include "RunSession.h"
#include "Scheduler.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

namespace {
/// "local" at \a server; "m1" costs $0.1 a token in and out, "judge" $0.1 an output token.
ProviderRegistry pricedProviders(const FakeLlmServer &server)
{
    QString error;
    const auto registry = ProviderRegistry::fromJson(
        QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1",
            "prices":{"judge":{"input_per_mtok":0,"output_per_mtok":100000},
                      "m1":{"input_per_mtok":100000,"output_per_mtok":100000}}}]})")
            .arg(server.baseUrl(QStringLiteral("/v1")).toString())
            .toUtf8(),
        &error);
    if (!registry)
        qFatal("pricedProviders: %s", qPrintable(error));
    return *registry;
}

QString userContent(const RecordedRequest &request)
{
    return FaultRun::promptOf(request);
}

QString systemContent(const RecordedRequest &request)
{
    const QJsonArray messages = request.json().value(QLatin1String("messages")).toArray();
    return messages.isEmpty() ? QString() : messages.first().toObject().value(QLatin1String("content")).toString();
}

QList<RecordedRequest> requestsOf(const FakeLlmServer &server, const QString &model)
{
    QList<RecordedRequest> list;
    for (const RecordedRequest &request : server.requests()) {
        if (request.model() == model)
            list.append(request);
    }
    return list;
}

/// The answer each part of a pairwise judge prompt quotes.
QString quoted(const QString &prompt, const QString &tag)
{
    const QString open = QLatin1Char('<') + tag + QStringLiteral(">\n");
    const qsizetype start = prompt.indexOf(open);
    const qsizetype end = prompt.indexOf(QStringLiteral("\n</") + tag + QLatin1Char('>'), start);
    return start < 0 || end < 0 ? QString() : prompt.mid(start + open.size(), end - start - open.size());
}
} // namespace

class TestJudgeRun : public QObject
{
    Q_OBJECT

    FakeLlmServer *m_server = nullptr;
    /// What the judge model answers; by default a grade of 7.
    std::function<FakeResponse(const RecordedRequest &)> m_judge;

    /// Runs prompts \a prompts on columns m1 and m2 in \a session and waits for them.
    bool runGrid(RunSession &session, const QStringList &prompts, const QList<ModelColumn> &columns = {FaultRun::localColumn(QStringLiteral("m1")), FaultRun::localColumn(QStringLiteral("m2"))},
                 const QList<QPair<QString, QString>> &variables = {})
    {
        RunPlan plan = PlanBuilder::fromPrompts(prompts, columns, 1, QStringLiteral("Answer briefly."));
        for (RunRow &row : plan.rows) {
            for (const auto &v : variables)
                row.variables.append({v.first, v.second + QStringLiteral(" for ") + row.prompt});
        }
        QSignalSpy finished(session.scheduler(), &Scheduler::runFinished);
        session.start(plan);
        return finished.wait(10'000);
    }

    static JudgeRun::Request gradeRequest()
    {
        JudgeRun::Request request;
        request.judge = FaultRun::localColumn(QStringLiteral("judge"));
        request.rubric = JudgeRubric::fromPreset(JudgeRubric::Preset::Correctness);
        return request;
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

private Q_SLOTS:
    void init()
    {
        m_server = new FakeLlmServer(this);
        QVERIFY(m_server->listen());
        m_judge = [](const RecordedRequest &) {
            return FakeResponse::openAiStream({QStringLiteral(R"({"score": 7,)"), QStringLiteral(R"( "reason": "mostly right"})")}, 2, 3);
        };
        m_server->setHandler([this](const RecordedRequest &request) {
            if (request.model() == QLatin1String("judge"))
                return m_judge(request);
            return FakeResponse::openAiStream({QStringLiteral("answer of ") + request.model() + QStringLiteral(" to ") + userContent(request)}, 1, 2);
        });
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void gradeRequestCarriesRubricScaleAnswerAndReference()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(FaultRun::localProvider(*m_server));
        QVERIFY(runGrid(session, {QStringLiteral("capital of France?")}, {FaultRun::localColumn(QStringLiteral("m1"))},
                        {{QStringLiteral("expected"), QStringLiteral("Paris")}}));
        JudgeRun judge(&session);
        JudgeRun::Request request = gradeRequest();
        request.rubric.scaleMin = 0;
        request.rubric.scaleMax = 100;
        request.rubric.referenceColumn = QStringLiteral("expected");
        QVERIFY(judgeAndWait(judge, request));

        const QList<RecordedRequest> sent = requestsOf(*m_server, QStringLiteral("judge"));
        QCOMPARE(sent.size(), 1);
        const QString prompt = userContent(sent.first());
        QVERIFY2(prompt.contains(QStringLiteral("<rubric>\n") + request.rubric.text + QStringLiteral("\n</rubric>")), qPrintable(prompt));
        QVERIFY(prompt.contains(QStringLiteral("on a scale from 0 to 100")));
        QVERIFY(prompt.contains(QStringLiteral("<system_prompt>\nAnswer briefly.\n</system_prompt>")));
        QVERIFY(prompt.contains(QStringLiteral("<prompt>\ncapital of France?\n</prompt>")));
        QVERIFY(prompt.contains(QStringLiteral("<reference_answer>\nParis for capital of France?\n</reference_answer>")));
        QVERIFY(prompt.contains(QStringLiteral("<answer>\nanswer of m1 to capital of France?\n</answer>")));
        QVERIFY(prompt.contains(QStringLiteral(R"({"score": <a number from 0 to 100>, "reason": "<a short reason>"})")));
        QVERIFY(systemContent(sent.first()).contains(QStringLiteral("on a scale from 0 (worst) to 100 (best)")));
        // The whole conversation the judge gets: its instructions, then the question, nothing else.
        const JudgeQuestion question = JudgePrompt::grade(request.rubric,
                                                          JudgeContext{QStringLiteral("Answer briefly."), {}, QStringLiteral("capital of France?"),
                                                                       QStringLiteral("Paris for capital of France?")},
                                                          QStringLiteral("answer of m1 to capital of France?"));
        QCOMPARE(sent.first().json().value(QLatin1String("messages")).toArray(),
                 (QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("system")}, {QStringLiteral("content"), question.system}},
                             QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), question.prompt}}}));
        // Structured output where the provider takes it: the schema of the verdict.
        const QJsonObject format = sent.first().json().value(QLatin1String("response_format")).toObject();
        QCOMPARE(format.value(QLatin1String("type")).toString(), QStringLiteral("json_schema"));
        const QJsonObject schema = format.value(QLatin1String("json_schema")).toObject();
        QCOMPARE(schema.value(QLatin1String("name")).toString(), QStringLiteral("judge_grade"));
        QCOMPARE(schema.value(QLatin1String("schema")).toObject().value(QLatin1String("required")).toArray(),
                 (QJsonArray{QStringLiteral("score"), QStringLiteral("reason")}));

        const std::optional<JudgeVerdict> verdict = session.judging()->ratings().judgeVerdict({0, 0, 0});
        QVERIFY(verdict);
        QCOMPARE(verdict->score, std::optional<double>(7));
        QCOMPARE(verdict->scaleMax, 100.0);
        QCOMPARE(verdict->reason, QStringLiteral("mostly right"));
        QCOMPARE(verdict->judgeModel, QStringLiteral("local/judge"));
        QCOMPARE(verdict->answer, QStringLiteral(R"({"score": 7, "reason": "mostly right"})"));
        QVERIFY(verdict->error.isEmpty());
        // The export snapshot carries it.
        const QList<ResultRecord> records = session.snapshot();
        QCOMPARE(records.size(), 1);
        QVERIFY(records.first().judgement.judge);
        QCOMPARE(records.first().judgement.judge->score, std::optional<double>(7));
    }

    void judgeIsSentTheFilesTheGradedModelSaw()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(FaultRun::localProvider(*m_server));
        const QByteArray png = QByteArray::fromBase64(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");
        QString error;
        const std::optional<Attachment> image = AttachmentFile::imageFromBytes(QStringLiteral("red.png"), png, &error);
        QVERIFY2(image, qPrintable(error));
        const Attachment notes{Attachment::Kind::Text, QStringLiteral("notes.txt"), QStringLiteral("text/plain"), "the notes say 42"};
        RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("what colour?")}, {FaultRun::localColumn(QStringLiteral("m1")), FaultRun::localColumn(QStringLiteral("m2"))}, 1, {});
        plan.rows[0].attachments = {*image, notes};
        QSignalSpy ran(session.scheduler(), &Scheduler::runFinished);
        session.start(plan);
        QVERIFY(ran.wait(10'000));
        JudgeRun judge(&session);
        JudgeRun::Request request = gradeRequest();
        QVERIFY(judgeAndWait(judge, request));
        request.mode = JudgeRun::Mode::Pairwise;
        QVERIFY(judgeAndWait(judge, request));

        const QList<RecordedRequest> sent = requestsOf(*m_server, QStringLiteral("judge"));
        QCOMPARE(sent.size(), 4); // two grades, one battle both ways round
        for (const RecordedRequest &judged : sent) {
            // The judge's question carries the image as the graded model got it, and the text
            // file as a document before the question's text, which names both files.
            const QJsonArray messages = judged.json().value(QLatin1String("messages")).toArray();
            const QJsonArray parts = messages.last().toObject().value(QLatin1String("content")).toArray();
            QCOMPARE(parts.size(), 2);
            QCOMPARE(parts.at(0).toObject().value(QLatin1String("type")).toString(), QStringLiteral("image_url"));
            QCOMPARE(parts.at(0).toObject().value(QLatin1String("image_url")).toObject().value(QLatin1String("url")).toString(),
                     QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64()));
            const QString text = parts.at(1).toObject().value(QLatin1String("text")).toString();
            QVERIFY2(text.startsWith(QStringLiteral("<document>\n<source>notes.txt</source>\n<document_content>\nthe notes say 42\n")), qPrintable(text));
            QVERIFY2(text.contains(QStringLiteral("<attachments>\nThe answer was given to these files too; they are attached to this "
                                                  "message: red.png (image), notes.txt (text)\n</attachments>")),
                     qPrintable(text));
            QVERIFY(text.contains(QStringLiteral("<prompt>\nwhat colour?\n</prompt>")));
        }
        // What the graded models were sent is the same files.
        const QList<RecordedRequest> graded = requestsOf(*m_server, QStringLiteral("m1"));
        QCOMPARE(graded.size(), 1);
        const QJsonArray gradedParts = graded.first().json().value(QLatin1String("messages")).toArray().last().toObject().value(QLatin1String("content")).toArray();
        QCOMPARE(gradedParts.at(0), requestsOf(*m_server, QStringLiteral("judge")).first().json().value(QLatin1String("messages")).toArray().last().toObject().value(QLatin1String("content")).toArray().at(0));
        QCOMPARE(session.judging()->ratings().judgeVerdicts().size(), 2);
    }

    void unknownReferenceColumnIsRefusedByName()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(FaultRun::localProvider(*m_server));
        QVERIFY(runGrid(session, {QStringLiteral("q")}, {FaultRun::localColumn(QStringLiteral("m1"))}, {{QStringLiteral("expected"), QStringLiteral("x")}}));
        JudgeRun judge(&session);
        JudgeRun::Request request = gradeRequest();
        request.rubric.referenceColumn = QStringLiteral("answer");
        QString error;
        QVERIFY(!judge.start(request, &error));
        QVERIFY2(error.contains(QStringLiteral("\"answer\"")) && error.contains(QStringLiteral("expected")), qPrintable(error));
        request.rubric.referenceColumn.clear();
        request.judge.provider = QStringLiteral("nowhere");
        QVERIFY(!judge.start(request, &error));
        QVERIFY2(error.contains(QStringLiteral("nowhere")), qPrintable(error));
        QCOMPARE(requestsOf(*m_server, QStringLiteral("judge")).size(), 0);
    }

    void everyAnsweredCellIsGradedAndFailuresAreJudgeErrors()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(FaultRun::localProvider(*m_server));
        QVERIFY(runGrid(session, {QStringLiteral("a"), QStringLiteral("b")}));
        m_judge = [](const RecordedRequest &request) {
            const QString prompt = userContent(request);
            if (prompt.contains(QStringLiteral("<answer>\nanswer of m2 to b")))
                return FakeResponse::openAiStream({QStringLiteral("I'd give it 8/10.")});
            if (prompt.contains(QStringLiteral("<answer>\nanswer of m1 to b")))
                return FakeResponse::jsonError(400, R"({"error":{"message":"judge refused","type":"invalid_request_error"}})");
            return FakeResponse::openAiStream({QStringLiteral("```json\n{\"score\": 9, \"reason\": \"good\"}\n```")});
        };
        JudgeRun judge(&session);
        QSignalSpy changed(&judge, &JudgeRun::verdictChanged);
        QVERIFY(judgeAndWait(judge, gradeRequest()));
        QCOMPARE(changed.size(), 4);
        const Ratings &ratings = session.judging()->ratings();
        QCOMPARE(ratings.judgeVerdict({0, 0, 0})->score, std::optional<double>(9));
        QCOMPARE(ratings.judgeVerdict({0, 1, 0})->score, std::optional<double>(9));
        const JudgeVerdict prose = *ratings.judgeVerdict({1, 1, 0});
        QVERIFY(!prose.score);
        QVERIFY2(prose.error.contains(QStringLiteral("prose")), qPrintable(prose.error));
        QCOMPARE(prose.answer, QStringLiteral("I'd give it 8/10."));
        const JudgeVerdict failed = *ratings.judgeVerdict({1, 0, 0});
        QVERIFY(!failed.score);
        QVERIFY2(failed.error.startsWith(QStringLiteral("judge request error")) && failed.error.contains(QStringLiteral("judge refused")),
                 qPrintable(failed.error));
    }

    void judgeCostIsCountedPerCellAndInTotal()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(pricedProviders(*m_server));
        QVERIFY(runGrid(session, {QStringLiteral("a"), QStringLiteral("b")}, {FaultRun::localColumn(QStringLiteral("m2"))}));
        JudgeRun judge(&session);
        QVERIFY(judgeAndWait(judge, gradeRequest()));
        // 3 output tokens at $0.1: $0.30 a judge request.
        const Ratings &ratings = session.judging()->ratings();
        QVERIFY(ratings.judgeVerdict({0, 0, 0})->costUsd);
        QVERIFY(qAbs(*ratings.judgeVerdict({0, 0, 0})->costUsd - 0.3) < 1e-9);
        QVERIFY(qAbs(judge.spentUsd() - 0.6) < 1e-9);
        // A second pass adds to the judge's total on this grid.
        QVERIFY(judgeAndWait(judge, gradeRequest()));
        QVERIFY(qAbs(judge.spentUsd() - 1.2) < 1e-9);
        QCOMPARE(session.scheduler()->spentUsd(), 0.0); // the graded run's own spending is apart
    }

    void spendCapCountsTheGradedRunAndSendsNothingPastIt()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(pricedProviders(*m_server));
        // m1: 1 token in, 2 out = $0.30 a cell, two cells: $0.60 spent by the graded run.
        QVERIFY(runGrid(session, {QStringLiteral("a"), QStringLiteral("b")}, {FaultRun::localColumn(QStringLiteral("m1"))}));
        QVERIFY(qAbs(session.scheduler()->spentUsd() - 0.6) < 1e-9);
        const int gradedRequests = m_server->requestCount();
        // Each judge request is estimated at 3 x $0.1: alone they would fit in $0.80, but not on
        // top of the $0.60 the graded run spent.
        session.settings()->setSpendCap(0.8);
        JudgeRun judge(&session);
        JudgeRun::Request request = gradeRequest();
        request.judge.params.maxTokens = 3;
        QVERIFY(judgeAndWait(judge, request));
        QCOMPARE(m_server->requestCount(), gradedRequests); // the fake server received nothing
        for (int row = 0; row < 2; ++row) {
            const JudgeVerdict verdict = *session.judging()->ratings().judgeVerdict({row, 0, 0});
            QVERIFY(!verdict.score);
            QVERIFY2(verdict.error.startsWith(QStringLiteral("judge request not sent: the run's spend cap of $0.80 was reached ($0.60 spent")),
                     qPrintable(verdict.error));
        }
        QCOMPARE(judge.spentUsd(), 0.0);
        // A cap with room for them sends both.
        session.settings()->setSpendCap(1.2);
        QVERIFY(judgeAndWait(judge, request));
        QCOMPARE(m_server->requestCount(), gradedRequests + 2);
    }

    void earlierJudgePassesCountAgainstTheCap()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(pricedProviders(*m_server));
        QVERIFY(runGrid(session, {QStringLiteral("a")}, {FaultRun::localColumn(QStringLiteral("m2"))})); // unpriced: $0
        session.settings()->setSpendCap(0.5);
        JudgeRun judge(&session);
        JudgeRun::Request request = gradeRequest();
        request.judge.params.maxTokens = 3;
        QVERIFY(judgeAndWait(judge, request)); // $0.30
        QCOMPARE(requestsOf(*m_server, QStringLiteral("judge")).size(), 1);
        QVERIFY(judgeAndWait(judge, request)); // $0.30 more would pass $0.50
        QCOMPARE(requestsOf(*m_server, QStringLiteral("judge")).size(), 1);
        QVERIFY(session.judging()->ratings().judgeVerdict({0, 0, 0})->error.contains(QStringLiteral("spend cap")));
    }

    void cancelAllStopsTheJudgeAndGivesNoVerdict()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(FaultRun::localProvider(*m_server));
        QVERIFY(runGrid(session, {QStringLiteral("a"), QStringLiteral("b")}));
        m_judge = [](const RecordedRequest &) {
            FakeResponse slow = FakeResponse::openAiStream({QStringLiteral(R"({"score": 5, "reason": "late"})")});
            slow.hangBeforeHeaders = true;
            return slow;
        };
        JudgeRun judge(&session);
        QSignalSpy changed(&judge, &JudgeRun::verdictChanged);
        QSignalSpy finished(&judge, &JudgeRun::finished);
        QString error;
        QVERIFY(judge.start(gradeRequest(), &error));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 4, 5000);
        judge.cancelAll();
        QVERIFY(finished.size() == 1 || finished.wait(5000));
        QVERIFY(!judge.isActive());
        QTest::qWait(50); // aborted coroutines resume on a later turn: still nothing
        QCOMPARE(changed.size(), 0);
        QVERIFY(session.judging()->ratings().judgeVerdicts().isEmpty());
    }

    void sessionCancelAllAndShutdownStopTheJudge()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(FaultRun::localProvider(*m_server));
        QVERIFY(runGrid(session, {QStringLiteral("a"), QStringLiteral("b")}));
        m_judge = [](const RecordedRequest &) {
            FakeResponse slow = FakeResponse::openAiStream({QStringLiteral(R"({"score": 5, "reason": "late"})")});
            slow.hangBeforeHeaders = true;
            return slow;
        };
        JudgeRun judge(&session);
        QSignalSpy changed(&judge, &JudgeRun::verdictChanged);
        QSignalSpy finished(&judge, &JudgeRun::finished);
        QString error;
        // Cancel All of the session (Esc, the toolbar) reaches the judge.
        QVERIFY(judge.start(gradeRequest(), &error));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 4, 5000);
        session.cancelAll();
        QVERIFY(finished.size() == 1 || finished.wait(5000));
        QVERIFY(!judge.isActive());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 0, 5000);
        // So does the session's shutdown (the window closing).
        QVERIFY(judge.start(gradeRequest(), &error));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 4, 5000);
        session.shutdown();
        QVERIFY(finished.size() == 2 || finished.wait(5000));
        QVERIFY(!judge.isActive());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 0, 5000);
        QTest::qWait(50); // aborted coroutines resume on a later turn: still nothing
        QCOMPARE(changed.size(), 0);
        QVERIFY(session.judging()->ratings().judgeVerdicts().isEmpty());
    }

    void destroyedMidPassLeavesTheSessionAlone()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(FaultRun::localProvider(*m_server));
        QVERIFY(runGrid(session, {QStringLiteral("a")}));
        m_judge = [](const RecordedRequest &) {
            FakeResponse hang = FakeResponse::openAiStream({QStringLiteral(R"({"score": 5, "reason": "late"})")});
            hang.hangBeforeHeaders = true;
            return hang;
        };
        {
            JudgeRun judge(&session);
            QString error;
            QVERIFY(judge.start(gradeRequest(), &error));
            QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 2, 5000);
        }
        // The aborted requests resume on later turns of the loop and find nothing to update.
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 0, 5000);
        QVERIFY(session.judging()->ratings().judgeVerdicts().isEmpty());
        // A new grid replaces a judge's pass in progress: it is cancelled, nothing lands on the new grid.
        JudgeRun judge(&session);
        QSignalSpy finished(&judge, &JudgeRun::finished);
        QString error;
        QVERIFY(judge.start(gradeRequest(), &error));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 2, 5000);
        m_judge = [](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral(R"({"score": 5, "reason": "x"})")}); };
        QVERIFY(runGrid(session, {QStringLiteral("b")}));
        QVERIFY(!judge.isActive());
        QVERIFY(finished.size() == 1 || finished.wait(5000));
        QTest::qWait(50);
        QVERIFY(session.judging()->ratings().judgeVerdicts().isEmpty());
        QCOMPARE(judge.spentUsd(), 0.0);
    }

    void cancelCellStopsOnlyThatCell()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(FaultRun::localProvider(*m_server));
        QVERIFY(runGrid(session, {QStringLiteral("a")}));
        m_judge = [](const RecordedRequest &request) {
            FakeResponse response = FakeResponse::openAiStream({QStringLiteral(R"({"score": 5, "reason": "x"})")});
            if (userContent(request).contains(QStringLiteral("answer of m1")))
                response.hangBeforeHeaders = true;
            return response;
        };
        JudgeRun judge(&session);
        QSignalSpy finished(&judge, &JudgeRun::finished);
        QString error;
        QVERIFY(judge.start(gradeRequest(), &error));
        QTRY_VERIFY_WITH_TIMEOUT(session.judging()->ratings().judgeVerdict({0, 1, 0}).has_value(), 5000);
        judge.cancelCell(session.grid()->cellIndex({0, 0, 0}));
        QVERIFY(finished.size() == 1 || finished.wait(5000));
        QTest::qWait(50);
        QVERIFY(!session.judging()->ratings().judgeVerdict({0, 0, 0}));
        QCOMPARE(session.judging()->ratings().judgeVerdict({0, 1, 0})->score, std::optional<double>(5));
    }

    void rerunReplacesTheJudgesEarlierGrades()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(FaultRun::localProvider(*m_server));
        QVERIFY(runGrid(session, {QStringLiteral("a")}));
        JudgeRun judge(&session);
        QVERIFY(judgeAndWait(judge, gradeRequest()));
        QCOMPARE(session.judging()->ratings().judgeVerdict({0, 1, 0})->score, std::optional<double>(7));
        m_judge = [](const RecordedRequest &request) {
            if (userContent(request).contains(QStringLiteral("answer of m2")))
                return FakeResponse::openAiStream({QStringLiteral("no idea")});
            return FakeResponse::openAiStream({QStringLiteral(R"({"score": 3, "reason": "worse now"})")});
        };
        QVERIFY(judgeAndWait(judge, gradeRequest()));
        const Ratings &ratings = session.judging()->ratings();
        QCOMPARE(ratings.judgeVerdicts().size(), 2);
        QCOMPARE(ratings.judgeVerdict({0, 0, 0})->score, std::optional<double>(3));
        QCOMPARE(ratings.judgeVerdict({0, 0, 0})->reason, QStringLiteral("worse now"));
        // The failed re-grade replaces the old score too: no stale 7 next to the new answer.
        QVERIFY(!ratings.judgeVerdict({0, 1, 0})->score);
        // Grades survive a save (Ratings JSON) and a new plan clears them.
        const Ratings reread = Ratings::fromJson(ratings.toJson());
        QCOMPARE(reread.judgeVerdicts(), ratings.judgeVerdicts());
        QVERIFY(runGrid(session, {QStringLiteral("c")}));
        QVERIFY(session.judging()->ratings().judgeVerdicts().isEmpty());
    }

    void pairwiseAsksBothOrdersAndTiesWhenTheyDisagree()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(FaultRun::localProvider(*m_server));
        QVERIFY(runGrid(session, {QStringLiteral("agree"), QStringLiteral("flip")}));
        // Row "agree": the judge always prefers m1's answer. Row "flip": always the first shown.
        m_judge = [](const RecordedRequest &request) {
            const QString prompt = userContent(request);
            const QString a = quoted(prompt, QStringLiteral("answer_a"));
            QString winner = QStringLiteral("A");
            if (prompt.contains(QStringLiteral("<prompt>\nagree")))
                winner = a.contains(QStringLiteral("m1")) ? QStringLiteral("A") : QStringLiteral("B");
            return FakeResponse::openAiStream({QStringLiteral(R"({"winner": "%1", "reason": "because"})").arg(winner)});
        };
        JudgeRun judge(&session);
        JudgeRun::Request request = gradeRequest();
        request.mode = JudgeRun::Mode::Pairwise;
        QVERIFY(judgeAndWait(judge, request));
        const QList<RecordedRequest> sent = requestsOf(*m_server, QStringLiteral("judge"));
        QCOMPARE(sent.size(), 4); // two rows x one pair x both orders
        // Each battle is asked once with A/B swapped.
        int swappedPairs = 0;
        for (const RecordedRequest &x : sent) {
            for (const RecordedRequest &y : sent) {
                const QString px = userContent(x), py = userContent(y);
                if (quoted(px, QStringLiteral("answer_a")) == quoted(py, QStringLiteral("answer_b"))
                    && quoted(px, QStringLiteral("answer_b")) == quoted(py, QStringLiteral("answer_a")))
                    ++swappedPairs;
            }
        }
        QCOMPARE(swappedPairs, 4);
        QCOMPARE(sent.first().json().value(QLatin1String("response_format")).toObject().value(QLatin1String("json_schema")).toObject().value(QLatin1String("name")).toString(),
                 QStringLiteral("judge_pairwise"));

        const QString rater = JudgeRun::judgeRater(request.judge);
        QCOMPARE(rater, QStringLiteral("judge:local/judge"));
        const QList<BattleVerdict> verdicts = session.judging()->ratings().battleVerdicts(rater);
        QCOMPARE(verdicts.size(), 2);
        QCOMPARE(judge.pairResults().size(), 2);
        for (const JudgeRun::PairResult &pair : judge.pairResults()) {
            QVERIFY(pair.settled);
            QVERIFY(pair.error.isEmpty());
            const std::optional<BattleVerdict::Outcome> stored = session.judging()->ratings().battleVerdict(pair.battle, rater);
            QCOMPARE(stored, pair.outcome);
            if (pair.battle.row == 0) {
                // m1 (column 0) won both orders.
                QCOMPARE(*pair.outcome, pair.battle.left == 0 ? BattleVerdict::Left : BattleVerdict::Right);
                QVERIFY(!pair.ordersDisagreed);
            } else {
                QCOMPARE(*pair.outcome, BattleVerdict::Tie); // the first shown won each time: disagreement
                QVERIFY(pair.ordersDisagreed);
            }
        }
        // The judge's own position bias: its pick changed with the side in the "flip" row only.
        const JudgeRun::PositionBias bias = judge.positionBias();
        QCOMPARE(bias.battles, 2);
        QCOMPARE(bias.changed, 1);
        QCOMPARE(bias.text(), QStringLiteral("the judge's pick changed with the side in 1 of 2 battles (50%)"));
    }

    void pairwiseOrderThatFailsIsAJudgeError()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(FaultRun::localProvider(*m_server));
        QVERIFY(runGrid(session, {QStringLiteral("q")}));
        m_judge = [](const RecordedRequest &request) {
            if (quoted(userContent(request), QStringLiteral("answer_a")).contains(QStringLiteral("m2")))
                return FakeResponse::openAiStream({QStringLiteral("Both are fine.")});
            return FakeResponse::openAiStream({QStringLiteral(R"({"winner": "A", "reason": "x"})")});
        };
        JudgeRun judge(&session);
        JudgeRun::Request request = gradeRequest();
        request.mode = JudgeRun::Mode::Pairwise;
        QVERIFY(judgeAndWait(judge, request));
        QCOMPARE(judge.pairResults().size(), 1);
        const JudgeRun::PairResult pair = judge.pairResults().first();
        QVERIFY(!pair.outcome);
        QVERIFY2(pair.error.contains(QStringLiteral("no JSON object")), qPrintable(pair.error));
        QVERIFY(session.judging()->ratings().battleVerdicts(JudgeRun::judgeRater(request.judge)).isEmpty());
    }

    void exportsShowTheGradeAndTheJudgeError()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(FaultRun::localProvider(*m_server));
        QVERIFY(runGrid(session, {QStringLiteral("a")}));
        m_judge = [](const RecordedRequest &request) {
            if (userContent(request).contains(QStringLiteral("answer of m2")))
                return FakeResponse::openAiStream({QStringLiteral(R"({"score": "great", "reason": "r"})")});
            return FakeResponse::openAiStream({QStringLiteral(R"({"score": 6.5, "reason": "fair"})")});
        };
        JudgeRun judge(&session);
        JudgeRun::Request request = gradeRequest();
        request.cells = {session.grid()->cellIndex({0, 1, 0})}; // only m2's answer
        QVERIFY(judgeAndWait(judge, request));
        QCOMPARE(session.judging()->ratings().judgeVerdicts().size(), 1);
        const QJsonArray cells = QJsonDocument::fromJson(JsonExport::toJson(session.snapshot())).object().value(QLatin1String("cells")).toArray();
        QCOMPARE(cells.size(), 2);
        QVERIFY(cells.at(0).toObject().value(QLatin1String("judge")).isNull()); // not judged
        const QJsonObject failed = cells.at(1).toObject().value(QLatin1String("judge")).toObject();
        QVERIFY(failed.value(QLatin1String("score")).isNull());
        QVERIFY(failed.value(QLatin1String("error")).toString().contains(QStringLiteral("not a number")));
        QCOMPARE(failed.value(QLatin1String("answer")).toString(), QStringLiteral(R"({"score": "great", "reason": "r"})"));
        QString markdown = QString::fromUtf8(MarkdownExport::toMarkdown(session.snapshot()));
        QVERIFY2(markdown.contains(QStringLiteral("*judge local/judge: no score*")), qPrintable(markdown));

        request.cells.clear();
        QVERIFY(judgeAndWait(judge, request));
        markdown = QString::fromUtf8(MarkdownExport::toMarkdown(session.snapshot()));
        QVERIFY2(markdown.contains(QStringLiteral("*judge local/judge: 6.5/10*")), qPrintable(markdown));
    }

    void demoProviderJudgesOffline()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(ProviderRegistry::withDemo());
        ModelColumn echo;
        echo.provider = QStringLiteral("demo");
        echo.model = QStringLiteral("echo");
        ModelColumn verbose = echo;
        verbose.model = QStringLiteral("verbose");
        RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("hello there")}, {echo, verbose}, 1, {});
        QSignalSpy ran(session.scheduler(), &Scheduler::runFinished);
        session.start(plan);
        QVERIFY(ran.wait(10'000));
        JudgeRun judge(&session);
        JudgeRun::Request request;
        request.judge = echo;
        request.rubric = JudgeRubric::fromPreset(JudgeRubric::Preset::Concise);
        QVERIFY(judgeAndWait(judge, request));
        for (int c = 0; c < 2; ++c) {
            const JudgeVerdict verdict = *session.judging()->ratings().judgeVerdict({0, c, 0});
            QVERIFY2(verdict.error.isEmpty(), qPrintable(verdict.error));
            QVERIFY(verdict.score && *verdict.score >= 1 && *verdict.score <= 10);
            QVERIFY(verdict.reason.startsWith(QStringLiteral("Demo judge")));
        }
        // Pairwise: the longer (verbose) answer wins both orders.
        request.mode = JudgeRun::Mode::Pairwise;
        QVERIFY(judgeAndWait(judge, request));
        QCOMPARE(judge.pairResults().size(), 1);
        const JudgeRun::PairResult pair = judge.pairResults().first();
        QVERIFY2(pair.outcome, qPrintable(pair.error));
        QCOMPARE(*pair.outcome, pair.battle.left == 1 ? BattleVerdict::Left : BattleVerdict::Right);
    }
};

QTEST_GUILESS_MAIN(TestJudgeRun)
#include "tst_judge_run.moc"
