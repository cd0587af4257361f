// SPDX-License-Identifier: MIT
#include "NetworkPool.h"

#include "ProcessLimits.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

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

int NetworkPool::capacityFor(const QUrl &url, bool http2)
{
    // HTTPS negotiates HTTP/2 by ALPN; plain http only with h2c prior knowledge.
    return (http2 || url.scheme() == QLatin1String("https")) ? kHttp2PerManager : kHttp1PerManager;
}

int NetworkPool::descriptorCost(const QUrl &url, bool http2)
{
    // h2c multiplexes on one connection; HTTP/1.1 opens up to 6, and so may HTTPS when the
    // server picks HTTP/1.1 by ALPN.
    const bool oneConnection = http2 && url.scheme() != QLatin1String("https");
    return ProcessLimits::kDescriptorsPerThread + (oneConnection ? 1 : kHttp1PerManager);
}

bool NetworkPool::fitsBudget(int cost) const
{
    return m_descriptorBudget <= 0 || m_slotIndex.isEmpty() || m_descriptorsCommitted + cost <= m_descriptorBudget;
}

bool NetworkPool::evictIdleManager()
{
    for (HostGroup &group : m_groups) {
        for (Slot &slot : group.entries) {
            if (!slot.manager || slot.inUse > 0)
                continue;
            // A reply still alive (its coroutine not yet resumed, or deleteLater pending) is a
            // child of the manager: deleting the manager now would free it under the coroutine.
            if (!slot.manager->findChildren<QNetworkReply *>(Qt::FindDirectChildrenOnly).isEmpty())
                continue;
            m_slotIndex.remove(slot.manager);
            slot.manager->deleteLater();
            slot.manager = nullptr;
            m_descriptorsCommitted -= slot.cost;
            return true;
        }
    }
    return false;
}

bool NetworkPool::hasRoom(const QUrl &url, bool http2)
{
    const auto it = m_groups.constFind(hostKey(url));
    if (it != m_groups.constEnd()) {
        for (const int index : it->withRoom) {
            const Slot &slot = it->entries[size_t(index)];
            if (slot.manager && slot.inUse < it->capacity)
                return true;
        }
    }
    const int cost = descriptorCost(url, http2);
    while (!fitsBudget(cost)) {
        if (!evictIdleManager())
            return false;
    }
    return true;
}

QNetworkAccessManager *NetworkPool::acquire(const QUrl &url, bool http2)
{
    HostGroup &group = m_groups[hostKey(url)];
    group.capacity = capacityFor(url, http2);
    // Over TLS the server may still pick HTTP/1.1; Qt then queues inside the manager, which is
    // slower but correct.
    while (!group.withRoom.empty()) {
        const int index = group.withRoom.back();
        Slot &slot = group.entries[size_t(index)];
        if (slot.manager && slot.inUse < group.capacity) {
            if (++slot.inUse >= group.capacity)
                group.withRoom.pop_back();
            return slot.manager;
        }
        group.withRoom.pop_back();
    }
    const int cost = descriptorCost(url, http2);
    if (!fitsBudget(cost))
        return nullptr;
    auto *manager = new QNetworkAccessManager(this);
    manager->setAutoDeleteReplies(false);
    m_descriptorsCommitted += cost;
    group.entries.push_back(Slot{manager, 1, cost});
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
