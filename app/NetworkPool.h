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

    /// A manager with room for one more request to \a url's host.
    QNetworkAccessManager *acquire(const QUrl &url, bool http2);
    /// Gives back the slot taken by acquire().
    void release(QNetworkAccessManager *manager, const QUrl &url);
    int managerCount() const;

    static constexpr int kHttp1PerManager = 6;
    static constexpr int kHttp2PerManager = 100;

private:
    struct Slot {
        QNetworkAccessManager *manager;
        int inUse;
    };
    struct HostGroup {
        std::vector<Slot> entries;
        std::vector<int> withRoom; ///< indices of slots below capacity (a free list)
        int capacity = kHttp1PerManager;
    };
    static QString hostKey(const QUrl &url);

    QHash<QString, HostGroup> m_groups;
    QHash<QNetworkAccessManager *, int> m_slotIndex;
};
