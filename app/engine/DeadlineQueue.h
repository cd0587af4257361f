// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <set>
#include <utility>

class DeadlineClient;

/// One timer for the deadlines of every request in flight (timeouts, retry back-off, Demo
/// pacing).
///
/// Qt 6.4 keeps a thread's timers in a list that it scans on every start and stop, and scans
/// again whenever an object moves between threads (as every QNetworkReply's delegate does). One
/// QTimer per request, plus one per read with a timeout, made each of those O(N) and a run of N
/// requests O(N^2): at N = 10,000 it was most of the engine's CPU. Here a request has at most one
/// entry, ordered by time, and a single QTimer is armed for the earliest one. A request whose
/// deadline moved later (the idle timeout after every chunk) is simply visited early and puts
/// itself back, so a chunk costs no timer operation at all.
class DeadlineQueue : public QObject, public std::enable_shared_from_this<DeadlineQueue>
{
    Q_OBJECT
public:
    explicit DeadlineQueue(QObject *parent = nullptr);
    ~DeadlineQueue() override;
    /// A queue whose last owner frees it on a later event-loop turn: the last owner may be a
    /// request ending inside the queue's own timer signal.
    static std::shared_ptr<DeadlineQueue> create();

    /// Milliseconds on the queue's monotonic clock.
    qint64 nowMs() const { return m_clock.elapsed(); }
    /// Visits \a client (DeadlineClient::onDeadline) no later than \a atMs; an earlier entry is
    /// kept, a later one replaced. The queue is always owned by a std::shared_ptr (the scheduler
    /// and every request hold one).
    void schedule(DeadlineClient *client, qint64 atMs);
    /// Forgets \a client (it settled or is being destroyed).
    void remove(DeadlineClient *client);
    int size() const { return int(m_entries.size()); }

private:
    void fire();
    void rearm();

    std::set<std::pair<qint64, DeadlineClient *>> m_entries;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_armedFor = -1;
};
