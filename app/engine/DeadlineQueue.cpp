// SPDX-License-Identifier: MIT
#include "DeadlineQueue.h"

#include "DeadlineClient.h"

#include <algorithm>
#include <memory>

namespace {
constexpr qint64 kBudgetNs = 4'000'000;
}

DeadlineQueue::DeadlineQueue(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    m_timer.setSingleShot(true);
    m_timer.setObjectName(QStringLiteral("DeadlineQueue"));
    connect(&m_timer, &QTimer::timeout, this, &DeadlineQueue::fire);
}

std::shared_ptr<DeadlineQueue> DeadlineQueue::create()
{
    return std::shared_ptr<DeadlineQueue>(new DeadlineQueue, [](DeadlineQueue *queue) { queue->deleteLater(); });
}

DeadlineQueue::~DeadlineQueue()
{
    for (const auto &[at, client] : m_entries)
        client->setQueuedAtMs(-1);
}

void DeadlineQueue::schedule(DeadlineClient *client, qint64 atMs)
{
    if (client->queuedAtMs() >= 0) {
        if (client->queuedAtMs() <= atMs)
            return;
        m_entries.erase({client->queuedAtMs(), client});
    }
    client->setQueuedAtMs(atMs);
    m_entries.emplace(atMs, client);
    if (m_armedFor < 0 || atMs < m_armedFor)
        rearm();
}

void DeadlineQueue::remove(DeadlineClient *client)
{
    if (client->queuedAtMs() < 0)
        return;
    m_entries.erase({client->queuedAtMs(), client});
    client->setQueuedAtMs(-1);
    // The timer stays armed; firing with nothing due only re-arms it.
}

void DeadlineQueue::rearm()
{
    if (m_entries.empty()) {
        m_timer.stop();
        m_armedFor = -1;
        return;
    }
    m_armedFor = m_entries.begin()->first;
    m_timer.start(int(std::clamp<qint64>(m_armedFor - nowMs(), 0, 24 * 3600 * 1000)));
}

void DeadlineQueue::fire()
{
    // A visited request may resume its coroutine here and end the run; whoever drops the last
    // other reference to this queue meanwhile must not free it under our feet.
    const auto self = weak_from_this().lock();
    if (!self)
        return; // every owner is gone; deleteLater() frees us on this turn
    m_armedFor = -1;
    const qint64 now = nowMs();
    // Visiting can be real work (a Demo chunk, a settled cell and everything listening to it),
    // and many deadlines fall due together; past a few milliseconds the rest waits for the next
    // event-loop turn, so that the window paints and reacts in between.
    QElapsedTimer budget;
    budget.start();
    while (!m_entries.empty() && m_entries.begin()->first <= now && budget.nsecsElapsed() < kBudgetNs) {
        DeadlineClient *client = m_entries.begin()->second;
        m_entries.erase(m_entries.begin());
        client->setQueuedAtMs(-1);
        // Visiting one request may settle, destroy or re-schedule others: look each one up anew.
        if (const auto strong = client->retainForVisit())
            client->onDeadline(now);
    }
    if (m_armedFor < 0)
        rearm();
}
