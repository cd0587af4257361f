// SPDX-License-Identifier: MIT
#include "HistoryStore.h"

#include "Scheduler.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace {
constexpr int kSchemaVersion = 1;

QVariant optionalValue(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>());
}

std::optional<qint64> optionalInt(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toLongLong();
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime timeFromText(const QString &text)
{
    if (text.isEmpty())
        return {};
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time.toUTC();
}

// The kernel's start time of \a pid (clock ticks since boot), so that a reused pid is not
// taken for the process that wrote a run. Empty when it cannot be read.
QByteArray processStartTime(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return {};
    const QByteArray line = stat.readAll();
    const qsizetype paren = line.lastIndexOf(')');
    if (paren < 0)
        return {};
    // Field 22 (starttime); the fields after the command name start at field 3.
    const QList<QByteArray> fields = line.mid(paren + 2).split(' ');
    return fields.value(22 - 3);
}

QString processToken(qint64 pid)
{
    return QString::number(pid) + QLatin1Char(':') + QString::fromLatin1(processStartTime(pid));
}

bool processAlive(const QString &token)
{
    const qint64 pid = token.section(QLatin1Char(':'), 0, 0).toLongLong();
    if (pid <= 0)
        return false;
    const QString started = token.section(QLatin1Char(':'), 1);
    if (::kill(pid_t(pid), 0) != 0 && errno != EPERM)
        return false;
    // Alive, but is it the same process? Without /proc we cannot tell and assume it is.
    const QByteArray now = processStartTime(pid);
    return started.isEmpty() || now.isEmpty() || now == started.toLatin1();
}
} // namespace

HistoryStore::HistoryStore(QObject *parent)
    : QObject(parent)
{
    m_urgentTimer.setSingleShot(true);
    m_urgentTimer.setInterval(0);
    connect(&m_urgentTimer, &QTimer::timeout, this, [this] {
        QList<int> cells(m_urgent.begin(), m_urgent.end());
        m_urgent.clear();
        std::sort(cells.begin(), cells.end());
        writeCells(cells);
    });
    m_checkpointTimer.setInterval(1000);
    connect(&m_checkpointTimer, &QTimer::timeout, this, [this] {
        if (m_checkpoint.isEmpty()) {
            m_checkpointTimer.stop();
            return;
        }
        QList<int> cells(m_checkpoint.begin(), m_checkpoint.end());
        m_checkpoint.clear();
        std::sort(cells.begin(), cells.end());
        writeCells(cells);
    });
}

HistoryStore::~HistoryStore()
{
    flush();
    close();
}

QString HistoryStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/history.sqlite");
}

bool HistoryStore::open(const QString &path, QString *error)
{
    close();
    m_path = path.isEmpty() ? defaultPath() : path;
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    const QString name = QStringLiteral("promptgrid-history-%1").arg(quintptr(this), 0, 16);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            m_lastError = QStringLiteral("cannot open history %1: %2").arg(m_path, db.lastError().text());
            if (error)
                *error = m_lastError;
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return false;
        }
    }
    m_connection = name;
    // WAL: readers never block the writer. synchronous=NORMAL: a commit survives the process
    // being killed (the OS has it); only a power cut may lose the last commits.
    const bool ok = exec(QStringLiteral("PRAGMA journal_mode=WAL")) && exec(QStringLiteral("PRAGMA synchronous=NORMAL"))
        && exec(QStringLiteral("CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, "
                               "title TEXT, plan TEXT NOT NULL, cell_count INTEGER NOT NULL, owner TEXT)"))
        && exec(QStringLiteral("CREATE TABLE IF NOT EXISTS cells (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, "
                               "cell INTEGER NOT NULL, row INTEGER, col INTEGER, sample INTEGER, status TEXT NOT NULL, "
                               "text TEXT, reasoning TEXT, error TEXT, http_status INTEGER, queue_wait_ms INTEGER, "
                               "ttft_ms INTEGER, latency_ms INTEGER, input_tokens INTEGER, output_tokens INTEGER, "
                               "finish_reason TEXT, cost_usd REAL, attempts INTEGER, started_at TEXT, finished_at TEXT, "
                               "PRIMARY KEY (run_id, cell))"))
        && exec(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion));
    if (!ok) {
        if (error)
            *error = m_lastError;
        close();
        return false;
    }
    m_interruptedOnOpen = markInterrupted();
    return true;
}

void HistoryStore::close()
{
    if (m_connection.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
    m_connection.clear();
}

bool HistoryStore::exec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(sql)) {
        m_lastError = QStringLiteral("history %1: %2").arg(m_path, query.lastError().text());
        return false;
    }
    return true;
}

int HistoryStore::markInterrupted()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery runs(db);
    if (!runs.exec(QStringLiteral("SELECT DISTINCT r.id, r.owner FROM runs r JOIN cells c ON c.run_id = r.id "
                                  "WHERE c.status IN ('queued', 'running')")))
        return 0;
    QList<qint64> dead;
    while (runs.next()) {
        // A run still going in another live process (a second window, a CLI run) is left alone.
        if (!processAlive(runs.value(1).toString()))
            dead.append(runs.value(0).toLongLong());
    }
    int marked = 0;
    db.transaction();
    QSqlQuery update(db);
    update.prepare(QStringLiteral("UPDATE cells SET status = 'interrupted', error = CASE WHEN error IS NULL OR error = '' "
                                  "THEN 'interrupted: the program ended before this cell finished' ELSE error END "
                                  "WHERE run_id = ? AND status IN ('queued', 'running')"));
    for (qint64 id : dead) {
        update.addBindValue(id);
        if (update.exec())
            marked += update.numRowsAffected();
    }
    db.commit();
    return marked;
}

void HistoryStore::attach(Scheduler *scheduler)
{
    detach();
    m_scheduler = scheduler;
    if (!scheduler)
        return;
    connect(scheduler, &Scheduler::planReset, this, &HistoryStore::onPlanReset);
    connect(scheduler, &Scheduler::cellStarted, this, &HistoryStore::onCellStarted);
    connect(scheduler, &Scheduler::cellFinished, this, &HistoryStore::onCellFinished);
    connect(scheduler, &Scheduler::cellsChanged, this, &HistoryStore::onCellsChanged);
    connect(scheduler, &QObject::destroyed, this, [this] {
        // The scheduler's cells are gone: what is pending cannot be read any more.
        m_urgent.clear();
        m_checkpoint.clear();
        m_runId = 0;
    });
}

void HistoryStore::detach()
{
    flush();
    if (m_scheduler)
        m_scheduler->disconnect(this);
    m_scheduler = nullptr;
    m_runId = 0;
}

void HistoryStore::onPlanReset()
{
    // Cells of the previous plan are gone; what was not written yet cannot be read any more.
    m_urgent.clear();
    m_checkpoint.clear();
    m_runId = m_restoringRunId;
}

void HistoryStore::onCellStarted(int cell)
{
    m_checkpoint.remove(cell);
    m_urgent.insert(cell);
    scheduleFinalWrite();
}

void HistoryStore::onCellFinished(int cell)
{
    m_checkpoint.remove(cell);
    m_urgent.insert(cell);
    scheduleFinalWrite();
}

void HistoryStore::onCellsChanged(const QList<int> &cells)
{
    if (!m_scheduler || m_runId == 0)
        return;
    for (int cell : cells) {
        if (cell < m_scheduler->cellCount() && m_scheduler->result(cell).status == CellStatus::Running
            && !m_urgent.contains(cell))
            m_checkpoint.insert(cell);
    }
    if (!m_checkpoint.isEmpty() && !m_checkpointTimer.isActive())
        m_checkpointTimer.start();
}

void HistoryStore::scheduleFinalWrite()
{
    if (!m_urgentTimer.isActive())
        m_urgentTimer.start();
}

void HistoryStore::flush()
{
    m_urgentTimer.stop();
    QSet<int> all = m_urgent;
    all.unite(m_checkpoint);
    m_urgent.clear();
    m_checkpoint.clear();
    if (all.isEmpty())
        return;
    QList<int> cells(all.begin(), all.end());
    std::sort(cells.begin(), cells.end());
    writeCells(cells);
}

bool HistoryStore::ensureRun()
{
    if (m_runId != 0)
        return true;
    if (!m_scheduler || !isOpen())
        return false;
    const RunPlan &plan = m_scheduler->plan();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO runs (created, title, plan, cell_count, owner) VALUES (?, ?, ?, ?, ?)"));
    insert.addBindValue(timeText(QDateTime::currentDateTimeUtc()));
    const QString first = plan.rows.isEmpty() ? QString() : plan.rows.first().prompt.simplified();
    insert.addBindValue(first.left(120));
    insert.addBindValue(QString::fromUtf8(plan.toJson()));
    insert.addBindValue(m_scheduler->cellCount());
    insert.addBindValue(processToken(qint64(getpid())));
    if (!insert.exec()) {
        m_lastError = QStringLiteral("history %1: %2").arg(m_path, insert.lastError().text());
        return false;
    }
    m_runId = insert.lastInsertId().toLongLong();
    // Every cell gets a row at once, so that a crash before a cell starts still shows it.
    QList<int> all;
    all.reserve(m_scheduler->cellCount());
    for (int cell = 0; cell < m_scheduler->cellCount(); ++cell)
        all.append(cell);
    return writeCells(all);
}

bool HistoryStore::writeCells(const QList<int> &cells)
{
    if (cells.isEmpty() || !m_scheduler || !isOpen())
        return false;
    if (m_runId == 0) {
        // ensureRun() writes every cell, these included.
        const bool created = ensureRun();
        if (created)
            Q_EMIT runsChanged();
        return created;
    }
    QElapsedTimer clock;
    clock.start();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO cells (run_id, cell, row, col, sample, status, text, reasoning, "
                                 "error, http_status, queue_wait_ms, ttft_ms, latency_ms, input_tokens, output_tokens, "
                                 "finish_reason, cost_usd, attempts, started_at, finished_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    bool ok = true;
    bool anyFinal = false;
    for (int cell : cells) {
        if (cell < 0 || cell >= m_scheduler->cellCount())
            continue;
        const CellSpec &spec = m_scheduler->spec(cell);
        const CellResult &r = m_scheduler->result(cell);
        anyFinal = anyFinal || isFinalStatus(r.status);
        query.addBindValue(m_runId);
        query.addBindValue(cell);
        query.addBindValue(spec.row);
        query.addBindValue(spec.column);
        query.addBindValue(spec.sample);
        query.addBindValue(cellStatusName(r.status));
        query.addBindValue(r.text);
        query.addBindValue(r.reasoning);
        query.addBindValue(r.error);
        query.addBindValue(r.httpStatus);
        query.addBindValue(optionalValue(r.queueWaitMs));
        query.addBindValue(optionalValue(r.ttftMs));
        query.addBindValue(optionalValue(r.latencyMs));
        query.addBindValue(optionalValue(r.inputTokens));
        query.addBindValue(optionalValue(r.outputTokens));
        query.addBindValue(r.finishReason);
        query.addBindValue(r.costUsd ? QVariant(*r.costUsd) : QVariant(QMetaType::fromType<double>()));
        query.addBindValue(r.attempts);
        query.addBindValue(timeText(r.startedAt));
        query.addBindValue(timeText(r.finishedAt));
        if (!query.exec()) {
            m_lastError = QStringLiteral("history %1: %2").arg(m_path, query.lastError().text());
            ok = false;
            break;
        }
    }
    if (ok)
        ok = db.commit();
    else
        db.rollback();
    if (ok)
        ++m_writeTransactions;
    m_longestWriteMs = std::max(m_longestWriteMs, clock.elapsed());
    if (ok && anyFinal)
        Q_EMIT runsChanged();
    return ok;
}

QList<HistoryRunInfo> HistoryStore::runs() const
{
    QList<HistoryRunInfo> list;
    if (!isOpen())
        return list;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(QStringLiteral(
            "SELECT r.id, r.created, r.title, r.plan, r.cell_count, "
            "SUM(c.status = 'ok'), SUM(c.status IN ('error', 'timeout', 'incomplete')), SUM(c.status = 'cancelled'), "
            "SUM(c.status = 'interrupted'), SUM(c.status IN ('queued', 'running')) "
            "FROM runs r LEFT JOIN cells c ON c.run_id = r.id GROUP BY r.id ORDER BY r.id DESC")))
        return list;
    while (query.next()) {
        HistoryRunInfo info;
        info.id = query.value(0).toLongLong();
        info.created = timeFromText(query.value(1).toString());
        info.title = query.value(2).toString();
        QString ignored;
        if (const auto plan = RunPlan::fromJson(query.value(3).toByteArray(), &ignored)) {
            info.rows = int(plan->rows.size());
            info.columns = int(plan->columns.size());
            info.samples = plan->samples;
        }
        info.cells = query.value(4).toInt();
        info.ok = query.value(5).toInt();
        info.failed = query.value(6).toInt();
        info.cancelled = query.value(7).toInt();
        info.interrupted = query.value(8).toInt();
        info.unfinished = query.value(9).toInt();
        list.append(info);
    }
    return list;
}

bool HistoryStore::loadRun(qint64 runId, RunPlan *plan, std::vector<CellResult> *results, QString *error) const
{
    QString message;
    const auto fail = [&](const QString &text) {
        if (error)
            *error = text;
        return false;
    };
    if (!isOpen())
        return fail(QStringLiteral("the history database is not open"));
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery run(db);
    run.prepare(QStringLiteral("SELECT plan, cell_count FROM runs WHERE id = ?"));
    run.addBindValue(runId);
    if (!run.exec() || !run.next())
        return fail(QStringLiteral("run %1 is not in the history").arg(runId));
    auto parsed = RunPlan::fromJson(run.value(0).toByteArray(), &message);
    if (!parsed)
        return fail(QStringLiteral("run %1: %2").arg(runId).arg(message));
    const int count = int(parsed->cellCount());
    results->assign(size_t(count), CellResult());
    for (CellResult &r : *results)
        r.status = CellStatus::Interrupted;
    QSqlQuery cells(db);
    cells.prepare(QStringLiteral("SELECT cell, status, text, reasoning, error, http_status, queue_wait_ms, ttft_ms, "
                                 "latency_ms, input_tokens, output_tokens, finish_reason, cost_usd, attempts, started_at, "
                                 "finished_at FROM cells WHERE run_id = ? ORDER BY cell"));
    cells.addBindValue(runId);
    if (!cells.exec())
        return fail(QStringLiteral("run %1: %2").arg(runId).arg(cells.lastError().text()));
    while (cells.next()) {
        const int cell = cells.value(0).toInt();
        if (cell < 0 || cell >= count)
            continue;
        CellResult &r = (*results)[size_t(cell)];
        if (!cellStatusFromName(cells.value(1).toString(), &r.status))
            r.status = CellStatus::Interrupted;
        r.text = cells.value(2).toString();
        r.reasoning = cells.value(3).toString();
        r.error = cells.value(4).toString();
        r.httpStatus = cells.value(5).toInt();
        r.queueWaitMs = optionalInt(cells.value(6));
        r.ttftMs = optionalInt(cells.value(7));
        r.latencyMs = optionalInt(cells.value(8));
        r.inputTokens = optionalInt(cells.value(9));
        r.outputTokens = optionalInt(cells.value(10));
        r.finishReason = cells.value(11).toString();
        if (!cells.value(12).isNull())
            r.costUsd = cells.value(12).toDouble();
        r.attempts = cells.value(13).toInt();
        r.startedAt = timeFromText(cells.value(14).toString());
        r.finishedAt = timeFromText(cells.value(15).toString());
    }
    *plan = *parsed;
    return true;
}

bool HistoryStore::restore(qint64 runId, QString *error)
{
    if (!m_scheduler) {
        if (error)
            *error = QStringLiteral("no scheduler attached");
        return false;
    }
    RunPlan plan;
    std::vector<CellResult> results;
    if (!loadRun(runId, &plan, &results, error))
        return false;
    flush();
    m_restoringRunId = runId;
    m_scheduler->load(plan, results);
    m_restoringRunId = 0;
    return true;
}

bool HistoryStore::removeRun(qint64 runId)
{
    if (!isOpen())
        return false;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    QSqlQuery query(db);
    query.prepare(QStringLiteral("DELETE FROM cells WHERE run_id = ?"));
    query.addBindValue(runId);
    bool ok = query.exec();
    query.prepare(QStringLiteral("DELETE FROM runs WHERE id = ?"));
    query.addBindValue(runId);
    ok = ok && query.exec() && query.numRowsAffected() == 1;
    ok = ok ? db.commit() : (db.rollback(), false);
    if (ok) {
        if (m_runId == runId)
            m_runId = 0;
        Q_EMIT runsChanged();
    }
    return ok;
}
