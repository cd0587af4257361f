// SPDX-License-Identifier: MIT
// PromptGrid's folders: ~/.local/share/PromptGrid and ~/.config/PromptGrid, one level (Qt would
// nest the organization and application name, both "PromptGrid"), and the move of what an older
// version kept in the nested folders: once, the history with its journals, nothing lost; a
// history already in the new place wins and the nested one stays.
#include "AppFolders.h"
#include "HistoryDatabase.h"
#include "PlanBuilder.h"
#include "StaticGrid.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {
void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(data);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A history holding one finished run of \a prompt, as an older PromptGrid left it.
void writeHistory(const QString &path, const QString &prompt)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    ModelColumn demo;
    demo.provider = QStringLiteral("demo");
    demo.model = QStringLiteral("echo");
    CellResult ok;
    ok.status = CellStatus::Ok;
    ok.text = QStringLiteral("answer to ") + prompt;
    StaticGrid grid(PlanBuilder::fromPrompts({prompt}, {demo}, 1, {}), {ok});
    HistoryDatabase store;
    QVERIFY(store.open(path, nullptr, HistoryDatabase::Check::Now));
    HistoryDatabase::WriteResult result;
    const qint64 run = store.createRun(grid, &result);
    QVERIFY2(run > 0, qPrintable(result.detail));
    QVERIFY(store.writeCells(run, grid, {0}).ok());
}

QStringList titles(const QString &path)
{
    HistoryDatabase store;
    if (!store.open(path, nullptr, HistoryDatabase::Check::Now))
        return {};
    QStringList list;
    for (const HistoryRunInfo &run : store.runs())
        list.append(run.title);
    return list;
}
} // namespace

class TestAppFolders : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_data;
    QString m_config;

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        static int round = 0;
        const QString base = m_dir.filePath(QString::number(++round));
        m_data = base + QStringLiteral("/data");
        m_config = base + QStringLiteral("/config");
        QDir().mkpath(m_data);
        QDir().mkpath(m_config);
        qputenv("XDG_DATA_HOME", m_data.toUtf8());
        qputenv("XDG_CONFIG_HOME", m_config.toUtf8());
        QCoreApplication::setOrganizationName(AppFolders::productName());
        QCoreApplication::setApplicationName(AppFolders::productName());
    }

    void oneLevelForPromptGrid()
    {
        QCOMPARE(AppFolders::dataFolder(), m_data + QStringLiteral("/PromptGrid"));
        QCOMPARE(AppFolders::configFolder(), m_config + QStringLiteral("/PromptGrid"));
        QCOMPARE(HistoryDatabase::defaultPath(), m_data + QStringLiteral("/PromptGrid/history.sqlite"));
        // Other names keep Qt's organization/application folders (the suites' own).
        QCoreApplication::setOrganizationName(QStringLiteral("Org"));
        QCoreApplication::setApplicationName(QStringLiteral("App"));
        QCOMPARE(AppFolders::dataFolder(), m_data + QStringLiteral("/Org/App"));
    }

    void nestedFolderMovesUpOnce()
    {
        const QString nested = m_data + QStringLiteral("/PromptGrid/PromptGrid");
        writeHistory(nested + QStringLiteral("/history.sqlite"), QStringLiteral("from the old folder"));
        // A journal that holds committed data must travel with its database.
        writeFile(nested + QStringLiteral("/history.sqlite-wal"), QByteArray());
        writeFile(nested + QStringLiteral("/history.sqlite.damaged-20260101"), "kept aside earlier");
        writeFile(m_config + QStringLiteral("/PromptGrid/PromptGrid/presets.json"), "{\"presets\":[]}");

        const AppFolders::Migration migration = AppFolders::migrateNestedFolders();
        QVERIFY2(migration.errors.isEmpty(), qPrintable(migration.errors.join(QLatin1Char('\n'))));
        QVERIFY2(migration.kept.isEmpty(), qPrintable(migration.kept.join(QLatin1Char('\n'))));
        QCOMPARE(migration.moved.size(), 4);
        QVERIFY(!QFileInfo::exists(nested));
        QVERIFY(!QFileInfo::exists(m_config + QStringLiteral("/PromptGrid/PromptGrid")));
        QCOMPARE(titles(HistoryDatabase::defaultPath()), QStringList{QStringLiteral("from the old folder")});
        QCOMPARE(readFile(AppFolders::dataFolder() + QStringLiteral("/history.sqlite.damaged-20260101")), QByteArray("kept aside earlier"));
        QCOMPARE(readFile(AppFolders::configFolder() + QStringLiteral("/presets.json")), QByteArray("{\"presets\":[]}"));

        // Once: a second start finds nothing to move.
        const AppFolders::Migration again = AppFolders::migrateNestedFolders();
        QVERIFY(again.moved.isEmpty() && again.kept.isEmpty() && again.errors.isEmpty());
        QCOMPARE(titles(HistoryDatabase::defaultPath()), QStringList{QStringLiteral("from the old folder")});
    }

    void historyInUseWins()
    {
        const QString nested = m_data + QStringLiteral("/PromptGrid/PromptGrid");
        writeHistory(nested + QStringLiteral("/history.sqlite"), QStringLiteral("old"));
        writeHistory(HistoryDatabase::defaultPath(), QStringLiteral("in use"));
        writeFile(nested + QStringLiteral("/notes.txt"), "mine");

        const AppFolders::Migration migration = AppFolders::migrateNestedFolders();
        QVERIFY(migration.errors.isEmpty());
        // The one in use stays in use; the other is left where it was, and the log says so.
        QCOMPARE(titles(HistoryDatabase::defaultPath()), QStringList{QStringLiteral("in use")});
        QCOMPARE(titles(nested + QStringLiteral("/history.sqlite")), QStringList{QStringLiteral("old")});
        QCOMPARE(migration.kept.size(), 1);
        QVERIFY2(migration.kept.first().contains(QLatin1String("the history in use is")) && migration.kept.first().contains(HistoryDatabase::defaultPath()),
                 qPrintable(migration.kept.first()));
        // Whatever else lived there does move.
        QCOMPARE(readFile(AppFolders::dataFolder() + QStringLiteral("/notes.txt")), QByteArray("mine"));
        QVERIFY(QFileInfo::exists(nested));
    }

    void clashingFileIsLeftInPlace()
    {
        const QString nested = m_data + QStringLiteral("/PromptGrid/PromptGrid");
        writeFile(nested + QStringLiteral("/presets-note.txt"), "old");
        writeFile(AppFolders::dataFolder() + QStringLiteral("/presets-note.txt"), "new");
        const AppFolders::Migration migration = AppFolders::migrateNestedFolders();
        QCOMPARE(migration.kept.size(), 1);
        QCOMPARE(readFile(AppFolders::dataFolder() + QStringLiteral("/presets-note.txt")), QByteArray("new"));
        QCOMPARE(readFile(nested + QStringLiteral("/presets-note.txt")), QByteArray("old"));
    }
};

QTEST_GUILESS_MAIN(TestAppFolders)
#include "tst_app_folders.moc"
