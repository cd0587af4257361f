// SPDX-License-Identifier: MIT
#include "DeadlineQueue.h"

#include "ActiveRequest.h"

#include <algorithm>
#include <memory>
#include <vector>

DeadlineQueue::DeadlineQueue(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DeadlineQueue::fire);
}

DeadlineQueue::~DeadlineQueue()
{
    for (const auto &[at, request] : m_entries)
        request->m_queuedAtMs = -1;
}

void DeadlineQueue::schedule(ActiveRequest *request, qint64 atMs)
{
    if (request->m_queuedAtMs >= 0) {
        if (request->m_queuedAtMs <= atMs)
            return;
        m_entries.erase({request->m_queuedAtMs, request});
    }
    request->m_queuedAtMs = atMs;
    m_entries.emplace(atMs, request);
    if (m_armedFor < 0 || atMs < m_armedFor)
        rearm();
}

void DeadlineQueue::remove(ActiveRequest *request)
{
    if (request->m_queuedAtMs < 0)
        return;
    m_entries.erase({request->m_queuedAtMs, request});
    request->m_queuedAtMs = -1;
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
    m_armedFor = -1;
    const qint64 now = nowMs();
    // Take the due entries out first: visiting one may settle, destroy or re-schedule others.
    std::vector<std::weak_ptr<ActiveRequest>> due;
    while (!m_entries.empty() && m_entries.begin()->first <= now) {
        ActiveRequest *request = m_entries.begin()->second;
        m_entries.erase(m_entries.begin());
        request->m_queuedAtMs = -1;
        due.push_back(request->weak_from_this());
    }
    for (const auto &weak : due) {
        if (const auto request = weak.lock())
            request->onDeadline(now);
    }
    if (m_armedFor < 0)
        rearm();
}
