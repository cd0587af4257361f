// SPDX-License-Identifier: MIT
// The cost estimate before a run (chars/4 heuristic and the providers' prices) and the spend
// cap that stops sending new cells once the known cost reaches it.
#include "CostEstimator.h"
#include "FakeLlmServer.h"
#include "ProviderRegistry.h"
#include "RunPlan.h"
#include "Scheduler.h"

#include <QSignalSpy>
#include <QTest>

namespace {
ProviderRegistry registryFor(const QString &baseUrl, int maxConcurrency)
{
    QString error;
    const auto parsed = ProviderRegistry::fromJson(
        QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1","max_concurrency":%2,
            "prices":{"m1":{"input_per_mtok":1.0,"output_per_mtok":2.0},
                      "pricey":{"input_per_mtok":100000,"output_per_mtok":100000}}}]})")
            .arg(baseUrl)
            .arg(maxConcurrency)
            .toUtf8(),
        &error);
    if (!parsed)
        qFatal("providers: %s", qPrintable(error));
    return *parsed;
}

ModelColumn column(const QString &model, std::optional<int> maxTokens = std::nullopt)
{
    ModelColumn c;
    c.provider = QStringLiteral("local");
    c.model = model;
    c.params.maxTokens = maxTokens;
    return c;
}
} // namespace

class TestCostEstimate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokensHeuristic()
    {
        QCOMPARE(CostEstimator::estimateTokens(QString()), 0);
        QCOMPARE(CostEstimator::estimateTokens(QStringLiteral("abcd")), 1);
        QCOMPARE(CostEstimator::estimateTokens(QStringLiteral("abcde")), 2);
        QCOMPARE(CostEstimator::estimateTokens(QString(400, QLatin1Char('x'))), 100);
    }

    void estimateFromPromptsAndPrices()
    {
        const ProviderRegistry registry = registryFor(QStringLiteral("http://127.0.0.1:9"), 4);
        // Prompts of 8 and 16 characters, a 4-character system prompt: 2+1 and 4+1 tokens in.
        RunPlan plan = RunPlan::fromPrompts({QString(8, QLatin1Char('a')), QString(16, QLatin1Char('b'))},
                                            {column(QStringLiteral("m1"), 100), column(QStringLiteral("m1")),
                                             column(QStringLiteral("unpriced"), 10)},
                                            2, QStringLiteral("sys!"));
        const CostEstimate estimate = CostEstimator::estimate(plan, registry, 50);
        QCOMPARE(estimate.columns.size(), 3);
        QCOMPARE(estimate.cells, 12);
        const CostEstimate::Column &first = estimate.columns[0];
        QCOMPARE(first.cells, 4);
        QCOMPARE(first.inputTokens, 2 * (3 + 5));
        QCOMPARE(first.outputTokens, 4 * 100);
        QVERIFY(first.priced);
        QVERIFY(qAbs(first.costUsd - (16 * 1.0 + 400 * 2.0) / 1e6) < 1e-15);
        const CostEstimate::Column &second = estimate.columns[1];
        QCOMPARE(second.outputTokens, 4 * 50); // no max tokens: the default expected output
        QVERIFY(qAbs(second.costUsd - (16 * 1.0 + 200 * 2.0) / 1e6) < 1e-15);
        QVERIFY(!estimate.columns[2].priced);
        QCOMPARE(estimate.unpricedCells, 4);
        QVERIFY(!estimate.isComplete());
        QVERIFY(qAbs(estimate.totalUsd - (first.costUsd + second.costUsd)) < 1e-15);
        QCOMPARE(estimate.inputTokens, 3 * 16);

        // A column's own system prompt replaces the run's.
        plan.columns[0].params.systemOverride = QString(40, QLatin1Char('s'));
        QCOMPARE(CostEstimator::estimate(plan, registry, 50).columns[0].inputTokens, 2 * (2 + 10 + 4 + 10));
    }

    void spendCapStopsNewCells()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        // Every answer: 7 input and 3 output tokens at $0.1 a token = $1 a cell.
        server.setHandler([](const RecordedRequest &) {
            return FakeResponse::openAiStream({QStringLiteral("a"), QStringLiteral("b")}, 7, 3);
        });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server.baseUrl().toString(), 1));
        scheduler.setSpendCap(1.0);
        QStringList prompts;
        for (int i = 0; i < 6; ++i)
            prompts << QStringLiteral("prompt %1").arg(i);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(RunPlan::fromPrompts(prompts, {column(QStringLiteral("pricey"))}, 1, {}));
        QVERIFY(finished.wait(5000));
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(scheduler.result(0).status, CellStatus::Ok);
        QVERIFY(scheduler.result(0).costUsd.value_or(0) >= 1.0);
        for (int cell = 1; cell < scheduler.cellCount(); ++cell) {
            QCOMPARE(scheduler.result(cell).status, CellStatus::Cancelled);
            QVERIFY(scheduler.result(cell).error.contains(QLatin1String("spend cap")));
        }
        QCOMPARE(scheduler.counts().ok, 1);
        QCOMPARE(scheduler.counts().cancelled, 5);
        QVERIFY(scheduler.spentUsd() >= 1.0);
    }

    void spendCapNotReachedSendsEverything()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) {
            return FakeResponse::openAiStream({QStringLiteral("ok")}, 7, 3);
        });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server.baseUrl().toString(), 2));
        scheduler.setSpendCap(1.0); // m1 costs $0.000013 a cell
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(RunPlan::fromPrompts({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                                             {column(QStringLiteral("m1"))}, 1, {}));
        QVERIFY(finished.wait(5000));
        QCOMPARE(server.requestCount(), 3);
        QCOMPARE(scheduler.counts().ok, 3);
    }

    void spendCapAlsoStopsRetries()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) {
            return FakeResponse::openAiStream({QStringLiteral("x")}, 7, 3);
        });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server.baseUrl().toString(), 1));
        scheduler.setSpendCap(1.0);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(RunPlan::fromPrompts({QStringLiteral("a"), QStringLiteral("b")},
                                             {column(QStringLiteral("pricey"))}, 1, {}));
        QVERIFY(finished.wait(5000));
        QCOMPARE(server.requestCount(), 1);
        // Retrying a cancelled cell once the cap is reached does not send it either.
        scheduler.retryCell(1);
        QVERIFY(finished.wait(5000));
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(scheduler.result(1).status, CellStatus::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestCostEstimate)
#include "tst_cost_estimate.moc"
