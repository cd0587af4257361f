// SPDX-License-Identifier: MIT
// The window driven as a person would: type, tick, send, cancel a cell with its own button,
// export, and read the file back.
#include "CellDelegate.h"
#include "CsvReader.h"
#include "DetailPane.h"
#include "ExportColumns.h"
#include "HistoryPanel.h"
#include "HistoryDatabase.h"
#include "HistoryRecorder.h"
#include "MainWindow.h"
#include "ModelTree.h"
#include "OllamaProbe.h"
#include "PriceTable.h"
#include "RequestSettingsDialog.h"
#include "ResultsTableModel.h"
#include "ShortcutsDialog.h"
#include "TestHome.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QMimeData>
#include <QMenu>
#include <QStatusBar>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTreeWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>

class TestGuiMainWindow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;

    static void typePrompt(MainWindow &window, const QString &text)
    {
        window.promptEdit()->clear();
        window.promptEdit()->setFocus();
        QTest::keyClicks(window.promptEdit(), text);
    }
    static void tickOnly(MainWindow &window, const QStringList &models)
    {
        window.modelTree()->setCheckedModels({});
        for (const QString &model : models) {
            QTreeWidgetItem *item = window.modelTree()->itemFor(model);
            QVERIFY2(item, qPrintable(model));
            item->setCheckState(0, Qt::Checked);
        }
        QCOMPARE(window.modelTree()->checkedModels(), models);
    }
    static QString statusAt(MainWindow &window, int row, int column)
    {
        return window.resultsModel()->index(row, column).data(ResultsTableModel::StatusNameRole).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        TestHome::isolate(QStringLiteral("PromptGridTest"), m_settingsDir.path());
    }

    void init()
    {
        TestHome::reset();
    }

    void firstRunTicksDemoModels()
    {
        MainWindow window;
        const QStringList checked = window.modelTree()->checkedModels();
        QVERIFY(checked.contains(QStringLiteral("demo/echo")));
        QVERIFY(checked.contains(QStringLiteral("demo/slow")));
        QVERIFY(!window.promptEdit()->toPlainText().isEmpty());
        QVERIFY(window.findChild<QPushButton *>(QStringLiteral("sendButton")));
        QVERIFY(window.findChild<QPushButton *>(QStringLiteral("cancelAllButton")));
        QVERIFY(window.findChild<QTextBrowser *>(QStringLiteral("detailView")));
        QVERIFY(window.findChild<QSpinBox *>(QStringLiteral("repeatSpin")));
        QVERIFY(window.findChild<QPlainTextEdit *>(QStringLiteral("systemEdit")));
    }

    void sendCancelOneByItsButtonAndExport()
    {
        MainWindow window;
        window.resize(1300, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        typePrompt(window, QStringLiteral("alpha beta gamma delta epsilon zeta eta theta"));
        tickOnly(window, {QStringLiteral("demo/echo"), QStringLiteral("demo/slow")});

        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
        QCOMPARE(window.resultsModel()->rowCount(), 1);
        QCOMPARE(window.resultsModel()->columnCount(), 2);
        QCOMPARE(window.resultsModel()->headerData(1, Qt::Horizontal).toString(), QStringLiteral("demo/slow"));

        // Wait until the slow cell has streamed something, then press its own cancel button.
        const QModelIndex slow = window.resultsModel()->index(0, 1);
        QTRY_VERIFY_WITH_TIMEOUT(!slow.data(ResultsTableModel::AnswerRole).toString().isEmpty(), 3000);
        QCOMPARE(statusAt(window, 0, 1), QStringLiteral("running"));
        const QRect cellRect = window.grid()->visualRect(slow);
        QVERIFY(!cellRect.isEmpty());
        QTest::mouseClick(window.grid()->viewport(), Qt::LeftButton, {}, CellDelegate::cancelButtonRect(cellRect).center());
        QTRY_COMPARE_WITH_TIMEOUT(statusAt(window, 0, 1), QStringLiteral("cancelled"), 2000);
        const QString partial = slow.data(ResultsTableModel::AnswerRole).toString();
        QVERIFY(!partial.isEmpty());

        QVERIFY(finished.count() > 0 || finished.wait(5000));
        QCOMPARE(statusAt(window, 0, 0), QStringLiteral("ok"));
        QCOMPARE(window.scheduler()->counts().ok, 1);
        QCOMPARE(window.scheduler()->counts().cancelled, 1);
        QCOMPARE(window.progressBar()->value(), 2);
        QVERIFY(window.countsLabel()->text().startsWith(QStringLiteral("Answered 1 · Failed 0 · Cancelled 1 ·")));

        // A cancelled cell never changes again.
        QTest::qWait(400);
        QCOMPARE(slow.data(ResultsTableModel::AnswerRole).toString(), partial);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.csv"));
        QSignalSpy exported(&window, &MainWindow::exportFinished);
        window.exportCsvTo(path);
        QVERIFY(exported.wait(5000));
        QCOMPARE(exported.first().at(1).toString(), QString());

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF")); // the GUI writes a BOM for spreadsheets
        QList<QStringList> rows;
        QString error;
        QVERIFY2(CsvReader::parse(bytes, &rows, &error), qPrintable(error));
        QCOMPARE(rows.size(), 3);
        const QStringList header = rows.at(0);
        QCOMPARE(header.mid(0, 15), ExportColumns::csvColumns().mid(0, 15));
        const int model = int(header.indexOf(QStringLiteral("model")));
        const int status = int(header.indexOf(QStringLiteral("status")));
        const int answer = int(header.indexOf(QStringLiteral("answer")));
        QCOMPARE(rows.at(1).at(model), QStringLiteral("echo"));
        QCOMPARE(rows.at(1).at(status), QStringLiteral("ok"));
        QCOMPARE(rows.at(1).at(answer), QStringLiteral("You said: alpha beta gamma delta epsilon zeta eta theta"));
        QCOMPARE(rows.at(2).at(model), QStringLiteral("slow"));
        QCOMPARE(rows.at(2).at(status), QStringLiteral("cancelled"));
        QCOMPARE(rows.at(2).at(answer), partial);
    }

    void ctrlEnterSendsAndEscCancelsAll()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        typePrompt(window, QStringLiteral("one two three four five six seven eight nine ten"));
        tickOnly(window, {QStringLiteral("demo/slow"), QStringLiteral("demo/verbose")});
        QTest::keyClick(window.promptEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(window.resultsModel()->columnCount(), 2);
        QVERIFY(window.scheduler()->isActive());
        // Ctrl+Enter did not type a line break into the prompt.
        QVERIFY(!window.promptEdit()->toPlainText().contains(QLatin1Char('\n')));

        // Delete on the grid cancels the selected cell only.
        window.grid()->setFocus();
        window.grid()->setCurrentIndex(window.resultsModel()->index(0, 0));
        QTest::keyClick(window.grid(), Qt::Key_Delete);
        QCOMPARE(statusAt(window, 0, 0), QStringLiteral("cancelled"));
        QVERIFY(window.scheduler()->isActive());

        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        QTest::keyClick(window.promptEdit(), Qt::Key_Escape);
        QVERIFY(finished.count() > 0 || finished.wait(2000));
        QCOMPARE(statusAt(window, 0, 1), QStringLiteral("cancelled"));
        QVERIFY(!window.findChild<QPushButton *>(QStringLiteral("cancelAllButton"))->isEnabled());
    }

    void ctrlRRetriesTheSelectedCell()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        typePrompt(window, QStringLiteral("alpha beta"));
        tickOnly(window, {QStringLiteral("demo/echo"), QStringLiteral("demo/slow")});
        QTest::keyClick(window.promptEdit(), Qt::Key_Return, Qt::ControlModifier);
        window.grid()->setFocus();
        // Explicit: a modifier left pressed by an earlier key click would extend the selection.
        window.grid()->selectionModel()->setCurrentIndex(window.resultsModel()->index(0, 1),
                                                         QItemSelectionModel::ClearAndSelect);
        QTest::keyClick(window.grid(), Qt::Key_Delete);
        QCOMPARE(statusAt(window, 0, 1), QStringLiteral("cancelled"));
        QTRY_VERIFY_WITH_TIMEOUT(!window.scheduler()->isActive(), 10000);
        QCOMPARE(statusAt(window, 0, 0), QStringLiteral("ok"));

        // Ctrl+R runs the selected cell again; the finished one beside it is left alone.
        const CellResult before = window.scheduler()->result(window.scheduler()->cellIndex(0, 0));
        QTest::keyClick(window.grid(), Qt::Key_R, Qt::ControlModifier);
        QTest::keyClick(window.grid(), Qt::Key_Shift); // release Ctrl for the next test
        QVERIFY(window.scheduler()->isActive());
        QTRY_VERIFY_WITH_TIMEOUT(!window.scheduler()->isActive(), 10000);
        QCOMPARE(statusAt(window, 0, 1), QStringLiteral("ok"));
        QCOMPARE(window.scheduler()->result(window.scheduler()->cellIndex(0, 1)).text, QStringLiteral("You said: alpha beta"));
        QCOMPARE(window.scheduler()->result(window.scheduler()->cellIndex(0, 0)).finishedAt, before.finishedAt);
    }

    void severalSelectedCellsCancelAndCopyTogether()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.promptEdit()->setPlainText(QStringLiteral("a b c d e f g h i j k l m n o p\n---\nq r s t u v w x y z a b c d e f"));
        tickOnly(window, {QStringLiteral("demo/echo"), QStringLiteral("demo/slow")});
        QVERIFY(window.send());
        QCOMPARE(window.grid()->selectionMode(), QAbstractItemView::ExtendedSelection);
        // Select the slow column: both rows.
        QItemSelectionModel *selection = window.grid()->selectionModel();
        window.grid()->setCurrentIndex(window.resultsModel()->index(0, 1));
        selection->select(window.resultsModel()->index(1, 1), QItemSelectionModel::Select);
        QCOMPARE(selection->selectedIndexes().size(), 2);
        window.grid()->setFocus();
        QTest::keyClick(window.grid(), Qt::Key_Delete);
        QCOMPARE(statusAt(window, 0, 1), QStringLiteral("cancelled"));
        QCOMPARE(statusAt(window, 1, 1), QStringLiteral("cancelled"));

        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        QVERIFY(finished.count() > 0 || finished.wait(20000));
        QCOMPARE(statusAt(window, 0, 0), QStringLiteral("ok"));
        QCOMPARE(statusAt(window, 1, 0), QStringLiteral("ok"));
        // Ctrl+C with the echo column selected: both answers, a blank line between them.
        window.grid()->setCurrentIndex(window.resultsModel()->index(0, 0));
        selection->select(window.resultsModel()->index(1, 0), QItemSelectionModel::Select);
        QTest::keyClick(window.grid(), Qt::Key_C, Qt::ControlModifier);
        const QString first = window.resultsModel()->index(0, 0).data(ResultsTableModel::AnswerRole).toString();
        const QString second = window.resultsModel()->index(1, 0).data(ResultsTableModel::AnswerRole).toString();
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        QCOMPARE(QGuiApplication::clipboard()->text(), first + QStringLiteral("\n\n") + second);
        // One cell: just its answer.
        window.grid()->setCurrentIndex(window.resultsModel()->index(1, 0));
        QTest::keyClick(window.grid(), Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QGuiApplication::clipboard()->text(), second);
        // QTest leaves Ctrl as the application's modifier state, which would make the next
        // test's setCurrentIndex() extend the selection: a plain key resets it.
        QTest::keyClick(window.grid(), Qt::Key_Left);
        QCOMPARE(QGuiApplication::keyboardModifiers(), Qt::NoModifier);
    }

    void severalPromptsMakeSeveralRows()
    {
        MainWindow window;
        window.promptEdit()->setPlainText(QStringLiteral("first\n---\nsecond\nline\n---\n\n---\nthird"));
        tickOnly(window, {QStringLiteral("demo/echo")});
        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        QVERIFY(window.send());
        QCOMPARE(window.resultsModel()->rowCount(), 3);
        QVERIFY(finished.wait(5000));
        QCOMPARE(window.resultsModel()->index(1, 0).data(ResultsTableModel::AnswerRole).toString(),
                 QStringLiteral("You said: second\nline"));
        QCOMPARE(window.scheduler()->counts().ok, 3);
    }

    void sampleStepperShowsEachRepeat()
    {
        MainWindow window;
        window.promptEdit()->setPlainText(QStringLiteral("repeat me"));
        tickOnly(window, {QStringLiteral("demo/echo")});
        window.repeatSpin()->setValue(3);
        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        QVERIFY(window.send());
        QCOMPARE(window.scheduler()->cellCount(), 3);
        QCOMPARE(window.sampleSpin()->maximum(), 3);
        QCOMPARE(window.resultsModel()->index(0, 0).data(ResultsTableModel::CellIndexRole).toInt(), 0);
        window.sampleSpin()->setValue(3);
        QCOMPARE(window.resultsModel()->sample(), 2);
        QCOMPARE(window.resultsModel()->index(0, 0).data(ResultsTableModel::CellIndexRole).toInt(), 2);
        QCOMPARE(window.detailPane()->cell(), 2);
        QVERIFY(finished.wait(5000));
        QCOMPARE(window.scheduler()->counts().ok, 3);
    }

    void detailPaneShowsEverySample()
    {
        MainWindow window;
        window.promptEdit()->setPlainText(QStringLiteral("three times"));
        tickOnly(window, {QStringLiteral("demo/echo"), QStringLiteral("demo/verbose")});
        window.repeatSpin()->setValue(3);
        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        QVERIFY(window.send());
        window.grid()->setCurrentIndex(window.resultsModel()->index(0, 1));
        QVERIFY(finished.wait(20000));
        QTextBrowser *samples = window.detailPane()->samplesView();
        QVERIFY(!samples->isHidden());
        const int first = window.scheduler()->cellIndex(0, 1, 0);
        const QString answer = window.scheduler()->result(first).text;
        QVERIFY(answer.size() > 20);
        QTRY_VERIFY(samples->toPlainText().contains(QStringLiteral("Sample 3")));
        QTRY_VERIFY(samples->toPlainText().contains(QStringLiteral("median")));
        const QString text = samples->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("All 3 samples")), qPrintable(text.left(300)));
        QVERIFY(text.contains(QStringLiteral("Sample 1")));
        QVERIFY(text.contains(QStringLiteral("Sample 2")));
        QVERIFY(text.contains(QStringLiteral("median")));
        QVERIFY(text.contains(QStringLiteral("chars")));
        QCOMPARE(text.count(QStringLiteral("ok")) >= 6, true); // in the table and above each answer
        // Each answer follows, in full.
        QVERIFY(text.contains(answer.left(40)));
        QVERIFY(text.contains(window.scheduler()->result(window.scheduler()->cellIndex(0, 1, 2)).text.right(30)));
        // Another column: its own samples.
        window.grid()->setCurrentIndex(window.resultsModel()->index(0, 0));
        QTRY_VERIFY(samples->toPlainText().contains(QStringLiteral("You said: three times")));

        // A run with one sample per cell has no samples view.
        window.repeatSpin()->setValue(1);
        QVERIFY(window.send());
        QVERIFY(samples->isHidden());
        QVERIFY(finished.wait(20000));
    }

    void detailPaneFollowsTheSelectedCell()
    {
        MainWindow window;
        window.promptEdit()->setPlainText(QStringLiteral("detail please"));
        tickOnly(window, {QStringLiteral("demo/echo"), QStringLiteral("demo/verbose")});
        window.detailPane()->setRawText(true);
        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        QVERIFY(window.send());
        QVERIFY(window.welcomePage()->isHidden());
        window.grid()->setCurrentIndex(window.resultsModel()->index(0, 1));
        QVERIFY(finished.wait(5000));
        const QString full = window.scheduler()->result(1).text;
        QVERIFY(full.size() > 50);
        // Streamed in pieces and appended, the raw view ends with exactly the full answer.
        QTRY_COMPARE(window.detailPane()->answerView()->toPlainText(), full);
        // Rendered Markdown: the markup is gone, the words stay.
        window.detailPane()->setRawText(false);
        const QString rendered = window.detailPane()->answerView()->toPlainText();
        QVERIFY(!rendered.contains(QStringLiteral("**")));
        QVERIFY(!rendered.contains(QStringLiteral("## ")));
        QVERIFY(rendered.contains(QStringLiteral("Point 1")));
        QCOMPARE(window.detailPane()->metricText(QStringLiteral("status")), QStringLiteral("ok"));
        QVERIFY(window.detailPane()->metricText(QStringLiteral("ttft")).endsWith(QStringLiteral("ms")));

        window.grid()->setFocus();
        QTest::keyClick(window.grid(), Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QGuiApplication::clipboard()->text(), full);
        // Our action did it, not the view's built-in copy of the (shortened) display text.
        QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Answer copied."));

        window.grid()->setCurrentIndex(window.resultsModel()->index(0, 0));
        QCOMPARE(window.detailPane()->answerView()->toPlainText(), QStringLiteral("You said: detail please"));
    }

    void gridMenuCancelsAndRetries()
    {
        MainWindow window;
        window.promptEdit()->setPlainText(QStringLiteral("a b c d e f\n---\ng h i j k l"));
        tickOnly(window, {QStringLiteral("demo/echo"), QStringLiteral("demo/slow")});
        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        QVERIFY(window.send());
        std::unique_ptr<QMenu> menu(window.createGridMenu(window.resultsModel()->index(0, 1), &window));
        menu->findChild<QAction *>(QStringLiteral("cancelColumn"))->trigger();
        QVERIFY(finished.count() > 0 || finished.wait(5000));
        QCOMPARE(statusAt(window, 0, 1), QStringLiteral("cancelled"));
        QCOMPARE(statusAt(window, 1, 1), QStringLiteral("cancelled"));
        QCOMPARE(statusAt(window, 0, 0), QStringLiteral("ok"));
        QVERIFY(window.retryFailedAction()->isEnabled());

        // Retry one cell: it runs again to the end; the other cancelled cell stays as it is.
        menu.reset(window.createGridMenu(window.resultsModel()->index(1, 1), &window));
        QAction *retryCell = menu->findChild<QAction *>(QStringLiteral("retryCell"));
        QVERIFY(retryCell->isEnabled());
        QVERIFY(!menu->findChild<QAction *>(QStringLiteral("cancelCell"))->isEnabled());
        finished.clear();
        retryCell->trigger();
        QVERIFY(finished.wait(5000));
        QCOMPARE(statusAt(window, 1, 1), QStringLiteral("ok"));
        QCOMPARE(window.resultsModel()->index(1, 1).data(ResultsTableModel::AnswerRole).toString(),
                 QStringLiteral("You said: g h i j k l"));
        QCOMPARE(statusAt(window, 0, 1), QStringLiteral("cancelled"));

        // Retry Failed takes the rest.
        finished.clear();
        window.retryFailedAction()->trigger();
        QVERIFY(finished.wait(5000));
        QCOMPARE(window.scheduler()->counts().ok, 4);
    }

    void pauseHoldsQueuedCells()
    {
        MainWindow window;
        window.promptEdit()->setPlainText(QStringLiteral("hold on"));
        tickOnly(window, {QStringLiteral("demo/echo"), QStringLiteral("demo/fast")});
        QVERIFY(window.send());
        window.pauseAction()->setChecked(true); // before the scheduler's first turn
        QTest::qWait(150);
        QCOMPARE(window.scheduler()->counts().queued, 2);
        QCOMPARE(statusAt(window, 0, 0), QStringLiteral("queued"));
        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        window.pauseAction()->setChecked(false);
        QVERIFY(finished.wait(5000));
        QCOMPARE(window.scheduler()->counts().ok, 2);
    }

    void twoHundredCellsStayPaintable()
    {
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QStringList prompts;
        for (int i = 0; i < 25; ++i)
            prompts << QStringLiteral("prompt number %1 with a few words").arg(i);
        window.promptEdit()->setPlainText(prompts.join(QStringLiteral("\n---\n")));
        tickOnly(window, {QStringLiteral("demo/echo"), QStringLiteral("demo/slow"), QStringLiteral("demo/verbose"),
                          QStringLiteral("demo/fast")});
        window.repeatSpin()->setValue(2);
        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        QVERIFY(window.send());
        QCOMPARE(window.scheduler()->cellCount(), 200);
        // Cells beyond the demo's cap wait in the queue and say where they stand.
        QTRY_VERIFY(window.scheduler()->counts().queued > 0);
        window.grid()->scrollToBottom();
        const QModelIndex last = window.resultsModel()->index(24, 3);
        QVERIFY(!window.grid()->grab().isNull());
        QVERIFY(finished.wait(15000));
        QCOMPARE(window.scheduler()->counts().ok, 200);
        QCOMPARE(window.progressBar()->value(), 200);
        QCOMPARE(last.data(ResultsTableModel::StatusNameRole).toString(), QStringLiteral("ok"));
        QVERIFY(!window.grid()->grab().isNull());
    }

    void welcomeAndShortcuts()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.welcomePage()->isVisible());
        QVERIFY(!window.grid()->isVisible());
        ShortcutsDialog dialog(window.shortcutActions(), &window);
        QStringList keys;
        for (int row = 0; row < dialog.table()->rowCount(); ++row)
            keys << dialog.table()->item(row, 1)->text();
        const QString all = keys.join(QLatin1Char('|'));
        QVERIFY2(all.contains(QStringLiteral("Ctrl+E")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Esc")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Ctrl+Return")), qPrintable(all));
    }

    void providersDialogOpensFromTheMenu()
    {
        MainWindow window;
        window.show();
        QString seen;
        QTimer poll;
        poll.setInterval(20);
        connect(&poll, &QTimer::timeout, &window, [&] {
            if (auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget())) {
                seen = dialog->objectName();
                dialog->reject();
                poll.stop();
            }
        });
        poll.start();
        const QByteArray before = window.registry().toJson();
        window.providersAction()->trigger();
        QCOMPARE(seen, QStringLiteral("providersDialog"));
        QCOMPARE(window.registry().toJson(), before);
    }

    void savedProvidersComeBack()
    {
        QSettings().setValue(QStringLiteral("providers/json"),
                             QByteArray("{\"providers\":[{\"name\":\"local\",\"kind\":\"openai\",\"base_url\":\"http://127.0.0.1:9/v1\",\"models\":[\"m1\",\"m2\"]}]}"));
        QSettings().setValue(QStringLiteral("compose/models"), QStringList{QStringLiteral("local/m2"), QStringLiteral("demo/echo")});
        MainWindow window;
        QVERIFY(window.modelTree()->itemFor(QStringLiteral("local/m1")));
        // The Demo provider is always there, even when the saved list lacks it.
        QVERIFY(window.modelTree()->itemFor(QStringLiteral("demo/echo")));
        QCOMPARE(window.modelTree()->checkedModels(), (QStringList{QStringLiteral("local/m2"), QStringLiteral("demo/echo")}));
    }

    void historyKeepsRunsToOpenAndRunAgain()
    {
        QString answer;
        {
            MainWindow window;
            window.promptEdit()->setPlainText(QStringLiteral("remember me\n---\nand me"));
            tickOnly(window, {QStringLiteral("demo/echo")});
            QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
            QVERIFY(window.send());
            QVERIFY(finished.wait(20000));
            answer = window.scheduler()->result(1).text;
            window.historyRecorder()->flush();
        }
        MainWindow window;
        QVERIFY(window.history()->isOpen());
        QCOMPARE(window.scheduler()->cellCount(), 0); // nothing was interrupted: the grid starts empty
        window.leftTabs()->setCurrentWidget(window.historyPanel()->parentWidget());
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.historyPanel()->list()->topLevelItemCount(), 1, 20000);
        QVERIFY(window.historyPanel()->list()->topLevelItem(0)->text(1).contains(QStringLiteral("2/2 ok")));
        const QList<HistoryRunInfo> runs = window.history()->runs();
        QCOMPARE(runs.size(), 1);
        QVERIFY(window.openRun(runs.first().id));
        QCOMPARE(window.resultsModel()->rowCount(), 2);
        QCOMPARE(window.resultsModel()->index(1, 0).data(ResultsTableModel::AnswerRole).toString(), answer);
        QCOMPARE(window.scheduler()->counts().ok, 2);

        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        QVERIFY(window.rerun(runs.first().id));
        QVERIFY(finished.wait(20000));
        window.historyRecorder()->flush();
        QCOMPARE(window.history()->runs().size(), 2);
    }

    void ollamaFoundAtStartIsOffered()
    {
        MainWindow window;
        QVERIFY(window.ollamaProbe());
        QVERIFY(!window.registry().find(QStringLiteral("ollama")));
        // Nothing answered: nothing changes.
        Q_EMIT window.ollamaProbe()->finished(false, {});
        QVERIFY(!window.registry().find(QStringLiteral("ollama")));
        QVERIFY(!window.ollamaModels());
        const QStringList checked = window.modelTree()->checkedModels();
        Q_EMIT window.ollamaProbe()->finished(true, {QStringLiteral("llama3.2:1b"), QStringLiteral("qwen2.5:0.5b")});
        const ProviderConfig *ollama = window.registry().find(QStringLiteral("ollama"));
        QVERIFY(ollama);
        QCOMPARE(ollama->kind, ProviderKind::Ollama);
        QCOMPARE(ollama->baseUrl, QStringLiteral("http://127.0.0.1:11434"));
        QCOMPARE(ollama->models, (QStringList{QStringLiteral("llama3.2:1b"), QStringLiteral("qwen2.5:0.5b")}));
        QVERIFY(window.modelTree()->itemFor(QStringLiteral("ollama/qwen2.5:0.5b")));
        QCOMPARE(window.modelTree()->checkedModels(), checked); // offered, not ticked
        QCOMPARE(window.ollamaModels().value_or(QStringList()).size(), 2);
        // A later answer refreshes the same entry.
        Q_EMIT window.ollamaProbe()->finished(true, {QStringLiteral("phi3")});
        QVERIFY(window.registry().find(QStringLiteral("ollama"))->models.contains(QStringLiteral("phi3")));
        QCOMPARE(window.registry().providers().size(), 2); // demo + ollama

        // The Providers dialog hears of them too: its Ollama preset says it is running.
        window.show();
        QString presetText;
        QTimer poll;
        poll.setInterval(20);
        connect(&poll, &QTimer::timeout, &window, [&] {
            if (auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget())) {
                for (QComboBox *combo : dialog->findChildren<QComboBox *>()) {
                    const int index = combo->findData(QStringLiteral("ollama"));
                    if (index >= 0)
                        presetText = combo->itemText(index);
                }
                dialog->reject();
                poll.stop();
            }
        });
        poll.start();
        window.providersAction()->trigger();
        QVERIFY2(presetText.contains(QStringLiteral("running")), qPrintable(presetText));
    }

    void ollamaProbeLeavesTheUsersOwnOllamaAlone()
    {
        QSettings().setValue(QStringLiteral("providers/json"),
                             QByteArray("{\"providers\":[{\"name\":\"box\",\"kind\":\"ollama\",\"base_url\":\"http://10.0.0.2:11434\",\"models\":[\"m\"]}]}"));
        MainWindow window;
        Q_EMIT window.ollamaProbe()->finished(true, {QStringLiteral("llama3")});
        QVERIFY(!window.registry().find(QStringLiteral("ollama")));
        QCOMPARE(window.registry().find(QStringLiteral("box"))->models, QStringList{QStringLiteral("m")});
    }

    void pricesApplyOnLoad()
    {
        const PriceTable builtIn = PriceTable::builtIn();
        const QHash<QString, ModelPrice> openAi = builtIn.builtInPrices(QStringLiteral("openai"));
        QVERIFY(!openAi.isEmpty());
        const QString model = openAi.constBegin().key();
        QSettings().setValue(QStringLiteral("providers/json"),
                             QStringLiteral("{\"providers\":[{\"name\":\"oa\",\"kind\":\"openai\",\"base_url\":\"https://api.openai.com/v1\",\"models\":[\"%1\"]},"
                                            "{\"name\":\"local\",\"kind\":\"openai\",\"base_url\":\"http://127.0.0.1:9/v1\",\"models\":[\"m1\"]}]}")
                                 .arg(model)
                                 .toUtf8());
        {
            PriceTable user;
            user.setUserPrice(QStringLiteral("local"), QStringLiteral("m1"), ModelPrice{1.5, 3});
            QSettings settings;
            user.saveUserPrices(settings);
        }
        MainWindow window;
        const ProviderConfig *oa = window.registry().find(QStringLiteral("oa"));
        QVERIFY(oa);
        QVERIFY(oa->prices.contains(model));
        QCOMPARE(oa->prices.value(model).outputPerMTok, openAi.value(model).outputPerMTok);
        const ProviderConfig *local = window.registry().find(QStringLiteral("local"));
        QVERIFY(local);
        QCOMPARE(local->prices.value(QStringLiteral("m1")).inputPerMTok, 1.5);
        QCOMPARE(window.scheduler()->providers().find(QStringLiteral("local"))->prices.value(QStringLiteral("m1")).outputPerMTok, 3.0);
    }

    void droppedPromptFileIsImported()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString txt = dir.filePath(QStringLiteral("dropped.txt"));
        {
            QFile file(txt);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("first dropped\n---\nsecond dropped\n");
        }
        const QString jsonl = dir.filePath(QStringLiteral("more.jsonl"));
        {
            QFile file(jsonl);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{\"prompt\": \"from jsonl\"}\n");
        }
        MainWindow window;
        window.resize(1000, 700);
        window.show();
        const auto drop = [&window](QWidget *target, const QString &path) {
            auto *mime = new QMimeData;
            mime->setUrls({QUrl::fromLocalFile(path)});
            const QPointF pos(target->width() / 2.0, target->height() / 2.0);
            QDragEnterEvent enter(pos.toPoint(), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(target, &enter);
            const bool accepted = enter.isAccepted();
            QDropEvent dropped(pos, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(target, &dropped);
            delete mime;
            return accepted;
        };
        // On the window itself.
        QVERIFY(drop(&window, txt));
        QCOMPARE(window.promptEdit()->toPlainText(), QStringLiteral("first dropped\n---\nsecond dropped"));
        // On the prompt editor, which would otherwise paste the file's URL.
        QVERIFY(drop(window.promptEdit()->viewport(), jsonl));
        QCOMPARE(window.promptEdit()->toPlainText(), QStringLiteral("from jsonl"));
        // Something else is refused and changes nothing.
        const QString other = dir.filePath(QStringLiteral("image.png"));
        QVERIFY(!drop(&window, other));
        QCOMPARE(window.promptEdit()->toPlainText(), QStringLiteral("from jsonl"));
    }

    void historyExportsARunWithoutOpeningIt()
    {
        QString answer;
        {
            MainWindow window;
            window.promptEdit()->setPlainText(QStringLiteral("export me\n---\n=1+1"));
            tickOnly(window, {QStringLiteral("demo/echo")});
            QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
            QVERIFY(window.send());
            QVERIFY(finished.wait(20000));
            answer = window.scheduler()->result(0).text;
            window.historyRecorder()->flush();
        }
        MainWindow window;
        QCOMPARE(window.scheduler()->cellCount(), 0);
        window.historyPanel()->refresh();
        QCOMPARE(window.historyPanel()->list()->topLevelItemCount(), 1);
        window.historyPanel()->list()->setCurrentItem(window.historyPanel()->list()->topLevelItem(0));
        QVERIFY(window.historyPanel()->exportButton()->isEnabled());
        const qint64 id = window.historyPanel()->selectedRun();
        QVERIFY(id != 0);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.csv"));
        QSignalSpy exported(window.historyPanel(), &HistoryPanel::exportFinished);
        window.historyPanel()->exportRun(id, path);
        QVERIFY(exported.count() > 0 || exported.wait(20000));
        QCOMPARE(exported.first().at(1).toString(), QString());
        QCOMPARE(window.scheduler()->cellCount(), 0); // the grid was not touched
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray data = file.readAll();
        QVERIFY(data.startsWith("\xEF\xBB\xBF"));
        QList<QStringList> rows;
        QString error;
        QVERIFY2(CsvReader::parse(data.mid(3), &rows, &error), qPrintable(error));
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(0).mid(0, 15), ExportColumns::csvColumns().mid(0, 15));
        QCOMPARE(rows.at(1).at(1), QStringLiteral("export me"));
        QCOMPARE(rows.at(1).at(6), answer);
        QCOMPARE(rows.at(2).at(5), QStringLiteral("ok"));
        QVERIFY(rows.at(2).at(1).startsWith(QLatin1Char('\''))); // formula guard on

        // A run that is not there: an error, no file.
        window.historyPanel()->exportRun(id + 1000, dir.filePath(QStringLiteral("none.csv")));
        QVERIFY(exported.count() > 1 || exported.wait(5000));
        QVERIFY(!exported.last().at(1).toString().isEmpty());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("none.csv"))));
    }

    void requestSettingsReachTheScheduler()
    {
        RequestSettingsDialog::Values values;
        values.limits.maxAttempts = 5;
        values.limits.totalTimeoutMs = 42'000;
        values.globalConcurrency = 3;
        RequestSettingsDialog::save(values);
        MainWindow window;
        QCOMPARE(window.scheduler()->limits().maxAttempts, 5);
        QCOMPARE(window.scheduler()->limits().totalTimeoutMs, 42'000);

        RequestSettingsDialog dialog(RequestSettingsDialog::load());
        QCOMPARE(dialog.findChild<QSpinBox *>(QStringLiteral("totalTimeoutSpin"))->value(), 42);
        QCOMPARE(dialog.findChild<QSpinBox *>(QStringLiteral("globalConcurrencySpin"))->value(), 3);
        dialog.findChild<QSpinBox *>(QStringLiteral("attemptsSpin"))->setValue(2);
        QCOMPARE(dialog.values().limits.maxAttempts, 2);
        QCOMPARE(dialog.values().limits.totalTimeoutMs, 42'000);
    }

    void closingMidRunSavesCancelledCells()
    {
        {
            MainWindow window;
            window.promptEdit()->setPlainText(QStringLiteral("one two three four five six seven"));
            tickOnly(window, {QStringLiteral("demo/slow")});
            QVERIFY(window.send());
            QTRY_COMPARE(statusAt(window, 0, 0), QStringLiteral("running"));
            window.close();
        }
        MainWindow again;
        const QList<HistoryRunInfo> runs = again.history()->runs();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().cancelled, 1);
        QCOMPARE(runs.first().interrupted, 0);
        QCOMPARE(again.scheduler()->cellCount(), 0); // nothing to recover
    }

    void settingsPersistWithoutKeys()
    {
        {
            MainWindow window;
            window.promptEdit()->setPlainText(QStringLiteral("kept prompt"));
            window.systemEdit()->setPlainText(QStringLiteral("be brief"));
            tickOnly(window, {QStringLiteral("demo/verbose")});
            window.repeatSpin()->setValue(2);
            window.close();
        }
        MainWindow again;
        QCOMPARE(again.promptEdit()->toPlainText(), QStringLiteral("kept prompt"));
        QCOMPARE(again.systemEdit()->toPlainText(), QStringLiteral("be brief"));
        QCOMPARE(again.modelTree()->checkedModels(), QStringList{QStringLiteral("demo/verbose")});
        QCOMPARE(again.repeatSpin()->value(), 2);
        QVERIFY(QSettings().contains(QStringLiteral("providers/json")));
        QVERIFY(!QSettings().value(QStringLiteral("providers/json")).toByteArray().contains("api_key\""));
    }
};

QTEST_MAIN(TestGuiMainWindow)
#include "tst_gui_mainwindow.moc"
