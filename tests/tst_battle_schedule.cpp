// SPDX-License-Identifier: MIT
// The blind arena's battle schedule: every pair of columns meets about equally often, each pair
// is shown both ways, missing answers are never battled, and a seed draws the same list again.
#include "BattleSchedule.h"
#include "PlanBuilder.h"
#include "StaticGrid.h"

#include <QHash>
#include <QSet>
#include <QTest>

#include <algorithm>

namespace {
struct Counts {
    QHash<QPair<int, int>, int> meetings; ///< by (low, high) column
    QHash<QPair<int, int>, int> shownAs;  ///< by (left, right)
};

Counts count(const BattleSchedule &schedule)
{
    Counts counts;
    for (const Battle &battle : schedule.battles()) {
        ++counts.meetings[qMakePair(std::min(battle.left, battle.right), std::max(battle.left, battle.right))];
        ++counts.shownAs[qMakePair(battle.left, battle.right)];
    }
    return counts;
}

QList<int> range(int n)
{
    QList<int> list;
    for (int i = 0; i < n; ++i)
        list << i;
    return list;
}
} // namespace

class TestBattleSchedule : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void balancedOverManySeeds_data()
    {
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("matchups");
        QTest::addColumn<bool>("bothOrders");
        QTest::newRow("2x1 every") << 2 << 1 << 0 << false;
        QTest::newRow("2x7 every") << 2 << 7 << 0 << false;
        QTest::newRow("3x10 ten") << 3 << 10 << 10 << false;
        QTest::newRow("4x10 every") << 4 << 10 << 0 << false;
        QTest::newRow("4x10 seventeen") << 4 << 10 << 17 << false;
        QTest::newRow("5x3 eight") << 5 << 3 << 8 << false;
        QTest::newRow("6x9 both orders") << 6 << 9 << 23 << true;
        QTest::newRow("7x40 fifty") << 7 << 40 << 50 << false;
    }

    void balancedOverManySeeds()
    {
        QFETCH(int, columns);
        QFETCH(int, rows);
        QFETCH(int, matchups);
        QFETCH(bool, bothOrders);
        const int pairs = columns * (columns - 1) / 2;
        const int expectedMatchups = matchups > 0 ? std::min(matchups, pairs * rows) : pairs * rows;
        for (quint64 seed = 1; seed <= 300; ++seed) {
            BattleSchedule::Request request;
            request.rowCount = rows;
            request.columns = range(columns);
            request.matchups = matchups;
            request.bothOrders = bothOrders;
            request.seed = seed * 0x9e3779b97f4a7c15ull;
            const BattleSchedule schedule(request);
            QCOMPARE(schedule.size(), qsizetype(expectedMatchups * (bothOrders ? 2 : 1)));
            const Counts counts = count(schedule);
            int fewest = INT_MAX;
            int most = 0;
            for (int a = 0; a < columns; ++a) {
                for (int b = a + 1; b < columns; ++b) {
                    const int met = counts.meetings.value(qMakePair(a, b));
                    fewest = std::min(fewest, met);
                    most = std::max(most, met);
                    const int left = counts.shownAs.value(qMakePair(a, b));
                    const int right = counts.shownAs.value(qMakePair(b, a));
                    QVERIFY2(std::abs(left - right) <= (bothOrders ? 0 : 1),
                             qPrintable(QStringLiteral("seed %1: pair %2-%3 shown %4/%5").arg(seed).arg(a).arg(b).arg(left).arg(right)));
                }
            }
            QVERIFY2(most - fewest <= (bothOrders ? 2 : 1), qPrintable(QStringLiteral("seed %1: %2..%3").arg(seed).arg(fewest).arg(most)));
            // A battle is two different columns on a real row, and no battle is drawn twice.
            QSet<QString> seen;
            QList<int> rowUse(rows, 0);
            for (const Battle &battle : schedule.battles()) {
                QVERIFY(battle.left != battle.right);
                QVERIFY(battle.row >= 0 && battle.row < rows);
                const QString key = QStringLiteral("%1/%2/%3").arg(battle.row).arg(battle.left).arg(battle.right);
                QVERIFY2(!seen.contains(key), qPrintable(key));
                seen.insert(key);
                ++rowUse[battle.row];
            }
            // Rows are spread: none is used more than one battle above another.
            const auto [low, high] = std::minmax_element(rowUse.begin(), rowUse.end());
            if (matchups > 0 && !bothOrders)
                QVERIFY2(*high - *low <= 1, qPrintable(QStringLiteral("seed %1: rows used %2..%3").arg(seed).arg(*low).arg(*high)));
        }
    }

    void sameSeedSameBattles()
    {
        BattleSchedule::Request request;
        request.rowCount = 12;
        request.columns = {0, 2, 3, 5};
        request.matchups = 20;
        request.seed = 42;
        const BattleSchedule first(request);
        const BattleSchedule again(request);
        QCOMPARE(first.battles(), again.battles());
        QCOMPARE(first.seed(), quint64(42));
        request.seed = 43;
        const BattleSchedule other(request);
        QVERIFY(other.battles() != first.battles());
        // Only the chosen columns battle, under their real indexes.
        for (const Battle &battle : first.battles()) {
            QVERIFY(request.columns.contains(battle.left));
            QVERIFY(request.columns.contains(battle.right));
        }
        QCOMPARE(first.indexOf(first.at(7)), qsizetype(7));
        QCOMPARE(first.indexOf(Battle{99, 0, 0, 2}), qsizetype(-1));
    }

    void missingAnswersAreSkipped()
    {
        // Column 2 has no answer on rows 0-3; column 1 none on row 5; column 3 none at all.
        BattleSchedule::Request request;
        request.rowCount = 6;
        request.columns = {0, 1, 2, 3};
        request.sample = 1;
        request.available = [](int row, int column) {
            return !(column == 2 && row < 4) && !(column == 1 && row == 5) && column != 3;
        };
        for (quint64 seed = 1; seed <= 50; ++seed) {
            request.seed = seed;
            const BattleSchedule schedule(request);
            for (const Battle &battle : schedule.battles()) {
                QVERIFY(request.available(battle.row, battle.left));
                QVERIFY(request.available(battle.row, battle.right));
                QCOMPARE(battle.sample, 1);
            }
            // Every battle that can be drawn is: 0-1 on rows 0-4, 0-2 on 4-5, 1-2 on 4.
            const Counts counts = count(schedule);
            QCOMPARE(counts.meetings.value(qMakePair(0, 1)), 5);
            QCOMPARE(counts.meetings.value(qMakePair(0, 2)), 2);
            QCOMPARE(counts.meetings.value(qMakePair(1, 2)), 1);
            QCOMPARE(schedule.size(), qsizetype(8));
        }
        // Asked for fewer, the pairs that can still meet share them out evenly.
        request.matchups = 6;
        const Counts counts = count(BattleSchedule(request));
        QCOMPARE(counts.meetings.value(qMakePair(0, 1)) + counts.meetings.value(qMakePair(0, 2))
                     + counts.meetings.value(qMakePair(1, 2)),
                 6);
        QCOMPARE(counts.meetings.value(qMakePair(1, 2)), 1);
        QVERIFY(std::abs(counts.meetings.value(qMakePair(0, 1)) - counts.meetings.value(qMakePair(0, 2))) <= 1);
    }

    void answeredCellsOfAGrid()
    {
        ModelColumn a;
        a.provider = QStringLiteral("demo");
        a.model = QStringLiteral("a");
        ModelColumn b = a;
        b.model = QStringLiteral("b");
        ModelColumn c = a;
        c.model = QStringLiteral("c");
        const RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("p0"), QStringLiteral("p1")}, {a, b, c}, 1, {});
        std::vector<CellResult> results(6);
        for (CellResult &result : results) {
            result.status = CellStatus::Ok;
            result.text = QStringLiteral("an answer");
        }
        results[1].status = CellStatus::Error; // row 0, column 1
        results[1].error = QStringLiteral("HTTP 500");
        results[5].text = QStringLiteral("  "); // row 1, column 2: empty
        StaticGrid grid;
        grid.load(plan, results);
        const BattleSchedule::Availability available = BattleSchedule::answeredCells(grid);
        QVERIFY(available(0, 0) && available(1, 1) && available(0, 2));
        QVERIFY(!available(0, 1));
        QVERIFY(!available(1, 2));
        QVERIFY(!available(2, 0) && !available(0, 3) && !available(-1, 0)); // outside the grid
        QVERIFY(!BattleSchedule::answeredCells(grid, 1)(0, 0));             // no second sample

        BattleSchedule::Request request;
        request.rowCount = 2;
        request.columns = {0, 1, 2};
        request.available = available;
        const BattleSchedule schedule(request);
        // Row 0: only a-c; row 1: only a-b.
        QCOMPARE(schedule.size(), qsizetype(2));
        for (const Battle &battle : schedule.battles()) {
            QVERIFY(available(battle.row, battle.left));
            QVERIFY(available(battle.row, battle.right));
        }
    }

    void balancedSizesMeetEquallyOften()
    {
        // 10 prompts x 4 models: 6 pairs, 60 match-ups (120 battles both ways).
        BattleSchedule::Request request;
        request.rowCount = 10;
        request.columns = range(4);
        request.bothOrders = true;
        QList<BattleSchedule::Size> sizes = BattleSchedule::balancedSizes(request);
        QCOMPARE(sizes.size(), 10);
        for (int k = 1; k <= 10; ++k)
            QCOMPARE(sizes.at(k - 1), (BattleSchedule::Size{6 * k, k}));
        for (const BattleSchedule::Size &size : std::as_const(sizes)) {
            request.matchups = size.matchups;
            const BattleSchedule schedule(request);
            QCOMPARE(schedule.size(), qsizetype(2 * size.matchups));
            const Counts counts = count(schedule);
            QCOMPARE(counts.meetings.size(), 6);
            for (int meetings : counts.meetings)
                QCOMPARE(meetings, 2 * size.perPair);
            for (int shown : counts.shownAs)
                QCOMPARE(shown, size.perPair);
        }

        // Model 3 failed on row 0: its pairs have 9 rows, the others 10, so "all" is uneven.
        request.available = [](int row, int column) { return !(row == 0 && column == 3); };
        sizes = BattleSchedule::balancedSizes(request);
        QCOMPARE(sizes.size(), 10);
        QCOMPARE(sizes.at(8), (BattleSchedule::Size{54, 9}));
        QCOMPARE(sizes.last(), (BattleSchedule::Size{57, 0}));

        request.columns = {2};
        QVERIFY(BattleSchedule::balancedSizes(request).isEmpty());
    }

    void nothingToBattle()
    {
        BattleSchedule::Request request;
        request.rowCount = 5;
        request.columns = {3};
        QCOMPARE(BattleSchedule(request).size(), qsizetype(0));
        request.columns = {0, 1};
        request.rowCount = 0;
        QCOMPARE(BattleSchedule(request).size(), qsizetype(0));
        QCOMPARE(BattleSchedule().size(), qsizetype(0));
    }
};

QTEST_GUILESS_MAIN(TestBattleSchedule)
#include "tst_battle_schedule.moc"
