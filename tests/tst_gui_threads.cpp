// SPDX-License-Identifier: MIT
// Own thread mode in the window, against a fake OpenAI server on 127.0.0.1: the Reply to all
// box sends one follow-up to every column, each with its own model's answers (the recorded
// request bodies); a column's header menu points the box at that column alone; the grid marks
// "turn 2" and the detail pane shows the thread turn by turn with each turn's metrics; the cell
// menu retries one turn; the mode is named under the grid.
#include "DetailPane.h"
#include "FakeLlmServer.h"
#include "GridPanel.h"
#include "HistoryDatabase.h"
#include "MainWindow.h"
#include "ModelTree.h"
#include "ReplyBar.h"
#include "ResultsTableModel.h"
#include "RunSession.h"
#include "Scheduler.h"
#include "ThreadView.h"

#include <QAction>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {
QAction *menuAction(QMenu *menu, const QString &name)
{
    for (QAction *action : menu->actions()) {
        if (action->objectName() == name)
            return action;
    }
    return nullptr;
}
} // namespace

class TestGuiThreads : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settingsDir;
    FakeLlmServer *m_server = nullptr;

    /// Two columns of the fake server, one prompt "first", run to its end.
    bool firstRun(MainWindow &window)
    {
        window.modelTree()->setCheckedModels({QStringLiteral("local/m1"), QStringLiteral("local/m2")});
        window.promptEdit()->setPlainText(QStringLiteral("first"));
        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        return window.send() && finished.wait(10'000);
    }

    static bool reply(MainWindow &window, const QString &text)
    {
        ReplyBar *bar = window.gridPanel()->replyBar();
        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        bar->editor()->setText(text);
        if (!bar->sendButton()->isEnabled())
            return false;
        QTest::mouseClick(bar->sendButton(), Qt::LeftButton);
        return finished.wait(10'000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("PromptGridTest"));
        QCoreApplication::setApplicationName(QStringLiteral("PromptGridThreadsTest"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QStandardPaths::setTestModeEnabled(true);
    }

    void init()
    {
        QSettings().clear();
        const QString history = HistoryDatabase::defaultPath();
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(history + suffix);
        m_server = new FakeLlmServer(this);
        QVERIFY(m_server->listen());
        m_server->setHandler([](const RecordedRequest &request) {
            const QJsonArray messages = request.json().value(QLatin1String("messages")).toArray();
            const QString last = messages.last().toObject().value(QLatin1String("content")).toString();
            return FakeResponse::openAiStream({request.model(), QStringLiteral(" on "), last}, 1, 3);
        });
        QSettings().setValue(QStringLiteral("providers/json"),
                             QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1","models":["m1","m2"]}]})")
                                 .arg(m_server->baseUrl().toString())
                                 .toUtf8());
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void replyToAllContinuesEachThread()
    {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(firstRun(window));
        ReplyBar *bar = window.gridPanel()->replyBar();
        QVERIFY(bar->isVisible());
        QCOMPARE(bar->sendButton()->text(), QStringLiteral("Reply to All"));
        QCOMPARE(bar->modeLabel()->text(), QStringLiteral("Mode: Shared transcript"));

        QVERIFY(reply(window, QStringLiteral("second")));
        QCOMPARE(bar->modeLabel()->text(), QStringLiteral("Mode: Own thread"));
        QVERIFY(bar->editor()->text().isEmpty());
        int seconds = 0;
        for (const RecordedRequest &request : m_server->requests()) {
            if (!request.transcript().last().endsWith(QLatin1String("second")))
                continue;
            ++seconds;
            QCOMPARE(request.transcript(), (QStringList{QStringLiteral("user: first"),
                                                       QStringLiteral("assistant: %1 on first").arg(request.model()),
                                                       QStringLiteral("user: second")}));
        }
        QCOMPARE(seconds, 2);

        // The grid shows each thread's latest turn, marked.
        QTableView *grid = window.grid();
        const QModelIndex first = grid->model()->index(0, 0);
        QCOMPARE(first.data(ResultsTableModel::TurnRole).toInt(), 2);
        QCOMPARE(first.data(ResultsTableModel::AnswerRole).toString(), QStringLiteral("m1 on second"));

        // The detail pane: the thread turn by turn, with each turn's metrics.
        grid->setCurrentIndex(grid->model()->index(0, 1));
        window.detailPane()->setCell(window.scheduler()->cellIndex(0, 1));
        ThreadView *thread = window.detailPane()->threadView();
        QVERIFY(!thread->isHidden());
        const QString shown = thread->toPlainText();
        QVERIFY2(shown.contains(QLatin1String("Turn 1")) && shown.contains(QLatin1String("Turn 2 (shown in the grid)")), qPrintable(shown));
        QVERIFY2(shown.contains(QLatin1String("m2 on first")) && shown.contains(QLatin1String("m2 on second")), qPrintable(shown));
        QVERIFY2(!shown.contains(QLatin1String("m1 on")), qPrintable(shown));
        const QString metrics = ResultsTableModel::metricsSummary(window.scheduler()->earlierTurns(window.scheduler()->cellIndex(0, 1)).first().result);
        QVERIFY(!metrics.isEmpty());
        QVERIFY2(shown.contains(metrics), qPrintable(shown));
        // What this turn sent names the run's mode as it is now, threads, not the plan's first mode.
        QCOMPARE(window.detailPane()->sentMessagesTitle()->text(), QStringLiteral("Own thread · 3 messages sent"));
    }

    void aColumnGoesOnAloneAndOneTurnIsRetried()
    {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(firstRun(window));
        QVERIFY(reply(window, QStringLiteral("second")));

        // The second column's header menu points the box at it.
        QHeaderView *header = window.grid()->horizontalHeader();
        QSignalSpy menuShown(header, &QWidget::customContextMenuRequested);
        const QPoint inSecond(header->sectionViewportPosition(1) + header->sectionSize(1) / 2, header->height() / 2);
        Q_EMIT header->customContextMenuRequested(inSecond);
        auto *menu = window.gridPanel()->findChild<QMenu *>(QStringLiteral("columnMenu"));
        QVERIFY(menu);
        QAction *replyToColumn = menuAction(menu, QStringLiteral("replyToColumn"));
        QVERIFY(replyToColumn);
        replyToColumn->trigger();
        menu->close();
        ReplyBar *bar = window.gridPanel()->replyBar();
        QCOMPARE(bar->targetColumn(), 1);
        QCOMPARE(bar->sendButton()->text(), QStringLiteral("Reply to This Column"));
        const int before = m_server->requestCount();
        QVERIFY(reply(window, QStringLiteral("third")));
        QCOMPARE(m_server->requestCount(), before + 1);
        QCOMPARE(m_server->requests().last().model(), QStringLiteral("m2"));
        const int m1 = window.scheduler()->cellIndex(0, 0);
        const int m2 = window.scheduler()->cellIndex(0, 1);
        QCOMPARE(window.scheduler()->turn(m1), 2);
        QCOMPARE(window.scheduler()->turn(m2), 3);

        // Retry this turn, from the cell's menu: m1's turn 2 again, m2 untouched.
        const CellResult m2Before = window.scheduler()->result(m2);
        std::unique_ptr<QMenu> cellMenu(window.gridPanel()->createMenu(window.grid()->model()->index(0, 0), &window));
        QAction *retryTurn = menuAction(cellMenu.get(), QStringLiteral("retryTurn"));
        QVERIFY(retryTurn);
        QVERIFY(retryTurn->isEnabled());
        QVERIFY2(retryTurn->text().contains(QLatin1String("turn 2")), qPrintable(retryTurn->text()));
        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        retryTurn->trigger();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(m_server->requestCount(), before + 2);
        QCOMPARE(m_server->requests().last().transcript(),
                 (QStringList{QStringLiteral("user: first"), QStringLiteral("assistant: m1 on first"), QStringLiteral("user: second")}));
        QCOMPARE(window.scheduler()->turn(m1), 2);
        QCOMPARE(window.scheduler()->result(m2), m2Before);
    }
};

QTEST_MAIN(TestGuiThreads)
#include "tst_gui_threads.moc"
