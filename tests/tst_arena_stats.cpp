// SPDX-License-Identifier: MIT
// The arena's statistics on hand-made verdicts: the win-rate matrix, position bias (swapped
// pairs whose winner changed with the side, the left side's share) and agreement of two raters.
#include "ArenaStats.h"

#include <QTest>

namespace {
BattleVerdict verdict(int row, int left, int right, BattleVerdict::Outcome outcome, const QString &rater = QStringLiteral("me"))
{
    return BattleVerdict{Battle{row, 0, left, right}, rater, outcome};
}
} // namespace

class TestArenaStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void winRateMatrix()
    {
        const QList<PairwiseOutcome> outcomes{{0, 1, 1.0}, {0, 1, 1.0}, {1, 0, 1.0}, {0, 1, 0.5},
                                              {2, 0, 0.0}, {1, 2, 0.5}, {0, 7, 1.0}};
        const QList<QList<WinRate>> matrix = ArenaStats::winRates(outcomes, 3);
        QCOMPARE(matrix.size(), 3);
        const WinRate &zeroOverOne = matrix[0][1];
        QCOMPARE(zeroOverOne.wins, 2);
        QCOMPARE(zeroOverOne.losses, 1);
        QCOMPARE(zeroOverOne.ties, 1);
        QCOMPARE(zeroOverOne.battles(), 4);
        QCOMPARE(zeroOverOne.share().value_or(-1), 2.5 / 4);
        QCOMPARE(matrix[1][0].share().value_or(-1), 1.5 / 4);
        QCOMPARE(matrix[0][2].wins, 1);
        QCOMPARE(matrix[2][0].losses, 1);
        QCOMPARE(matrix[1][2].share().value_or(-1), 0.5);
        // No battles, no share (not 0%); the diagonal stays empty; column 7 is out of range.
        QCOMPARE(matrix[2][2].battles(), 0);
        QVERIFY(!matrix[2][2].share());
        QVERIFY(!WinRate().share());
    }

    void positionBias()
    {
        const QList<BattleVerdict> verdicts{
            // Row 0, pair 0-1 both ways: the left side won both times (the winner changed).
            verdict(0, 0, 1, BattleVerdict::Left),
            verdict(0, 1, 0, BattleVerdict::Left),
            // Row 1: model 0 won both times, once on each side (consistent).
            verdict(1, 0, 1, BattleVerdict::Left),
            verdict(1, 1, 0, BattleVerdict::Right),
            // Row 2: shown both ways but one verdict is a tie: not a swapped pair.
            verdict(2, 0, 2, BattleVerdict::Right),
            verdict(2, 2, 0, BattleVerdict::Tie),
            // Row 3: both ways, but by two raters: not a pair either.
            verdict(3, 1, 2, BattleVerdict::Right),
            verdict(3, 2, 1, BattleVerdict::Right, QStringLiteral("judge")),
            // Row 4: the right side won both times.
            verdict(4, 2, 1, BattleVerdict::Right),
            verdict(4, 1, 2, BattleVerdict::Right),
            verdict(5, 0, 1, BattleVerdict::Skip),
        };
        const PositionBias bias = ArenaStats::positionBias(verdicts);
        QCOMPARE(bias.swappedPairs, 3);
        QCOMPARE(bias.sameSide, 2);
        QCOMPARE(bias.flipShare().value_or(-1), 2.0 / 3);
        // Decisive verdicts: 9, of which the left won 3.
        QCOMPARE(bias.decisive, 9);
        QCOMPARE(bias.leftWins, 3);
        QCOMPARE(bias.leftShare().value_or(-1), 3.0 / 9);

        const PositionBias none = ArenaStats::positionBias({verdict(0, 0, 1, BattleVerdict::Tie)});
        QCOMPARE(none.swappedPairs, 0);
        QVERIFY(!none.flipShare());
        QVERIFY(!none.leftShare());
    }

    void raterAgreement()
    {
        const QString judge = QStringLiteral("openai/gpt-4o");
        const QList<BattleVerdict> verdicts{
            verdict(0, 0, 1, BattleVerdict::Left),         verdict(0, 0, 1, BattleVerdict::Left, judge),
            verdict(1, 0, 1, BattleVerdict::Right),        verdict(1, 0, 1, BattleVerdict::Left, judge),
            verdict(2, 1, 0, BattleVerdict::Tie),          verdict(2, 1, 0, BattleVerdict::Tie, judge),
            verdict(3, 1, 0, BattleVerdict::Skip),         verdict(3, 1, 0, BattleVerdict::Left, judge),
            verdict(4, 1, 0, BattleVerdict::Left),         // the judge did not see row 4
            verdict(5, 0, 1, BattleVerdict::Left),         verdict(5, 1, 0, BattleVerdict::Right, judge), // other battle
        };
        const RaterAgreement agreement = ArenaStats::agreement(verdicts, QStringLiteral("me"), judge);
        QCOMPARE(agreement.bothDecided, 3);
        QCOMPARE(agreement.agreed, 2);
        QCOMPARE(agreement.share().value_or(-1), 2.0 / 3);
        QCOMPARE(ArenaStats::agreement(verdicts, judge, QStringLiteral("me")).agreed, 2);
        QVERIFY(!ArenaStats::agreement(verdicts, QStringLiteral("me"), QStringLiteral("nobody")).share());
    }
};

QTEST_GUILESS_MAIN(TestArenaStats)
#include "tst_arena_stats.moc"
