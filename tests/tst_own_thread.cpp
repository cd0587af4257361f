// SPDX-License-Identifier: MIT
// Own thread mode against a fake OpenAI server on 127.0.0.1: after the first answers a
// follow-up goes to every cell, and each column's request carries its own model's earlier
// answers, never another column's (checked in the recorded request bodies); one turn is retried
// without touching the other threads; a cell whose turn failed sends nothing and says why; a
// three-turn run comes back from the history and goes on; the spend cap counts every turn; the
// CSV has one row per cell per turn with turn and mode last.
#include "AttachmentFile.h"
#include "CostEstimator.h"
#include "CsvExport.h"
#include "CsvReader.h"
#include "ExportColumns.h"
#include "FakeLlmServer.h"
#include "HistoryDatabase.h"
#include "HistoryRecorder.h"
#include "JsonExport.h"
#include "PlanBuilder.h"
#include "RunSession.h"
#include "Scheduler.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
ProviderRegistry localProvider(const FakeLlmServer &server, const QString &extra = {})
{
    QString error;
    auto parsed = ProviderRegistry::fromJson(
        QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1"%2}]})")
            .arg(server.baseUrl().toString(), extra)
            .toUtf8(),
        &error);
    if (!parsed)
        qFatal("providers JSON: %s", qPrintable(error));
    return *parsed;
}

ModelColumn column(const QString &model)
{
    ModelColumn c;
    c.provider = QStringLiteral("local");
    c.model = model;
    return c;
}

QJsonArray messagesOf(const RecordedRequest &request)
{
    return request.json().value(QLatin1String("messages")).toArray();
}

QString lastUserText(const RecordedRequest &request)
{
    const QJsonArray messages = messagesOf(request);
    return messages.isEmpty() ? QString() : messages.last().toObject().value(QLatin1String("content")).toString();
}

/// "role: content" of every message of \a request, in order.
/// The fake models answer "MODEL on PROMPT"; model "bad" always fails with a 400.
FakeResponse answer(const RecordedRequest &request)
{
    if (request.model() == QLatin1String("bad"))
        return FakeResponse::jsonError(400, R"({"error":{"message":"model bad refuses","type":"invalid_request_error"}})");
    return FakeResponse::openAiStream({request.model(), QStringLiteral(" on "), lastUserText(request)}, 1, 3);
}

QList<RecordedRequest> requestsWithLastMessage(const FakeLlmServer &server, const QString &text)
{
    QList<RecordedRequest> found;
    for (const RecordedRequest &request : server.requests()) {
        if (lastUserText(request) == text)
            found.append(request);
    }
    return found;
}

QList<QStringList> parseCsv(const QByteArray &data)
{
    QList<QStringList> rows;
    QString error;
    if (!CsvReader::parse(data, &rows, &error))
        qWarning("%s", qPrintable(error));
    return rows;
}
} // namespace

class TestOwnThread : public QObject
{
    Q_OBJECT

    FakeLlmServer *m_server = nullptr;

    /// Runs \a plan to its end in \a session.
    bool runToEnd(RunSession &session, const RunPlan &plan)
    {
        QSignalSpy finished(session.scheduler(), &Scheduler::runFinished);
        session.start(plan);
        return finished.wait(10'000);
    }

    /// Sends \a text to \a cells (all when empty) and waits for the turn to end.
    bool followUp(RunSession &session, const QString &text, QList<int> cells = {})
    {
        if (cells.isEmpty())
            cells = session.grid()->allCells();
        QSignalSpy finished(session.scheduler(), &Scheduler::runFinished);
        if (session.followUp(cells, text).isEmpty())
            return false;
        return !finished.isEmpty() || finished.wait(10'000);
    }

private Q_SLOTS:
    void init()
    {
        m_server = new FakeLlmServer(this);
        QVERIFY(m_server->listen());
        m_server->setHandler(answer);
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void eachColumnContinuesItsOwnAnswers()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(localProvider(*m_server));
        const RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("first")}, {column(QStringLiteral("m1")), column(QStringLiteral("m2"))},
                                                      1, QStringLiteral("be brief"));
        QVERIFY(runToEnd(session, plan));
        const ResultGrid &grid = *session.grid();
        QCOMPARE(grid.mode(), ConversationMode::SharedTranscript);
        QCOMPARE(grid.result(0).text, QStringLiteral("m1 on first"));
        QCOMPARE(grid.result(1).text, QStringLiteral("m2 on first"));

        QVERIFY(followUp(session, QStringLiteral("second")));
        QCOMPARE(grid.mode(), ConversationMode::OwnThread);
        const QList<RecordedRequest> seconds = requestsWithLastMessage(*m_server, QStringLiteral("second"));
        QCOMPARE(seconds.size(), 2);
        for (const RecordedRequest &request : seconds) {
            const QString model = request.model();
            const QString other = model == QLatin1String("m1") ? QStringLiteral("m2") : QStringLiteral("m1");
            QCOMPARE(request.transcript(), (QStringList{QStringLiteral("system: be brief"), QStringLiteral("user: first"),
                                                       QStringLiteral("assistant: %1 on first").arg(model),
                                                       QStringLiteral("user: second")}));
            QVERIFY2(!request.body.contains((other + QStringLiteral(" on first")).toUtf8()), request.body.constData());
        }
        for (int cell = 0; cell < 2; ++cell) {
            QCOMPARE(grid.turn(cell), 2);
            QCOMPARE(grid.earlierTurns(cell).size(), 1);
            QCOMPARE(grid.earlierTurns(cell).first().spec.prompt, QStringLiteral("first"));
            QCOMPARE(grid.earlierTurns(cell).first().result.status, CellStatus::Ok);
            QCOMPARE(grid.spec(cell).prompt, QStringLiteral("second"));
        }
        QCOMPARE(grid.result(0).text, QStringLiteral("m1 on second"));
        QCOMPARE(grid.result(1).text, QStringLiteral("m2 on second"));

        // A column goes on alone: only m2 gets the third turn.
        QVERIFY(followUp(session, QStringLiteral("third"), {1}));
        QCOMPARE(grid.turn(0), 2);
        QCOMPARE(grid.turn(1), 3);
        const QList<RecordedRequest> thirds = requestsWithLastMessage(*m_server, QStringLiteral("third"));
        QCOMPARE(thirds.size(), 1);
        QCOMPARE(thirds.first().model(), QStringLiteral("m2"));
        QCOMPARE(thirds.first().transcript().mid(1),
                 (QStringList{QStringLiteral("user: first"), QStringLiteral("assistant: m2 on first"), QStringLiteral("user: second"),
                              QStringLiteral("assistant: m2 on second"), QStringLiteral("user: third")}));
    }

    void retryingOneTurnLeavesTheOtherThreads()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(localProvider(*m_server));
        const RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("first")}, {column(QStringLiteral("m1")), column(QStringLiteral("m2"))}, 1, {});
        QVERIFY(runToEnd(session, plan));
        QVERIFY(followUp(session, QStringLiteral("second")));
        const ResultGrid &grid = *session.grid();
        const CellResult otherBefore = grid.result(1);
        const QList<CellTurn> otherThread = grid.earlierTurns(1);
        QCOMPARE(otherThread.size(), 1);
        const int requestsBefore = m_server->requestCount();

        QSignalSpy finished(session.scheduler(), &Scheduler::runFinished);
        session.scheduler()->retryCell(0);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(m_server->requestCount(), requestsBefore + 1);
        const RecordedRequest retried = m_server->requests().last();
        QCOMPARE(retried.model(), QStringLiteral("m1"));
        QCOMPARE(retried.transcript(),
                 (QStringList{QStringLiteral("user: first"), QStringLiteral("assistant: m1 on first"), QStringLiteral("user: second")}));
        // The retried cell is still at turn 2 with the same first turn; the other is untouched.
        QCOMPARE(grid.turn(0), 2);
        QCOMPARE(grid.earlierTurns(0).size(), 1);
        QCOMPARE(grid.result(0).status, CellStatus::Ok);
        QCOMPARE(grid.result(1), otherBefore);
        QCOMPARE(grid.earlierTurns(1).size(), 1);
        QCOMPARE(grid.earlierTurns(1).first().result, otherThread.first().result);
        QCOMPARE(grid.earlierTurns(1).first().spec.prompt, otherThread.first().spec.prompt);
    }

    void followUpIsNotSentAfterAFailedTurn()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(localProvider(*m_server));
        const RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("first")}, {column(QStringLiteral("m1")), column(QStringLiteral("bad"))}, 1, {});
        QVERIFY(runToEnd(session, plan));
        const ResultGrid &grid = *session.grid();
        QCOMPARE(grid.result(1).status, CellStatus::Error);
        QVERIFY(followUp(session, QStringLiteral("second")));
        const QList<RecordedRequest> seconds = requestsWithLastMessage(*m_server, QStringLiteral("second"));
        QCOMPARE(seconds.size(), 1);
        QCOMPARE(seconds.first().model(), QStringLiteral("m1"));
        QCOMPARE(grid.turn(1), 2);
        QCOMPARE(grid.result(1).status, CellStatus::Cancelled);
        QVERIFY2(grid.result(1).error.startsWith(QLatin1String("not sent: turn 1 ended error")), qPrintable(grid.result(1).error));
        QVERIFY2(grid.result(1).error.contains(QLatin1String("model bad refuses")), qPrintable(grid.result(1).error));
        QCOMPARE(grid.result(1).attempts, 0);
        // Its failed first turn is kept in its thread as it was.
        QCOMPARE(grid.earlierTurns(1).first().result.status, CellStatus::Error);
        QCOMPARE(grid.result(0).status, CellStatus::Ok);
    }

    void threeTurnsComeBackFromTheHistoryAndGoOn()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history.sqlite"));
        qint64 runId = 0;
        QList<QList<CellTurn>> threads;
        std::vector<CellResult> latest;
        {
            RunSession session(RunSettings::Storage::Transient);
            QString error;
            QVERIFY2(session.openHistory(path, &error, HistoryDatabase::Check::Now), qPrintable(error));
            session.scheduler()->setProviders(localProvider(*m_server));
            const RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("first")},
                                                          {column(QStringLiteral("m1")), column(QStringLiteral("m2"))}, 1, {});
            QVERIFY(runToEnd(session, plan));
            QVERIFY(followUp(session, QStringLiteral("second")));
            QVERIFY(followUp(session, QStringLiteral("third")));
            session.recorder()->flush();
            runId = session.recorder()->currentRunId();
            QVERIFY(runId > 0);
            for (int cell = 0; cell < 2; ++cell) {
                threads.append(session.grid()->earlierTurns(cell));
                latest.push_back(session.grid()->result(cell));
            }
        }
        QCOMPARE(threads.at(0).size(), 2);

        RunSession reopened(RunSettings::Storage::Transient);
        QString error;
        QVERIFY2(reopened.openHistory(path, &error, HistoryDatabase::Check::Now), qPrintable(error));
        reopened.scheduler()->setProviders(localProvider(*m_server));
        QVERIFY2(reopened.restore(runId, &error), qPrintable(error));
        const ResultGrid &grid = *reopened.grid();
        QCOMPARE(grid.mode(), ConversationMode::OwnThread);
        for (int cell = 0; cell < 2; ++cell) {
            QCOMPARE(grid.turn(cell), 3);
            QCOMPARE(grid.spec(cell).prompt, QStringLiteral("third"));
            QCOMPARE(grid.result(cell), latest[size_t(cell)]);
            const QList<CellTurn> &turns = grid.earlierTurns(cell);
            QCOMPARE(turns.size(), 2);
            for (qsizetype t = 0; t < turns.size(); ++t) {
                QCOMPARE(turns.at(t).spec.prompt, threads.at(cell).at(t).spec.prompt);
                QCOMPARE(turns.at(t).spec.model, threads.at(cell).at(t).spec.model);
                QCOMPARE(turns.at(t).result, threads.at(cell).at(t).result);
            }
        }
        // The user goes on: turn 4 carries the three turns before it, saved into the same run.
        QVERIFY(followUp(reopened, QStringLiteral("fourth")));
        const QList<RecordedRequest> fourths = requestsWithLastMessage(*m_server, QStringLiteral("fourth"));
        QCOMPARE(fourths.size(), 2);
        for (const RecordedRequest &request : fourths) {
            const QString model = request.model();
            QCOMPARE(request.transcript(),
                     (QStringList{QStringLiteral("user: first"), QStringLiteral("assistant: %1 on first").arg(model),
                                  QStringLiteral("user: second"), QStringLiteral("assistant: %1 on second").arg(model),
                                  QStringLiteral("user: third"), QStringLiteral("assistant: %1 on third").arg(model),
                                  QStringLiteral("user: fourth")}));
        }
        reopened.recorder()->flush();
        QCOMPARE(reopened.recorder()->currentRunId(), runId);
        RunPlan plan;
        std::vector<CellResult> results;
        std::vector<CellThread> saved;
        QVERIFY2(reopened.history()->loadRun(runId, &plan, &results, &error, &saved), qPrintable(error));
        QCOMPARE(saved.at(0).latestTurn(), 4);
        QCOMPARE(saved.at(0).latest.prompt, QStringLiteral("fourth"));
        QCOMPARE(results.at(0).text, QStringLiteral("m1 on fourth"));
    }

    void spendCapCountsEveryTurn()
    {
        RunSession session(RunSettings::Storage::Transient);
        // $0.1 a token in and out; an answer reports 1 + 3 tokens: $0.40 per request.
        session.scheduler()->setProviders(
            localProvider(*m_server, QStringLiteral(R"(,"prices":{"m1":{"input_per_mtok":100000,"output_per_mtok":100000}})")));
        session.settings()->setSpendCap(1.0);
        ModelColumn priced = column(QStringLiteral("m1"));
        priced.params.maxTokens = 3;
        const RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("p0"), QStringLiteral("p1")}, {priced}, 1, {});
        QVERIFY(runToEnd(session, plan));
        const ResultGrid &grid = *session.grid();
        QCOMPARE(grid.result(0).status, CellStatus::Ok);
        QCOMPARE(grid.result(1).status, CellStatus::Ok);
        QCOMPARE(session.scheduler()->spentUsd(), 0.8);
        const int before = m_server->requestCount();
        // Turn 2 would cost at least another $0.40 per cell (its history counted in), past $1.
        QVERIFY(followUp(session, QStringLiteral("again")));
        QCOMPARE(m_server->requestCount(), before);
        for (int cell = 0; cell < 2; ++cell) {
            QCOMPARE(grid.turn(cell), 2);
            QCOMPARE(grid.result(cell).status, CellStatus::Cancelled);
            QVERIFY2(grid.result(cell).error.contains(QLatin1String("spend cap")), qPrintable(grid.result(cell).error));
        }
    }

    void anImageGoesWithItsTurnIntoTheThread()
    {
        // A screenshot attached to the first prompt stays in that user message of every later
        // turn; the follow-up itself carries no image.
        QString error;
        const auto png = AttachmentFile::imageFromBytes(
            QStringLiteral("shot.png"),
            QByteArray::fromBase64("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
            &error);
        QVERIFY2(png, qPrintable(error));
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(localProvider(*m_server));
        RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("what is this")}, {column(QStringLiteral("m1"))}, 1, {});
        plan.rows[0].attachments = {*png};
        QVERIFY(runToEnd(session, plan));
        QCOMPARE(session.grid()->result(0).status, CellStatus::Ok);
        QVERIFY(followUp(session, QStringLiteral("and its colour?")));
        const QList<RecordedRequest> seconds = requestsWithLastMessage(*m_server, QStringLiteral("and its colour?"));
        QCOMPARE(seconds.size(), 1);
        const QJsonArray messages = messagesOf(seconds.first());
        QCOMPARE(messages.size(), 3);
        const QJsonArray parts = messages.at(0).toObject().value(QLatin1String("content")).toArray();
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts.at(0).toObject().value(QLatin1String("type")).toString(), QStringLiteral("image_url"));
        QCOMPARE(parts.at(0).toObject().value(QLatin1String("image_url")).toObject().value(QLatin1String("url")).toString(),
                 QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png->data.toBase64()));
        QCOMPARE(parts.at(1).toObject().value(QLatin1String("text")).toString(), QStringLiteral("what is this"));
        QCOMPARE(messages.at(1).toObject().value(QLatin1String("role")).toString(), QStringLiteral("assistant"));
        QCOMPARE(messages.at(2).toObject().value(QLatin1String("content")).toString(), QStringLiteral("and its colour?"));
    }

    void demoCountsTheHistoryAsInput()
    {
        // The offline Demo models bill what a server would: the whole history, not the prompt alone.
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(ProviderRegistry::withDemo());
        ModelColumn echo;
        echo.provider = QStringLiteral("demo");
        echo.model = QStringLiteral("fast");
        QVERIFY(runToEnd(session, PlanBuilder::fromPrompts({QStringLiteral("one two three")}, {echo}, 1, {})));
        const CellResult first = session.grid()->result(0);
        QCOMPARE(first.inputTokens.value_or(-1), 3);
        QVERIFY(followUp(session, QStringLiteral("four five")));
        const qint64 answerWords = first.text.split(QLatin1Char(' '), Qt::SkipEmptyParts).size();
        QCOMPARE(session.grid()->result(0).inputTokens.value_or(-1), 3 + answerWords + 2);
    }

    void costEstimateCountsTheWholeHistory()
    {
        const ProviderRegistry registry = localProvider(
            *m_server, QStringLiteral(R"(,"prices":{"m1":{"input_per_mtok":100000,"output_per_mtok":0}})"));
        const ProviderConfig *provider = registry.find(QStringLiteral("local"));
        QVERIFY(provider);
        CellSpec first;
        first.model = column(QStringLiteral("m1"));
        first.prompt = QStringLiteral("abcd"); // one token at $0.10
        CellResult answer;
        answer.status = CellStatus::Ok;
        answer.text = QString(40, QLatin1Char('x')); // ten tokens
        const CellSpec second = PlanBuilder::nextTurn(first, answer, QStringLiteral("efgh"));
        const double firstInput = CostEstimator::cellCostUsd(first, *provider).value_or(-1);
        QCOMPARE(firstInput, 0.1);
        // Turn 2 sends turn 1's prompt and answer again, then its own prompt: 1 + 10 + 1 tokens.
        QCOMPARE(CostEstimator::cellCostUsd(second, *provider).value_or(-1), 1.2);
    }

    void csvHasOneRowPerTurnWithTurnAndMode()
    {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(localProvider(*m_server));
        RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("first")}, {column(QStringLiteral("m1")), column(QStringLiteral("m2"))}, 1, {});
        plan.rows[0].variables = {{QStringLiteral("topic"), QStringLiteral("cats")}, {QStringLiteral("turn"), QStringLiteral("clash")}};
        QVERIFY(runToEnd(session, plan));
        QList<QStringList> rows = parseCsv(CsvExport::toCsv(session.snapshot()));
        QCOMPARE(rows.size(), 3);
        // turn and mode come after every earlier fixed column; the variables stay last.
        const qsizetype fixed = ExportColumns::csvColumns().size();
        QCOMPARE(rows.first().mid(0, fixed), ExportColumns::csvColumns());
        // schema_valid and schema_error, then tool_calls (issue 17) follow them, empty for a cell
        // that asks no JSON and calls no tool; then the judge model's columns (issue 18).
        QCOMPARE(rows.first().mid(fixed - 11, 11),
                 (QStringList{QStringLiteral("reasoning_tokens"), QStringLiteral("turn"), QStringLiteral("mode"),
                              QStringLiteral("schema_valid"), QStringLiteral("schema_error"), QStringLiteral("tool_calls"),
                              QStringLiteral("judge_score"), QStringLiteral("judge_reason"), QStringLiteral("judge_model"), QStringLiteral("judge_error"), QStringLiteral("judge_cost_usd")}));
        QCOMPARE(rows.first().mid(fixed), (QStringList{QStringLiteral("topic"), QStringLiteral("var_turn")}));
        QCOMPARE(rows.at(1).mid(fixed - 10), (QStringList{QStringLiteral("1"), QStringLiteral("shared"), QString(), QString(), QString(),
                                                          QString(), QString(), QString(), QString(), QString(),
                                                         QStringLiteral("cats"), QStringLiteral("clash")}));

        QVERIFY(followUp(session, QStringLiteral("second")));
        rows = parseCsv(CsvExport::toCsv(session.snapshot()));
        QCOMPARE(rows.size(), 5);
        const QStringList header = rows.first();
        const auto at = [&](int row, const char *name) { return rows.at(row).value(header.indexOf(QLatin1String(name))); };
        const QStringList expected[] = {QStringLiteral("m1|1|first|m1 on first").split(QLatin1Char('|')),
                                        QStringLiteral("m1|2|second|m1 on second").split(QLatin1Char('|')),
                                        QStringLiteral("m2|1|first|m2 on first").split(QLatin1Char('|')),
                                        QStringLiteral("m2|2|second|m2 on second").split(QLatin1Char('|'))};
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(rows.at(i + 1).size(), header.size());
            QCOMPARE(at(i + 1, "model"), expected[i].at(0));
            QCOMPARE(at(i + 1, "turn"), expected[i].at(1));
            QCOMPARE(at(i + 1, "prompt"), expected[i].at(2));
            QCOMPARE(at(i + 1, "answer"), expected[i].at(3));
            QCOMPARE(at(i + 1, "mode"), QStringLiteral("own-thread"));
            QCOMPARE(at(i + 1, "status"), QStringLiteral("ok"));
            QCOMPARE(at(i + 1, "topic"), QStringLiteral("cats"));
        }

        // JSON Lines: every turn, with its turn, mode and the messages it sent.
        const QList<QByteArray> lines = JsonExport::toJsonLines(session.snapshot()).split('\n');
        QCOMPARE(lines.size(), 5); // and the empty piece after the last newline
        const QJsonObject second = QJsonDocument::fromJson(lines.at(1)).object();
        QCOMPARE(second.value(QLatin1String("turn")).toInt(), 2);
        QCOMPARE(second.value(QLatin1String("mode")).toString(), QStringLiteral("own-thread"));
        QCOMPARE(second.value(QLatin1String("prompt")).toString(), QStringLiteral("second"));
        QCOMPARE(second.value(QLatin1String("answer")).toString(), QStringLiteral("m1 on second"));
        const QJsonArray sent = second.value(QLatin1String("messages")).toArray();
        QCOMPARE(sent.size(), 3);
        QCOMPARE(sent.at(0).toObject().value(QLatin1String("content")).toString(), QStringLiteral("first"));
        QCOMPARE(sent.at(1).toObject().value(QLatin1String("role")).toString(), QStringLiteral("assistant"));
        QCOMPARE(sent.at(1).toObject().value(QLatin1String("content")).toString(), QStringLiteral("m1 on first"));
        QCOMPARE(sent.at(2).toObject().value(QLatin1String("content")).toString(), QStringLiteral("second"));
    }
};

QTEST_GUILESS_MAIN(TestOwnThread)
#include "tst_own_thread.moc"
