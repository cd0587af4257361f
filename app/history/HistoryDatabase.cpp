// SPDX-License-Identifier: MIT
#include "HistoryDatabase.h"

#include "CellThread.h"

#include "AppFolders.h"
#include "HistoryAttachments.h"
#include "Ratings.h"
#include "ResultGrid.h"
#include "TextCodec.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace {
constexpr int kSchemaVersion = 1;

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

HistoryDatabase::Failure sqlFailure(const QSqlError &error)
{
    // SQLite's (possibly extended) result code; the low byte is the primary one.
    const int code = error.nativeErrorCode().toInt() & 0xff;
    if (code == 5 || code == 6) // SQLITE_BUSY, SQLITE_LOCKED
        return HistoryDatabase::Failure::Busy;
    if (code == 11 || code == 26) // SQLITE_CORRUPT, SQLITE_NOTADB
        return HistoryDatabase::Failure::Corrupt;
    return HistoryDatabase::Failure::Other;
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

HistoryDatabase::HistoryDatabase(QObject *parent)
    : QObject(parent)
{
}

HistoryDatabase::~HistoryDatabase()
{
    close();
}

QString HistoryDatabase::defaultPath()
{
    return AppFolders::dataFolder() + QStringLiteral("/history.sqlite");
}

bool HistoryDatabase::open(const QString &path, QString *error, Check check)
{
    close();
    m_path = path.isEmpty() ? defaultPath() : path;
    m_problem = Problem::None;
    m_problemDetail.clear();
    m_recovered = false;
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
            return fail(sqlFailure(version.lastError()) == Failure::Corrupt ? Problem::Corrupt : Problem::CannotOpen,
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
                       "reasoning_tokens INTEGER, tool_calls TEXT, thread TEXT, PRIMARY KEY (run_id, cell))"),
        // Each attachment once per run, whatever the number of rows and cells that send it.
        QStringLiteral("CREATE TABLE IF NOT EXISTS attachments (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, "
                       "sha256 TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (run_id, sha256))"),
        // A judge model's grade of a cell, and a judge's pairwise verdict on a battle: tables
        // added after the first format, so an older file gets them here and older versions never
        // look at them.
        QStringLiteral("CREATE TABLE IF NOT EXISTS judge_grades (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, "
                       "row INTEGER NOT NULL, col INTEGER NOT NULL, sample INTEGER NOT NULL, judge TEXT NOT NULL, "
                       "score REAL, scale_min REAL, scale_max REAL, reason TEXT, error TEXT, answer TEXT, cost_usd REAL, "
                       "PRIMARY KEY (run_id, row, col, sample, judge))"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS judge_battles (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, "
                       "row INTEGER NOT NULL, sample INTEGER NOT NULL, left_col INTEGER NOT NULL, right_col INTEGER NOT NULL, "
                       "rater TEXT NOT NULL, outcome TEXT NOT NULL, PRIMARY KEY (run_id, row, sample, left_col, right_col, rater))")};
    // Written only when it differs: a sound file is changed only where a run needs it.
    if (foundVersion != kSchemaVersion)
        setup.append(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion));
    for (const QString &sql : setup) {
        QSqlQuery query(QSqlDatabase::database(m_connection, false));
        if (!query.exec(sql))
            return fail(sqlFailure(query.lastError()) == Failure::Corrupt ? Problem::Corrupt : Problem::CannotOpen,
                        query.lastError().databaseText());
    }
    // Columns added since the first format (older versions read the file as before: they name
    // the columns they know). The schema version stays 1, so an older PromptGrid still opens it.
    {
        QSqlQuery columns(QSqlDatabase::database(m_connection, false));
        QStringList present;
        if (columns.exec(QStringLiteral("PRAGMA table_info(cells)"))) {
            while (columns.next())
                present.append(columns.value(1).toString());
        }
        // thread: a cell's earlier turns in Own thread mode (CellThread::toJson), NULL otherwise.
        // tool_calls: the answer's calls as streamed (ToolCall::listToRawText), NULL when none.
        const std::pair<const char *, const char *> added[] = {{"reasoning_tokens", "INTEGER"}, {"thread", "TEXT"}, {"tool_calls", "TEXT"}};
        for (const auto &[name, type] : added) {
            if (present.contains(QLatin1String(name)))
                continue;
            QSqlQuery alter(QSqlDatabase::database(m_connection, false));
            if (!alter.exec(QStringLiteral("ALTER TABLE cells ADD COLUMN %1 %2").arg(QLatin1String(name), QLatin1String(type))))
                return fail(sqlFailure(alter.lastError()) == Failure::Corrupt ? Problem::Corrupt : Problem::CannotOpen,
                            alter.lastError().databaseText());
        }
    }
    m_interruptedOnOpen = markInterrupted();
    exec(QStringLiteral("PRAGMA busy_timeout=%1").arg(kBusyTimeoutMs));
    if (check == Check::InBackground)
        startBackgroundCheck();
    return true;
}

QString HistoryDatabase::integrityProblem(const QString &path)
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
                if (sqlFailure(query.lastError()) != Failure::Busy)
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

void HistoryDatabase::startBackgroundCheck()
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

void HistoryDatabase::close()
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

bool HistoryDatabase::exec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(sql)) {
        m_lastError = QStringLiteral("history %1: %2").arg(m_path, query.lastError().text());
        return false;
    }
    return true;
}

int HistoryDatabase::markInterrupted()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery runs(db);
    if (!runs.exec(QStringLiteral("SELECT DISTINCT r.id, r.owner FROM runs r JOIN cells c ON c.run_id = r.id "
                                  "WHERE c.status IN ('queued', 'running')"))) {
        if (sqlFailure(runs.lastError()) == Failure::Corrupt)
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
            report(sqlFailure(failure) == Failure::Corrupt ? Problem::Corrupt : Problem::WriteFailed,
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

bool HistoryDatabase::isWritable() const
{
    return isOpen() && m_problem != Problem::Corrupt;
}

void HistoryDatabase::setBusyTimeout(int ms)
{
    if (isOpen())
        exec(QStringLiteral("PRAGMA busy_timeout=%1").arg(ms));
}

void HistoryDatabase::report(Problem problem, const QString &detail)
{
    // A damaged file stays the headline: nothing else is tried on it.
    if (m_problem == Problem::Corrupt && problem != Problem::Corrupt)
        return;
    if (problem == m_problem && detail == m_problemDetail && !m_recovered)
        return;
    m_problem = problem;
    m_problemDetail = detail;
    m_recovered = false;
    Q_EMIT problemChanged();
}

void HistoryDatabase::reportRecovered()
{
    if (m_recovered || (m_problem != Problem::WriteFailed && m_problem != Problem::Locked))
        return;
    m_recovered = true;
    Q_EMIT problemChanged();
}

QString HistoryDatabase::problemText() const
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
    if (m_recovered)
        text += QStringLiteral(" Everything has been saved since.");
    return text;
}

bool HistoryDatabase::moveAside(QString *movedTo, QString *error)
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
    return true;
}

HistoryDatabase::WriteResult HistoryDatabase::failedWrite(const QString &detail)
{
    m_lastError = QStringLiteral("history %1: %2").arg(m_path, detail);
    return {};
}

qint64 HistoryDatabase::createRun(const ResultGrid &grid, WriteResult *result)
{
    const RunPlan &plan = grid.plan();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO runs (created, title, plan, cell_count, owner) VALUES (?, ?, ?, ?, ?)"));
    insert.addBindValue(timeText(QDateTime::currentDateTimeUtc()));
    const QString first = plan.rows.isEmpty() ? QString() : plan.rows.first().prompt.simplified();
    insert.addBindValue(TextCodec::withoutLoneSurrogates(first.left(120)));
    HistoryAttachments::Blobs blobs;
    insert.addBindValue(QString::fromUtf8(HistoryAttachments::externalize(plan.toJson(), &blobs)));
    insert.addBindValue(grid.cellCount());
    insert.addBindValue(processToken(qint64(getpid())));
    const bool withBlobs = !blobs.isEmpty() && db.transaction();
    const auto failed = [&](const QSqlError &error) {
        if (withBlobs)
            db.rollback();
        failedWrite(error.databaseText());
        *result = {sqlFailure(error), error.databaseText()};
        return qint64(0);
    };
    if (!insert.exec())
        return failed(insert.lastError());
    const qint64 id = insert.lastInsertId().toLongLong();
    QSqlQuery blob(db);
    blob.prepare(QStringLiteral("INSERT OR IGNORE INTO attachments (run_id, sha256, data) VALUES (?, ?, ?)"));
    for (auto it = blobs.cbegin(); it != blobs.cend(); ++it) {
        blob.addBindValue(id);
        blob.addBindValue(it.key());
        blob.addBindValue(it.value());
        if (!blob.exec())
            return failed(blob.lastError());
    }
    if (withBlobs && !db.commit())
        return failed(db.lastError());
    *result = {};
    Q_EMIT runsChanged();
    return id;
}

HistoryDatabase::WriteResult HistoryDatabase::inWriteTransaction(const std::function<std::optional<QSqlError>(QSqlDatabase &)> &body)
{
    QElapsedTimer clock;
    clock.start();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const auto failed = [&](const QSqlError &error) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        m_longestWriteMs = std::max(m_longestWriteMs, clock.elapsed());
        failedWrite(error.databaseText());
        return WriteResult{sqlFailure(error), error.databaseText()};
    };
    // BEGIN IMMEDIATE takes the write lock at once (or fails after the busy timeout), so a
    // lock never surfaces half-way through the batch. Plain queries, not QSqlDatabase's
    // transaction(), so that a failed COMMIT keeps SQLite's error code.
    QSqlQuery begin(db);
    if (!begin.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return failed(begin.lastError());
    if (const std::optional<QSqlError> error = body(db))
        return failed(*error);
    QSqlQuery commit(db);
    if (!commit.exec(QStringLiteral("COMMIT")))
        return failed(commit.lastError());
    ++m_writeTransactions;
    m_longestWriteMs = std::max(m_longestWriteMs, clock.elapsed());
    return {};
}

HistoryDatabase::WriteResult HistoryDatabase::writeCells(qint64 runId, const ResultGrid &grid, const QList<int> &cells)
{
    bool anyFinal = false;
    const WriteResult result = inWriteTransaction([&](QSqlDatabase &db) -> std::optional<QSqlError> {
        static const QString insert = [] {
            const QStringList columns = QStringList{QStringLiteral("run_id"), QStringLiteral("cell"), QStringLiteral("row"),
                                                    QStringLiteral("col"), QStringLiteral("sample")}
                + CellResult::sqlColumns() + QStringList{QStringLiteral("thread")};
            return QStringLiteral("INSERT OR REPLACE INTO cells (%1) VALUES (%2)")
                .arg(columns.join(QStringLiteral(", ")), QStringList(columns.size(), QStringLiteral("?")).join(QStringLiteral(", ")));
        }();
        QSqlQuery query(db);
        query.prepare(insert);
        for (int cell : cells) {
            if (cell < 0 || cell >= grid.cellCount())
                continue;
            const CellSpec &spec = grid.spec(cell);
            const CellResult &r = grid.result(cell);
            anyFinal = anyFinal || isFinalStatus(r.status);
            query.addBindValue(runId);
            query.addBindValue(cell);
            query.addBindValue(spec.row);
            query.addBindValue(spec.column);
            query.addBindValue(spec.sample);
            for (const QVariant &value : r.sqlValues())
                query.addBindValue(value);
            const QList<CellTurn> &earlier = grid.earlierTurns(cell);
            query.addBindValue(earlier.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                 : QVariant(QString::fromUtf8(CellThread{earlier, spec}.toJson(grid.plan().cellSpec(spec.address())))));
            if (!query.exec())
                return query.lastError();
        }
        return std::nullopt;
    });
    if (result.ok() && anyFinal)
        Q_EMIT runsChanged();
    return result;
}

HistoryDatabase::WriteResult HistoryDatabase::writeJudgements(qint64 runId, const Ratings &judgements, const Ratings *saved)
{
    return inWriteTransaction([&](QSqlDatabase &db) -> std::optional<QSqlError> {
        QSqlQuery query(db);
        const auto bindBattle = [&](const BattleVerdict &verdict) {
            query.addBindValue(runId);
            query.addBindValue(verdict.battle.row);
            query.addBindValue(verdict.battle.sample);
            query.addBindValue(verdict.battle.left);
            query.addBindValue(verdict.battle.right);
            query.addBindValue(TextCodec::withoutLoneSurrogates(verdict.rater));
        };
        // Only what changed since \a saved is written, so a verdict arriving costs one row, not the run's.
        QList<CellAddress> goneCells;
        QList<CellAddress> newCells;
        QList<BattleVerdict> goneBattles;
        QList<BattleVerdict> newBattles;
        const QHash<CellAddress, JudgeVerdict> &grades = judgements.judgeVerdicts();
        if (!saved) {
            for (const char *table : {"judge_grades", "judge_battles"}) {
                query.prepare(QStringLiteral("DELETE FROM %1 WHERE run_id = ?").arg(QLatin1String(table)));
                query.addBindValue(runId);
                if (!query.exec())
                    return query.lastError();
            }
            newCells = grades.keys();
            newBattles = judgements.battleVerdicts();
        } else {
            for (auto it = saved->judgeVerdicts().cbegin(); it != saved->judgeVerdicts().cend(); ++it) {
                if (!grades.contains(it.key()))
                    goneCells.append(it.key());
            }
            for (auto it = grades.cbegin(); it != grades.cend(); ++it) {
                const auto before = saved->judgeVerdicts().constFind(it.key());
                if (before == saved->judgeVerdicts().cend() || !(*before == it.value())) {
                    goneCells.append(it.key()); // another judge's grade of the cell, or an older one
                    newCells.append(it.key());
                }
            }
            const auto key = [](const BattleVerdict &verdict) {
                return QStringLiteral("%1/%2/%3/%4/").arg(verdict.battle.row).arg(verdict.battle.sample).arg(verdict.battle.left).arg(verdict.battle.right)
                    + verdict.rater;
            };
            QHash<QString, BattleVerdict::Outcome> now;
            for (const BattleVerdict &verdict : judgements.battleVerdicts())
                now.insert(key(verdict), verdict.outcome);
            QHash<QString, BattleVerdict::Outcome> before;
            for (const BattleVerdict &verdict : saved->battleVerdicts()) {
                before.insert(key(verdict), verdict.outcome);
                if (!now.contains(key(verdict)))
                    goneBattles.append(verdict);
            }
            for (const BattleVerdict &verdict : judgements.battleVerdicts()) {
                const auto was = before.constFind(key(verdict));
                if (was == before.cend() || *was != verdict.outcome)
                    newBattles.append(verdict);
            }
        }
        query.prepare(QStringLiteral("DELETE FROM judge_grades WHERE run_id = ? AND row = ? AND col = ? AND sample = ?"));
        for (const CellAddress &cell : std::as_const(goneCells)) {
            query.addBindValue(runId);
            query.addBindValue(cell.row);
            query.addBindValue(cell.column);
            query.addBindValue(cell.sample);
            if (!query.exec())
                return query.lastError();
        }
        query.prepare(QStringLiteral("INSERT OR REPLACE INTO judge_grades (run_id, row, col, sample, judge, score, scale_min, "
                                     "scale_max, reason, error, answer, cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        const QVariant noNumber(QMetaType::fromType<double>());
        for (const CellAddress &cell : std::as_const(newCells)) {
            const JudgeVerdict &verdict = grades[cell];
            query.addBindValue(runId);
            query.addBindValue(cell.row);
            query.addBindValue(cell.column);
            query.addBindValue(cell.sample);
            query.addBindValue(TextCodec::withoutLoneSurrogates(verdict.judgeModel));
            query.addBindValue(verdict.score ? QVariant(*verdict.score) : noNumber);
            query.addBindValue(verdict.scaleMin);
            query.addBindValue(verdict.scaleMax);
            query.addBindValue(TextCodec::withoutLoneSurrogates(verdict.reason));
            query.addBindValue(TextCodec::withoutLoneSurrogates(verdict.error));
            query.addBindValue(TextCodec::withoutLoneSurrogates(verdict.answer));
            query.addBindValue(verdict.costUsd ? QVariant(*verdict.costUsd) : noNumber);
            if (!query.exec())
                return query.lastError();
        }
        query.prepare(QStringLiteral("DELETE FROM judge_battles WHERE run_id = ? AND row = ? AND sample = ? AND left_col = ? "
                                     "AND right_col = ? AND rater = ?"));
        for (const BattleVerdict &verdict : std::as_const(goneBattles)) {
            bindBattle(verdict);
            if (!query.exec())
                return query.lastError();
        }
        query.prepare(QStringLiteral("INSERT OR REPLACE INTO judge_battles (run_id, row, sample, left_col, right_col, rater, outcome) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?)"));
        for (const BattleVerdict &verdict : std::as_const(newBattles)) {
            bindBattle(verdict);
            query.addBindValue(Ratings::outcomeName(verdict.outcome));
            if (!query.exec())
                return query.lastError();
        }
        return std::nullopt;
    });
}

bool HistoryDatabase::loadJudgements(qint64 runId, Ratings *judgements, QString *error) const
{
    const auto fail = [&](const QSqlQuery &query) {
        if (error)
            *error = QStringLiteral("cannot read the judge's grades of run %1 from the history %2: %3")
                         .arg(runId)
                         .arg(QDir::toNativeSeparators(m_path), query.lastError().databaseText());
        return false;
    };
    if (!isOpen()) {
        if (error)
            *error = QStringLiteral("the history database is not open");
        return false;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery grades(db);
    grades.prepare(QStringLiteral("SELECT row, col, sample, judge, score, scale_min, scale_max, reason, error, answer, cost_usd "
                                  "FROM judge_grades WHERE run_id = ? ORDER BY row, col, sample, judge"));
    grades.addBindValue(runId);
    if (!grades.exec())
        return fail(grades);
    while (grades.next()) {
        JudgeVerdict verdict;
        verdict.judgeModel = grades.value(3).toString();
        if (!grades.value(4).isNull())
            verdict.score = grades.value(4).toDouble();
        verdict.scaleMin = grades.value(5).toDouble();
        verdict.scaleMax = grades.value(6).toDouble();
        verdict.reason = grades.value(7).toString();
        verdict.error = grades.value(8).toString();
        verdict.answer = grades.value(9).toString();
        if (!grades.value(10).isNull())
            verdict.costUsd = grades.value(10).toDouble();
        judgements->setJudgeVerdict({grades.value(0).toInt(), grades.value(1).toInt(), grades.value(2).toInt()}, verdict);
    }
    QSqlQuery battles(db);
    battles.prepare(QStringLiteral("SELECT row, sample, left_col, right_col, rater, outcome FROM judge_battles "
                                   "WHERE run_id = ? ORDER BY rowid"));
    battles.addBindValue(runId);
    if (!battles.exec())
        return fail(battles);
    while (battles.next()) {
        const std::optional<BattleVerdict::Outcome> outcome = Ratings::outcomeFromName(battles.value(5).toString());
        if (!outcome)
            continue; // an outcome this version does not know is not a tie
        const Battle battle{battles.value(0).toInt(), battles.value(1).toInt(), battles.value(2).toInt(), battles.value(3).toInt()};
        judgements->setBattleVerdict(BattleVerdict{battle, battles.value(4).toString(), *outcome});
    }
    return true;
}

QList<HistoryRunInfo> HistoryDatabase::runs(QString *error) const
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
            for (const ModelColumn &column : plan->columns)
                info.models.append(column.displayName());
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

bool HistoryDatabase::loadRun(qint64 runId, RunPlan *plan, std::vector<CellResult> *results, QString *error,
                              std::vector<CellThread> *threads) const
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
    QByteArray planJson = run.value(0).toByteArray();
    if (HistoryAttachments::refersToBlobs(planJson)) {
        HistoryAttachments::Blobs blobs;
        QSqlQuery stored(db);
        stored.prepare(QStringLiteral("SELECT sha256, data FROM attachments WHERE run_id = ?"));
        stored.addBindValue(runId);
        if (!stored.exec())
            return fail(QStringLiteral("run %1: %2").arg(runId).arg(stored.lastError().text()));
        while (stored.next())
            blobs.insert(stored.value(0).toString(), stored.value(1).toByteArray());
        if (!HistoryAttachments::internalize(planJson, blobs, &planJson, &message))
            return fail(QStringLiteral("run %1: %2").arg(runId).arg(message));
    }
    auto parsed = RunPlan::fromJson(planJson, &message);
    if (!parsed)
        return fail(QStringLiteral("run %1: %2").arg(runId).arg(message));
    const int count = int(parsed->cellCount());
    results->assign(size_t(count), CellResult());
    for (CellResult &r : *results)
        r.status = CellStatus::Interrupted;
    QSqlQuery cells(db);
    cells.prepare(QStringLiteral("SELECT cell, thread, %1 FROM cells WHERE run_id = ? ORDER BY cell")
                      .arg(CellResult::sqlColumns().join(QStringLiteral(", "))));
    cells.addBindValue(runId);
    if (!cells.exec())
        return fail(QStringLiteral("run %1: %2").arg(runId).arg(cells.lastError().text()));
    const int columns = int(CellResult::sqlColumns().size());
    QVariantList values(columns);
    std::vector<CellSpec> specs;
    if (threads)
        threads->assign(size_t(count), CellThread());
    while (cells.next()) {
        const int cell = cells.value(0).toInt();
        if (cell < 0 || cell >= count)
            continue;
        for (int i = 0; i < columns; ++i)
            values[i] = cells.value(i + 2);
        (*results)[size_t(cell)] = CellResult::fromSqlValues(values);
        const QString thread = cells.value(1).toString();
        if (threads && !thread.isEmpty()) {
            if (specs.empty())
                specs = parsed->cellSpecs();
            auto read = CellThread::fromJson(thread.toUtf8(), specs[size_t(cell)], &message);
            if (!read)
                return fail(QStringLiteral("run %1, cell %2: %3").arg(runId).arg(cell + 1).arg(message));
            (*threads)[size_t(cell)] = std::move(*read);
        }
    }
    *plan = *parsed;
    return true;
}

bool HistoryDatabase::removeRun(qint64 runId)
{
    if (!isWritable()) {
        m_lastError = problemText().isEmpty() ? QStringLiteral("the history database is not open") : problemText();
        return false;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    QSqlQuery query(db);
    query.prepare(QStringLiteral("DELETE FROM cells WHERE run_id = ?"));
    query.addBindValue(runId);
    bool ok = query.exec();
    for (const char *table : {"attachments", "judge_grades", "judge_battles"}) {
        query.prepare(QStringLiteral("DELETE FROM %1 WHERE run_id = ?").arg(QLatin1String(table)));
        query.addBindValue(runId);
        ok = ok && query.exec();
    }
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
        Q_EMIT runRemoved(runId);
        Q_EMIT runsChanged();
    }
    return ok;
}
