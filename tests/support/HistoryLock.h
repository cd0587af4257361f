// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// A second connection to a history file holding its write lock (BEGIN IMMEDIATE) until
/// released, as another PromptGrid writing the same file would.
class HistoryLock
{
public:
    explicit HistoryLock(const QString &path);
    ~HistoryLock();
    HistoryLock(const HistoryLock &) = delete;
    HistoryLock &operator=(const HistoryLock &) = delete;

    bool isLocked() const { return m_locked; }
    void release();

private:
    QString m_name;
    bool m_locked = false;
};
