// SPDX-License-Identifier: MIT
// The blind arena in the real window: opened from the Judge menu and from blind judging, battle
// by battle with the models' names hidden, judged by clicks and keys (← or 1, → or 2, T, S,
// Backspace back and clear), verdicts recorded under the rater, and the results (Bradley-Terry
// with 95% intervals, win rates, position bias), with humans and judges kept apart and compared.
#include "ArenaView.h"
#include "BlindModePanel.h"
#include "DetailPane.h"
#include "GridCover.h"
#include "JudgeMenu.h"
#include "MainWindow.h"
#include "PlanBuilder.h"
#include "RatingShare.h"
#include "Scheduler.h"
#include "TestHome.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QHash>
#include <QHeaderView>
#include <QSet>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

namespace {
const QStringList kModels{QStringLiteral("alphamodel"), QStringLiteral("betamodel"), QStringLiteral("gammamodel")};

ModelColumn model(const QString &name)
{
    ModelColumn column;
    column.provider = QStringLiteral("demo");
    column.model = name;
    return column;
}

CellResult ok(const QString &text)
{
    CellResult r;
    r.status = CellStatus::Ok;
    r.text = text;
    return r;
}

// Two prompts, three models (or \a rows x \a models); each answer says which row and column it is.
void loadGrid(MainWindow &window, int rows = 2, int models = 3)
{
    QList<ModelColumn> columns;
    for (int column = 0; column < models; ++column)
        columns << model(column < kModels.size() ? kModels.at(column) : QStringLiteral("model%1").arg(column));
    QStringList prompts;
    for (int row = 0; row < rows; ++row)
        prompts << (row == 0 ? QStringLiteral("First question?") : row == 1 ? QStringLiteral("Second question?") : QStringLiteral("Question %1?").arg(row + 1));
    std::vector<CellResult> results;
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < models; ++column)
            results.push_back(ok(QStringLiteral("Answer **r%1c%2**").arg(row).arg(column)));
    }
    window.scheduler()->load(PlanBuilder::fromPrompts(prompts, columns, 1, {}), results);
}

QAction *action(QMenu *menu, const QString &objectName)
{
    for (QAction *a : menu->actions()) {
        if (a->objectName() == objectName)
            return a;
    }
    return nullptr;
}

// Everything the battle page shows as text.
QString shownText(ArenaView *arena)
{
    QStringList texts;
    for (QLabel *label : arena->findChildren<QLabel *>()) {
        if (label->isVisible())
            texts << label->text();
    }
    for (QAbstractButton *button : arena->findChildren<QAbstractButton *>()) {
        if (button->isVisible())
            texts << button->text() << button->toolTip();
    }
    for (QTextBrowser *view : arena->findChildren<QTextBrowser *>()) {
        if (view->isVisible())
            texts << view->toPlainText();
    }
    return texts.join(QLatin1Char('\n'));
}
} // namespace

class TestGuiArena : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        TestHome::isolate(QStringLiteral("tst_gui_arena"), m_home.path());
    }

    void init()
    {
        TestHome::reset();
    }

    void battlesByClicksAndKeys()
    {
        MainWindow window;
        loadGrid(window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        JudgeMenu *judge = window.judgeMenu();
        QAction *open = action(judge->menu(), QStringLiteral("blindArenaAction"));
        QVERIFY(open);
        QCOMPARE(open->text(), QStringLiteral("Blind &Arena…"));
        open->trigger();
        ArenaView *arena = judge->arenaView();
        QVERIFY(arena);
        QTRY_VERIFY(arena->isVisible());
        // Every pair on every row, each both ways: 3 pairs x 2 rows x 2.
        QCOMPARE(arena->battleCount(), 12);
        QCOMPARE(arena->progressLabel()->text(), QStringLiteral("Battle 1 of 12"));
        QCOMPARE(arena->leftTitle()->text(), QStringLiteral("Left"));
        QCOMPARE(arena->rightTitle()->text(), QStringLiteral("Right"));

        const auto checkShown = [&] {
            const Battle battle = arena->content().battles().at(arena->currentIndex());
            QCOMPARE(arena->leftView()->toPlainText(), QStringLiteral("Answer r%1c%2").arg(battle.row).arg(battle.left));
            QCOMPARE(arena->rightView()->toPlainText(), QStringLiteral("Answer r%1c%2").arg(battle.row).arg(battle.right));
            QVERIFY(arena->promptView()->toPlainText().contains(battle.row == 0 ? QLatin1String("First question?")
                                                                                 : QLatin1String("Second question?")));
            // Markdown rendered as in the detail pane.
            QVERIFY(arena->leftView()->toHtml().contains(QLatin1String("font-weight")));
            const QString text = shownText(arena);
            for (const QString &name : kModels)
                QVERIFY2(!text.contains(name), qPrintable(name));
        };
        checkShown();

        const auto verdictOf = [&](int index) {
            return judge->ratings().battleVerdict(arena->content().battles().at(index), Ratings::localRater());
        };
        QTest::mouseClick(arena->leftButton(), Qt::LeftButton);
        QCOMPARE(verdictOf(0), std::optional(BattleVerdict::Left));
        QCOMPARE(arena->progressLabel()->text(), QStringLiteral("Battle 2 of 12"));
        checkShown();
        QTest::mouseClick(arena->rightButton(), Qt::LeftButton);
        QTest::mouseClick(arena->tieButton(), Qt::LeftButton);
        QTest::mouseClick(arena->skipButton(), Qt::LeftButton);
        QCOMPARE(verdictOf(1), std::optional(BattleVerdict::Right));
        QCOMPARE(verdictOf(2), std::optional(BattleVerdict::Tie));
        QCOMPARE(verdictOf(3), std::optional(BattleVerdict::Skip));
        // A click does not take the focus to the button: the arena's keys go on judging.
        QVERIFY(!arena->skipButton()->hasFocus());
        QTest::keyClick(arena, Qt::Key_Left);
        QTest::keyClick(arena, Qt::Key_2);
        QTest::keyClick(arena, Qt::Key_1);
        QTest::keyClick(arena, Qt::Key_Right);
        QTest::keyClick(arena, Qt::Key_T);
        QTest::keyClick(arena, Qt::Key_S);
        QCOMPARE(verdictOf(4), std::optional(BattleVerdict::Left));
        QCOMPARE(verdictOf(5), std::optional(BattleVerdict::Right));
        QCOMPARE(verdictOf(6), std::optional(BattleVerdict::Left));
        QCOMPARE(verdictOf(7), std::optional(BattleVerdict::Right));
        QCOMPARE(verdictOf(8), std::optional(BattleVerdict::Tie));
        QCOMPARE(verdictOf(9), std::optional(BattleVerdict::Skip));
        QCOMPARE(arena->currentIndex(), 10);

        // Backspace: back one battle, its verdict cleared.
        QTest::keyClick(arena, Qt::Key_Backspace);
        QCOMPARE(arena->currentIndex(), 9);
        QVERIFY(!verdictOf(9));
        QTest::keyClick(arena, Qt::Key_Backspace);
        QCOMPARE(arena->currentIndex(), 8);
        QVERIFY(!verdictOf(8));
        QCOMPARE(arena->progressLabel()->text(), QStringLiteral("Battle 9 of 12"));
        checkShown();
        QCOMPARE(judge->ratings().battleVerdicts(Ratings::localRater()).size(), 8);

        // To the end: the results open by themselves.
        for (int i = 0; i < 4; ++i)
            QTest::keyClick(arena, i % 2 ? Qt::Key_1 : Qt::Key_2);
        QVERIFY(arena->isShowingResults());
        QTRY_VERIFY(!arena->isFitting());
        QTableWidget *table = arena->ratingsTable();
        QCOMPARE(table->rowCount(), 3);
        QStringList names;
        for (int row = 0; row < 3; ++row) {
            names << table->item(row, 0)->text();
            QVERIFY2(table->item(row, 1)->text().contains(QLatin1String(" to ")) || table->item(row, 1)->text().contains(QLatin1String("all")),
                     qPrintable(table->item(row, 1)->text()));
        }
        // After the arena, the names are shown: the results are the reveal.
        for (const QString &name : kModels)
            QVERIFY2(names.join(QLatin1Char(' ')).contains(name), qPrintable(names.join(QLatin1Char(' '))));
        QCOMPARE(arena->winRateTable()->rowCount(), 3);
        QCOMPARE(arena->winRateTable()->columnCount(), 3);
        QVERIFY(arena->winRateTable()->item(0, 1)->text().contains(QLatin1Char('%')));
        QVERIFY2(arena->biasLabel()->text().contains(QLatin1String("decisive battles")), qPrintable(arena->biasLabel()->text()));
        // The rows of the matrix add up to the decisive and tied verdicts given.
        int points = 0;
        for (int row = 0; row < 3; ++row) {
            for (int column = 0; column < 3; ++column)
                points += row == column ? 0 : arena->winRateTable()->item(row, column)->text().isEmpty() ? 0 : 1;
        }
        QVERIFY(points > 0);

        // Backspace from the results goes back to the last battle and clears it.
        QTest::keyClick(arena, Qt::Key_Backspace);
        QVERIFY(!arena->isShowingResults());
        QCOMPARE(arena->currentIndex(), 11);
        QVERIFY(!verdictOf(11));
    }

    void fewerBattlesStayBalanced()
    {
        // 4 prompts x 4 models: 6 pairs, 24 match-ups, 48 battles both ways.
        MainWindow window;
        loadGrid(window, 4, 4);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        JudgeMenu *judge = window.judgeMenu();
        judge->showArena();
        ArenaView *arena = judge->arenaView();
        QVERIFY(arena);
        QTRY_VERIFY(arena->sizeBox()->isVisible());
        QCOMPARE(arena->battleCount(), 48);
        QStringList offered;
        for (int i = 0; i < arena->sizeBox()->count(); ++i)
            offered << arena->sizeBox()->itemText(i);
        QCOMPARE(offered, (QStringList{QStringLiteral("12 battles (each pair 2 times)"), QStringLiteral("24 battles (each pair 4 times)"),
                                       QStringLiteral("36 battles (each pair 6 times)"), QStringLiteral("All 48 battles")}));
        QCOMPARE(arena->sizeBox()->currentText(), QStringLiteral("All 48 battles"));

        // Three verdicts, then 24 battles: balanced, and the verdicts given still count.
        arena->choose(BattleVerdict::Left);
        arena->choose(BattleVerdict::Right);
        arena->choose(BattleVerdict::Tie);
        arena->sizeBox()->setCurrentIndex(1);
        Q_EMIT arena->sizeBox()->activated(1);
        QCOMPARE(arena->battleCount(), 24);
        QCOMPARE(arena->progressLabel()->text().section(QLatin1Char(' '), 2), QStringLiteral("of 24"));
        QHash<QPair<int, int>, int> meetings;
        QHash<QPair<int, int>, int> shownAs;
        QList<int> left(4, 0);
        QList<int> right(4, 0);
        QSet<QPair<int, int>> rowsOfPair;
        for (const Battle &battle : arena->content().battles()) {
            const auto pair = qMakePair(std::min(battle.left, battle.right), std::max(battle.left, battle.right));
            ++meetings[pair];
            ++shownAs[qMakePair(battle.left, battle.right)];
            ++left[battle.left];
            ++right[battle.right];
            rowsOfPair.insert(qMakePair(pair.first * 4 + pair.second, battle.row));
        }
        QCOMPARE(meetings.size(), 6);
        for (int count : std::as_const(meetings))
            QCOMPARE(count, 4);
        QCOMPARE(shownAs.size(), 12);
        for (int count : std::as_const(shownAs))
            QCOMPARE(count, 2);
        // Each model 6 times on each side; each pair on 2 different rows (both ways on each).
        QCOMPARE(left, (QList<int>{6, 6, 6, 6}));
        QCOMPARE(right, (QList<int>{6, 6, 6, 6}));
        QCOMPARE(rowsOfPair.size(), 12);
        QCOMPARE(window.judgeMenu()->arenaView()->ratings().battleVerdicts(Ratings::localRater()).size(), qsizetype(3));

        // The choice is kept when answers come in again, and All brings every battle back.
        judge->showArena();
        QCOMPARE(arena->battleCount(), 24);
        QCOMPARE(arena->sizeBox()->currentIndex(), 1);
        arena->sizeBox()->setCurrentIndex(3);
        Q_EMIT arena->sizeBox()->activated(3);
        QCOMPARE(arena->battleCount(), 48);
        QCOMPARE(arena->judgedLabel()->text(), QStringLiteral("3 of 48 judged"));
    }

    void openedFromBlindJudging()
    {
        MainWindow window;
        loadGrid(window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        JudgeMenu *judge = window.judgeMenu();
        judge->showBlindMode();
        QVERIFY(!judge->arenaView());
        // Blind judging covers the grid as the arena does: its neutral names would be no use
        // beside the real ones.
        const QList<GridCover *> covers = window.grid()->findChildren<GridCover *>(Qt::FindDirectChildrenOnly);
        QCOMPARE(covers.size(), 1);
        QTRY_VERIFY(covers.first()->isVisible());
        QTRY_VERIFY(judge->blindPanel()->arenaButton()->isVisible());
        QTest::mouseClick(judge->blindPanel()->arenaButton(), Qt::LeftButton);
        QVERIFY(judge->arenaView());
        QTRY_VERIFY(judge->arenaView()->isVisible());
        QCOMPARE(judge->arenaView()->battleCount(), 12);
        // Verdicts given in the arena are the run's: the blind panel and the saved file see them.
        QTest::keyClick(judge->arenaView(), Qt::Key_1);
        QCOMPARE(judge->blindPanel()->ratings().battleVerdicts(Ratings::localRater()).size(), 1);
    }

    void humansAndJudgesKeptApartAndCompared()
    {
        MainWindow window;
        loadGrid(window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        JudgeMenu *judge = window.judgeMenu();
        judge->showArena();
        ArenaView *arena = judge->arenaView();
        const QList<Battle> battles = arena->content().battles();
        const QString judgeRater = QStringLiteral("judge:demo/echo");
        Ratings ratings;
        // You prefer the left on all; the judge agrees on the first 6 and calls the others right;
        // alice agrees with the judge everywhere but battle 0, which she skipped.
        for (int i = 0; i < battles.size(); ++i) {
            ratings.setBattleVerdict(BattleVerdict{battles.at(i), Ratings::localRater(), BattleVerdict::Left});
            ratings.setBattleVerdict(BattleVerdict{battles.at(i), judgeRater, i < 6 ? BattleVerdict::Left : BattleVerdict::Right});
            ratings.setBattleVerdict(BattleVerdict{battles.at(i), QStringLiteral("alice"), i == 0 ? BattleVerdict::Skip
                                                                                   : i < 6 ? BattleVerdict::Left
                                                                                           : BattleVerdict::Right});
        }
        judge->setRatings(ratings);
        arena->showResults();
        QStringList entries;
        for (int i = 0; i < arena->raterBox()->count(); ++i)
            entries << arena->raterBox()->itemText(i);
        QCOMPARE(entries, (QStringList{QStringLiteral("You"), QStringLiteral("All humans (2)"), QStringLiteral("alice"),
                                       QStringLiteral("Judge demo/echo")}));
        const QString agreement = arena->agreementLabel()->text();
        QVERIFY2(agreement.contains(QLatin1String("You and judge:demo/echo: agreed on 6 of 12 battles both decided (50%)")), qPrintable(agreement));
        // 6 + 11 agreements out of 12 + 11 decided by both.
        QVERIFY2(agreement.contains(QLatin1String("All humans and judge:demo/echo: agreed on 17 of 23 battles both decided (74%)")),
                 qPrintable(agreement));
        QVERIFY2(agreement.contains(QLatin1String("You and alice: agreed on 5 of 11")), qPrintable(agreement));

        // Each rater's own table: the judge's 12 decisive verdicts, alice's 11.
        const auto battlesShown = [&] {
            int sum = 0;
            for (int row = 0; row < arena->ratingsTable()->rowCount(); ++row)
                sum += arena->ratingsTable()->item(row, 3)->text().toInt();
            return sum / 2;
        };
        arena->setResultsRaters(3);
        QTRY_VERIFY(!arena->isFitting());
        QTRY_COMPARE(battlesShown(), 12);
        QVERIFY(arena->biasLabel()->text().contains(QLatin1String("of 12 decisive")));
        arena->setResultsRaters(2);
        QTRY_VERIFY(!arena->isFitting());
        QTRY_COMPARE(battlesShown(), 11);
        arena->setResultsRaters(1);
        QTRY_VERIFY(!arena->isFitting());
        QTRY_COMPARE(battlesShown(), 23);
        arena->setResultsRaters(0);
        QTRY_VERIFY(!arena->isFitting());
        QTRY_COMPARE(battlesShown(), 12);
        // You always preferred the left: position bias says so.
        QVERIFY2(arena->biasLabel()->text().contains(QLatin1String("won 12 of 12 decisive battles (100%)")), qPrintable(arena->biasLabel()->text()));
    }

    void gridIsCoveredWhileRatingBlind()
    {
        // The grid's headers and cells, and the detail pane, say whose answer is whose: while the
        // arena is in sight they are covered, and come back when it is not or the user asks.
        MainWindow window;
        loadGrid(window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTableView *grid = window.grid();
        const auto coverOf = [](QWidget *target) -> GridCover * {
            for (GridCover *cover : target->findChildren<GridCover *>(Qt::FindDirectChildrenOnly))
                return cover;
            return nullptr;
        };
        QVERIFY(!coverOf(grid));
        JudgeMenu *judge = window.judgeMenu();
        judge->showArena();
        ArenaView *arena = judge->arenaView();
        QTRY_VERIFY(arena->isVisible());
        GridCover *gridCover = coverOf(grid);
        GridCover *detailCover = coverOf(window.detailPane());
        QVERIFY(gridCover);
        QVERIFY(detailCover);
        QVERIFY(arena->hideGridBox()->isChecked());
        QTRY_VERIFY(gridCover->isVisible());
        QVERIFY(!detailCover->isHidden()); // the pane itself may be collapsed
        QCOMPARE(gridCover->geometry(), grid->rect());
        QVERIFY(gridCover->text().contains(QLatin1String("rate blind")));
        // What the user sees at the grid's place is the cover, not a model's name or answer.
        const QPoint header = grid->horizontalHeader()->mapTo(grid, grid->horizontalHeader()->rect().center());
        QWidget *onTop = grid->childAt(header);
        QVERIFY(onTop == gridCover || gridCover->isAncestorOf(onTop));
        // It follows the grid's size.
        window.resize(window.width() - 40, window.height() - 30);
        QTRY_COMPARE(gridCover->geometry(), grid->rect());
        arena->hideGridBox()->setChecked(false);
        QVERIFY(!gridCover->isVisible());
        QVERIFY(detailCover->isHidden());
        arena->hideGridBox()->setChecked(true);
        QVERIFY(gridCover->isVisible());
        // Another judge dock's tab in front of the arena: the grid is back.
        judge->showStats();
        QTRY_VERIFY(!gridCover->isVisible());
        judge->showArena();
        QTRY_VERIFY(gridCover->isVisible());
        // The arena closed: the grid is back.
        arena->parentWidget()->close();
        QTRY_VERIFY(!gridCover->isVisible());
        QVERIFY(detailCover->isHidden());
    }

private:
    QTemporaryDir m_home;
};

QTEST_MAIN(TestGuiArena)
#include "tst_gui_arena.moc"
