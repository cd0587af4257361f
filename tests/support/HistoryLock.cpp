// SPDX-License-Identifier: MIT
#include "HistoryLock.h"

#include <QSqlDatabase>
#include <QSqlQuery>

HistoryLock::HistoryLock(const QString &path)
    : m_name(QStringLiteral("history-lock-%1").arg(quintptr(this)))
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    db.setDatabaseName(path);
    m_locked = db.open() && QSqlQuery(db).exec(QStringLiteral("BEGIN IMMEDIATE"));
}

HistoryLock::~HistoryLock()
{
    release();
    QSqlDatabase::removeDatabase(m_name);
}

void HistoryLock::release()
{
    QSqlDatabase db = QSqlDatabase::database(m_name, false);
    if (m_locked)
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
    m_locked = false;
    db.close();
}
