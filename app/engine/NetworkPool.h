// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>

#include <vector>

class QNetworkAccessManager;

/// Hands out long-lived QNetworkAccessManagers so that no manager is given more requests
/// than it can start at once (Qt 6.4: 6 HTTP/1.1 connections per host, about 100 HTTP/2
/// streams). Waiting happens in the scheduler's queue, where it costs O(1), not inside Qt.
class NetworkPool : public QObject
{
    Q_OBJECT
public:
    explicit NetworkPool(QObject *parent = nullptr);
    ~NetworkPool() override;

    /// A manager with room for one more request to \a url's host; nullptr when that would need
    /// a new manager and the descriptor budget has no room for one (see hasRoom()).
    QNetworkAccessManager *acquire(const QUrl &url, bool http2);
    /// Whether acquire() would succeed now. When the budget is spent, frees an idle manager of
    /// another host (one with no request and no reply left) to make room.
    bool hasRoom(const QUrl &url, bool http2);
    /// Gives back the slot taken by acquire().
    void release(QNetworkAccessManager *manager, const QUrl &url);
    int managerCount() const;

    /// Caps the descriptors the managers may hold: one HTTP thread each, plus their sockets
    /// (6 for HTTP/1.1 and HTTPS, which may fall back to it; 1 for h2c). 0 = no cap. The first
    /// manager is always allowed, so that a run can go on under any limit.
    void setDescriptorBudget(int descriptors) { m_descriptorBudget = descriptors; }
    int descriptorBudget() const { return m_descriptorBudget; }
    /// What the managers may hold now, by the same count.
    int descriptorsCommitted() const { return m_descriptorsCommitted; }
    static int descriptorCost(const QUrl &url, bool http2);

    static constexpr int kHttp1PerManager = 6;
    static constexpr int kHttp2PerManager = 100;

private:
    struct Slot {
        QNetworkAccessManager *manager; ///< nullptr once evicted
        int inUse;
        int cost; ///< descriptors it may hold
    };
    struct HostGroup {
        std::vector<Slot> entries;
        std::vector<int> withRoom; ///< indices of slots below capacity (a free list)
        int capacity = kHttp1PerManager;
    };
    static QString hostKey(const QUrl &url);
    static int capacityFor(const QUrl &url, bool http2);
    bool fitsBudget(int cost) const;
    /// Deletes one manager that serves nothing (no request in use, no reply alive), if any.
    bool evictIdleManager();

    QHash<QString, HostGroup> m_groups;
    QHash<QNetworkAccessManager *, int> m_slotIndex;
    int m_descriptorBudget = 0;
    int m_descriptorsCommitted = 0;
};
