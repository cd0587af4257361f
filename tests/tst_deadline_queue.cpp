// SPDX-License-Identifier: MIT
// The shared deadline queue behind every request's timeouts and sleeps: many requests, one timer,
// deadlines kept in order, and a settled request leaves the queue at once.
#include "ActiveRequest.h"
#include "DeadlineQueue.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QTest>

#include <memory>
#include <vector>

namespace {
std::shared_ptr<ActiveRequest> makeRequest(int cell, const std::shared_ptr<DeadlineQueue> &queue, int totalTimeoutMs)
{
    RequestLimits limits;
    limits.totalTimeoutMs = totalTimeoutMs;
    ProviderConfig provider;
    provider.name = QStringLiteral("p");
    auto request = std::make_shared<ActiveRequest>(cell, CellSpec(), provider, QString(), limits, nullptr);
    request->setDeadlines(queue);
    return request;
}

QCoro::Task<> sleepThenRecord(std::shared_ptr<ActiveRequest> request, int ms, std::vector<int> *order, bool *woke)
{
    const bool fine = co_await request->sleep(ms);
    *woke = fine;
    order->push_back(request->cellId());
}
} // namespace

class TestDeadlineQueue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void thousandsOfTotalTimeoutsFireInOrder()
    {
        auto queue = DeadlineQueue::create();
        std::vector<std::shared_ptr<ActiveRequest>> requests;
        std::vector<int> settledOrder;
        constexpr int kCount = 3000;
        for (int i = 0; i < kCount; ++i) {
            // Three groups with different limits, interleaved.
            auto request = makeRequest(i, queue, 100 + (i % 3) * 100);
            connect(request.get(), &ActiveRequest::settled, this, [&settledOrder](int cell) { settledOrder.push_back(cell); });
            request->begin(CellResult());
            requests.push_back(request);
        }
        QCOMPARE(queue->size(), kCount);
        QElapsedTimer clock;
        clock.start();
        QTRY_COMPARE_WITH_TIMEOUT(int(settledOrder.size()), kCount, 5000);
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(queue->size(), 0);
        for (const auto &request : requests) {
            QCOMPARE(request->result().status, CellStatus::Timeout);
            QVERIFY(request->result().error.contains(QLatin1String("total time limit")));
        }
        // Every 100 ms request settled before any 200 ms one, and those before the 300 ms ones.
        for (int i = 1; i < kCount; ++i)
            QVERIFY(settledOrder[size_t(i - 1)] % 3 <= settledOrder[size_t(i)] % 3);
    }

    void sleepsWakeInDeadlineOrderAndSettleWakesEarly()
    {
        auto queue = DeadlineQueue::create();
        std::vector<int> order;
        bool woke[4] = {false, false, false, true};
        const int delays[4] = {120, 40, 80, 5000};
        std::vector<std::shared_ptr<ActiveRequest>> requests;
        for (int i = 0; i < 4; ++i) {
            requests.push_back(makeRequest(i, queue, 0));
            requests.back()->begin(CellResult());
            sleepThenRecord(requests.back(), delays[i], &order, &woke[i]);
        }
        QCOMPARE(queue->size(), 4);
        QElapsedTimer clock;
        clock.start();
        QTRY_COMPARE_WITH_TIMEOUT(int(order.size()), 3, 2000);
        QCOMPARE(order, (std::vector<int>{1, 2, 0}));
        QVERIFY(woke[0] && woke[1] && woke[2]);
        // The long sleeper ends as soon as its request settles, reporting it did not sleep out.
        requests[3]->cancel();
        QCOMPARE(queue->size(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(int(order.size()), 4, 1000);
        QVERIFY(!woke[3]);
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    }

    void queueOwnedOnlyByItsRequestsKeepsWorking()
    {
        // The scheduler may go first (its requests keep the queue); the last request then frees
        // the queue on a later turn, even from inside the queue's own timer signal.
        std::shared_ptr<ActiveRequest> request;
        {
            auto queue = DeadlineQueue::create();
            request = makeRequest(0, queue, 30);
            request->begin(CellResult());
        }
        QTRY_VERIFY_WITH_TIMEOUT(request->isSettled(), 1000);
        QCOMPARE(request->result().status, CellStatus::Timeout);
        request.reset();
        QTest::qWait(20);
    }

    void phaseDeadlineMovesLaterWithoutFiring()
    {
        auto queue = DeadlineQueue::create();
        RequestLimits limits;
        limits.totalTimeoutMs = 0;
        limits.idleTimeoutMs = 150;
        auto request = std::make_shared<ActiveRequest>(0, CellSpec(), ProviderConfig(), QString(), limits, nullptr);
        request->setDeadlines(queue);
        request->begin(CellResult());
        request->enterPhase(ActiveRequest::Phase::Streaming);
        // Data keeps arriving every 50 ms for 0.5 s: the 150 ms idle limit never fires.
        for (int i = 0; i < 10; ++i) {
            QTest::qWait(50);
            QVERIFY(!request->isSettled());
            request->enterPhase(ActiveRequest::Phase::Streaming);
        }
        QCOMPARE(queue->size(), 1);
        // Then silence: it times out as idle, mid-answer.
        QTRY_VERIFY_WITH_TIMEOUT(request->isSettled(), 1000);
        QCOMPARE(request->result().status, CellStatus::Timeout);
        QVERIFY2(request->result().error.contains(QLatin1String("idle")), qPrintable(request->result().error));
        QCOMPARE(queue->size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDeadlineQueue)
#include "tst_deadline_queue.moc"
