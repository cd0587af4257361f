// SPDX-License-Identifier: MIT
#include "NetworkPool.h"

#include <QNetworkAccessManager>

NetworkPool::NetworkPool(QObject *parent)
    : QObject(parent)
{
}

NetworkPool::~NetworkPool() = default;

QString NetworkPool::hostKey(const QUrl &url)
{
    return url.scheme() + QLatin1String("://") + url.host() + QLatin1Char(':')
        + QString::number(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
}

QNetworkAccessManager *NetworkPool::acquire(const QUrl &url, bool http2)
{
    HostGroup &group = m_groups[hostKey(url)];
    // HTTPS negotiates HTTP/2 by ALPN; plain http only with h2c prior knowledge.
    group.capacity = (http2 || url.scheme() == QLatin1String("https")) ? kHttp2PerManager : kHttp1PerManager;
    // Over TLS the server may still pick HTTP/1.1; Qt then queues inside the manager, which is
    // slower but correct.
    while (!group.withRoom.empty()) {
        const int index = group.withRoom.back();
        Slot &slot = group.entries[size_t(index)];
        if (slot.inUse < group.capacity) {
            if (++slot.inUse >= group.capacity)
                group.withRoom.pop_back();
            return slot.manager;
        }
        group.withRoom.pop_back();
    }
    auto *manager = new QNetworkAccessManager(this);
    manager->setAutoDeleteReplies(false);
    group.entries.push_back(Slot{manager, 1});
    const int index = int(group.entries.size() - 1);
    m_slotIndex.insert(manager, index);
    if (group.capacity > 1)
        group.withRoom.push_back(index);
    return manager;
}

void NetworkPool::release(QNetworkAccessManager *manager, const QUrl &url)
{
    auto groupIt = m_groups.find(hostKey(url));
    const auto indexIt = m_slotIndex.constFind(manager);
    if (groupIt == m_groups.end() || indexIt == m_slotIndex.constEnd())
        return;
    Slot &slot = groupIt->entries[size_t(*indexIt)];
    if (slot.inUse-- >= groupIt->capacity)
        groupIt->withRoom.push_back(*indexIt);
}

int NetworkPool::managerCount() const
{
    return int(m_slotIndex.size());
}
