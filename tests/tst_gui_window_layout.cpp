// SPDX-License-Identifier: MIT
// The grid-first window on real screen sizes: Qt's offscreen platform is given three screens
// (1024x768, 1280x720, 1920x1080) by its configuration file, and the window is opened on
// each with the first launch's 3 prompts x 4 Demo models, then restarted with the same
// settings. Also: collapsing and restoring the side panels, the row headers, one row height,
// and the Blind Arena dock (also on 1280x800) keeping the window and its status bar on screen.
#include "ArenaView.h"
#include "CellDelegate.h"
#include "GridPanel.h"
#include "HistoryDatabase.h"
#include "JudgeMenu.h"
#include "MainWindow.h"
#include "ModelTree.h"
#include "ResultsTableModel.h"
#include "RowHeaderView.h"
#include "TestHome.h"
#include "WindowLayout.h"

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

namespace {
struct ScreenSpec {
    const char *name;
    QRect geometry;
};
// Named so that their order (the platform sorts screens by name) puts 1024x768 first: it is
// the primary screen, where a window without a screen of its own opens.
const ScreenSpec kScreens[] = {
    {"a-1024x768", QRect(0, 0, 1024, 768)},
    {"b-1280x720", QRect(1024, 0, 1280, 720)},
    {"c-1920x1080", QRect(2304, 0, 1920, 1080)},
    {"d-1280x800", QRect(4224, 0, 1280, 800)},
};

QScreen *screenNamed(const QString &name)
{
    const QList<QScreen *> screens = QGuiApplication::screens();
    for (QScreen *screen : screens) {
        if (screen->name() == name)
            return screen;
    }
    return nullptr;
}

// What a user sees of the layout, to compare two windows.
struct LayoutShot {
    QRect frame;
    QList<int> splitter;
    QList<int> columns;
    QList<int> rows;
    int rowHeader = 0;
    bool operator==(const LayoutShot &other) const = default;
};

QRect globalRect(const QWidget *widget)
{
    return QRect(widget->mapToGlobal(QPoint(0, 0)), widget->size());
}
} // namespace

class TestGuiWindowLayout : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;

    // Opens a window on \a screen as the app does (constructed, then shown) and waits for it.
    static std::unique_ptr<MainWindow> openOn(QScreen *screen)
    {
        auto window = std::make_unique<MainWindow>();
        window->setScreen(screen);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return {};
        return window;
    }
    // Sends the composer's prompts to its ticked models and waits until the grid shows them.
    static bool sendAndLayOut(MainWindow &window)
    {
        if (!window.send())
            return false;
        QCoreApplication::processEvents();
        return QTest::qWaitFor([&] { return window.grid()->isVisible() && window.grid()->viewport()->width() > 0; });
    }
    static LayoutShot shot(MainWindow &window)
    {
        LayoutShot result;
        result.frame = window.frameGeometry();
        result.splitter = window.mainSplitter()->sizes();
        for (int column = 0; column < window.resultsModel()->columnCount(); ++column)
            result.columns.append(window.grid()->columnWidth(column));
        for (int row = 0; row < window.resultsModel()->rowCount(); ++row)
            result.rows.append(window.grid()->rowHeight(row));
        result.rowHeader = window.grid()->verticalHeader()->width();
        return result;
    }
    static QSet<int> rowHeights(MainWindow &window)
    {
        QSet<int> heights;
        for (int row = 0; row < window.resultsModel()->rowCount(); ++row)
            heights.insert(window.grid()->rowHeight(row));
        return heights;
    }
    static void finishRun(MainWindow &window)
    {
        window.cancelAll();
        QTRY_VERIFY_WITH_TIMEOUT(!window.scheduler()->isActive(), 10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("PromptGridLayoutTest"));
        QCoreApplication::setApplicationName(QStringLiteral("PromptGridLayoutTest"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QStandardPaths::setTestModeEnabled(true);
        for (const ScreenSpec &spec : kScreens) {
            QScreen *screen = screenNamed(QString::fromLatin1(spec.name));
            QVERIFY2(screen, spec.name);
            QCOMPARE(screen->availableGeometry(), spec.geometry);
        }
    }

    void init()
    {
        TestHome::reset();
    }

    void firstLaunchGivesTheGridTheWindow_data()
    {
        QTest::addColumn<QString>("screen");
        QTest::addColumn<bool>("allColumnsFit");
        QTest::addRow("1024x768") << QStringLiteral("a-1024x768") << true;
        QTest::addRow("1280x720") << QStringLiteral("b-1280x720") << true;
        QTest::addRow("1920x1080") << QStringLiteral("c-1920x1080") << true;
    }

    void firstLaunchGivesTheGridTheWindow()
    {
        QFETCH(QString, screen);
        QFETCH(bool, allColumnsFit);
        QScreen *target = screenNamed(screen);
        QVERIFY(target);
        const std::unique_ptr<MainWindow> window = openOn(target);
        QVERIFY(window);
        QCOMPARE(window->screen(), target);

        // The whole window, title and borders included, is on the screen.
        const QRect available = target->availableGeometry();
        QVERIFY2(available.contains(window->frameGeometry()),
                 qPrintable(QStringLiteral("frame %1,%2 %3x%4").arg(window->frameGeometry().x()).arg(window->frameGeometry().y())
                                .arg(window->frameGeometry().width()).arg(window->frameGeometry().height())));
        // Every control that runs and stops a run, and the status bar, can be reached.
        for (const QWidget *control : {static_cast<const QWidget *>(window->findChild<QPushButton *>(QStringLiteral("sendButton"))),
                                       static_cast<const QWidget *>(window->findChild<QPushButton *>(QStringLiteral("cancelAllButton"))),
                                       static_cast<const QWidget *>(window->statusBar())}) {
            QVERIFY(control);
            QVERIFY2(control->isVisible(), qPrintable(control->objectName()));
            QVERIFY2(available.contains(globalRect(control)), qPrintable(control->objectName()));
        }

        // The first launch's prompts and models: 3 x 4.
        QVERIFY(sendAndLayOut(*window));
        QCOMPARE(window->resultsModel()->rowCount(), 3);
        QCOMPARE(window->resultsModel()->columnCount(), 4);
        const int gridWidth = window->gridPanel()->width();
        QVERIFY2(gridWidth >= window->width() * WindowLayout::kGridShare,
                 qPrintable(QStringLiteral("grid %1 of %2").arg(gridWidth).arg(window->width())));
        // Extra width goes to the grid, not to the side panels.
        QVERIFY(window->mainSplitter()->sizes().value(0) <= 360);
        QVERIFY(window->mainSplitter()->sizes().value(2) <= 400);
        if (allColumnsFit) {
            QTableView *grid = window->grid();
            QCOMPARE(grid->horizontalScrollBar()->maximum(), 0);
            for (int column = 0; column < 4; ++column) {
                QVERIFY(grid->columnViewportPosition(column) >= 0);
                QVERIFY2(grid->columnViewportPosition(column) + grid->columnWidth(column) <= grid->viewport()->width(),
                         qPrintable(QString::number(column)));
                QVERIFY(grid->columnWidth(column) >= window->gridPanel()->minimumColumnWidth());
            }
        }
        // The window opened with the composer showing (the first launch's prompts are there).
        QVERIFY(window->isComposerVisible());
        QVERIFY(window->composerAction()->isChecked());
        finishRun(*window);
    }

    void sizingFunctionsKeepTheGridsShare()
    {
        // The same rules for screens the platform was not given.
        for (const QSize &size : {QSize(1024, 768), QSize(1366, 768), QSize(1600, 900), QSize(2560, 1440), QSize(3840, 2160)}) {
            const QRect available(QPoint(100, 50), size);
            const QRect frame = WindowLayout::initialFrame(available);
            QVERIFY(available.contains(frame));
            QVERIFY(frame.width() >= std::min(size.width(), 1024));
            const WindowLayout::Panels panels = WindowLayout::defaultPanels(frame.width(), 12, 182, 210);
            QVERIFY(frame.width() - 12 - panels.composer - panels.detail >= frame.width() * WindowLayout::kGridShare);
            QVERIFY(panels.composer >= 182);
        }
        // A panel whose minimum cannot fit beside two thirds of grid is collapsed; the detail
        // pane then gets the room the composer could not use.
        QCOMPARE(WindowLayout::defaultPanels(900, 12, 400, 400), (WindowLayout::Panels{0, 0}));
        QCOMPARE(WindowLayout::defaultPanels(900, 12, 400, 210), (WindowLayout::Panels{0, 288}));
        QCOMPARE(WindowLayout::defaultPanels(900, 12, 150, 210), (WindowLayout::Panels{198, 0}));
        // A saved frame larger than the screen or off it is brought back whole.
        const QRect small(0, 0, 1024, 768);
        QCOMPARE(WindowLayout::clampFrame(QRect(500, 400, 1280, 820), small), small);
        QCOMPARE(WindowLayout::clampFrame(QRect(-300, 700, 800, 600), small), QRect(0, 168, 800, 600));
        QCOMPARE(WindowLayout::clampFrame(QRect(3000, 10, 800, 600), small), QRect(224, 10, 800, 600));
    }

    void savedFrameIsClampedToTheScreen()
    {
        // Saved on a larger screen: 1280x820 is taller than 1024x768.
        {
            QSettings settings;
            settings.setValue(QStringLiteral("window/frame"), QRect(40, 30, 1284, 824));
            settings.setValue(QStringLiteral("window/client"), QRect(42, 32, 1280, 820));
            settings.setValue(QStringLiteral("window/maximized"), false);
        }
        QScreen *small = screenNamed(QStringLiteral("a-1024x768"));
        const std::unique_ptr<MainWindow> window = openOn(small);
        QVERIFY(window);
        QVERIFY(small->availableGeometry().contains(window->frameGeometry()));
        QCOMPARE(window->frameGeometry().size(), QSize(1024, 768));
        QVERIFY(small->availableGeometry().contains(globalRect(window->statusBar())));
        QVERIFY(small->availableGeometry().contains(globalRect(window->findChild<QPushButton *>(QStringLiteral("sendButton")))));
    }

    void panelsCollapseRestoreAndPersist()
    {
        QScreen *large = screenNamed(QStringLiteral("c-1920x1080"));
        {
            const std::unique_ptr<MainWindow> window = openOn(large);
            QVERIFY(window);
            QVERIFY(sendAndLayOut(*window));
            QVERIFY(window->isComposerVisible());
            QVERIFY(window->isDetailVisible());
            const QList<int> before = window->mainSplitter()->sizes();
            const int gridBefore = window->gridPanel()->width();

            // View > Composer (Ctrl+B): gone, its room to the grid; again: back as it was.
            QTest::keyClick(window.get(), Qt::Key_B, Qt::ControlModifier);
            QVERIFY(!window->isComposerVisible());
            QVERIFY(!window->composerAction()->isChecked());
            QVERIFY(!window->leftTabs()->isVisible());
            QTRY_VERIFY(window->gridPanel()->width() >= gridBefore + before.value(0));
            window->composerAction()->trigger();
            QVERIFY(window->isComposerVisible());
            QTRY_COMPARE(window->mainSplitter()->sizes(), before);

            // View > Detail Pane (Ctrl+Alt+B) likewise.
            QTest::keyClick(window.get(), Qt::Key_B, Qt::ControlModifier | Qt::AltModifier);
            QVERIFY(!window->isDetailVisible());
            QVERIFY(!window->detailPanel()->isVisible());
            QTRY_VERIFY(window->gridPanel()->width() >= gridBefore + before.value(2));
            window->detailAction()->trigger();
            QTRY_COMPARE(window->mainSplitter()->sizes(), before);

            // Dragging the composer's edge to the window's edge collapses it too.
            QSplitterHandle *handle = window->mainSplitter()->handle(1);
            QVERIFY(handle->isVisible());
            const QPoint start = handle->rect().center();
            QTest::mousePress(handle, Qt::LeftButton, {}, start);
            QTest::mouseMove(handle, start - QPoint(before.value(0) + 20, 0));
            QTest::mouseRelease(handle, Qt::LeftButton, {}, start - QPoint(before.value(0) + 20, 0));
            QTRY_VERIFY(!window->isComposerVisible());
            QVERIFY(!window->composerAction()->isChecked());
            // Focus the grid (Ctrl+G).
            QTest::keyClick(window.get(), Qt::Key_G, Qt::ControlModifier);
            QTRY_VERIFY(window->grid()->hasFocus());
            finishRun(*window);
            window->close();
        }
        // After a restart: still collapsed; opened again at the width it had.
        {
            const std::unique_ptr<MainWindow> window = openOn(large);
            QVERIFY(window);
            QVERIFY(!window->isComposerVisible());
            QVERIFY(!window->composerAction()->isChecked());
            QVERIFY(window->isDetailVisible());
            window->setComposerVisible(true);
            QVERIFY(window->isComposerVisible());
            QVERIFY(window->mainSplitter()->sizes().value(0) >= window->leftTabs()->minimumSizeHint().width());
            window->close();
        }
        {
            const std::unique_ptr<MainWindow> window = openOn(large);
            QVERIFY(window->isComposerVisible());
        }
    }

    void fullScreenGridAndBack()
    {
        const std::unique_ptr<MainWindow> window = openOn(screenNamed(QStringLiteral("c-1920x1080")));
        QVERIFY(window);
        QVERIFY(sendAndLayOut(*window));
        const QList<int> before = window->mainSplitter()->sizes();
        window->judgeMenu()->showHeatmap();
        auto *dock = window->findChild<QDockWidget *>(QStringLiteral("similarityDock"));
        QVERIFY(dock);
        QTRY_VERIFY(dock->isVisible());

        QTest::keyClick(window.get(), Qt::Key_F11);
        QVERIFY(window->fullScreenGridAction()->isChecked());
        QVERIFY(window->windowState() & Qt::WindowFullScreen);
        QVERIFY(!window->isComposerVisible());
        QVERIFY(!window->isDetailVisible());
        QVERIFY(!dock->isVisible());
        QTRY_VERIFY(window->grid()->hasFocus());

        QTest::keyClick(window.get(), Qt::Key_F11);
        QVERIFY(!window->fullScreenGridAction()->isChecked());
        QVERIFY(!(window->windowState() & Qt::WindowFullScreen));
        QVERIFY(window->isComposerVisible());
        QVERIFY(window->isDetailVisible());
        QTRY_VERIFY(dock->isVisible());
        QCOMPARE(window->mainSplitter()->sizes().value(0), before.value(0));
        QCOMPARE(window->mainSplitter()->sizes().value(2), before.value(2));
        finishRun(*window);
    }

    void openingACellKeepsItInSight()
    {
        // At 1024x768 the detail pane starts shut; double-click (here Enter) on the last column
        // opens it, and the narrower grid still shows the cell that was opened.
        const std::unique_ptr<MainWindow> window = openOn(screenNamed(QStringLiteral("a-1024x768")));
        QVERIFY(window);
        QVERIFY(!window->isDetailVisible());
        QVERIFY(sendAndLayOut(*window));
        const QModelIndex last = window->resultsModel()->index(0, window->resultsModel()->columnCount() - 1);
        window->grid()->setFocus();
        window->grid()->setCurrentIndex(last);
        QTest::keyClick(window->grid(), Qt::Key_Return);
        QVERIFY(window->isDetailVisible());
        QTRY_VERIFY(window->grid()->viewport()->rect().contains(window->grid()->visualRect(last)));
        finishRun(*window);
    }

    void judgeDocksKeepTheGridsWidth()
    {
        const std::unique_ptr<MainWindow> window = openOn(screenNamed(QStringLiteral("b-1280x720")));
        QVERIFY(window);
        QVERIFY(sendAndLayOut(*window));
        const int gridWidth = window->gridPanel()->width();
        window->grid()->setCurrentIndex(window->resultsModel()->index(0, 0));
        window->judgeMenu()->showHeatmap();
        window->judgeMenu()->compareSelection();
        const QList<QDockWidget *> docks = window->findChildren<QDockWidget *>();
        QVERIFY(docks.size() >= 2);
        for (QDockWidget *dock : docks) {
            QTRY_VERIFY(dock->isVisible() || !window->tabifiedDockWidgets(dock).isEmpty());
            QCOMPARE(window->dockWidgetArea(dock), Qt::BottomDockWidgetArea);
        }
        QCoreApplication::processEvents();
        QCOMPARE(window->gridPanel()->width(), gridWidth);
        // They take at most about a third of the height.
        QTRY_VERIFY(window->grid()->viewport()->height() >= window->height() / 4);
        finishRun(*window);
    }

    void arenaResultsKeepTheWindowOnTheScreen_data()
    {
        QTest::addColumn<QString>("screen");
        QTest::addRow("1024x768") << QStringLiteral("a-1024x768");
        QTest::addRow("1280x720") << QStringLiteral("b-1280x720");
        QTest::addRow("1280x800") << QStringLiteral("d-1280x800");
    }

    void arenaResultsKeepTheWindowOnTheScreen()
    {
        // The Blind Arena dock, battles and then results, must not grow the window past the
        // screen's bottom edge: the status bar stays in sight, the grid keeps its share.
        QFETCH(QString, screen);
        QScreen *target = screenNamed(screen);
        QVERIFY(target);
        const std::unique_ptr<MainWindow> window = openOn(target);
        QVERIFY(window);
        QVERIFY(sendAndLayOut(*window));
        QTRY_VERIFY_WITH_TIMEOUT(!window->scheduler()->isActive(), 20000);
        const QRect available = target->availableGeometry();
        const auto onScreen = [&](const char *when) {
            const QRect frame = window->frameGeometry();
            QVERIFY2(available.contains(frame), qPrintable(QStringLiteral("%1: frame %2,%3 %4x%5, minimum height %6")
                                                               .arg(QLatin1String(when)).arg(frame.x()).arg(frame.y())
                                                               .arg(frame.width()).arg(frame.height()).arg(window->minimumSizeHint().height())));
            QVERIFY2(window->statusBar()->isVisible(), when);
            QVERIFY2(available.contains(globalRect(window->statusBar())), when);
            QVERIFY2(window->grid()->viewport()->height() >= window->height() / 4, when);
            // The arena keeps a usable height of its own (it scrolls when shorter than its page).
            QVERIFY2(window->judgeMenu()->arenaView()->height() >= 150, qPrintable(QString::number(window->judgeMenu()->arenaView()->height())));
        };
        window->judgeMenu()->showArena();
        ArenaView *arena = window->judgeMenu()->arenaView();
        QVERIFY(arena);
        QTRY_VERIFY(arena->isVisible());
        QCOMPARE(arena->battleCount(), 36);
        QCoreApplication::processEvents();
        onScreen("battles");
        if (QTest::currentTestFailed())
            return;
        // The verdict buttons in sight without scrolling the dock.
        const QRect shown = arena->rect();
        for (QWidget *button : {static_cast<QWidget *>(arena->leftButton()), static_cast<QWidget *>(arena->rightButton())})
            QVERIFY2(shown.contains(QRect(button->mapTo(arena, QPoint(0, 0)), button->size())), qPrintable(screen));
        for (int i = 0; i < 8; ++i)
            arena->choose(i % 3 == 0 ? BattleVerdict::Right : BattleVerdict::Left);
        arena->showResults();
        QTRY_VERIFY(!arena->isFitting());
        QTRY_VERIFY(arena->ratingsTable()->isVisible());
        QCoreApplication::processEvents();
        onScreen("results");
        if (QTest::currentTestFailed())
            return;
        arena->showBattles();
        QCoreApplication::processEvents();
        onScreen("battles again");
        finishRun(*window);
    }

    void sameLayoutAfterRestart_data()
    {
        QTest::addColumn<QString>("screen");
        QTest::addRow("1024x768") << QStringLiteral("a-1024x768");
        QTest::addRow("1280x720") << QStringLiteral("b-1280x720");
        QTest::addRow("1920x1080") << QStringLiteral("c-1920x1080");
    }

    void sameLayoutAfterRestart()
    {
        QFETCH(QString, screen);
        LayoutShot first;
        {
            const std::unique_ptr<MainWindow> window = openOn(screenNamed(screen));
            QVERIFY(window);
            QVERIFY(sendAndLayOut(*window));
            first = shot(*window);
            finishRun(*window);
            window->close();
        }
        QVERIFY(QSettings().contains(QStringLiteral("window/frame")));
        for (int restart = 0; restart < 2; ++restart) {
            const std::unique_ptr<MainWindow> window = openOn(screenNamed(screen));
            QVERIFY(window);
            QVERIFY(sendAndLayOut(*window));
            const LayoutShot again = shot(*window);
            QCOMPARE(again.frame, first.frame);
            QCOMPARE(again.splitter, first.splitter);
            QCOMPARE(again.columns, first.columns);
            QCOMPARE(again.rows, first.rows);
            QCOMPARE(again.rowHeader, first.rowHeader);
            finishRun(*window);
            window->close();
        }
    }

    void rowHeadersShowThePrompt()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("prompts.csv"));
        {
            QFile file(csv);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("prompt,lang\n\"Summarise {{lang}} news\nin three lines\",fr\n\"Write a haiku\",de\n");
        }
        int widened = 0;
        {
            const std::unique_ptr<MainWindow> window = openOn(screenNamed(QStringLiteral("b-1280x720")));
            QVERIFY(window);
            QVERIFY(window->importPromptsFrom(csv));
            window->modelTree()->setCheckedModels({QStringLiteral("demo/echo")});
            QVERIFY(sendAndLayOut(*window));
            QCOMPARE(window->resultsModel()->rowCount(), 2);
            RowHeaderView *header = window->gridPanel()->rowHeader();
            QCOMPARE(window->grid()->verticalHeader(), header);
            const QString label = window->resultsModel()->headerData(0, Qt::Vertical).toString();
            QCOMPARE(header->sectionTitle(0), label + QStringLiteral(" · Summarise fr news… · lang=fr"));
            QCOMPARE(header->sectionTitle(1), window->resultsModel()->headerData(1, Qt::Vertical).toString()
                                                  + QStringLiteral(" · Write a haiku · lang=de"));
            QVERIFY(header->width() >= 120);

            // Dragging the header's right edge widens it; the cells move over.
            const int before = header->width();
            const QPoint edge(header->viewport()->width() - 2, 20);
            QTest::mousePress(header->viewport(), Qt::LeftButton, {}, edge);
            QTest::mouseMove(header->viewport(), edge + QPoint(80, 0));
            QTest::mouseRelease(header->viewport(), Qt::LeftButton, {}, edge + QPoint(80, 0));
            QTRY_COMPARE(header->width(), before + 80);
            QTRY_COMPARE(window->grid()->viewport()->x(), header->x() + header->width());
            widened = header->width();
            finishRun(*window);
            window->close();
        }
        const std::unique_ptr<MainWindow> window = openOn(screenNamed(QStringLiteral("b-1280x720")));
        QVERIFY(window);
        QCOMPARE(window->gridPanel()->rowHeader()->headerWidth(), widened);
    }

    void everyRowHasOneHeight()
    {
        GridPanel::RowHeight customKept = GridPanel::RowHeight::Fit;
        int custom = 0;
        {
            const std::unique_ptr<MainWindow> window = openOn(screenNamed(QStringLiteral("a-1024x768")));
            QVERIFY(window);
            QStringList prompts;
            for (int i = 1; i <= 10; ++i)
                prompts.append(QStringLiteral("prompt %1").arg(i));
            window->promptEdit()->setPlainText(prompts.join(QStringLiteral("\n---\n")));
            window->modelTree()->setCheckedModels({QStringLiteral("demo/echo"), QStringLiteral("demo/slow")});
            QVERIFY(sendAndLayOut(*window));
            QCOMPARE(window->resultsModel()->rowCount(), 10);
            GridPanel *panel = window->gridPanel();

            // Fit to Window (the default): ten rows do not fit, so all are Compact.
            QCOMPARE(panel->rowHeightMode(), GridPanel::RowHeight::Fit);
            QCOMPARE(rowHeights(*window), QSet<int>{panel->rowHeightFor(GridPanel::RowHeight::Compact)});
            QMap<GridPanel::RowHeight, int> heights;
            const QList<QAction *> actions = panel->rowHeightActions();
            QCOMPARE(actions.size(), 4);
            for (QAction *action : actions) {
                action->trigger();
                QVERIFY(action->isChecked());
                const QSet<int> set = rowHeights(*window);
                QCOMPARE(set.size(), 1);
                heights.insert(panel->rowHeightMode(), *set.begin());
            }
            QVERIFY(heights.value(GridPanel::RowHeight::Compact) < heights.value(GridPanel::RowHeight::Comfortable));
            QVERIFY(heights.value(GridPanel::RowHeight::Comfortable) < heights.value(GridPanel::RowHeight::Tall));
            // Ctrl+Alt+1: Compact, from the keyboard.
            QTest::keyClick(window.get(), Qt::Key_1, Qt::ControlModifier | Qt::AltModifier);
            QCOMPARE(panel->rowHeightMode(), GridPanel::RowHeight::Compact);

            // Dragging one row's lower edge: every row takes that height.
            QHeaderView *header = window->grid()->verticalHeader();
            const int y = header->sectionViewportPosition(1) + header->sectionSize(1) - 1;
            const QPoint grip(header->viewport()->width() / 2, y);
            QTest::mousePress(header->viewport(), Qt::LeftButton, {}, grip);
            QTest::mouseMove(header->viewport(), grip + QPoint(0, 60));
            QTest::mouseRelease(header->viewport(), Qt::LeftButton, {}, grip + QPoint(0, 60));
            QCOMPARE(panel->rowHeightMode(), GridPanel::RowHeight::Custom);
            const QSet<int> set = rowHeights(*window);
            QCOMPARE(set.size(), 1);
            QCOMPARE(*set.begin(), heights.value(GridPanel::RowHeight::Compact) + 60);
            for (QAction *action : actions)
                QVERIFY(!action->isChecked());
            custom = *set.begin();
            customKept = panel->rowHeightMode();
            finishRun(*window);
            window->close();
        }
        // Kept across a restart.
        const std::unique_ptr<MainWindow> window = openOn(screenNamed(QStringLiteral("a-1024x768")));
        QVERIFY(window);
        QCOMPARE(window->gridPanel()->rowHeightMode(), customKept);
        QVERIFY(sendAndLayOut(*window));
        QCOMPARE(rowHeights(*window), QSet<int>{custom});
        finishRun(*window);
    }

    void cellSaysHowMuchMoreThereIs()
    {
        QFont font = QApplication::font();
        const QRect cell(0, 0, 200, QFontMetrics(font).lineSpacing() * 3);
        QStringList words;
        for (int i = 0; i < 500; ++i)
            words.append(QStringLiteral("word%1").arg(i));
        const QString text = words.join(QLatin1Char(' '));
        const QString more = CellDelegate::hiddenText(text, cell, font);
        QVERIFY2(more.startsWith(QStringLiteral("+")) && more.endsWith(QStringLiteral(" words")), qPrintable(more));
        const int hidden = more.mid(1, more.indexOf(QLatin1Char(' ')) - 1).toInt();
        // Three lines of about 200 px hold a few words; the rest is counted.
        QVERIFY2(hidden > 450 && hidden < 500, qPrintable(more));
        // Everything shows: nothing to say.
        QCOMPARE(CellDelegate::hiddenText(QStringLiteral("short answer"), cell, font), QString());
        // Text without spaces is counted in characters.
        const QString cjk = QString(3000, QChar(0x6f22));
        QVERIFY(CellDelegate::hiddenText(cjk, cell, font).endsWith(QStringLiteral(" characters")));
        // A huge answer is estimated, not walked through on every paint, and still says so.
        const QString huge = QString(text + QLatin1Char(' ')).repeated(400);
        const QString hugeMore = CellDelegate::hiddenText(huge, cell, font);
        QVERIFY2(hugeMore.endsWith(QStringLiteral(" words")), qPrintable(hugeMore));
        QVERIFY(hugeMore.mid(1, hugeMore.indexOf(QLatin1Char(' ')) - 1).toInt() > 150000);
    }
};

int main(int argc, char *argv[])
{
    // Three screens of fixed sizes, from the offscreen platform's configuration file (Qt 6.4's
    // "offscreen:configfile=..."); this suite always runs on them, whatever platform was asked.
    QTemporaryDir configDir;
    if (!configDir.isValid())
        return 2;
    QJsonArray screens;
    for (const ScreenSpec &spec : kScreens) {
        screens.append(QJsonObject{{QStringLiteral("name"), QString::fromLatin1(spec.name)},
                                   {QStringLiteral("x"), spec.geometry.x()},
                                   {QStringLiteral("y"), spec.geometry.y()},
                                   {QStringLiteral("width"), spec.geometry.width()},
                                   {QStringLiteral("height"), spec.geometry.height()},
                                   {QStringLiteral("logicalDpi"), 96},
                                   {QStringLiteral("dpr"), 1.0}});
    }
    const QString config = configDir.filePath(QStringLiteral("screens.json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return 2;
    file.write(QJsonDocument(QJsonObject{{QStringLiteral("screens"), screens}}).toJson());
    file.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + config.toLocal8Bit());
    QApplication app(argc, argv);
    TestGuiWindowLayout test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_gui_window_layout.moc"
