// SPDX-License-Identifier: MIT
// Quick checks: every kind on known answers, run and column checks together, the JSON round
// trip, and the per-column summary evaluated on a grid's finished cells.
#include "PlanBuilder.h"
#include "QuickCheck.h"
#include "QuickCheckRunner.h"
#include "ResultsTableModel.h"
#include "StaticGrid.h"

#include <QSignalSpy>
#include <QTest>

Q_DECLARE_METATYPE(QuickCheck)

namespace {
QuickCheck make(QuickCheck::Kind kind, const QString &text = {}, bool caseSensitive = false)
{
    QuickCheck check;
    check.kind = kind;
    check.text = text;
    check.caseSensitive = caseSensitive;
    return check;
}

QuickCheck lengthCheck(std::optional<qsizetype> min, std::optional<qsizetype> max)
{
    QuickCheck check;
    check.kind = QuickCheck::Length;
    check.minLength = min;
    check.maxLength = max;
    return check;
}

CellResult okResult(const QString &text)
{
    CellResult r;
    r.status = CellStatus::Ok;
    r.text = text;
    return r;
}
} // namespace

class TestQuickChecks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eachKind_data()
    {
        QTest::addColumn<QuickCheck>("check");
        QTest::addColumn<QString>("answer");
        QTest::addColumn<bool>("passes");
        QTest::addRow("contains, any case") << make(QuickCheck::Contains, QStringLiteral("paris")) << QStringLiteral("It is Paris.") << true;
        QTest::addRow("contains, case-sensitive") << make(QuickCheck::Contains, QStringLiteral("paris"), true) << QStringLiteral("It is Paris.") << false;
        QTest::addRow("contains, missing") << make(QuickCheck::Contains, QStringLiteral("Rome")) << QStringLiteral("It is Paris.") << false;
        QTest::addRow("not contains, absent") << make(QuickCheck::NotContains, QStringLiteral("sorry")) << QStringLiteral("Here you go") << true;
        QTest::addRow("not contains, present any case") << make(QuickCheck::NotContains, QStringLiteral("sorry")) << QStringLiteral("Sorry, I can't") << false;
        QTest::addRow("not contains, case-sensitive") << make(QuickCheck::NotContains, QStringLiteral("sorry"), true) << QStringLiteral("Sorry, I can't") << true;
        QTest::addRow("regex match") << make(QuickCheck::Regex, QStringLiteral("\\b\\d{4}-\\d{2}-\\d{2}\\b")) << QStringLiteral("on 2024-05-01.") << true;
        QTest::addRow("regex no match") << make(QuickCheck::Regex, QStringLiteral("^\\d+$")) << QStringLiteral("12a") << false;
        QTest::addRow("regex any case") << make(QuickCheck::Regex, QStringLiteral("^yes")) << QStringLiteral("YES!") << true;
        QTest::addRow("regex case-sensitive") << make(QuickCheck::Regex, QStringLiteral("^yes"), true) << QStringLiteral("YES!") << false;
        QTest::addRow("regex invalid never passes") << make(QuickCheck::Regex, QStringLiteral("(")) << QStringLiteral("(") << false;
        QTest::addRow("json object") << make(QuickCheck::ValidJson) << QStringLiteral(" {\"a\": [1, 2]} ") << true;
        QTest::addRow("json scalar") << make(QuickCheck::ValidJson) << QStringLiteral("42") << true;
        QTest::addRow("json fenced") << make(QuickCheck::ValidJson) << QStringLiteral("```json\n{\"ok\": true}\n```") << true;
        QTest::addRow("json broken") << make(QuickCheck::ValidJson) << QStringLiteral("{\"a\": }") << false;
        QTest::addRow("json prose") << make(QuickCheck::ValidJson) << QStringLiteral("Sure! {\"a\": 1}") << false;
        QTest::addRow("json empty") << make(QuickCheck::ValidJson) << QString() << false;
        QTest::addRow("length within") << lengthCheck(3, 5) << QStringLiteral("abcd") << true;
        QTest::addRow("length at bounds") << lengthCheck(4, 4) << QStringLiteral("abcd") << true;
        QTest::addRow("length too short") << lengthCheck(5, std::nullopt) << QStringLiteral("abcd") << false;
        QTest::addRow("length too long") << lengthCheck(std::nullopt, 3) << QStringLiteral("abcd") << false;
    }
    void eachKind()
    {
        QFETCH(QuickCheck, check);
        QFETCH(QString, answer);
        QFETCH(bool, passes);
        QCOMPARE(check.evaluate(answer), passes);
        QVERIFY(!check.describe().isEmpty());
        // Every check survives a JSON round trip unchanged.
        QCOMPARE(QuickCheck::fromJson(check.toJson()).value_or(QuickCheck()), check);
    }

    void validation()
    {
        QVERIFY(!make(QuickCheck::Regex, QStringLiteral("(")).validationError().isEmpty());
        QVERIFY(make(QuickCheck::Regex, QStringLiteral("a+")).validationError().isEmpty());
        QVERIFY(!make(QuickCheck::Contains).validationError().isEmpty());
        QVERIFY(!lengthCheck(std::nullopt, std::nullopt).validationError().isEmpty());
        QVERIFY(!lengthCheck(10, 2).validationError().isEmpty());
        QVERIFY(make(QuickCheck::ValidJson).validationError().isEmpty());
    }

    void runAndColumnChecks()
    {
        QuickCheckSet set;
        set.addRunCheck(make(QuickCheck::NotContains, QStringLiteral("error")));
        set.addColumnCheck(1, make(QuickCheck::ValidJson));
        QCOMPARE(set.checksFor(0).size(), 1);
        QCOMPARE(set.checksFor(1).size(), 2);
        const CheckOutcome outcome = set.evaluate(1, QStringLiteral("not json"));
        QCOMPARE(outcome.passed, 1);
        QCOMPARE(outcome.failed, 1);
        QCOMPARE(outcome.failedChecks, QList<int>{1});
        QVERIFY(set.evaluate(0, QStringLiteral("not json")).allPassed());
        QCOMPARE(QuickCheckSet::fromJson(set.toJson()), set);
    }

    void perColumnSummary()
    {
        ModelColumn a;
        a.provider = QStringLiteral("demo");
        a.model = QStringLiteral("a");
        ModelColumn b = a;
        b.model = QStringLiteral("b");
        const RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("p1"), QStringLiteral("p2"), QStringLiteral("p3")},
                                                  {a, b}, 1, {});
        // Grid order: (row, column).
        std::vector<CellResult> results = {
            okResult(QStringLiteral("{\"x\": 1}")), okResult(QStringLiteral("{\"x\": 1}")),
            okResult(QStringLiteral("not json")),   okResult(QStringLiteral("[1, 2]")),
            okResult(QStringLiteral("[]")),         CellResult(),
        };
        results[5].status = CellStatus::Error;
        results[5].error = QStringLiteral("boom");
        StaticGrid grid;
        grid.load(plan, results);

        QuickCheckRunner runner(&grid);
        QVERIFY(!runner.outcome(0)); // no checks yet
        QSignalSpy changed(&runner, &QuickCheckRunner::outcomesChanged);
        QuickCheckSet set;
        set.addRunCheck(make(QuickCheck::ValidJson));
        set.addColumnCheck(0, lengthCheck(std::nullopt, 5));
        runner.setChecks(set);
        QCOMPARE(changed.size(), 1);

        QVERIFY(runner.outcome(0));
        QCOMPARE(runner.outcome(0)->passed, 1); // valid JSON but 8 characters
        QCOMPARE(runner.outcome(0)->failed, 1);
        QCOMPARE(runner.outcome(2)->failed, 2);
        QVERIFY(runner.outcome(4)->allPassed());
        QVERIFY(runner.outcome(3)->allPassed());
        QVERIFY(!runner.outcome(5)); // the error cell has no answer to check

        const QList<CheckSummary> summary = runner.summary();
        QCOMPARE(summary.size(), 2);
        QCOMPARE(summary[0].answersChecked, 3);
        QCOMPARE(summary[0].answersPassed, 1);
        QCOMPARE(summary[0].checksPassed, 3);
        QCOMPARE(summary[0].checksTotal, 6);
        QCOMPARE(summary[1].answersChecked, 2);
        QCOMPARE(summary[1].answersPassed, 2);
        QCOMPARE(summary[1].checksTotal, 2);

        // The grid model hands the outcomes to the cell painter.
        ResultsTableModel model(&grid);
        QVERIFY(!model.data(model.index(0, 0), ResultsTableModel::ChecksTotalRole).isValid());
        QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
        model.setQuickCheckRunner(&runner);
        QCOMPARE(dataChanged.size(), 1);
        QCOMPARE(model.data(model.index(0, 0), ResultsTableModel::ChecksPassedRole).toInt(), 1);
        QCOMPARE(model.data(model.index(0, 0), ResultsTableModel::ChecksTotalRole).toInt(), 2);
        QCOMPARE(model.data(model.index(2, 0), ResultsTableModel::ChecksPassedRole).toInt(), 2);
        QVERIFY(!model.data(model.index(2, 1), ResultsTableModel::ChecksTotalRole).isValid());
        runner.setChecks(QuickCheckSet());
        QVERIFY(dataChanged.size() >= 2);
        QVERIFY(!model.data(model.index(0, 0), ResultsTableModel::ChecksTotalRole).isValid());
    }
};

QTEST_GUILESS_MAIN(TestQuickChecks)
#include "tst_quick_checks.moc"
