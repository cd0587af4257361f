// SPDX-License-Identifier: MIT
// The real promptgrid-cli with --judge against a fake OpenAI server on 127.0.0.1: the judge_*
// CSV columns come after tool_calls and before the variable columns, with the judge's score,
// reason, model, error and cost; JSON and JSONL keep the judge's whole answer, Markdown shows the
// score; --reference-column reaches the judge's prompt (an unknown one is a usage error naming
// the columns there are); judge errors and low scores leave the exit status alone; a bad
// --rubric-file is named; the spend cap counts the graded run; --judge-pairwise; bad flags.
#include "CliProcess.h"
#include "CsvTable.h"
#include "FakeLlmServer.h"
#include "HistoryDatabase.h"
#include "Ratings.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

class TestCliJudge : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    FakeLlmServer *m_server = nullptr;
    std::function<FakeResponse(const RecordedRequest &)> m_judge;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    static QString userPrompt(const RecordedRequest &request)
    {
        const QJsonArray messages = request.json().value(QLatin1String("messages")).toArray();
        return messages.isEmpty() ? QString() : messages.last().toObject().value(QLatin1String("content")).toString();
    }

    QList<RecordedRequest> judgeRequests() const
    {
        QList<RecordedRequest> list;
        for (const RecordedRequest &request : m_server->requests()) {
            if (request.model() == QLatin1String("judge"))
                list.append(request);
        }
        return list;
    }

    void writeFile(const QString &name, const QByteArray &bytes)
    {
        QFile file(path(name));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(bytes);
    }

    /// "local" at the fake server; "m1" costs $0.1 a token in and out.
    QString providers()
    {
        const QString file = path(QStringLiteral("providers.json"));
        writeFile(QStringLiteral("providers.json"),
                  QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1",
                      "prices":{"m1":{"input_per_mtok":100000,"output_per_mtok":100000},
                                "judge":{"input_per_mtok":0,"output_per_mtok":100000}}}]})")
                      .arg(m_server->baseUrl().toString())
                      .toUtf8());
        return file;
    }

    CliProcess::Result run(const QStringList &extra)
    {
        const QStringList arguments = QStringList{QStringLiteral("--providers"), providers(), QStringLiteral("--out"), path(QStringLiteral("out.csv"))} + extra;
        return CliProcess::run(arguments, CliProcess::isolatedEnvironment(m_dir.path()), {}, 30'000);
    }

    static QStringList twoModelsTwoPrompts()
    {
        return {QStringLiteral("--model"), QStringLiteral("local/m1"), QStringLiteral("--model"), QStringLiteral("local/m2"),
                QStringLiteral("--prompt"), QStringLiteral("first"), QStringLiteral("--prompt"), QStringLiteral("second")};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void init()
    {
        m_server = new FakeLlmServer(this);
        QVERIFY(m_server->listen());
        m_judge = [](const RecordedRequest &) {
            return FakeResponse::openAiStream({QStringLiteral(R"({"score": 8, "reason": "right and short"})")}, 40, 3);
        };
        m_server->setHandler([this](const RecordedRequest &request) {
            if (request.model() == QLatin1String("judge"))
                return m_judge(request);
            return FakeResponse::openAiStream({QStringLiteral("answer of ") + request.model() + QStringLiteral(" to ") + userPrompt(request)}, 1, 2);
        });
        for (const char *name : {"out.csv", "out.json", "out.jsonl", "out.md"})
            QFile::remove(path(QLatin1String(name)));
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void judgeColumnsHoldTheGrades()
    {
        writeFile(QStringLiteral("vars.csv"), "topic\r\ncats\r\n");
        const CliProcess::Result r = run({QStringLiteral("--model"), QStringLiteral("local/m1"), QStringLiteral("--model"), QStringLiteral("local/m2"),
                                          QStringLiteral("--prompt"), QStringLiteral("About {{topic}}"), QStringLiteral("--vars"), path(QStringLiteral("vars.csv")),
                                          QStringLiteral("--judge"), QStringLiteral("local/judge"), QStringLiteral("--rubric"), QStringLiteral("Be right."),
                                          QStringLiteral("--json"), path(QStringLiteral("out.json")), QStringLiteral("--jsonl"), path(QStringLiteral("out.jsonl")),
                                          QStringLiteral("--markdown"), path(QStringLiteral("out.md"))});
        QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
        QCOMPARE(judgeRequests().size(), 2);
        QVERIFY(userPrompt(judgeRequests().first()).contains(QStringLiteral("<rubric>\nBe right.\n</rubric>")));

        const CsvTable csv = CsvTable::read(path(QStringLiteral("out.csv")));
        QVERIFY(csv.isValid());
        const qsizetype tools = csv.header.indexOf(QLatin1String("tool_calls"));
        QVERIFY(tools > 0);
        QCOMPARE(csv.header.mid(tools, 7),
                 (QStringList{QStringLiteral("tool_calls"), QStringLiteral("judge_score"), QStringLiteral("judge_reason"),
                              QStringLiteral("judge_model"), QStringLiteral("judge_error"), QStringLiteral("judge_cost_usd"),
                              QStringLiteral("topic")}));
        QCOMPARE(csv.header.last(), QStringLiteral("topic")); // the variables stay last
        QCOMPARE(csv.rows.size(), 2);
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(csv.at(row, "judge_score"), QStringLiteral("8"));
            QCOMPARE(csv.at(row, "judge_reason"), QStringLiteral("right and short"));
            QCOMPARE(csv.at(row, "judge_model"), QStringLiteral("local/judge"));
            QCOMPARE(csv.at(row, "judge_error"), QString());
            QCOMPARE(csv.at(row, "judge_cost_usd"), QStringLiteral("0.3")); // 3 output tokens at $0.1
        }

        QFile json(path(QStringLiteral("out.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonArray cells = QJsonDocument::fromJson(json.readAll()).object().value(QLatin1String("cells")).toArray();
        QCOMPARE(cells.size(), 2);
        const QJsonObject judge = cells.at(0).toObject().value(QLatin1String("judge")).toObject();
        QCOMPARE(judge.value(QLatin1String("model")).toString(), QStringLiteral("local/judge"));
        QCOMPARE(judge.value(QLatin1String("score")).toDouble(), 8.0);
        QCOMPARE(judge.value(QLatin1String("scale")).toObject(), (QJsonObject{{QStringLiteral("min"), 1}, {QStringLiteral("max"), 10}}));
        QCOMPARE(judge.value(QLatin1String("reason")).toString(), QStringLiteral("right and short"));
        QVERIFY(judge.value(QLatin1String("error")).isNull());
        QCOMPARE(judge.value(QLatin1String("answer")).toString(), QStringLiteral(R"({"score": 8, "reason": "right and short"})"));
        QCOMPARE(judge.value(QLatin1String("cost_usd")).toDouble(), 0.3);

        QFile jsonl(path(QStringLiteral("out.jsonl")));
        QVERIFY(jsonl.open(QIODevice::ReadOnly));
        const QJsonObject line = QJsonDocument::fromJson(jsonl.readLine()).object();
        QCOMPARE(line.value(QLatin1String("judge")).toObject().value(QLatin1String("answer")).toString(),
                 QStringLiteral(R"({"score": 8, "reason": "right and short"})"));

        QFile markdown(path(QStringLiteral("out.md")));
        QVERIFY(markdown.open(QIODevice::ReadOnly));
        QVERIFY(markdown.readAll().contains("*judge local/judge: 8/10*"));

        // The summary on stderr: a mean with its interval per column.
        QVERIFY2(r.err.contains("local/m1: mean score 8.00, n=1 on 1-10"), r.err.constData());
        QVERIFY2(r.err.contains("local/m2: mean score 8.00, n=1 on 1-10"), r.err.constData());
    }

    void referenceColumnReachesTheJudge()
    {
        writeFile(QStringLiteral("vars.csv"), "topic,expected\r\ncats,Cats purr.\r\ndogs,Dogs bark.\r\n");
        const CliProcess::Result r = run({QStringLiteral("--model"), QStringLiteral("local/m1"), QStringLiteral("--prompt"), QStringLiteral("About {{topic}}"),
                                          QStringLiteral("--vars"), path(QStringLiteral("vars.csv")), QStringLiteral("--judge"), QStringLiteral("local/judge"),
                                          QStringLiteral("--reference-column"), QStringLiteral("expected")});
        QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
        QStringList references;
        for (const RecordedRequest &request : judgeRequests()) {
            const QString prompt = userPrompt(request);
            const qsizetype start = prompt.indexOf(QStringLiteral("<reference_answer>\n"));
            QVERIFY2(start >= 0, qPrintable(prompt));
            references.append(prompt.mid(start + 19, prompt.indexOf(QStringLiteral("\n</reference_answer>")) - start - 19));
            // The default rubric is the correctness preset.
            QVERIFY(prompt.contains(QStringLiteral("reference answer")));
        }
        references.sort();
        QCOMPARE(references, (QStringList{QStringLiteral("Cats purr."), QStringLiteral("Dogs bark.")}));
        const CsvTable csv = CsvTable::read(path(QStringLiteral("out.csv")));
        QCOMPARE(csv.header.mid(csv.header.size() - 2), (QStringList{QStringLiteral("topic"), QStringLiteral("expected")}));
    }

    void unknownReferenceColumnIsAUsageError()
    {
        writeFile(QStringLiteral("vars.csv"), "topic,expected\r\ncats,Cats purr.\r\n");
        const CliProcess::Result r = run({QStringLiteral("--model"), QStringLiteral("local/m1"), QStringLiteral("--prompt"), QStringLiteral("About {{topic}}"),
                                          QStringLiteral("--vars"), path(QStringLiteral("vars.csv")), QStringLiteral("--judge"), QStringLiteral("local/judge"),
                                          QStringLiteral("--reference-column"), QStringLiteral("answer")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--reference-column \"answer\"") && r.err.contains("topic, expected"), r.err.constData());
        QCOMPARE(m_server->requestCount(), 0);
        QVERIFY(!QFile::exists(path(QStringLiteral("out.csv"))));
    }

    void judgeErrorsAndLowScoresLeaveTheExitStatus()
    {
        m_judge = [](const RecordedRequest &request) {
            const QString prompt = userPrompt(request);
            if (prompt.contains(QStringLiteral("answer of m1 to first")))
                return FakeResponse::openAiStream({QStringLiteral(R"({"score": 1, "reason": "wrong"})")});
            if (prompt.contains(QStringLiteral("answer of m1 to second")))
                return FakeResponse::openAiStream({QStringLiteral("I would say 6/10.")});
            if (prompt.contains(QStringLiteral("answer of m2 to first")))
                return FakeResponse::jsonError(400, R"({"error":{"message":"judge is down","type":"invalid_request_error"}})");
            return FakeResponse::openAiStream({QStringLiteral(R"({"score": 42, "reason": "off the scale"})")});
        };
        const CliProcess::Result r = run(twoModelsTwoPrompts() + QStringList{QStringLiteral("--judge"), QStringLiteral("local/judge")});
        QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
        const CsvTable csv = CsvTable::read(path(QStringLiteral("out.csv")));
        QCOMPARE(csv.rows.size(), 4);
        const auto rowOf = [&](const QString &answer) {
            for (int row = 0; row < int(csv.rows.size()); ++row) {
                if (csv.at(row, "answer") == answer)
                    return row;
            }
            return -1;
        };
        const int low = rowOf(QStringLiteral("answer of m1 to first"));
        QCOMPARE(csv.at(low, "judge_score"), QStringLiteral("1"));
        const int prose = rowOf(QStringLiteral("answer of m1 to second"));
        QCOMPARE(csv.at(prose, "judge_score"), QString());
        QVERIFY(csv.at(prose, "judge_error").contains(QStringLiteral("only in prose")));
        const int down = rowOf(QStringLiteral("answer of m2 to first"));
        QCOMPARE(csv.at(down, "judge_score"), QString());
        QVERIFY2(csv.at(down, "judge_error").contains(QStringLiteral("judge is down")), qPrintable(csv.at(down, "judge_error")));
        const int off = rowOf(QStringLiteral("answer of m2 to second"));
        QCOMPARE(csv.at(off, "judge_score"), QString());
        QVERIFY(csv.at(off, "judge_error").contains(QStringLiteral("outside the scale 1-10")));
        QCOMPARE(csv.at(off, "judge_reason"), QStringLiteral("off the scale"));
        QVERIFY2(r.err.contains("local/m1: mean score 1.00, n=1, 1 judge errors"), r.err.constData());
        QVERIFY2(r.err.contains("local/m2: mean score no scores (2 judge errors)"), r.err.constData());

        // A graded cell that fails still exits 1, whatever the judge says.
        m_server->setHandler([](const RecordedRequest &request) {
            if (request.model() == QLatin1String("m2"))
                return FakeResponse::jsonError(400, R"({"error":{"message":"no","type":"invalid_request_error"}})");
            return FakeResponse::openAiStream({request.model() == QLatin1String("judge") ? QStringLiteral(R"({"score": 10, "reason": "x"})") : QStringLiteral("fine")});
        });
        const CliProcess::Result failing = run(twoModelsTwoPrompts() + QStringList{QStringLiteral("--judge"), QStringLiteral("local/judge")});
        QVERIFY(failing.finished);
        QCOMPARE(failing.exitCode, 1);
        QCOMPARE(judgeRequests().size(), 4 + 2); // only the answered cells are judged
    }

    void judgeScaleIsStatedAndChecked()
    {
        m_judge = [](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral(R"({"score": 85, "reason": "good"})")}); };
        const CliProcess::Result r = run({QStringLiteral("--model"), QStringLiteral("local/m1"), QStringLiteral("--prompt"), QStringLiteral("q"),
                                          QStringLiteral("--judge"), QStringLiteral("local/judge"), QStringLiteral("--judge-scale"), QStringLiteral("0-100")});
        QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
        QVERIFY(userPrompt(judgeRequests().first()).contains(QStringLiteral("on a scale from 0 to 100")));
        QCOMPARE(CsvTable::read(path(QStringLiteral("out.csv"))).at(0, "judge_score"), QStringLiteral("85"));
        for (const char *bad : {"10-1", "5", "a-b", "1-1"}) {
            const CliProcess::Result refused = run({QStringLiteral("--model"), QStringLiteral("local/m1"), QStringLiteral("--prompt"), QStringLiteral("q"),
                                                    QStringLiteral("--judge"), QStringLiteral("local/judge"), QStringLiteral("--judge-scale"), QLatin1String(bad)});
            QCOMPARE(refused.exitCode, 2);
            QVERIFY2(refused.err.contains("--judge-scale"), refused.err.constData());
        }
    }

    void badRubricFileIsNamed()
    {
        const QString missing = path(QStringLiteral("no-such-rubric.txt"));
        CliProcess::Result r = run({QStringLiteral("--model"), QStringLiteral("local/m1"), QStringLiteral("--prompt"), QStringLiteral("q"),
                                    QStringLiteral("--judge"), QStringLiteral("local/judge"), QStringLiteral("--rubric-file"), missing});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(missing.toUtf8()), r.err.constData());
        writeFile(QStringLiteral("empty.txt"), "\n  \n");
        r = run({QStringLiteral("--model"), QStringLiteral("local/m1"), QStringLiteral("--prompt"), QStringLiteral("q"),
                 QStringLiteral("--judge"), QStringLiteral("local/judge"), QStringLiteral("--rubric-file"), path(QStringLiteral("empty.txt"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(path(QStringLiteral("empty.txt")).toUtf8()) && r.err.contains("empty"), r.err.constData());
        QCOMPARE(m_server->requestCount(), 0);

        writeFile(QStringLiteral("rubric.txt"), "Grade the politeness.\n");
        r = run({QStringLiteral("--model"), QStringLiteral("local/m1"), QStringLiteral("--prompt"), QStringLiteral("q"),
                 QStringLiteral("--judge"), QStringLiteral("local/judge"), QStringLiteral("--rubric-file"), path(QStringLiteral("rubric.txt"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(userPrompt(judgeRequests().first()).contains(QStringLiteral("<rubric>\nGrade the politeness.\n</rubric>")));
    }

    void badJudgeFlagsAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<QString>("message");
        QTest::addRow("rubric without judge") << QStringList{QStringLiteral("--rubric"), QStringLiteral("x")} << "--rubric needs --judge";
        QTest::addRow("pairwise without judge") << QStringList{QStringLiteral("--judge-pairwise")} << "--judge-pairwise needs --judge";
        QTest::addRow("bad judge") << QStringList{QStringLiteral("--judge"), QStringLiteral("judge")} << "must look like PROVIDER/MODEL";
        QTest::addRow("unknown provider") << QStringList{QStringLiteral("--judge"), QStringLiteral("nowhere/judge")} << "unknown provider \"nowhere\"";
        QTest::addRow("both rubrics") << QStringList{QStringLiteral("--judge"), QStringLiteral("local/judge"), QStringLiteral("--rubric"), QStringLiteral("x"),
                                                     QStringLiteral("--rubric-file"), QStringLiteral("f")}
                                      << "either --rubric TEXT or --rubric-file FILE";
        QTest::addRow("no variables") << QStringList{QStringLiteral("--judge"), QStringLiteral("local/judge"), QStringLiteral("--reference-column"), QStringLiteral("x")}
                                      << "--reference-column \"x\": the run has no variables columns";
    }

    void badJudgeFlagsAreUsageErrors()
    {
        QFETCH(QStringList, flags);
        QFETCH(QString, message);
        const CliProcess::Result r = run(QStringList{QStringLiteral("--model"), QStringLiteral("local/m1"), QStringLiteral("--prompt"), QStringLiteral("q")} + flags);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QCOMPARE(m_server->requestCount(), 0);
    }

    void spendCapCountsTheGradedRun()
    {
        // m1 costs $0.30 a cell (1 token in, 2 out): $0.60 for the grid (--max-tokens keeps its
        // estimate within the cap; it is the graded models' flag, not the judge's). Each judge
        // request is estimated at the judge's default output: past the $1 cap once the grid's
        // $0.60 is counted, so none is sent.
        const CliProcess::Result r = run({QStringLiteral("--model"), QStringLiteral("local/m1"), QStringLiteral("--prompt"), QStringLiteral("a"),
                                          QStringLiteral("--prompt"), QStringLiteral("b"), QStringLiteral("--spend-cap"), QStringLiteral("1"),
                                          QStringLiteral("--max-tokens"), QStringLiteral("3"),
                                          QStringLiteral("--judge"), QStringLiteral("local/judge")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 0); // the graded cells all answered
        QCOMPARE(judgeRequests().size(), 0);
        const CsvTable csv = CsvTable::read(path(QStringLiteral("out.csv")));
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(csv.at(row, "judge_score"), QString());
            QVERIFY2(csv.at(row, "judge_error").contains(QStringLiteral("spend cap of $1.00 was reached ($0.60 spent")),
                     qPrintable(csv.at(row, "judge_error")));
        }
    }

    void pairwiseTallyOnStderr()
    {
        // The judge prefers m2's answer whichever side it is on.
        m_judge = [](const RecordedRequest &request) {
            const QString prompt = userPrompt(request);
            const qsizetype a = prompt.indexOf(QStringLiteral("<answer_a>\nanswer of m2"));
            return FakeResponse::openAiStream({QStringLiteral(R"({"winner": "%1", "reason": "m2 is better"})").arg(a >= 0 ? QStringLiteral("A") : QStringLiteral("B"))});
        };
        const CliProcess::Result r = run(twoModelsTwoPrompts() + QStringList{QStringLiteral("--judge"), QStringLiteral("local/judge"), QStringLiteral("--judge-pairwise")});
        QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
        QCOMPARE(judgeRequests().size(), 4); // two rows, both orders
        QVERIFY2(r.err.contains("local/m1: 0 wins, 2 losses, 0 ties"), r.err.constData());
        QVERIFY2(r.err.contains("local/m2: 2 wins, 0 losses, 0 ties"), r.err.constData());
        // A fair judge: its pick never followed the side.
        QVERIFY2(r.err.contains("position bias: the judge's pick changed with the side in 0 of 2 battles (0%)"), r.err.constData());
        // No grade per cell in pairwise mode.
        QCOMPARE(CsvTable::read(path(QStringLiteral("out.csv"))).at(0, "judge_score"), QString());
    }

    void pairwisePositionBiasOnStderr()
    {
        // The judge picks whichever answer is shown first for "first", and m2's for "second".
        m_judge = [](const RecordedRequest &request) {
            const QString prompt = userPrompt(request);
            const bool firstShownWins = prompt.contains(QStringLiteral("<prompt>\nfirst"));
            const bool m2First = prompt.indexOf(QStringLiteral("<answer_a>\nanswer of m2")) >= 0;
            const QString winner = firstShownWins || m2First ? QStringLiteral("A") : QStringLiteral("B");
            return FakeResponse::openAiStream({QStringLiteral(R"({"winner": "%1", "reason": "r"})").arg(winner)});
        };
        const CliProcess::Result r = run(twoModelsTwoPrompts() + QStringList{QStringLiteral("--judge"), QStringLiteral("local/judge"), QStringLiteral("--judge-pairwise")});
        QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
        QCOMPARE(judgeRequests().size(), 4);
        QVERIFY2(r.err.contains("position bias: the judge's pick changed with the side in 1 of 2 battles (50%)"), r.err.constData());
        QVERIFY2(r.err.contains("local/m2: 1 wins, 0 losses, 1 ties"), r.err.constData());
    }

    void historyKeepsTheJudgesGradesAndVerdicts()
    {
        const QString db = path(QStringLiteral("judged.sqlite"));
        QFile::remove(db);
        CliProcess::Result r = run(twoModelsTwoPrompts() + QStringList{QStringLiteral("--history"), db, QStringLiteral("--judge"), QStringLiteral("local/judge")});
        QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
        m_judge = [](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral(R"({"winner": "A", "reason": "first"})")}); };
        r = run(twoModelsTwoPrompts() + QStringList{QStringLiteral("--history"), db, QStringLiteral("--judge"), QStringLiteral("local/judge"),
                                                    QStringLiteral("--judge-pairwise")});
        QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
        HistoryDatabase history;
        QVERIFY(history.open(db, nullptr, HistoryDatabase::Check::Now));
        const QList<HistoryRunInfo> runs = history.runs();
        QCOMPARE(runs.size(), 2);
        Ratings graded;
        QVERIFY(history.loadJudgements(runs.last().id, &graded));
        QCOMPARE(graded.judgeVerdicts().size(), 4);
        for (const JudgeVerdict &verdict : graded.judgeVerdicts()) {
            QCOMPARE(verdict.score, std::optional<double>(8));
            QCOMPARE(verdict.reason, QStringLiteral("right and short"));
            QCOMPARE(verdict.judgeModel, QStringLiteral("local/judge"));
        }
        Ratings paired;
        QVERIFY(history.loadJudgements(runs.first().id, &paired));
        QVERIFY(paired.judgeVerdicts().isEmpty());
        QCOMPARE(paired.battleVerdicts(QStringLiteral("judge:local/judge")).size(), 2);
        for (const BattleVerdict &verdict : paired.battleVerdicts())
            QCOMPARE(verdict.outcome, BattleVerdict::Tie); // "A" both ways round: the orders disagree
    }

    void ctrlCDuringTheJudgeWritesTheAnswersAndExits130()
    {
        m_judge = [](const RecordedRequest &) {
            FakeResponse hang = FakeResponse::openAiStream({QStringLiteral(R"({"score": 9, "reason": "late"})")});
            hang.hangBeforeHeaders = true;
            return hang;
        };
        QProcess cli;
        cli.setProcessEnvironment(CliProcess::isolatedEnvironment(m_dir.path()));
        cli.start(QStringLiteral(PROMPTGRID_CLI_PATH), QStringList{QStringLiteral("--providers"), providers(), QStringLiteral("--out"), path(QStringLiteral("out.csv"))}
                                                       + twoModelsTwoPrompts() + QStringList{QStringLiteral("--judge"), QStringLiteral("local/judge")});
        QVERIFY(cli.waitForStarted(5000));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->activeRequests(), 4, 10'000); // the four judge requests
        QCOMPARE(judgeRequests().size(), 4);
        QCOMPARE(::kill(pid_t(cli.processId()), SIGINT), 0);
        QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 10'000);
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 130);
        const CsvTable csv = CsvTable::read(path(QStringLiteral("out.csv")));
        QCOMPARE(csv.rows.size(), 4);
        for (int row = 0; row < 4; ++row) {
            QCOMPARE(csv.at(row, "status"), QStringLiteral("ok")); // the answers are kept
            QCOMPARE(csv.at(row, "judge_score"), QString());      // and no verdict after the cancel
            QCOMPARE(csv.at(row, "judge_error"), QString());
        }
    }

    void helpListsTheJudgeFlags()
    {
        const CliProcess::Result r = CliProcess::run({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *flag : {"--judge <PROVIDER/MODEL>", "--rubric <TEXT>", "--rubric-file <FILE>", "--reference-column <NAME>",
                                 "--judge-scale <MIN-MAX>", "--judge-pairwise"})
            QVERIFY2(r.out.contains(flag), flag);
    }
};

QTEST_GUILESS_MAIN(TestCliJudge)
#include "tst_cli_judge.moc"
