// SPDX-License-Identifier: MIT
// Ratings and A/B preferences: Elo updates, the score table, the JSON round trip, and the CSV
// export (rating, note and check counts in their own last columns, never in the answer).
#include "ComparisonFile.h"
#include "CsvExport.h"
#include "CsvReader.h"
#include "ExportColumns.h"
#include "JsonExport.h"
#include "PlanBuilder.h"
#include "QuickCheck.h"
#include "Ratings.h"
#include "ResultRecord.h"
#include "StaticGrid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TestRatings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eloUpdates()
    {
        QCOMPARE(Ratings::eloExpected(1000, 1000), 0.5);
        Ratings ratings;
        QCOMPARE(ratings.eloScores(2), (QList<double>{1000, 1000}));
        ratings.addPreference(Preference{0, 0, 0, 1, Preference::A});
        QCOMPARE(ratings.eloScores(2), (QList<double>{1016, 984}));
        ratings.addPreference(Preference{1, 0, 0, 1, Preference::A});
        const QList<double> twice = ratings.eloScores(2);
        // Second win is worth less: expected score 1/(1+10^(-32/400)) = 0.54592.
        QVERIFY(qAbs(twice[0] - (1016 + 32 * (1 - 1 / (1 + std::pow(10.0, -32.0 / 400))))) < 1e-9);
        QVERIFY(qAbs(twice[0] - 1030.531) < 1e-3);
        QVERIFY(qAbs(twice[0] + twice[1] - 2000) < 1e-9); // Elo is zero-sum
        // A tie between unequal players moves points towards the weaker one.
        ratings.addPreference(Preference{2, 0, 1, 0, Preference::Tie});
        const QList<double> afterTie = ratings.eloScores(2);
        QVERIFY(afterTie[1] > twice[1]);
        QVERIFY(afterTie[0] < twice[0]);
        // Columns out of range are ignored, not a crash.
        ratings.addPreference(Preference{3, 0, 0, 7, Preference::B});
        QCOMPARE(ratings.eloScores(2), afterTie);

        QVERIFY(ratings.undoPreference(2, 0, 0, 1));
        QCOMPARE(ratings.eloScores(2), twice);
    }

    void scoreTable()
    {
        Ratings ratings;
        ratings.setRating(CellAddress{0, 0, 0}, 5);
        ratings.setRating(CellAddress{1, 0, 0}, 2);
        ratings.setRating(CellAddress{0, 1, 0}, 3);
        ratings.setRating(CellAddress{1, 1, 0}, 9); // out of range: not a rating
        QCOMPARE(ratings.rating(CellAddress{1, 1, 0}), std::nullopt);
        ratings.addPreference(Preference{0, 0, 0, 1, Preference::B});
        ratings.addPreference(Preference{1, 0, 2, 1, Preference::A});
        ratings.addPreference(Preference{2, 0, 0, 2, Preference::Tie});
        const QList<ModelScore> table = ratings.scoreTable(3);
        QCOMPARE(table.size(), 3);
        QCOMPARE(table[0].ratingCount, 2);
        QCOMPARE(table[0].meanRating.value_or(-1), 3.5);
        QCOMPARE(table[1].meanRating.value_or(-1), 3.0);
        QCOMPARE(table[2].meanRating, std::nullopt);
        QCOMPARE(table[0].wins, 0);
        QCOMPARE(table[0].losses, 1);
        QCOMPARE(table[0].ties, 1);
        QCOMPARE(table[1].wins, 1);
        QCOMPARE(table[1].losses, 1);
        QCOMPARE(table[2].wins, 1);
        QCOMPARE(table[2].ties, 1);
        const QList<double> elo = ratings.eloScores(3);
        for (int c = 0; c < 3; ++c)
            QCOMPARE(table[c].elo, elo[c]);
        QVERIFY(table[2].elo > table[0].elo);
    }

    void notesAndJsonRoundTrip()
    {
        Ratings ratings;
        ratings.setRating(CellAddress{0, 1, 2}, 4);
        ratings.setNote(CellAddress{0, 1, 2}, QStringLiteral("good, \"concise\""));
        ratings.setNote(CellAddress{3, 0, 0}, QStringLiteral("only a note"));
        ratings.addPreference(Preference{0, 0, 1, 0, Preference::B});
        const Ratings back = Ratings::fromJson(ratings.toJson());
        QCOMPARE(back.rating(CellAddress{0, 1, 2}).value_or(0), 4);
        QCOMPARE(back.note(CellAddress{0, 1, 2}), QStringLiteral("good, \"concise\""));
        QCOMPARE(back.note(CellAddress{3, 0, 0}), QStringLiteral("only a note"));
        QCOMPARE(back.rating(CellAddress{3, 0, 0}), std::nullopt);
        QCOMPARE(back.preferences(), ratings.preferences());

        ratings.clearRating(CellAddress{0, 1, 2});
        ratings.setNote(CellAddress{0, 1, 2}, QString());
        ratings.setNote(CellAddress{3, 0, 0}, QString());
        ratings.clear();
        QVERIFY(ratings.isEmpty());
    }

    void exportedInTheirOwnColumns()
    {
        ModelColumn a;
        a.provider = QStringLiteral("demo");
        a.model = QStringLiteral("a");
        ModelColumn b = a;
        b.model = QStringLiteral("b");
        const RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("Say hi")}, {a, b}, 1, {});
        std::vector<CellResult> results(2);
        results[0].status = CellStatus::Ok;
        results[0].text = QStringLiteral("Hi there");
        results[1].status = CellStatus::Ok;
        results[1].text = QStringLiteral("{\"greeting\": \"hi\"}");
        StaticGrid grid;
        grid.load(plan, results);

        Ratings ratings;
        ratings.setRating(CellAddress{0, 0, 0}, 4);
        ratings.setNote(CellAddress{0, 0, 0}, QStringLiteral("friendly,\nshort"));
        QuickCheckSet checks;
        QuickCheck json;
        json.kind = QuickCheck::ValidJson;
        checks.addRunCheck(json);
        QuickCheck hi;
        hi.kind = QuickCheck::Contains;
        hi.text = QStringLiteral("hi");
        checks.addRunCheck(hi);

        QList<ResultRecord> records = ResultRecord::fromGrid(grid);
        // Without annotate() the judging columns are empty.
        QVERIFY(records[0].judgement.isEmpty());
        ratings.annotate(records, &checks);
        QCOMPARE(records[0].judgement.rating.value_or(0), 4);
        QCOMPARE(records[0].judgement.checksPassed.value_or(-1), 1);
        QCOMPARE(records[0].judgement.checksFailed.value_or(-1), 1);
        QCOMPARE(records[1].judgement.checksPassed.value_or(-1), 2);

        const QStringList columns = ExportColumns::csvColumns();
        const QStringList contract = {QStringLiteral("prompt_index"), QStringLiteral("prompt"), QStringLiteral("provider"),
                                      QStringLiteral("model"), QStringLiteral("sample"), QStringLiteral("status"),
                                      QStringLiteral("answer"), QStringLiteral("error"), QStringLiteral("http_status"),
                                      QStringLiteral("ttft_ms"), QStringLiteral("latency_ms"), QStringLiteral("input_tokens"),
                                      QStringLiteral("output_tokens"), QStringLiteral("finish_reason"), QStringLiteral("cost_usd")};
        QCOMPARE(columns.mid(0, 15), contract);
        // After the fixed columns of the contract and of the matrix, then reasoning_tokens (issue
        // 15), then turn and mode (issue 16), then schema_valid, schema_error and tool_calls (issue
        // 17), then the judge model's columns (issue 18); only per-file variable columns may follow.
        QCOMPARE(columns.mid(columns.size() - 15),
                 (QStringList{QStringLiteral("rating"), QStringLiteral("note"), QStringLiteral("checks_passed"),
                              QStringLiteral("checks_failed"), QStringLiteral("reasoning_tokens"),
                              QStringLiteral("turn"), QStringLiteral("mode"), QStringLiteral("schema_valid"),
                              QStringLiteral("schema_error"), QStringLiteral("tool_calls"), QStringLiteral("judge_score"), QStringLiteral("judge_reason"), QStringLiteral("judge_model"), QStringLiteral("judge_error"), QStringLiteral("judge_cost_usd")}));

        QList<QStringList> rows;
        QString error;
        QVERIFY2(CsvReader::parse(CsvExport::toCsv(records), &rows, &error), qPrintable(error));
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0], columns);
        const auto field = [&](int row, const QString &name) { return rows[row].value(columns.indexOf(name)); };
        QCOMPARE(field(1, QStringLiteral("answer")), QStringLiteral("Hi there"));
        QCOMPARE(field(1, QStringLiteral("rating")), QStringLiteral("4"));
        QCOMPARE(field(1, QStringLiteral("note")), QStringLiteral("friendly,\nshort"));
        QCOMPARE(field(1, QStringLiteral("checks_passed")), QStringLiteral("1"));
        QCOMPARE(field(1, QStringLiteral("checks_failed")), QStringLiteral("1"));
        QCOMPARE(field(2, QStringLiteral("answer")), QStringLiteral("{\"greeting\": \"hi\"}"));
        QCOMPARE(field(2, QStringLiteral("rating")), QString());
        QCOMPARE(field(2, QStringLiteral("note")), QString());
        QCOMPARE(field(2, QStringLiteral("checks_passed")), QStringLiteral("2"));
        QCOMPARE(field(2, QStringLiteral("checks_failed")), QStringLiteral("0"));
        for (const QStringList &row : rows)
            QCOMPARE(row.size(), columns.size());

        // The lossless JSON carries them too, apart from the answer.
        const QJsonObject cell = QJsonDocument::fromJson(JsonExport::toJson(records))
                                     .object().value(QLatin1String("cells")).toArray().first().toObject();
        QCOMPARE(cell.value(QLatin1String("answer")).toString(), QStringLiteral("Hi there"));
        QCOMPARE(cell.value(QLatin1String("rating")).toInt(), 4);
        QCOMPARE(cell.value(QLatin1String("note")).toString(), QStringLiteral("friendly,\nshort"));
        QCOMPARE(cell.value(QLatin1String("checks_failed")).toInt(), 1);
    }

    void savedWithTheComparison()
    {
        Comparison comparison;
        comparison.prompts.append(ComparisonPrompt{QString(), QStringLiteral("Say hi"), std::nullopt});
        ModelColumn column;
        column.provider = QStringLiteral("demo");
        column.model = QStringLiteral("a");
        comparison.models = {column, column};
        QuickCheck hi;
        hi.kind = QuickCheck::Contains;
        hi.text = QStringLiteral("hi");
        comparison.checks.addColumnCheck(1, hi);
        comparison.ratings.setRating(CellAddress{0, 1, 0}, 3);
        comparison.ratings.setNote(CellAddress{0, 1, 0}, QStringLiteral("meh"));
        comparison.ratings.addPreference(Preference{0, 0, 0, 1, Preference::A});

        QString error;
        const auto back = ComparisonFile::fromJson(ComparisonFile::toJson(comparison), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->checks, comparison.checks);
        QCOMPARE(back->ratings, comparison.ratings);
        QCOMPARE(*back, comparison);

        // Without results the ratings stay out; the checks belong to the comparison itself.
        const auto bare = ComparisonFile::fromJson(ComparisonFile::toJson(comparison, false), &error);
        QVERIFY2(bare, qPrintable(error));
        QVERIFY(bare->ratings.isEmpty());
        QCOMPARE(bare->checks, comparison.checks);

        // A file from before judging existed still opens.
        QJsonObject old = QJsonDocument::fromJson(ComparisonFile::toJson(Comparison())).object();
        QVERIFY(!old.contains(QLatin1String("ratings")));
        QVERIFY(ComparisonFile::fromJson(QJsonDocument(old).toJson(), &error));
        old.insert(QStringLiteral("ratings"), 5);
        QVERIFY(!ComparisonFile::fromJson(QJsonDocument(old).toJson(), &error));
        QVERIFY(error.contains(QLatin1String("ratings")));
    }

    void battleVerdictsKeyedByBattleAndRater()
    {
        Ratings ratings;
        const QString me = Ratings::localRater();
        QCOMPARE(me, QStringLiteral("me"));
        const QString judge = QStringLiteral("openai/gpt-4o");
        const Battle battle{2, 0, 1, 0};
        const Battle swapped{2, 0, 0, 1};
        ratings.setBattleVerdict(BattleVerdict{battle, me, BattleVerdict::Left});
        ratings.setBattleVerdict(BattleVerdict{battle, judge, BattleVerdict::Right});
        ratings.setBattleVerdict(BattleVerdict{swapped, me, BattleVerdict::Tie});
        QVERIFY(!ratings.isEmpty());
        QCOMPARE(ratings.battleVerdicts().size(), 3);
        // A second verdict of the same rater on the same battle replaces the first.
        ratings.setBattleVerdict(BattleVerdict{battle, me, BattleVerdict::Skip});
        QCOMPARE(ratings.battleVerdicts().size(), 3);
        QCOMPARE(ratings.battleVerdict(battle, me), BattleVerdict::Skip);
        QCOMPARE(ratings.battleVerdict(battle, judge), BattleVerdict::Right);
        QCOMPARE(ratings.battleVerdict(swapped, judge), std::nullopt);
        QCOMPARE(ratings.battleRaters(), (QStringList{me, judge}));
        QCOMPARE(ratings.battleVerdicts(me).size(), 2);
        QCOMPARE(ratings.battleVerdicts(judge).size(), 1);
        // The old A/B preferences and the Elo table do not see battle verdicts.
        QVERIFY(ratings.preferences().isEmpty());
        QCOMPARE(ratings.eloScores(2), (QList<double>{1000, 1000}));

        QVERIFY(ratings.clearBattleVerdict(battle, me));
        QVERIFY(!ratings.clearBattleVerdict(battle, me));
        QCOMPARE(ratings.battleVerdict(battle, judge), BattleVerdict::Right);
        ratings.clear();
        QVERIFY(ratings.isEmpty());
    }

    void battleVerdictsSavedWithTheRatings()
    {
        Comparison comparison;
        comparison.prompts.append(ComparisonPrompt{QString(), QStringLiteral("Say hi"), std::nullopt});
        ModelColumn column;
        column.provider = QStringLiteral("demo");
        column.model = QStringLiteral("a");
        comparison.models = {column, column};
        comparison.ratings.addPreference(Preference{0, 0, 0, 1, Preference::A});
        comparison.ratings.setBattleVerdict(BattleVerdict{Battle{0, 0, 1, 0}, Ratings::localRater(), BattleVerdict::Left});
        comparison.ratings.setBattleVerdict(BattleVerdict{Battle{0, 0, 0, 1}, QStringLiteral("judge"), BattleVerdict::Tie});
        comparison.ratings.setBattleVerdict(BattleVerdict{Battle{0, 0, 0, 1}, Ratings::localRater(), BattleVerdict::Skip});

        QString error;
        const auto back = ComparisonFile::fromJson(ComparisonFile::toJson(comparison), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->ratings.battleVerdicts(), comparison.ratings.battleVerdicts());
        QCOMPARE(back->ratings, comparison.ratings);
        const QJsonArray battles = comparison.ratings.toJson().value(QLatin1String("battles")).toArray();
        QCOMPARE(battles.size(), 3);
        QCOMPARE(battles.at(0).toObject().value(QLatin1String("verdict")).toString(), QStringLiteral("left"));
        QCOMPARE(battles.at(0).toObject().value(QLatin1String("rater")).toString(), QStringLiteral("me"));

        // Ratings without battle verdicts write what older versions wrote, and read back.
        Ratings old;
        old.addPreference(Preference{0, 0, 0, 1, Preference::B});
        QVERIFY(!old.toJson().contains(QLatin1String("battles")));
        QCOMPARE(Ratings::fromJson(old.toJson()), old);

        // Entries that cannot be read are dropped, not turned into ties; duplicates count once.
        QJsonObject object = comparison.ratings.toJson();
        QJsonArray damaged = object.value(QLatin1String("battles")).toArray();
        QJsonObject unknown = damaged.at(0).toObject();
        unknown.insert(QStringLiteral("verdict"), QStringLiteral("maybe"));
        QJsonObject anonymous = damaged.at(0).toObject();
        anonymous.remove(QStringLiteral("rater"));
        QJsonObject sameSides = damaged.at(0).toObject();
        sameSides.insert(QStringLiteral("right"), sameSides.value(QLatin1String("left")));
        QJsonObject again = damaged.at(0).toObject();
        again.insert(QStringLiteral("verdict"), QStringLiteral("right"));
        damaged.append(unknown);
        damaged.append(anonymous);
        damaged.append(sameSides);
        damaged.append(again);
        object.insert(QStringLiteral("battles"), damaged);
        const Ratings read = Ratings::fromJson(object);
        QCOMPARE(read.battleVerdicts().size(), 3);
        QCOMPARE(read.battleVerdict(Battle{0, 0, 1, 0}, Ratings::localRater()), BattleVerdict::Right);
    }
};

QTEST_GUILESS_MAIN(TestRatings)
#include "tst_ratings.moc"
