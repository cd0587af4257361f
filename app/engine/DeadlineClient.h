// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <memory>

/// What the DeadlineQueue knows of the requests it times: when one is due, and how to visit it.
/// A small interface, so that the queue needs no request's internals and a request includes
/// the queue, not the other way round.
class DeadlineClient
{
public:
    virtual ~DeadlineClient() = default;

    /// Called by the queue when this client's earliest deadline may have passed.
    virtual void onDeadline(qint64 nowMs) = 0;
    /// A strong reference for the length of one visit (a visit may end the client's last owner);
    /// empty when the client is already being destroyed.
    virtual std::shared_ptr<void> retainForVisit() = 0;

    /// The time this client is queued for, or -1. Written by the queue only: it is the key of the
    /// client's one entry there.
    qint64 queuedAtMs() const { return m_queuedAtMs; }
    void setQueuedAtMs(qint64 atMs) { m_queuedAtMs = atMs; }

private:
    qint64 m_queuedAtMs = -1;
};
