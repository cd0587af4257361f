// SPDX-License-Identifier: MIT
#include "HistoryDamage.h"

#include "FakeLlmServer.h"
#include "PlanBuilder.h"
#include "RunSession.h"
#include "Scheduler.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>

namespace HistoryDamage {

bool writeRuns(const QString &path, const FakeLlmServer &server, const QStringList &prompts)
{
    QString error;
    const auto registry = ProviderRegistry::fromJson(
        QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1"}]})")
            .arg(server.baseUrl().toString())
            .toUtf8(),
        &error);
    if (!registry)
        return false;
    ModelColumn column;
    column.provider = QStringLiteral("local");
    column.model = QStringLiteral("m");
    for (const QString &prompt : prompts) {
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(*registry);
        if (!session.openHistory(path, nullptr, HistoryDatabase::Check::Now))
            return false;
        QSignalSpy finished(session.scheduler(), &Scheduler::runFinished);
        session.start(PlanBuilder::fromPrompts({prompt, prompt + QStringLiteral(" again")}, {column}, 1, {}));
        if (!finished.wait(10000))
            return false;
    }
    return true;
}

QByteArray garbleCellsPage(const QString &path)
{
    const QString connection = QStringLiteral("history-damage-probe");
    int page = 0;
    int pageSize = 0;
    {
        QSqlDatabase probe = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        probe.setDatabaseName(path);
        if (probe.open()) {
            QSqlQuery query(probe);
            if (query.exec(QStringLiteral("SELECT rootpage FROM sqlite_master WHERE name = 'cells'")) && query.next())
                page = query.value(0).toInt();
            if (query.exec(QStringLiteral("PRAGMA page_size")) && query.next())
                pageSize = query.value(0).toInt();
        }
        probe.close();
    }
    QSqlDatabase::removeDatabase(connection);
    QFile file(path);
    if (page <= 1 || pageSize <= 0 || !file.open(QIODevice::ReadWrite))
        return {};
    file.seek(qint64(page - 1) * pageSize);
    QByteArray garbage;
    for (int i = 0; i < pageSize; ++i)
        garbage.append(char((i * 37 + 11) & 0xff));
    file.write(garbage);
    file.close();
    return readFile(path);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace HistoryDamage
