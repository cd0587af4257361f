// SPDX-License-Identifier: MIT
// The engine's limits: plan sizes counted before anything is allocated, the network pool's
// descriptor budget (HTTP/1.1 and h2c managers, idle managers freed for another host), and the
// process's descriptor count.
#include "Comparison.h"
#include "NetworkPool.h"
#include "PlanBuilder.h"
#include "PlanSize.h"
#include "ProcessLimits.h"
#include "RunPlan.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QTemporaryFile>
#include <QTest>
#include <QUrl>

#include <sys/resource.h>

class TestResourceLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void planSizeFromTheCounts()
    {
        const PlanSize small = PlanSize::of(QStringList{QStringLiteral("ab"), QStringLiteral("cde")}, QStringLiteral("s"), 2, 3);
        QCOMPARE(small.cells, 12);
        QCOMPARE(small.promptCharacters, (3 + 4) * 2 * 3);
        QVERIFY(!small.exceedsLimits());
        QVERIFY(small.excess().isEmpty());

        Comparison comparison;
        comparison.prompts.append({QString(), QStringLiteral("About {{x}}"), std::nullopt});
        QVERIFY(comparison.variables.addColumn(QStringLiteral("x")));
        for (int i = 0; i < 1000; ++i)
            comparison.variables.insertRow();
        comparison.models.append(ModelColumn());
        comparison.settings.repeats = 10'000;
        const PlanSize huge = PlanBuilder::sizeOf(comparison);
        QCOMPARE(huge.cells, 10'000'000);
        QVERIFY(huge.exceedsLimits());
        QCOMPARE(huge.excess(), QStringLiteral("10,000,000 cells (more than 100,000)"));

        // Exactly at the limit is fine; one more is not.
        QVERIFY(!PlanSize::of(100'000, 1, 1, 1).exceedsLimits());
        QVERIFY(PlanSize::of(100'001, 1, 1, 1).exceedsLimits());
        // Prompt text: 256 MiB over all cells.
        const PlanSize text = PlanSize::of(1, 1024 * 1024, 1, 257);
        QVERIFY(text.exceedsLimits());
        QVERIFY2(text.excess().contains(QLatin1String("257 MiB of prompt text")), qPrintable(text.excess()));
        // Overflow saturates instead of wrapping to a small number.
        const PlanSize absurd = PlanSize::of(std::numeric_limits<qint64>::max() / 2, 1, 4, 4);
        QVERIFY(absurd.exceedsLimits());
        QVERIFY(absurd.cells > 0);
    }

    void planSizeOfARenderedPlan()
    {
        RunPlan plan;
        plan.rows.append(RunRow{0, -1, QStringLiteral("12345"), QStringLiteral("sys"), QStringLiteral("#1"), {}});
        plan.columns = {ModelColumn(), ModelColumn()};
        plan.samples = 4;
        const PlanSize size = PlanSize::of(plan);
        QCOMPARE(size.cells, 8);
        QCOMPARE(size.promptCharacters, 8 * 8);
    }

    void poolKeepsWithinItsDescriptorBudget()
    {
        NetworkPool pool;
        const QUrl h1(QStringLiteral("http://127.0.0.1:1/v1"));
        const QUrl h2(QStringLiteral("http://127.0.0.1:2/v1"));
        QCOMPARE(NetworkPool::descriptorCost(h1, false), 7); // its thread's eventfd and 6 sockets
        QCOMPARE(NetworkPool::descriptorCost(h2, true), 2);  // one h2c connection
        QCOMPARE(NetworkPool::descriptorCost(QUrl(QStringLiteral("https://x.example/v1")), true), 7);
        pool.setDescriptorBudget(16);
        QList<QNetworkAccessManager *> taken;
        // Two HTTP/1.1 managers fit (14), a third does not.
        for (int i = 0; i < 12; ++i) {
            QVERIFY(pool.hasRoom(h1, false));
            taken.append(pool.acquire(h1, false));
            QVERIFY(taken.last());
        }
        QCOMPARE(pool.managerCount(), 2);
        QCOMPARE(pool.descriptorsCommitted(), 14);
        QVERIFY(!pool.hasRoom(h1, false));
        QCOMPARE(pool.acquire(h1, false), nullptr);
        // One h2c manager still fits (2 more), with its 100 streams.
        for (int i = 0; i < 100; ++i)
            QVERIFY(pool.acquire(h2, true));
        QCOMPARE(pool.descriptorsCommitted(), 16);
        QVERIFY(!pool.hasRoom(h2, true));
        // Releasing a slot makes room in that manager, not a new one.
        pool.release(taken.takeLast(), h1);
        QVERIFY(pool.hasRoom(h1, false));
        QVERIFY(pool.acquire(h1, false));
    }

    void idleManagerOfAnotherHostIsFreed()
    {
        NetworkPool pool;
        const QUrl a(QStringLiteral("http://127.0.0.1:1/v1"));
        const QUrl b(QStringLiteral("http://127.0.0.1:2/v1"));
        pool.setDescriptorBudget(7);
        QNetworkAccessManager *manager = pool.acquire(a, false);
        QVERIFY(manager);
        QVERIFY(!pool.hasRoom(b, false)); // a's manager still serves a request
        pool.release(manager, a);
        QVERIFY(pool.hasRoom(b, false)); // idle: freed for b
        QCOMPARE(pool.managerCount(), 0);
        QVERIFY(pool.acquire(b, false));
        QCOMPARE(pool.descriptorsCommitted(), 7);
    }

    void firstManagerIsAlwaysAllowed()
    {
        NetworkPool pool;
        pool.setDescriptorBudget(1);
        QVERIFY(pool.acquire(QUrl(QStringLiteral("http://127.0.0.1:1/v1")), false));
    }

    void descriptorsAreCounted()
    {
        const int before = ProcessLimits::openDescriptors();
        QVERIFY(before >= 3);
        QTemporaryFile file;
        QVERIFY(file.open());
        QCOMPARE(ProcessLimits::openDescriptors(), before + 1);
        // Soft raised to hard (or to the kernel's most when the hard limit is unlimited).
        const int raised = ProcessLimits::raiseOpenFilesLimit();
        rlimit limit = {};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &limit), 0);
        QCOMPARE(rlim_t(raised), limit.rlim_cur);
        if (limit.rlim_max != RLIM_INFINITY)
            QCOMPARE(limit.rlim_cur, limit.rlim_max);
        const int budget = ProcessLimits::requestDescriptorBudget(0);
        QVERIFY(budget > 0);
        QVERIFY(budget <= ProcessLimits::openFilesLimit() - before - ProcessLimits::reservedDescriptors() + 1 || budget == 1);
    }
};

QTEST_GUILESS_MAIN(TestResourceLimits)
#include "tst_resource_limits.moc"
