// SPDX-License-Identifier: MIT
// Per-column figures from known cells: counts, p50/p95 latency and TTFT, mean tokens/s after
// the first token, total cost.
#include "ColumnStats.h"
#include "PlanBuilder.h"
#include "StaticGrid.h"

#include <QTest>

class TestColumnStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void percentiles()
    {
        QCOMPARE(ColumnStats::percentile({}, 50), std::nullopt);
        QCOMPARE(ColumnStats::percentile({7}, 95).value_or(-1), 7.0);
        const QList<double> values = {500, 100, 300, 200, 400, 1000, 900, 800, 700, 600};
        QCOMPARE(ColumnStats::percentile(values, 50).value_or(-1), 500.0);
        QCOMPARE(ColumnStats::percentile(values, 95).value_or(-1), 1000.0);
        QCOMPARE(ColumnStats::percentile(values, 90).value_or(-1), 900.0);
        QCOMPARE(ColumnStats::percentile(values, 0).value_or(-1), 100.0);
        QCOMPARE(ColumnStats::percentile(values, 100).value_or(-1), 1000.0);
    }

    void figuresFromKnownCells()
    {
        ModelColumn fast;
        fast.provider = QStringLiteral("demo");
        fast.model = QStringLiteral("fast");
        ModelColumn flaky = fast;
        flaky.model = QStringLiteral("flaky");
        flaky.label = QStringLiteral("Flaky one");
        QStringList prompts;
        for (int i = 1; i <= 10; ++i)
            prompts << QStringLiteral("prompt %1").arg(i);
        const RunPlan plan = PlanBuilder::fromPrompts(prompts, {fast, flaky}, 1, {});

        std::vector<CellResult> results;
        double expectedSpeedSum = 0;
        for (int i = 1; i <= 10; ++i) {
            CellResult a;
            a.status = CellStatus::Ok;
            a.text = QStringLiteral("answer");
            a.latencyMs = 100 * i;
            a.ttftMs = 10 * i;
            a.inputTokens = 5;
            a.outputTokens = 11;
            a.costUsd = 0.001;
            expectedSpeedSum += 10.0 * 1000.0 / (90.0 * i);
            results.push_back(a);

            CellResult b;
            if (i <= 3) {
                b.status = i == 3 ? CellStatus::Timeout : CellStatus::Error;
                b.error = QStringLiteral("failed");
                b.latencyMs = 99'999; // failures must not count in the latency figures
            } else if (i == 4) {
                b.status = CellStatus::Cancelled;
            } else {
                b.status = CellStatus::Ok;
                b.latencyMs = 2000;
                b.ttftMs = 500;
                b.outputTokens = 1; // one token: no speed after the first token
                b.costUsd = 0.5;
            }
            results.push_back(b);
        }
        StaticGrid grid;
        grid.load(plan, results);

        const QList<ColumnStats> stats = ColumnStats::compute(grid);
        QCOMPARE(stats.size(), 2);
        const ColumnStats &s = stats[0];
        QCOMPARE(s.label, QStringLiteral("demo/fast"));
        QCOMPARE(s.count, 10);
        QCOMPARE(s.ok, 10);
        QCOMPARE(s.errors, 0);
        QCOMPARE(s.latencyP50Ms.value_or(-1), 500.0);
        QCOMPARE(s.latencyP95Ms.value_or(-1), 1000.0);
        QCOMPARE(s.ttftP50Ms.value_or(-1), 50.0);
        QCOMPARE(s.ttftP95Ms.value_or(-1), 100.0);
        QCOMPARE(s.meanLatencyMs.value_or(-1), 550.0);
        QVERIFY(s.meanTokensPerSecond);
        QVERIFY(qAbs(*s.meanTokensPerSecond - expectedSpeedSum / 10.0) < 1e-9);
        QVERIFY(qAbs(*s.meanTokensPerSecond - 32.5441) < 1e-3);
        QVERIFY(qAbs(s.totalCostUsd - 0.01) < 1e-12);
        QCOMPARE(s.pricedCells, 10);
        QCOMPARE(s.inputTokens, 50);
        QCOMPARE(s.outputTokens, 110);

        const ColumnStats &f = stats[1];
        QCOMPARE(f.label, QStringLiteral("Flaky one"));
        QCOMPARE(f.count, 10);
        QCOMPARE(f.ok, 6);
        QCOMPARE(f.errors, 3);
        QCOMPARE(f.cancelled, 1);
        QCOMPARE(f.latencyP50Ms.value_or(-1), 2000.0);
        QCOMPARE(f.latencyP95Ms.value_or(-1), 2000.0);
        QCOMPARE(f.latenciesMs.size(), 6);
        QCOMPARE(f.meanTokensPerSecond, std::nullopt);
        QVERIFY(qAbs(f.totalCostUsd - 3.0) < 1e-12);
    }

    void unfinishedCellsDoNotCount()
    {
        ModelColumn column;
        column.provider = QStringLiteral("demo");
        column.model = QStringLiteral("m");
        StaticGrid grid;
        grid.load(PlanBuilder::fromPrompts({QStringLiteral("a")}, {column}, 1, {}), {});
        const QList<ColumnStats> stats = ColumnStats::compute(grid);
        QCOMPARE(stats.size(), 1);
        QCOMPARE(stats[0].count, 0);
        QCOMPARE(stats[0].latencyP50Ms, std::nullopt);
        QCOMPARE(stats[0].totalCostUsd, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestColumnStats)
#include "tst_column_stats.moc"
