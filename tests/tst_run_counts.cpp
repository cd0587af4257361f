// SPDX-License-Identifier: MIT
// The one wording of a run's cell counts: each state once, never a failed or cancelled cell
// among the answered ones, for the window's status bar and the CLI's progress line.
#include "RunCounts.h"

#include <QTest>

class TestRunCounts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eachStateOnce()
    {
        RunCounts counts;
        counts.ok = 8;
        counts.failed = 1;
        counts.cancelled = 1;
        QCOMPARE(counts.total(), 10);
        QCOMPARE(counts.done(), 10);
        QCOMPARE(counts.summary(), QStringLiteral("Answered 8 · Failed 1 · Cancelled 1 · Running 0 · Queued 0 · 10 cells"));

        counts = RunCounts();
        counts.queued = 3;
        counts.running = 2;
        counts.ok = 1;
        QCOMPARE(counts.summary(), QStringLiteral("Answered 1 · Failed 0 · Cancelled 0 · Running 2 · Queued 3 · 6 cells"));
        counts = RunCounts();
        counts.running = 1;
        QCOMPARE(counts.summary(), QStringLiteral("Answered 0 · Failed 0 · Cancelled 0 · Running 1 · Queued 0 · 1 cell"));
    }
};

QTEST_GUILESS_MAIN(TestRunCounts)
#include "tst_run_counts.moc"
