// SPDX-License-Identifier: MIT
// The cost estimate before a run (chars/4 heuristic and the providers' prices) and the spend
// cap, checked before each request is sent: spent + in flight + the request's own estimate.
#include "CellSpec.h"
#include "CostEstimator.h"
#include "FakeLlmServer.h"
#include "PlanBuilder.h"
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

    void estimateCountsTheWholeHistory()
    {
        // A conversation row sends every earlier message with each request: 8 + 12 + 4
        // characters of history are 2 + 3 + 1 tokens more than the prompt alone, per cell.
        const ProviderRegistry registry = registryFor(QStringLiteral("http://127.0.0.1:9"), 4);
        RunPlan plan = PlanBuilder::fromPrompts({QString(8, QLatin1Char('a'))}, {column(QStringLiteral("m1"), 100)}, 3,
                                                QStringLiteral("sys!"));
        const CostEstimate single = CostEstimator::estimate(plan, registry);
        plan.rows[0].history = {ChatMessage{ChatMessage::Role::User, QString(8, QLatin1Char('u')), {}},
                                ChatMessage{ChatMessage::Role::Assistant, QString(12, QLatin1Char('v')), {}},
                                ChatMessage{ChatMessage::Role::User, QString(4, QLatin1Char('w')), {}}};
        const CostEstimate conversation = CostEstimator::estimate(plan, registry);
        QCOMPARE(single.inputTokens, 3 * (2 + 1));
        QCOMPARE(conversation.inputTokens, 3 * (2 + 1 + 2 + 3 + 1));
        QVERIFY(conversation.totalUsd > single.totalUsd);
        // The spend cap's per-request estimate counts it the same way.
        const ProviderConfig &provider = *registry.find(QStringLiteral("local"));
        const CellSpec spec = plan.cellSpec({0, 0, 0});
        QCOMPARE(CostEstimator::cellCostUsd(spec, provider).value_or(-1), (9 * 1.0 + 100 * 2.0) / 1e6);
    }

    void estimateFromPromptsAndPrices()
    {
        const ProviderRegistry registry = registryFor(QStringLiteral("http://127.0.0.1:9"), 4);
        // Prompts of 8 and 16 characters, a 4-character system prompt: 2+1 and 4+1 tokens in.
        RunPlan plan = PlanBuilder::fromPrompts({QString(8, QLatin1Char('a')), QString(16, QLatin1Char('b'))},
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
        // Estimated at (2 + 3 tokens) x $0.1 = $0.5 a cell, so the first one fits under the cap.
        scheduler.start(PlanBuilder::fromPrompts(prompts, {column(QStringLiteral("pricey"), 3)}, 1, {}));
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
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
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
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("a"), QStringLiteral("b")},
                                             {column(QStringLiteral("pricey"), 3)}, 1, {}));
        QVERIFY(finished.wait(5000));
        QCOMPARE(server.requestCount(), 1);
        // Retrying a cancelled cell once the cap is reached does not send it either.
        scheduler.retryCell(1);
        QVERIFY(finished.wait(5000));
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(scheduler.result(1).status, CellStatus::Cancelled);
    }

    void cellEstimateIsTheRunEstimatesShare()
    {
        const ProviderRegistry registry = registryFor(QStringLiteral("http://127.0.0.1:9"), 4);
        RunPlan plan = PlanBuilder::fromPrompts({QString(8, QLatin1Char('a'))}, {column(QStringLiteral("m1"), 100)}, 1,
                                            QStringLiteral("sys!"));
        CellSpec spec;
        spec.prompt = plan.rows.at(0).prompt;
        spec.system = plan.rows.at(0).system;
        spec.model = plan.columns.at(0);
        const ProviderConfig &local = *registry.find(QStringLiteral("local"));
        const std::optional<double> cell = CostEstimator::cellCostUsd(spec, local);
        QVERIFY(cell);
        QCOMPARE(*cell, CostEstimator::estimate(plan, registry).totalUsd);
        QVERIFY(qAbs(*cell - (3 * 1.0 + 100 * 2.0) / 1e6) < 1e-15);
        // No max tokens: 500 output tokens are expected.
        spec.model.params.maxTokens.reset();
        QVERIFY(qAbs(CostEstimator::cellCostUsd(spec, local).value_or(0) - (3 * 1.0 + 500 * 2.0) / 1e6) < 1e-15);
        spec.model.model = QStringLiteral("unpriced");
        QVERIFY(!CostEstimator::cellCostUsd(spec, local));
    }

    void spendCapCountsRequestsInFlight()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        // Each request is estimated at (1 + 3 tokens) x $0.1 = $0.4 and costs 1 + 2 tokens = $0.3.
        server.setHandler([](const RecordedRequest &) {
            FakeResponse response = FakeResponse::openAiStream({QStringLiteral("a"), QStringLiteral("b")}, 1, 2);
            response.chunkDelayMs = 20;
            return response;
        });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server.baseUrl().toString(), 8));
        scheduler.setSpendCap(1.0);
        QStringList prompts;
        for (int i = 0; i < 8; ++i)
            prompts << QStringLiteral("p%1").arg(i);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        QSignalSpy started(&scheduler, &Scheduler::cellStarted);
        scheduler.start(PlanBuilder::fromPrompts(prompts, {column(QStringLiteral("pricey"), 3)}, 1, {}));
        // One pump starts what fits: two ($0.8); a third would make $1.2 in flight.
        QVERIFY(started.wait(5000));
        QCOMPARE(started.count(), 2);
        QCOMPARE(scheduler.counts().running, 2);
        QVERIFY(qAbs(scheduler.reservedUsd() - 0.8) < 1e-9);
        QVERIFY(finished.wait(5000));
        // $0.3 + $0.3 spent, then a third fits ($0.6 + $0.4); after it ($0.9) none does.
        QCOMPARE(server.requestCount(), 3);
        QVERIFY(server.peakConcurrentRequests() <= 2);
        QCOMPARE(scheduler.counts().ok, 3);
        QCOMPARE(scheduler.counts().cancelled, 5);
        QVERIFY(qAbs(scheduler.spentUsd() - 0.9) < 1e-9);
        QCOMPARE(scheduler.reservedUsd(), 0.0);
        for (int cell = 3; cell < scheduler.cellCount(); ++cell) {
            const CellResult &r = scheduler.result(cell);
            QCOMPARE(r.status, CellStatus::Cancelled);
            QVERIFY2(r.error.contains(QLatin1String("spend cap of $1.00 was reached")), qPrintable(r.error));
            QVERIFY2(r.error.contains(QLatin1String("$0.40")), qPrintable(r.error));
        }
    }

    void spendCapCountsRetries()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral("a")}, 1, 2); });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server.baseUrl().toString(), 8));
        scheduler.setSpendCap(1.0);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("p")}, {column(QStringLiteral("pricey"), 3)}, 1, {}));
        QVERIFY(finished.wait(5000));
        // Each retry spends another $0.3: $0.6 + $0.4 still fits, $0.9 + $0.4 does not.
        for (int attempt = 0; attempt < 2; ++attempt) {
            scheduler.retryCell(0);
            QVERIFY(finished.wait(5000));
            QCOMPARE(scheduler.result(0).status, CellStatus::Ok);
        }
        QCOMPARE(server.requestCount(), 3);
        scheduler.retryCell(0);
        QTRY_COMPARE(scheduler.result(0).status, CellStatus::Cancelled);
        QVERIFY(scheduler.result(0).error.contains(QLatin1String("spend cap")));
        QCOMPARE(server.requestCount(), 3);
    }

    void spendCapCountsWhatASavedRunSpent()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server.baseUrl().toString(), 8));
        scheduler.setSpendCap(1.0);
        const RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("a"), QStringLiteral("b")},
                                                  {column(QStringLiteral("pricey"), 3)}, 1, {});
        std::vector<CellResult> saved(2);
        saved[0].status = CellStatus::Ok;
        saved[0].costUsd = 0.9;
        saved[1].status = CellStatus::Error;
        scheduler.load(plan, saved);
        QCOMPARE(scheduler.spentUsd(), 0.9);
        scheduler.retryFailed(); // $0.9 + $0.4 would pass the cap
        QTRY_COMPARE(scheduler.result(1).status, CellStatus::Cancelled);
        QVERIFY(scheduler.result(1).error.contains(QLatin1String("spend cap")));
        QCOMPARE(server.requestCount(), 0);
    }

    void unpricedCellsAreSentUntilTheCapIsReached()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral("a")}, 7, 3); });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server.baseUrl().toString(), 1));
        scheduler.setSpendCap(0.5);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        // No price: nothing bounds them, every one is sent.
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                                             {column(QStringLiteral("unpriced"))}, 1, {}));
        QVERIFY(finished.wait(5000));
        QCOMPARE(server.requestCount(), 3);
        QCOMPARE(scheduler.counts().ok, 3);
        QCOMPARE(scheduler.spentUsd(), 0.0);
    }

    void zeroCapSendsOnlyWhatCostsNothing()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral("a")}, 7, 3); });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server.baseUrl().toString(), 1));
        scheduler.setSpendCap(0.0);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("a")},
                                             {column(QStringLiteral("m1")), column(QStringLiteral("unpriced"))}, 1, {}));
        QVERIFY(finished.wait(5000));
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(scheduler.result(0).status, CellStatus::Cancelled);
        QVERIFY(scheduler.result(0).error.contains(QLatin1String("spend cap of $0.00")));
        QCOMPARE(scheduler.result(1).status, CellStatus::Ok);
        // No cap at all sends the priced one too.
        scheduler.setSpendCap(std::nullopt);
        scheduler.retryCell(0);
        QVERIFY(finished.wait(5000));
        QCOMPARE(scheduler.result(0).status, CellStatus::Ok);
        QCOMPARE(server.requestCount(), 2);
    }

    void answerWithoutUsageCountsItsEstimate()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        // No usage chunk: the cost stays unknown, so the cap counts the $0.4 estimate.
        server.setHandler([](const RecordedRequest &) {
            FakeResponse response;
            response.chunks = {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n",
                               "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
                               "data: [DONE]\n\n"};
            return response;
        });
        Scheduler scheduler;
        scheduler.setProviders(registryFor(server.baseUrl().toString(), 1));
        scheduler.setSpendCap(1.0);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                                             {column(QStringLiteral("pricey"), 3)}, 1, {}));
        QVERIFY(finished.wait(5000));
        QCOMPARE(scheduler.result(0).status, CellStatus::Ok);
        QVERIFY(!scheduler.result(0).costUsd);
        QCOMPARE(server.requestCount(), 2);
        QVERIFY(qAbs(scheduler.spentUsd() - 0.8) < 1e-9);
        QCOMPARE(scheduler.result(2).status, CellStatus::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestCostEstimate)
#include "tst_cost_estimate.moc"
