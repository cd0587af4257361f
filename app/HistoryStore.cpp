// SPDX-License-Identifier: MIT
#include "HistoryStore.h"

#include "Scheduler.h"
#include "TextCodec.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>
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

enum class SqlFailure { Busy, Corrupt, Other };

SqlFailure sqlFailure(const QSqlError &error)
{
    // SQLite's (possibly extended) result code; the low byte is the primary one.
    const int code = error.nativeErrorCode().toInt() & 0xff;
    if (code == 5 || code == 6) // SQLITE_BUSY, SQLITE_LOCKED
        return SqlFailure::Busy;
    if (code == 11 || code == 26) // SQLITE_CORRUPT, SQLITE_NOTADB
        return SqlFailure::Corrupt;
    return SqlFailure::Other;
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
        if (!m_unsaved.isEmpty()) {
            // Writes are failing: wait for the next tick instead of trying (and waiting for a
            // lock) on every loop turn.
            const qsizetype before = m_unsaved.size();
            m_unsaved.unite(m_urgent);
            m_urgent.clear();
            if (m_problem != Problem::None && m_unsaved.size() != before)
                Q_EMIT problemChanged();
            retryLater();
            return;
        }
        QList<int> cells(m_urgent.begin(), m_urgent.end());
        m_urgent.clear();
        std::sort(cells.begin(), cells.end());
        writeCells(cells);
    });
    m_checkpointTimer.setInterval(1000);
    connect(&m_checkpointTimer, &QTimer::timeout, this, [this] {
        QSet<int> due = m_checkpoint;
        if (writable())
            due.unite(m_unsaved);
        m_checkpoint.clear();
        if (due.isEmpty()) {
            m_checkpointTimer.stop();
            return;
        }
        QList<int> cells(due.begin(), due.end());
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

bool HistoryStore::open(const QString &path, QString *error, Check check)
{
    close();
    m_path = path.isEmpty() ? defaultPath() : path;
    m_problem = Problem::None;
    m_problemDetail.clear();
    m_recovered = false;
    m_lockedFor.invalidate();
    const auto fail = [&](Problem problem, const QString &detail) {
        report(problem, detail);
        close();
        m_lastError = problemText();
        if (error)
            *error = m_lastError;
        return false;
    };
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    const QString name = QStringLiteral("promptgrid-history-%1").arg(quintptr(this), 0, 16);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_path);
        // Setting up may wait for another writer for the whole lock budget; writes later do not.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kLockBudgetMs));
        if (!db.open()) {
            const QString detail = db.lastError().text();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return fail(Problem::CannotOpen, detail);
        }
    }
    m_connection = name;
    if (check == Check::Now) {
        const QString damage = integrityProblem(m_path);
        if (!damage.isEmpty())
            return fail(Problem::Corrupt, damage);
    }
    int foundVersion = 0;
    {
        QSqlQuery version(QSqlDatabase::database(m_connection, false));
        if (!version.exec(QStringLiteral("PRAGMA user_version")) || !version.next())
            return fail(sqlFailure(version.lastError()) == SqlFailure::Corrupt ? Problem::Corrupt : Problem::CannotOpen,
                        version.lastError().databaseText());
        foundVersion = version.value(0).toInt();
        if (foundVersion > kSchemaVersion)
            return fail(Problem::CannotOpen, QStringLiteral("it was written by a newer PromptGrid (schema version %1, this one "
                                                            "reads %2)")
                                                 .arg(foundVersion)
                                                 .arg(kSchemaVersion));
    }
    // WAL: readers never block the writer. synchronous=NORMAL: a commit survives the process
    // being killed (the OS has it); only a power cut may lose the last commits.
    QStringList setup{
        QStringLiteral("PRAGMA journal_mode=WAL"), QStringLiteral("PRAGMA synchronous=NORMAL"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, "
                       "title TEXT, plan TEXT NOT NULL, cell_count INTEGER NOT NULL, owner TEXT)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS cells (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, "
                       "cell INTEGER NOT NULL, row INTEGER, col INTEGER, sample INTEGER, status TEXT NOT NULL, "
                       "text TEXT, reasoning TEXT, error TEXT, http_status INTEGER, queue_wait_ms INTEGER, "
                       "ttft_ms INTEGER, latency_ms INTEGER, input_tokens INTEGER, output_tokens INTEGER, "
                       "finish_reason TEXT, cost_usd REAL, attempts INTEGER, started_at TEXT, finished_at TEXT, "
                       "PRIMARY KEY (run_id, cell))")};
    // Written only when it differs: a sound file is changed only where a run needs it.
    if (foundVersion != kSchemaVersion)
        setup.append(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion));
    for (const QString &sql : setup) {
        QSqlQuery query(QSqlDatabase::database(m_connection, false));
        if (!query.exec(sql))
            return fail(sqlFailure(query.lastError()) == SqlFailure::Corrupt ? Problem::Corrupt : Problem::CannotOpen,
                        query.lastError().databaseText());
    }
    m_interruptedOnOpen = markInterrupted();
    exec(QStringLiteral("PRAGMA busy_timeout=%1").arg(kBusyTimeoutMs));
    if (check == Check::InBackground)
        startBackgroundCheck();
    return true;
}

QString HistoryStore::integrityProblem(const QString &path)
{
    static std::atomic<int> checks = 0;
    const QString name = QStringLiteral("promptgrid-history-check-%1").arg(++checks);
    QString damage;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        // A worker thread (or the CLI before its run) may wait for a writer a while.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kLockBudgetMs));
        if (db.open()) {
            QSqlQuery query(db);
            if (!query.exec(QStringLiteral("PRAGMA quick_check"))) {
                if (sqlFailure(query.lastError()) != SqlFailure::Busy)
                    damage = query.lastError().databaseText();
            } else {
                QStringList found;
                while (query.next()) {
                    // One line each, without the "*** in database main ***" header.
                    for (const QString &line : query.value(0).toString().split(QLatin1Char('\n'))) {
                        if (!line.trimmed().isEmpty() && !line.startsWith(QLatin1String("***")))
                            found.append(line.trimmed());
                    }
                }
                if (found != QStringList{QStringLiteral("ok")}) {
                    damage = QStringLiteral("quick_check: ") + found.mid(0, 3).join(QStringLiteral("; "));
                    if (found.size() > 3)
                        damage += QStringLiteral("; and %1 more").arg(found.size() - 3);
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return damage;
}

void HistoryStore::startBackgroundCheck()
{
    const int generation = ++m_checkGeneration;
    m_checking = true;
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, generation] {
        const QString damage = watcher->result();
        watcher->deleteLater();
        if (generation != m_checkGeneration)
            return; // closed or reopened meanwhile
        m_checking = false;
        if (!damage.isEmpty())
            report(Problem::Corrupt, damage);
        Q_EMIT integrityChecked(damage.isEmpty());
    });
    watcher->setFuture(QtConcurrent::run([path = m_path] { return integrityProblem(path); }));
}

void HistoryStore::close()
{
    ++m_checkGeneration;
    m_checking = false;
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
                                  "WHERE c.status IN ('queued', 'running')"))) {
        if (sqlFailure(runs.lastError()) == SqlFailure::Corrupt)
            report(Problem::Corrupt, runs.lastError().databaseText());
        return 0;
    }
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
    const QString what = QStringLiteral("marking the cells of an unfinished run interrupted: ");
    for (qint64 id : dead) {
        update.addBindValue(id);
        if (!update.exec()) {
            const QSqlError failure = update.lastError();
            db.rollback();
            report(sqlFailure(failure) == SqlFailure::Corrupt ? Problem::Corrupt : Problem::WriteFailed,
                   what + failure.databaseText());
            return 0;
        }
        marked += update.numRowsAffected();
    }
    if (!db.commit()) {
        const QString failure = db.lastError().databaseText();
        db.rollback();
        report(Problem::WriteFailed, what + failure);
        return 0;
    }
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
        m_lostCells += int(m_unsaved.size());
        m_unsaved.clear();
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
    if (!m_unsaved.isEmpty()) {
        m_lostCells += int(m_unsaved.size());
        m_unsaved.clear();
        Q_EMIT problemChanged();
    }
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
    all.unite(m_unsaved);
    m_urgent.clear();
    m_checkpoint.clear();
    if (all.isEmpty())
        return;
    QList<int> cells(all.begin(), all.end());
    std::sort(cells.begin(), cells.end());
    writeCells(cells);
}

void HistoryStore::flushWaiting()
{
    if (!writable() || (m_urgent.isEmpty() && m_checkpoint.isEmpty() && m_unsaved.isEmpty()))
        return;
    // The lock budget counts from the first write that found the lock, this one if none did.
    if (!m_lockedFor.isValid())
        m_lockedFor.start();
    const qint64 wait = std::max<qint64>(kBusyTimeoutMs, m_lockBudgetMs - m_lockedFor.elapsed());
    exec(QStringLiteral("PRAGMA busy_timeout=%1").arg(wait));
    flush();
    if (isOpen())
        exec(QStringLiteral("PRAGMA busy_timeout=%1").arg(kBusyTimeoutMs));
}

bool HistoryStore::writable() const
{
    return isOpen() && m_problem != Problem::Corrupt;
}

void HistoryStore::retryLater()
{
    if (writable() && !m_checkpointTimer.isActive())
        m_checkpointTimer.start();
}

void HistoryStore::report(Problem problem, const QString &detail)
{
    // A damaged file stays the headline: nothing else is tried on it.
    if (m_problem == Problem::Corrupt && problem != Problem::Corrupt)
        return;
    if (problem == m_problem && detail == m_problemDetail && !m_recovered)
        return;
    m_problem = problem;
    m_problemDetail = detail;
    m_recovered = false;
    if (problem == Problem::Corrupt)
        m_checkpointTimer.stop();
    Q_EMIT problemChanged();
}

void HistoryStore::writeFailed(const QList<int> &cells, const QSqlError &error)
{
    const qsizetype before = m_unsaved.size();
    if (m_runId == 0 && m_scheduler) {
        // Not even the run is in the file: every cell is unsaved.
        for (int cell = 0; cell < m_scheduler->cellCount(); ++cell)
            m_unsaved.insert(cell);
    }
    for (int cell : cells)
        m_unsaved.insert(cell);
    m_lastError = QStringLiteral("history %1: %2").arg(m_path, error.databaseText());
    switch (sqlFailure(error)) {
    case SqlFailure::Busy:
        if (!m_lockedFor.isValid())
            m_lockedFor.start();
        if (m_lockedFor.elapsed() >= m_lockBudgetMs) {
            report(Problem::Locked, error.databaseText());
            break;
        }
        if (m_problem != Problem::None && m_unsaved.size() != before)
            Q_EMIT problemChanged();
        break;
    case SqlFailure::Corrupt:
        report(Problem::Corrupt, error.databaseText());
        break;
    case SqlFailure::Other:
        if (m_problem == Problem::WriteFailed && m_problemDetail == error.databaseText() && m_unsaved.size() != before)
            Q_EMIT problemChanged();
        report(Problem::WriteFailed, error.databaseText());
        break;
    }
    retryLater();
}

void HistoryStore::writeSucceeded(const QList<int> &cells)
{
    m_lockedFor.invalidate();
    if (m_unsaved.isEmpty())
        return;
    for (int cell : cells)
        m_unsaved.remove(cell);
    if (m_problem == Problem::None)
        return;
    if (m_unsaved.isEmpty() && (m_problem == Problem::WriteFailed || m_problem == Problem::Locked))
        m_recovered = true;
    Q_EMIT problemChanged();
}

QString HistoryStore::problemText() const
{
    const QString file = QDir::toNativeSeparators(m_path);
    QString text;
    switch (m_problem) {
    case Problem::None:
        return {};
    case Problem::CannotOpen:
        text = QStringLiteral("The run history %1 cannot be used: %2. Runs are not saved to it.").arg(file, m_problemDetail);
        break;
    case Problem::Corrupt:
        text = QStringLiteral("The run history %1 is damaged (%2). PromptGrid no longer writes to it, so what it holds "
                              "stays as it is; runs are not saved to it.")
                   .arg(file, m_problemDetail);
        break;
    case Problem::WriteFailed:
        text = QStringLiteral("Could not save to the run history %1: %2.").arg(file, m_problemDetail);
        break;
    case Problem::Locked:
        text = QStringLiteral("The run history %1 was locked by another program for more than %2 s (%3).")
                   .arg(file, QString::number(m_lockBudgetMs / 1000.0, 'g', 3), m_problemDetail);
        break;
    }
    if (m_recovered) {
        text += QStringLiteral(" Everything has been saved since.");
    } else if (!m_unsaved.isEmpty()) {
        text += QStringLiteral(" %1 cell(s) of this run are not saved in it; their answers are kept in memory and in "
                               "the exports")
                    .arg(m_unsaved.size());
        text += writable() ? QStringLiteral(", and saving them is tried again every second.") : QStringLiteral(".");
    }
    if (m_lostCells > 0)
        text += QStringLiteral(" %1 cell(s) of earlier runs were never saved.").arg(m_lostCells);
    return text;
}

bool HistoryStore::startOver(QString *movedTo, QString *error)
{
    close();
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString aside = m_path + QStringLiteral(".damaged-") + stamp;
    for (int n = 2; QFile::exists(aside); ++n)
        aside = m_path + QStringLiteral(".damaged-%1-%2").arg(stamp).arg(n);
    // The -wal and -shm files go along: left behind, SQLite would apply the old log to the new file.
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        if (QFile::exists(m_path + suffix) && !QFile::rename(m_path + suffix, aside + suffix)) {
            *error = QStringLiteral("cannot rename %1 to %2").arg(m_path + suffix, aside + suffix);
            return false;
        }
    }
    *movedTo = aside;
    m_runId = 0;
    m_lostCells = 0;
    if (!open(m_path, error, Check::Now))
        return false;
    // The current run (its plan and every cell) goes into the new file.
    m_unsaved.clear();
    if (m_scheduler && m_scheduler->cellCount() > 0) {
        QList<int> cells;
        for (int cell = 0; cell < m_scheduler->cellCount(); ++cell)
            cells.append(cell);
        writeCells(cells);
    }
    Q_EMIT problemChanged();
    return true;
}

bool HistoryStore::ensureRun()
{
    if (m_runId != 0)
        return true;
    if (!m_scheduler || !writable())
        return false;
    const RunPlan &plan = m_scheduler->plan();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO runs (created, title, plan, cell_count, owner) VALUES (?, ?, ?, ?, ?)"));
    insert.addBindValue(timeText(QDateTime::currentDateTimeUtc()));
    const QString first = plan.rows.isEmpty() ? QString() : plan.rows.first().prompt.simplified();
    insert.addBindValue(TextCodec::withoutLoneSurrogates(first.left(120)));
    insert.addBindValue(QString::fromUtf8(plan.toJson()));
    insert.addBindValue(m_scheduler->cellCount());
    insert.addBindValue(processToken(qint64(getpid())));
    if (!insert.exec()) {
        writeFailed({}, insert.lastError());
        return false;
    }
    m_runId = insert.lastInsertId().toLongLong();
    // Every cell gets a row at once, so that a crash before a cell starts still shows it.
    QList<int> all;
    all.reserve(m_scheduler->cellCount());
    for (int cell = 0; cell < m_scheduler->cellCount(); ++cell)
        all.append(cell);
    writeCells(all);
    return true;
}

bool HistoryStore::writeCells(const QList<int> &cells)
{
    if (cells.isEmpty() || !m_scheduler)
        return false;
    if (!writable()) {
        // Kept for the count of what is not saved, and for a new file (startOver()).
        const qsizetype before = m_unsaved.size();
        for (int cell : cells)
            m_unsaved.insert(cell);
        if (m_unsaved.size() != before)
            Q_EMIT problemChanged();
        return false;
    }
    if (m_runId == 0) {
        // ensureRun() writes every cell, these included.
        const bool created = ensureRun();
        if (created)
            Q_EMIT runsChanged();
        return created && m_unsaved.isEmpty();
    }
    QElapsedTimer clock;
    clock.start();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const auto failed = [&](const QSqlError &error) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        m_longestWriteMs = std::max(m_longestWriteMs, clock.elapsed());
        writeFailed(cells, error);
        return false;
    };
    // BEGIN IMMEDIATE takes the write lock at once (or fails after the busy timeout), so a
    // lock never surfaces half-way through the batch. Plain queries, not QSqlDatabase's
    // transaction(), so that a failed COMMIT keeps SQLite's error code.
    QSqlQuery begin(db);
    if (!begin.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return failed(begin.lastError());
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO cells (run_id, cell, row, col, sample, status, text, reasoning, "
                                 "error, http_status, queue_wait_ms, ttft_ms, latency_ms, input_tokens, output_tokens, "
                                 "finish_reason, cost_usd, attempts, started_at, finished_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
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
        // SQLite would fold a lone surrogate into its neighbour: U+FFFD, as in every writer.
        query.addBindValue(TextCodec::withoutLoneSurrogates(r.text));
        query.addBindValue(TextCodec::withoutLoneSurrogates(r.reasoning));
        query.addBindValue(TextCodec::withoutLoneSurrogates(r.error));
        query.addBindValue(r.httpStatus);
        query.addBindValue(optionalValue(r.queueWaitMs));
        query.addBindValue(optionalValue(r.ttftMs));
        query.addBindValue(optionalValue(r.latencyMs));
        query.addBindValue(optionalValue(r.inputTokens));
        query.addBindValue(optionalValue(r.outputTokens));
        query.addBindValue(TextCodec::withoutLoneSurrogates(r.finishReason));
        query.addBindValue(r.costUsd ? QVariant(*r.costUsd) : QVariant(QMetaType::fromType<double>()));
        query.addBindValue(r.attempts);
        query.addBindValue(timeText(r.startedAt));
        query.addBindValue(timeText(r.finishedAt));
        if (!query.exec())
            return failed(query.lastError());
    }
    query.finish();
    QSqlQuery commit(db);
    if (!commit.exec(QStringLiteral("COMMIT")))
        return failed(commit.lastError());
    ++m_writeTransactions;
    m_longestWriteMs = std::max(m_longestWriteMs, clock.elapsed());
    writeSucceeded(cells);
    if (anyFinal)
        Q_EMIT runsChanged();
    return true;
}

QList<HistoryRunInfo> HistoryStore::runs(QString *error) const
{
    QList<HistoryRunInfo> list;
    if (!isOpen())
        return list;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(QStringLiteral(
            "SELECT r.id, r.created, r.title, r.plan, r.cell_count, "
            "SUM(c.status = 'ok'), SUM(c.status IN ('error', 'timeout', 'incomplete')), SUM(c.status = 'cancelled'), "
            "SUM(c.status = 'interrupted'), SUM(c.status IN ('queued', 'running')) "
            "FROM runs r LEFT JOIN cells c ON c.run_id = r.id GROUP BY r.id ORDER BY r.id DESC"))) {
        if (error)
            *error = QStringLiteral("cannot read the run history %1: %2")
                         .arg(QDir::toNativeSeparators(m_path), query.lastError().databaseText());
        return list;
    }
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
    if (!writable()) {
        m_lastError = problemText().isEmpty() ? QStringLiteral("the history database is not open") : problemText();
        return false;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    QSqlQuery query(db);
    query.prepare(QStringLiteral("DELETE FROM cells WHERE run_id = ?"));
    query.addBindValue(runId);
    bool ok = query.exec();
    query.prepare(QStringLiteral("DELETE FROM runs WHERE id = ?"));
    query.addBindValue(runId);
    ok = ok && query.exec() && query.numRowsAffected() == 1;
    if (!ok)
        m_lastError = QStringLiteral("history %1: run %2 was not deleted: %3")
                          .arg(m_path)
                          .arg(runId)
                          .arg(query.lastError().databaseText().isEmpty() ? QStringLiteral("it is not there")
                                                                          : query.lastError().databaseText());
    ok = ok ? db.commit() : (db.rollback(), false);
    if (ok) {
        if (m_runId == runId)
            m_runId = 0;
        Q_EMIT runsChanged();
    }
    return ok;
}
