// SPDX-License-Identifier: MIT
// The window with a damaged run history: the alert bar names the file and what is not saved,
// stays until dismissed (no status-bar flash), the History tab says it too, and "Move It Aside
// and Start a New History" renames the file (nothing deleted) and saves the current run anew.
#include "FakeLlmServer.h"
#include "HistoryAlert.h"
#include "HistoryDamage.h"
#include "HistoryPanel.h"
#include "HistoryDatabase.h"
#include "HistoryRecorder.h"
#include "MainWindow.h"
#include "ModelTree.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

class TestGuiHistoryAlert : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settingsDir;

    static void removeHistory()
    {
        const QString history = HistoryDatabase::defaultPath();
        QDir dir = QFileInfo(history).dir();
        for (const QString &name : dir.entryList({QFileInfo(history).fileName() + QLatin1Char('*')}, QDir::Files))
            QFile::remove(dir.filePath(name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("PromptGridAlertTest"));
        QCoreApplication::setApplicationName(QStringLiteral("PromptGridAlertTest"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QStandardPaths::setTestModeEnabled(true);
    }

    void init()
    {
        QSettings().clear();
        removeHistory();
    }

    void cleanupTestCase() { removeHistory(); }

    void soundHistoryShowsNoAlert()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(!window.history()->isChecking(), 10000);
        QCOMPARE(window.historyRecorder()->problem(), HistoryDatabase::Problem::None);
        QVERIFY(!window.historyAlert()->isVisible());
        QVERIFY(!window.historyPanel()->problemLabel()->isVisibleTo(window.historyPanel()));
    }

    void garbledHistoryIsShownUntilDismissed()
    {
        const QString history = HistoryDatabase::defaultPath();
        {
            FakeLlmServer server;
            QVERIFY(server.listen());
            server.setHandler([](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral("saved answer")}); });
            QVERIFY(HistoryDamage::writeRuns(history, server, {QStringLiteral("one"), QStringLiteral("two")}));
        }
        const QByteArray damaged = HistoryDamage::garbleCellsPage(history);
        QVERIFY(!damaged.isEmpty());

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        HistoryAlert *alert = window.historyAlert();
        QTRY_VERIFY_WITH_TIMEOUT(alert->isVisible(), 10000);
        QCOMPARE(window.historyRecorder()->problem(), HistoryDatabase::Problem::Corrupt);
        const QString file = QDir::toNativeSeparators(history);
        QVERIFY2(alert->text().contains(file) && alert->text().contains(QLatin1String("damaged")), qPrintable(alert->text()));
        QVERIFY(alert->startOverButton()->isVisible());
        // The History tab says why its list is empty.
        QVERIFY(window.historyPanel()->problemLabel()->text().contains(file));
        QVERIFY(window.historyPanel()->problemLabel()->isVisibleTo(window.historyPanel()));

        // A run goes on and stays in the grid; the alert counts what is not saved, and stays.
        window.promptEdit()->setPlainText(QStringLiteral("kept in the grid"));
        window.modelTree()->setCheckedModels({QStringLiteral("demo/echo")});
        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        QVERIFY(window.send());
        QVERIFY(finished.wait(20000));
        QTRY_VERIFY(alert->text().contains(QLatin1String("1 cell(s) of this run are not saved")));
        QTest::qWait(200);
        QVERIFY(alert->isVisible());
        QCOMPARE(HistoryDamage::readFile(history), damaged);

        // Moved aside (renamed, every byte kept), a new history started with the current run.
        QVERIFY(alert->startOver());
        QCOMPARE(window.historyRecorder()->problem(), HistoryDatabase::Problem::None);
        QVERIFY2(alert->text().contains(QLatin1String("moved to")), qPrintable(alert->text()));
        QVERIFY(alert->isVisible());
        QVERIFY(!alert->startOverButton()->isVisible());
        const QStringList aside =
            QFileInfo(history).dir().entryList({QFileInfo(history).fileName() + QStringLiteral(".damaged-*")}, QDir::Files);
        QVERIFY2(!aside.isEmpty(), qPrintable(aside.join(QLatin1Char(','))));
        const QString movedFile = QFileInfo(history).dir().filePath(aside.first());
        QVERIFY(alert->text().contains(QDir::toNativeSeparators(movedFile)));
        QCOMPARE(HistoryDamage::readFile(movedFile), damaged);
        const QList<HistoryRunInfo> runs = window.history()->runs();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().ok, 1);
        window.historyPanel()->refresh();
        QCOMPARE(window.historyPanel()->list()->topLevelItemCount(), 1);
        QVERIFY(!window.historyPanel()->problemLabel()->isVisibleTo(window.historyPanel()));

        QTest::mouseClick(alert->dismissButton(), Qt::LeftButton);
        QVERIFY(!alert->isVisible());
    }

    void unreadableHistoryIsShown()
    {
        // Not a database at all (page 1 garbled): it cannot be opened, and says so at once.
        const QString history = HistoryDatabase::defaultPath();
        QDir().mkpath(QFileInfo(history).absolutePath());
        QFile file(history);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, '\x5a'));
        file.close();
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.historyAlert()->isVisible());
        QVERIFY(window.historyAlert()->text().contains(QDir::toNativeSeparators(history)));
        QCOMPARE(window.historyRecorder()->problem(), HistoryDatabase::Problem::Corrupt);
        QVERIFY(window.historyAlert()->startOverButton()->isVisible());
        QCOMPARE(HistoryDamage::readFile(history), QByteArray(8192, '\x5a'));
    }
};

QTEST_MAIN(TestGuiHistoryAlert)
#include "tst_gui_history_alert.moc"
