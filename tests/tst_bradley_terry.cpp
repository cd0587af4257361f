// SPDX-License-Identifier: MIT
// Ratings as a Bradley-Terry fit: a hand-computed case, the MM fixed point, bootstrap intervals
// that shrink with more votes, no score without battles, and models that never lost.
#include "BradleyTerryFit.h"
#include "Ratings.h"

#include <QTest>

#include <cmath>

namespace {
QList<PairwiseOutcome> repeated(int first, int second, int firstWins, int secondWins, int ties = 0)
{
    QList<PairwiseOutcome> list;
    for (int i = 0; i < firstWins; ++i)
        list.append(PairwiseOutcome{first, second, 1.0});
    for (int i = 0; i < secondWins; ++i)
        list.append(PairwiseOutcome{second, first, 1.0}); // the winner named first, to mix sides
    for (int i = 0; i < ties; ++i)
        list.append(PairwiseOutcome{first, second, 0.5});
    return list;
}

double strength(const BradleyTerryScore &score)
{
    return std::pow(10.0, (*score.score - 1000.0) / 400.0);
}
} // namespace

class TestBradleyTerry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void twoModelsByHand()
    {
        // 3 wins to 1: p = 0.75, strength ratio 3, 400*log10(3) = 190.85 apart, centred on 1000.
        const QList<BradleyTerryScore> scores = BradleyTerryFit::fit(repeated(0, 1, 3, 1), 2);
        QCOMPARE(scores.size(), 2);
        QCOMPARE(scores[0].bound, BradleyTerryScore::Finite);
        QVERIFY(qAbs(*scores[0].score - *scores[1].score - 400 * std::log10(3.0)) < 1e-6);
        QVERIFY(qAbs(*scores[0].score - 1095.424) < 1e-3);
        QVERIFY(qAbs(*scores[1].score - 904.576) < 1e-3);
        QVERIFY(qAbs(strength(scores[0]) / (strength(scores[0]) + strength(scores[1])) - 0.75) < 1e-9);
        QCOMPARE(scores[0].wins, 3);
        QCOMPARE(scores[0].losses, 1);
        QCOMPARE(scores[1].battles, 4);

        // A tie is half a win each: 2 wins, 1 loss and 2 ties is 3 points to 2, ratio 1.5.
        const QList<BradleyTerryScore> withTies = BradleyTerryFit::fit(repeated(0, 1, 2, 1, 2), 2);
        QVERIFY(qAbs(*withTies[0].score - *withTies[1].score - 400 * std::log10(1.5)) < 1e-6);
        QCOMPARE(withTies[0].ties, 2);
        QCOMPARE(withTies[1].ties, 2);
    }

    void threeModelsMeetTheFixedPoint()
    {
        QList<PairwiseOutcome> outcomes = repeated(0, 1, 5, 2, 1);
        outcomes += repeated(1, 2, 4, 3);
        outcomes += repeated(0, 2, 2, 3, 2);
        const QList<BradleyTerryScore> scores = BradleyTerryFit::fit(outcomes, 3);
        // The maximum-likelihood equations: W_i = sum_j n_ij * p_i / (p_i + p_j).
        const double won[3][3] = {{0, 5.5, 3}, {2.5, 0, 4}, {4, 3, 0}};
        const int met[3][3] = {{0, 8, 7}, {8, 0, 7}, {7, 7, 0}};
        double mean = 0;
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(scores[i].bound, BradleyTerryScore::Finite);
            mean += *scores[i].score / 3;
            double wins = 0;
            double expected = 0;
            for (int j = 0; j < 3; ++j) {
                wins += won[i][j];
                if (j != i)
                    expected += met[i][j] * strength(scores[i]) / (strength(scores[i]) + strength(scores[j]));
            }
            QVERIFY2(qAbs(wins - expected) < 1e-8, qPrintable(QStringLiteral("model %1: %2 vs %3").arg(i).arg(wins).arg(expected)));
        }
        QVERIFY(qAbs(mean - 1000) < 1e-9); // centred
        QVERIFY(*scores[0].score > *scores[1].score);
    }

    void intervalsShrinkWithMoreVotes()
    {
        const QList<BradleyTerryScore> few = BradleyTerryFit::fitWithIntervals(repeated(0, 1, 15, 5), 2, 7);
        const QList<BradleyTerryScore> many = BradleyTerryFit::fitWithIntervals(repeated(0, 1, 60, 20), 2, 7);
        for (const auto *scores : {&few, &many}) {
            for (const BradleyTerryScore &s : *scores) {
                QVERIFY(s.low && s.high);
                QVERIFY(std::isfinite(*s.low) && std::isfinite(*s.high));
                QVERIFY(*s.low <= *s.score && *s.score <= *s.high);
            }
        }
        // Same win ratio, same point estimate; four times the battles, a narrower interval.
        QVERIFY(qAbs(*few[0].score - *many[0].score) < 1e-6);
        const double fewWidth = *few[0].high - *few[0].low;
        const double manyWidth = *many[0].high - *many[0].low;
        QVERIFY2(manyWidth < 0.75 * fewWidth, qPrintable(QStringLiteral("%1 vs %2").arg(manyWidth).arg(fewWidth)));
        // The same seed gives the same interval; without a bootstrap there is none.
        const QList<BradleyTerryScore> again = BradleyTerryFit::fitWithIntervals(repeated(0, 1, 15, 5), 2, 7);
        QCOMPARE(*again[0].low, *few[0].low);
        QCOMPARE(*again[0].high, *few[0].high);
        QVERIFY(!BradleyTerryFit::fit(repeated(0, 1, 15, 5), 2)[0].low);

        // 3 to 1 is too few: a quarter of the resamples have model 0 never losing, so its
        // interval is unbounded above, said as +infinity rather than a made-up number.
        const QList<BradleyTerryScore> tiny = BradleyTerryFit::fitWithIntervals(repeated(0, 1, 3, 1), 2, 7);
        QVERIFY(tiny[0].high && std::isinf(*tiny[0].high) && *tiny[0].high > 0);
        QVERIFY(tiny[1].low && std::isinf(*tiny[1].low) && *tiny[1].low < 0);
    }

    void noBattlesNoScore()
    {
        const QList<BradleyTerryScore> scores = BradleyTerryFit::fitWithIntervals(repeated(0, 2, 2, 1), 4);
        QCOMPARE(scores.size(), 4);
        for (int column : {1, 3}) {
            QCOMPARE(scores[column].bound, BradleyTerryScore::NoBattles);
            QVERIFY(!scores[column].score);
            QVERIFY(!scores[column].low && !scores[column].high);
            QCOMPARE(scores[column].battles, 0);
        }
        QVERIFY(scores[0].score && scores[2].score);
        // Comparisons naming columns out of range, or a column against itself, are ignored.
        const QList<BradleyTerryScore> odd = BradleyTerryFit::fit({PairwiseOutcome{0, 9, 1.0}, PairwiseOutcome{1, 1, 1.0}}, 2);
        QCOMPARE(odd[0].bound, BradleyTerryScore::NoBattles);
        QCOMPARE(odd[1].bound, BradleyTerryScore::NoBattles);
        QVERIFY(BradleyTerryFit::fitWithIntervals({}, 3).at(0).bound == BradleyTerryScore::NoBattles);
    }

    void neverLostIsUnboundedNotInfinite()
    {
        // 2 models, 5 wins to 0: no finite estimate exists; neither gets a score.
        const QList<BradleyTerryScore> two = BradleyTerryFit::fitWithIntervals(repeated(0, 1, 5, 0), 2);
        QCOMPARE(two[0].bound, BradleyTerryScore::UnboundedAbove);
        QCOMPARE(two[1].bound, BradleyTerryScore::UnboundedBelow);
        QVERIFY(!two[0].score && !two[1].score);
        QVERIFY(!two[0].low && !two[0].high);

        // Model 0 beat everyone; the others are fitted among themselves, finite and centred.
        QList<PairwiseOutcome> outcomes = repeated(0, 1, 4, 0);
        outcomes += repeated(0, 2, 3, 0);
        outcomes += repeated(1, 2, 3, 1);
        const QList<BradleyTerryScore> three = BradleyTerryFit::fitWithIntervals(outcomes, 3);
        QCOMPARE(three[0].bound, BradleyTerryScore::UnboundedAbove);
        QVERIFY(!three[0].score);
        QCOMPARE(three[1].bound, BradleyTerryScore::Finite);
        QCOMPARE(three[2].bound, BradleyTerryScore::Finite);
        QVERIFY(qAbs(*three[1].score - *three[2].score - 400 * std::log10(3.0)) < 1e-6);
        QVERIFY(qAbs(*three[1].score + *three[2].score - 2000) < 1e-9);
        for (int column : {1, 2})
            QVERIFY(!std::isnan(*three[column].low) && !std::isnan(*three[column].high));

        // Two groups that never met each other cannot be placed on one scale.
        QList<PairwiseOutcome> apart = repeated(0, 1, 2, 1);
        apart += repeated(2, 3, 1, 2);
        for (const BradleyTerryScore &s : BradleyTerryFit::fit(apart, 4)) {
            QCOMPARE(s.bound, BradleyTerryScore::NotLinked);
            QVERIFY(!s.score);
        }
        // All ties: everyone equal.
        const QList<BradleyTerryScore> tied = BradleyTerryFit::fit(repeated(0, 1, 0, 0, 3), 2);
        QVERIFY(qAbs(*tied[0].score - 1000) < 1e-9 && qAbs(*tied[1].score - 1000) < 1e-9);
    }

    void outcomesOfOneRater()
    {
        Ratings ratings;
        ratings.addPreference(Preference{0, 0, 1, 0, Preference::A}); // best-of-row: 1 over 0
        ratings.setBattleVerdict(BattleVerdict{Battle{1, 0, 0, 1}, Ratings::localRater(), BattleVerdict::Right});
        ratings.setBattleVerdict(BattleVerdict{Battle{2, 0, 0, 1}, Ratings::localRater(), BattleVerdict::Tie});
        ratings.setBattleVerdict(BattleVerdict{Battle{3, 0, 0, 1}, Ratings::localRater(), BattleVerdict::Skip});
        ratings.setBattleVerdict(BattleVerdict{Battle{1, 0, 0, 1}, QStringLiteral("judge"), BattleVerdict::Left});
        QCOMPARE(BradleyTerryFit::outcomes(ratings, Ratings::localRater()),
                 (QList<PairwiseOutcome>{{1, 0, 1.0}, {0, 1, 0.0}, {0, 1, 0.5}}));
        // A judge's verdicts stay its own; the person's best-of-row picks are not the judge's.
        QCOMPARE(BradleyTerryFit::outcomes(ratings, QStringLiteral("judge")), (QList<PairwiseOutcome>{{0, 1, 1.0}}));
    }
};

QTEST_GUILESS_MAIN(TestBradleyTerry)
#include "tst_bradley_terry.moc"
