// SPDX-License-Identifier: MIT
// The judging widgets offscreen: the diff view's highlights and differences-only mode, blind
// mode shuffling, hiding and revealing, rating with 1-5 and A/B keys, the statistics table,
// the charts built from known cells and saved as PNG, the focus view's synchronised
// scrolling, the similarity heat map and the quick checks dialog.
#include "BlindModePanel.h"
#include "BradleyTerryFit.h"
#include "CellDelegate.h"
#include "ChartsPanel.h"
#include "ComparisonController.h"
#include "ComparisonFile.h"
#include "PlanBuilder.h"
#include "RecentFiles.h"
#include "DiffView.h"
#include "FocusView.h"
#include "JudgeMenu.h"
#include "MainWindow.h"
#include "QuickCheckRunner.h"
#include "QuickChecksDialog.h"
#include "ResultRecord.h"
#include "ResultsTableModel.h"
#include "RunSession.h"
#include "Scheduler.h"
#include "SimilarityHeatmap.h"
#include "StaticGrid.h"
#include "StatsPanel.h"

#include <QAbstractBarSeries>
#include <QAbstractButton>
#include <QBarSet>
#include <QChart>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QImage>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>

namespace {
ModelColumn model(const QString &name)
{
    ModelColumn column;
    column.provider = QStringLiteral("demo");
    column.model = name;
    return column;
}

CellResult ok(const QString &text, qint64 latency = 1000, qint64 ttft = 100, qint64 outputTokens = 11, double cost = 0.01)
{
    CellResult r;
    r.status = CellStatus::Ok;
    r.text = text;
    r.latencyMs = latency;
    r.ttftMs = ttft;
    r.outputTokens = outputTokens;
    r.inputTokens = 5;
    r.costUsd = cost;
    return r;
}

// Every run of text in \a document with its character format.
QList<QPair<QString, QTextCharFormat>> fragments(const QTextDocument *document)
{
    QList<QPair<QString, QTextCharFormat>> out;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it)
            out.append({it.fragment().text(), it.fragment().charFormat()});
    }
    return out;
}

bool hasFragment(const QTextDocument *document, const QString &text, const QColor &background, bool strikeOut)
{
    for (const auto &[fragment, format] : fragments(document)) {
        if (fragment.contains(text) && format.background().color() == background && format.fontStrikeOut() == strikeOut)
            return true;
    }
    return false;
}
} // namespace

class TestGuiJudging : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void diffViewHighlights()
    {
        StaticGrid grid;
        const QString a = QStringLiteral("The quick brown fox jumps over the lazy dog. It was a sunny day in the old town.");
        const QString b = QStringLiteral("The quick red fox jumped over the lazy dog. It was a sunny day in the old town!");
        grid.load(PlanBuilder::fromPrompts({QStringLiteral("Tell a story")}, {model(QStringLiteral("one")), model(QStringLiteral("two"))}, 1, {}),
                       {ok(a), ok(b)});
        DiffView view(&grid);
        QSignalSpy ready(&view, &DiffView::diffReady);
        QVERIFY(ready.wait(5000));
        QCOMPARE(view.result().oldText(), a);
        QCOMPARE(view.result().newText(), b);
        const QColor added = DiffView::insertedColor(view.palette());
        const QColor removed = DiffView::deletedColor(view.palette());
        QVERIFY(hasFragment(view.rightView()->document(), QStringLiteral("red"), added, false));
        QVERIFY(hasFragment(view.rightView()->document(), QStringLiteral("jumped"), added, false));
        QVERIFY(hasFragment(view.leftView()->document(), QStringLiteral("brown"), removed, true));
        QVERIFY(!hasFragment(view.leftView()->document(), QStringLiteral("red"), added, false));
        QVERIFY(!hasFragment(view.rightView()->document(), QStringLiteral("lazy"), added, false));
        QCOMPARE(view.leftView()->toPlainText(), a);
        QCOMPARE(view.rightView()->toPlainText(), b);
        const double similarity = view.similarity();
        QVERIFY(similarity > 0.7 && similarity < 1.0);
        QVERIFY(view.similarityLabel()->text().contains(QStringLiteral("%1%").arg(qRound(similarity * 100))));

        // Differences only: the shared middle collapses into a gap.
        view.differencesOnlyBox()->setChecked(true);
        QVERIFY(view.leftView()->toPlainText().contains(QStringLiteral("…")));
        QVERIFY(!view.leftView()->toPlainText().contains(QStringLiteral("sunny")));
        QVERIFY(hasFragment(view.rightView()->document(), QStringLiteral("red"), added, false));
        view.setDifferencesOnly(false);
        QCOMPARE(view.rightView()->toPlainText(), b);

        // Free texts, as from two arbitrary cells.
        view.setTexts(QStringLiteral("alpha beta"), QStringLiteral("alpha gamma"), QStringLiteral("A"), QStringLiteral("B"));
        QVERIFY(ready.wait(5000));
        QCOMPARE(view.similarity(), 0.5);
        QVERIFY(hasFragment(view.rightView()->document(), QStringLiteral("gamma"), added, false));
    }

    void blindModeHidesShufflesAndReveals()
    {
        StaticGrid grid;
        QStringList prompts;
        std::vector<CellResult> results;
        for (int row = 0; row < 8; ++row) {
            prompts << QStringLiteral("prompt %1").arg(row);
            results.push_back(ok(QStringLiteral("alpha says %1").arg(row)));
            results.push_back(ok(QStringLiteral("beta says %1").arg(row)));
        }
        grid.load(PlanBuilder::fromPrompts(prompts, {model(QStringLiteral("alpha-model")), model(QStringLiteral("beta-model"))}, 1, {}),
                       results);
        BlindModePanel panel(&grid);
        panel.startSession({}, 12345);
        const BlindSession &session = panel.session();
        QCOMPARE(session.rowCount(), 8);
        int swapped = 0;
        for (int row = 0; row < 8; ++row) {
            QList<int> order = session.order(row);
            if (order.first() == 1)
                ++swapped;
            std::sort(order.begin(), order.end());
            QCOMPARE(order, (QList<int>{0, 1}));
        }
        QVERIFY(swapped > 0 && swapped < 8); // shuffled per row, not all the same way
        // The same seed gives the same order (the session can be reopened).
        const BlindSession again(8, {0, 1}, 12345);
        for (int row = 0; row < 8; ++row)
            QCOMPARE(again.order(row), session.order(row));

        for (int row = 0; row < 8; ++row) {
            panel.setCurrentRow(row);
            for (int position = 0; position < 2; ++position) {
                const QString title = panel.titleAt(position);
                QVERIFY2(!title.contains(QLatin1String("model")), qPrintable(title));
                QVERIFY(title.contains(QStringLiteral("Answer %1").arg(QChar(u'A' + position))));
                const QString expected = session.realColumn(row, position) == 0 ? QStringLiteral("alpha") : QStringLiteral("beta");
                QVERIFY(panel.answerView(position)->toPlainText().startsWith(expected));
            }
        }
        QVERIFY(!panel.scoreTable()->item(0, 0)->text().contains(QLatin1String("alpha")));
        QVERIFY(!panel.scoreTable()->item(0, 0)->text().contains(QLatin1String("beta")));

        panel.revealButton()->click();
        QVERIFY(panel.isRevealed());
        for (int position = 0; position < 2; ++position) {
            const QString name = session.realColumn(panel.currentRow(), position) == 0 ? QStringLiteral("demo/alpha-model")
                                                                                       : QStringLiteral("demo/beta-model");
            QVERIFY2(panel.titleAt(position).contains(name), qPrintable(panel.titleAt(position)));
        }
        QCOMPARE(panel.scoreTable()->rowCount(), 2);
        QCOMPARE(panel.scoreTable()->item(0, 0)->text(), QStringLiteral("demo/alpha-model"));
        panel.revealButton()->click();
        QVERIFY(!panel.titleAt(0).contains(QLatin1String("model")));
    }

    void ratingShortcuts()
    {
        StaticGrid grid;
        grid.load(PlanBuilder::fromPrompts({QStringLiteral("p0"), QStringLiteral("p1"), QStringLiteral("p2")},
                                            {model(QStringLiteral("x")), model(QStringLiteral("y"))}, 1, {}),
                       {ok(QStringLiteral("x0")), ok(QStringLiteral("y0")), ok(QStringLiteral("x1")), ok(QStringLiteral("y1")),
                        ok(QStringLiteral("x2")), ok(QStringLiteral("y2"))});
        BlindModePanel panel(&grid);
        panel.startSession({}, 777);
        const BlindSession &session = panel.session();
        QSignalSpy changed(&panel, &BlindModePanel::ratingsChanged);

        QTest::keyClick(&panel, Qt::Key_4);
        QCOMPARE(panel.ratings().rating(CellAddress{0, session.realColumn(0, 0), 0}).value_or(0), 4);
        QVERIFY(panel.titleAt(0).contains(QStringLiteral("★★★★☆")));
        QTest::keyClick(&panel, Qt::Key_Right);
        QCOMPARE(panel.focusedPosition(), 1);
        QTest::keyClick(&panel, Qt::Key_2);
        QCOMPARE(panel.ratings().rating(CellAddress{0, session.realColumn(0, 1), 0}).value_or(0), 2);
        QTest::keyClick(&panel, Qt::Key_5);
        QCOMPARE(panel.ratings().rating(CellAddress{0, session.realColumn(0, 1), 0}).value_or(0), 5);
        QTest::keyClick(&panel, Qt::Key_9); // not a rating
        QCOMPARE(changed.size(), 3);

        // A: the answer shown first wins row 0; the row stays, showing the pick.
        QTest::keyClick(&panel, Qt::Key_A);
        QCOMPARE(panel.currentRow(), 0);
        QVERIFY2(panel.verdictText().contains(QStringLiteral("A is the best")), qPrintable(panel.verdictText()));
        QCOMPARE(panel.ratings().preferences().size(), 1);
        Preference first = panel.ratings().preferences().at(0);
        QCOMPARE(first.row, 0);
        QCOMPARE(first.columnA, session.realColumn(0, 0));
        QCOMPARE(first.columnB, session.realColumn(0, 1));
        QCOMPARE(first.winner, Preference::A);
        QTest::keyClick(&panel, Qt::Key_N);
        QCOMPARE(panel.currentRow(), 1);
        // B on row 1: the answer shown second wins.
        QTest::keyClick(&panel, Qt::Key_B);
        QCOMPARE(panel.currentRow(), 1);
        QVERIFY2(panel.verdictText().contains(QStringLiteral("B is the best")), qPrintable(panel.verdictText()));
        QTest::keyClick(&panel, Qt::Key_N);
        QCOMPARE(panel.currentRow(), 2);
        const Preference second = panel.ratings().preferences().at(1);
        QCOMPARE(second.columnA, session.realColumn(1, 1));
        QCOMPARE(second.winner, Preference::A);
        // T: a tie on row 2.
        QTest::keyClick(&panel, Qt::Key_T);
        QCOMPARE(panel.ratings().preferences().size(), 3);
        QCOMPARE(panel.ratings().preferences().at(2).winner, Preference::Tie);
        QCOMPARE(changed.size(), 6);
        // Row navigation.
        QTest::keyClick(&panel, Qt::Key_P);
        QCOMPARE(panel.currentRow(), 1);
        QTest::keyClick(&panel, Qt::Key_N);
        QCOMPARE(panel.currentRow(), 2);

        // A note for the focused answer, kept apart from its rating.
        panel.setNoteAt(1, QStringLiteral("too long"));
        QCOMPARE(panel.ratings().note(CellAddress{2, session.realColumn(2, 1), 0}), QStringLiteral("too long"));
        QCOMPARE(panel.noteAt(1), QStringLiteral("too long"));
        QVERIFY(panel.titleAt(1).contains(QStringLiteral("✎")));
        QCOMPARE(changed.size(), 7);

        panel.reveal();
        const QList<ModelScore> scores = panel.ratings().scoreTable(2);
        QCOMPARE(scores[0].wins + scores[1].wins, 2);
        QCOMPARE(scores[0].ties, 1);
        QCOMPARE(panel.scoreTable()->rowCount(), 2);
        const int winner0 = session.realColumn(0, 0);
        const QString name0 = QStringLiteral("demo/") + (winner0 == 0 ? QStringLiteral("x") : QStringLiteral("y"));
        const int tableRow0 = panel.scoreTable()->item(0, 0)->text() == name0 ? 0 : 1;
        QCOMPARE(panel.scoreTable()->item(tableRow0, 0)->text(), name0);
        QCOMPARE(panel.scoreTable()->item(tableRow0, 4)->text(), QString::number(scores[winner0].elo, 'f', 0));
    }

    void statisticsMarkChecksPassAndFail()
    {
        // The checks column says pass or fail by a mark and an icon, in the cells' colours.
        Scheduler scheduler;
        scheduler.load(PlanBuilder::fromPrompts({QStringLiteral("p0"), QStringLiteral("p1")},
                                                {model(QStringLiteral("json")), model(QStringLiteral("prose"))}, 1, {}),
                       {ok(QStringLiteral("{\"a\": 1}")), ok(QStringLiteral("not json")), ok(QStringLiteral("[1]")), ok(QStringLiteral("[2]"))});
        QuickCheckRunner runner(&scheduler);
        QuickCheckSet checks;
        QuickCheck json;
        json.kind = QuickCheck::ValidJson;
        checks.addRunCheck(json);
        runner.setChecks(checks);
        StatsPanel panel(&scheduler);
        panel.setQuickCheckRunner(&runner);
        QTableWidget *table = panel.table();
        QTRY_VERIFY(!table->isColumnHidden(StatsPanel::ChecksColumn));
        QTRY_COMPARE(table->item(0, StatsPanel::ChecksColumn)->text(), QStringLiteral("✓ 2 / 2"));
        QTRY_COMPARE(table->item(1, StatsPanel::ChecksColumn)->text(), QStringLiteral("✗ 1 / 2"));
        const QPalette palette = panel.palette();
        QCOMPARE(table->item(0, StatsPanel::ChecksColumn)->foreground().color(),
                 CellDelegate::statusTextColor(CellStatus::Ok, palette, QPalette::Base));
        QCOMPARE(table->item(1, StatsPanel::ChecksColumn)->foreground().color(),
                 CellDelegate::statusTextColor(CellStatus::Error, palette, QPalette::Base));
        QVERIFY(!table->item(0, StatsPanel::ChecksColumn)->icon().isNull());
        QVERIFY(!table->item(1, StatsPanel::ChecksColumn)->icon().isNull());
    }

    void statisticsShowReasoningTokensPerModel()
    {
        // Hidden while no model reports reasoning tokens; then the sum and mean per column.
        Scheduler scheduler;
        scheduler.load(PlanBuilder::fromPrompts({QStringLiteral("p0"), QStringLiteral("p1")},
                                                {model(QStringLiteral("plain")), model(QStringLiteral("thinker"))}, 1, {}),
                       {ok(QStringLiteral("a")), ok(QStringLiteral("b")), ok(QStringLiteral("c")), ok(QStringLiteral("d"))});
        {
            StatsPanel panel(&scheduler);
            QVERIFY(panel.table()->isColumnHidden(StatsPanel::ReasoningTokensColumn));
        }
        CellResult first = ok(QStringLiteral("b"));
        first.reasoningTokens = 300;
        CellResult second = ok(QStringLiteral("d"));
        second.reasoningTokens = 100;
        scheduler.load(PlanBuilder::fromPrompts({QStringLiteral("p0"), QStringLiteral("p1")},
                                                {model(QStringLiteral("plain")), model(QStringLiteral("thinker"))}, 1, {}),
                       {ok(QStringLiteral("a")), first, ok(QStringLiteral("c")), second});
        StatsPanel panel(&scheduler);
        QTableWidget *table = panel.table();
        QVERIFY(!table->isColumnHidden(StatsPanel::ReasoningTokensColumn));
        QCOMPARE(table->item(0, StatsPanel::ReasoningTokensColumn)->text(), QStringLiteral("–"));
        QCOMPARE(table->item(1, StatsPanel::ReasoningTokensColumn)->text(), QStringLiteral("400 (mean 200)"));
    }

    void blindJudgingByClicks()
    {
        // Four models: every control is a button as well as a key, the pick shows and can be
        // changed, and the score table lists every model, best first, with no scrolling.
        StaticGrid grid;
        QStringList prompts;
        std::vector<CellResult> results;
        const QStringList names{QStringLiteral("m0"), QStringLiteral("m1"), QStringLiteral("m2"), QStringLiteral("m3")};
        for (int row = 0; row < 3; ++row) {
            prompts << QStringLiteral("prompt %1").arg(row);
            for (const QString &name : names)
                results.push_back(ok(QStringLiteral("%1 answers %2").arg(name).arg(row)));
        }
        QList<ModelColumn> columns;
        for (const QString &name : names)
            columns << model(name);
        grid.load(PlanBuilder::fromPrompts(prompts, columns, 1, {}), results);
        BlindModePanel panel(&grid);
        panel.resize(1000, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.startSession({}, 4242);
        const BlindSession &session = panel.session();
        QSignalSpy changed(&panel, &BlindModePanel::ratingsChanged);
        QVERIFY(panel.verdictText().contains(QStringLiteral("Not judged yet")));
        QVERIFY(!panel.clearPickButton()->isEnabled());

        // Rate answer C with 4 by its button.
        QVERIFY(panel.ratingButton(2, 4));
        QTRY_VERIFY(panel.ratingButton(2, 4)->isVisible()); // the new session's views show on the next event loop turn
        QTest::mouseClick(panel.ratingButton(2, 4), Qt::LeftButton);
        QCOMPARE(panel.ratings().rating(CellAddress{0, session.realColumn(0, 2), 0}).value_or(0), 4);
        QVERIFY(panel.ratingButton(2, 4)->isChecked());
        QVERIFY(!panel.ratingButton(2, 3)->isChecked());
        QCOMPARE(panel.focusedPosition(), 2);
        QVERIFY(panel.titleAt(2).contains(QStringLiteral("★★★★☆")));

        // Pick B: shown on the row, its button checked.
        QTest::mouseClick(panel.bestButton(1), Qt::LeftButton);
        QCOMPARE(panel.currentRow(), 0);
        QVERIFY2(panel.verdictText().contains(QStringLiteral("B is the best")), qPrintable(panel.verdictText()));
        QVERIFY(panel.bestButton(1)->isChecked());
        QVERIFY(!panel.bestButton(0)->isChecked());
        QVERIFY(panel.titleAt(1).contains(QStringLiteral("✓")));
        QCOMPARE(session.verdict(panel.ratings(), 0).kind, BlindSession::Verdict::Best);
        QCOMPARE(session.verdict(panel.ratings(), 0).position, 1);
        QCOMPARE(panel.ratings().preferences().size(), 3); // B over A, C and D

        // Change it to D by its key: the earlier pick is replaced, not added to.
        QTest::keyClick(&panel, Qt::Key_D);
        QCOMPARE(panel.ratings().preferences().size(), 3);
        QVERIFY(panel.verdictText().contains(QStringLiteral("D is the best")));
        QVERIFY(panel.bestButton(3)->isChecked());
        QVERIFY(!panel.bestButton(1)->isChecked());
        for (const Preference &p : panel.ratings().preferences())
            QCOMPARE(p.columnA, session.realColumn(0, 3));

        // A tie, then clear it.
        QTest::mouseClick(panel.tieButton(), Qt::LeftButton);
        QVERIFY(panel.tieButton()->isChecked());
        QVERIFY(panel.verdictText().contains(QStringLiteral("a tie")));
        QCOMPARE(panel.ratings().preferences().size(), 6);
        QVERIFY(panel.clearPickButton()->isEnabled());
        QTest::mouseClick(panel.clearPickButton(), Qt::LeftButton);
        QCOMPARE(panel.ratings().preferences().size(), 0);
        QVERIFY(panel.verdictText().contains(QStringLiteral("Not judged yet")));
        QVERIFY(!panel.tieButton()->isChecked());

        // Pick by button on two rows: the model shown as D on row 0 and as A on row 1.
        const int favourite = session.realColumn(0, 3);
        panel.pickBest(3);
        QTest::keyClick(&panel, Qt::Key_N);
        QCOMPARE(panel.currentRow(), 1);
        QVERIFY(panel.verdictText().contains(QStringLiteral("Not judged yet")));
        QTest::mouseClick(panel.bestButton(session.shownPosition(1, favourite)), Qt::LeftButton);
        QVERIFY(changed.size() >= 6);

        // Reveal: every model, best first, all rows in view.
        panel.reveal();
        QTableWidget *table = panel.scoreTable();
        QCOMPARE(table->rowCount(), 4);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("demo/") + names.at(favourite));
        QVERIFY(table->item(0, 0)->font().bold());
        double previous = 1e9;
        for (int row = 0; row < table->rowCount(); ++row) {
            const double elo = table->item(row, 4)->text().toDouble();
            QVERIFY(elo <= previous);
            previous = elo;
        }
        // Where there is room, the table grows to show them all (once the layout has run).
        const auto allInView = [table] {
            for (int row = 0; row < table->rowCount(); ++row) {
                if (!table->viewport()->rect().contains(table->visualItemRect(table->item(row, 0))))
                    return false;
            }
            return true;
        };
        QTRY_VERIFY(allInView());
        QCOMPARE(table->verticalScrollBar()->maximum(), 0);
        // The old answers of row 0 were not lost by changing the pick.
        QCOMPARE(panel.ratings().rating(CellAddress{0, session.realColumn(0, 2), 0}).value_or(0), 4);
    }

    void scoreTableShowsBradleyTerryAndPositionBias()
    {
        StaticGrid grid;
        QStringList prompts;
        std::vector<CellResult> results;
        for (int row = 0; row < 8; ++row) {
            prompts << QStringLiteral("p%1").arg(row);
            results.push_back(ok(QStringLiteral("x%1").arg(row)));
            results.push_back(ok(QStringLiteral("y%1").arg(row)));
        }
        grid.load(PlanBuilder::fromPrompts(prompts, {model(QStringLiteral("x")), model(QStringLiteral("y"))}, 1, {}), results);
        BlindModePanel panel(&grid);
        panel.startSession({}, 99);
        // Your verdicts: x beat y in 6 rows, y beat x in 2 (best-of-row picks) ...
        for (int row = 0; row < 8; ++row) {
            panel.setCurrentRow(row);
            panel.pickBest(panel.session().shownPosition(row, row < 6 ? 0 : 1));
        }
        // ... and battles, one row both ways: the left side won both times; a judge on two.
        Ratings ratings = panel.ratings();
        const QString me = Ratings::localRater();
        ratings.setBattleVerdict(BattleVerdict{Battle{0, 0, 0, 1}, me, BattleVerdict::Left});
        ratings.setBattleVerdict(BattleVerdict{Battle{0, 0, 1, 0}, me, BattleVerdict::Left});
        ratings.setBattleVerdict(BattleVerdict{Battle{0, 0, 0, 1}, QStringLiteral("judge-model"), BattleVerdict::Left});
        ratings.setBattleVerdict(BattleVerdict{Battle{0, 0, 1, 0}, QStringLiteral("judge-model"), BattleVerdict::Right});
        panel.setRatings(ratings);
        // x: 6 + 1 wins, 2 + 1 losses over 10 comparisons; the same figures the engine fits.
        const QList<BradleyTerryScore> expected =
            BradleyTerryFit::fitWithIntervals(BradleyTerryFit::outcomes(ratings, me), 2);
        QCOMPARE(expected[0].wins, 7);
        QCOMPARE(expected[0].battles, 10);

        QVERIFY(panel.arenaSummary().isEmpty()); // hidden until Reveal, like the scores
        panel.reveal();
        QTRY_VERIFY(!panel.isFittingRatings());
        QTableWidget *table = panel.scoreTable();
        QCOMPARE(table->columnCount(), 7);
        QCOMPARE(table->horizontalHeaderItem(5)->text(), QStringLiteral("Bradley-Terry (95%)"));
        const int rowX = table->item(0, 0)->text() == QStringLiteral("demo/x") ? 0 : 1;
        QCOMPARE(table->item(rowX, 0)->text(), QStringLiteral("demo/x"));
        const QString text = QStringLiteral("%1 (%2 to %3)")
                                 .arg(QString::number(*expected[0].score, 'f', 0), QString::number(*expected[0].low, 'f', 0),
                                      QString::number(*expected[0].high, 'f', 0));
        QTRY_COMPARE(table->item(rowX, 5)->text(), text);
        QVERIFY(*expected[0].score > 1000);
        QCOMPARE(table->item(rowX, 6)->text(), QStringLiteral("10"));
        QCOMPARE(table->item(1 - rowX, 6)->text(), QStringLiteral("10"));
        QVERIFY2(table->item(rowX, 0)->toolTip().contains(QStringLiteral("vs demo/y: 7 / 3 / 0 (70%)")),
                 qPrintable(table->item(rowX, 0)->toolTip()));
        // The old Elo column is still there, where it was.
        QCOMPARE(table->horizontalHeaderItem(4)->text(), QStringLiteral("Elo"));
        const QString summary = panel.arenaSummary();
        QVERIFY2(summary.contains(QStringLiteral("left side won 2 of 2 decisive battles (100%)")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("same side won both times in 1 of 1")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("Agreement with judge-model: 1 of 2 battles you both decided (50%)")),
                 qPrintable(summary));

        // A model that never lost is said to be above all, not given a number.
        Ratings sweep;
        for (int row = 0; row < 3; ++row)
            sweep.setBattleVerdict(BattleVerdict{Battle{row, 0, 1, 0}, me, BattleVerdict::Left});
        panel.setRatings(sweep);
        QTRY_VERIFY(!panel.isFittingRatings());
        const int rowY = table->item(0, 0)->text() == QStringLiteral("demo/y") ? 0 : 1;
        QTRY_COMPARE(table->item(rowY, 5)->text(), QStringLiteral("above all (never lost)"));
        QCOMPARE(table->item(1 - rowY, 5)->text(), QStringLiteral("below all (never won)"));
    }

    void statsAndCharts()
    {
        Scheduler scheduler;
        std::vector<CellResult> results;
        QStringList prompts;
        for (int i = 1; i <= 4; ++i) {
            prompts << QStringLiteral("p%1").arg(i);
            results.push_back(ok(QStringLiteral("a"), 100 * i, 10 * i, 11, 0.25));
            results.push_back(ok(QStringLiteral("b"), 1000 * i, 300, 51, 1.0));
        }
        results[7].status = CellStatus::Error;
        scheduler.load(PlanBuilder::fromPrompts(prompts, {model(QStringLiteral("quick")), model(QStringLiteral("slow"))}, 1, {}), results);

        StatsPanel stats(&scheduler);
        QTableWidget *table = stats.table();
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, StatsPanel::ModelColumn)->text(), QStringLiteral("demo/quick"));
        QCOMPARE(table->item(0, StatsPanel::CellsColumn)->text(), QStringLiteral("4"));
        QCOMPARE(table->item(0, StatsPanel::LatencyP50Column)->text(), QStringLiteral("200"));
        QCOMPARE(table->item(0, StatsPanel::LatencyP95Column)->text(), QStringLiteral("400"));
        QCOMPARE(table->item(0, StatsPanel::TtftP50Column)->text(), QStringLiteral("20"));
        QCOMPARE(table->item(0, StatsPanel::CostColumn)->text(), QStringLiteral("$1.0000"));
        QCOMPARE(table->item(1, StatsPanel::ErrorsColumn)->text(), QStringLiteral("1"));
        QCOMPARE(table->item(1, StatsPanel::LatencyP95Column)->text(), QStringLiteral("3000"));

        ChartsPanel charts(&scheduler);
        QChart *latency = charts.latencyChart();
        QCOMPARE(latency->series().size(), 1);
        auto *bars = qobject_cast<QAbstractBarSeries *>(latency->series().first());
        QVERIFY(bars);
        QCOMPARE(bars->barSets().size(), 3);
        QBarSet *ttft = bars->barSets().at(0);
        QBarSet *p50 = bars->barSets().at(1);
        QBarSet *p95 = bars->barSets().at(2);
        QCOMPARE(ttft->count(), 2);
        QCOMPARE(ttft->at(0), 20.0);
        QCOMPARE(p50->at(0), 200.0);
        QCOMPARE(p95->at(0), 400.0);
        QCOMPARE(p50->at(1), 2000.0);
        auto *cost = qobject_cast<QAbstractBarSeries *>(charts.costChart()->series().first());
        QCOMPARE(cost->barSets().first()->at(0), 1.0);
        QCOMPARE(cost->barSets().first()->at(1), 4.0); // a failed request may still be billed
        // A cheap run's cost reads in cents, never as 9e-05.
        {
            Scheduler cheap;
            cheap.load(PlanBuilder::fromPrompts({QStringLiteral("p")}, {model(QStringLiteral("m"))}, 1, {}),
                       {ok(QStringLiteral("a"), 100, 10, 11, 0.00009)});
            ChartsPanel cheapCharts(&cheap);
            auto *cents = qobject_cast<QAbstractBarSeries *>(cheapCharts.costChart()->series().first());
            QCOMPARE(cents->barSets().first()->at(0), 0.009);
            QCOMPARE(cheapCharts.costChart()->axes(Qt::Vertical).first()->titleText(), QStringLiteral("US cents"));
        }
        auto *speed = qobject_cast<QAbstractBarSeries *>(charts.speedChart()->series().first());
        QVERIFY(speed->barSets().first()->at(0) > 0);

        charts.resize(900, 600);
        charts.show();
        QVERIFY(QTest::qWaitForWindowExposed(&charts));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("charts.png"));
        QString error;
        QVERIFY2(charts.savePng(path, &error), qPrintable(error));
        const QImage image(path);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 400 && image.height() > 300);
    }

    void focusViewScrollsTogether()
    {
        StaticGrid grid;
        QString longA;
        QString longB;
        for (int i = 0; i < 300; ++i) {
            longA += QStringLiteral("Line %1 of the first answer\n\n").arg(i);
            longB += QStringLiteral("Line %1 of the second, longer answer with more words\n\n").arg(i);
        }
        grid.load(PlanBuilder::fromPrompts({QStringLiteral("p")}, {model(QStringLiteral("a")), model(QStringLiteral("b")), model(QStringLiteral("c"))}, 1, {}),
                       {ok(longA), ok(longB), ok(QStringLiteral("short"))});
        FocusView view(&grid);
        view.setCells({0, 1, 2, 0, 7});
        QCOMPARE(view.cells(), (QList<int>{0, 1, 2}));
        view.resize(900, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.reader(0)->toPlainText().contains(QStringLiteral("Line 299 of the first answer")));
        QScrollBar *first = view.reader(0)->verticalScrollBar();
        QScrollBar *second = view.reader(1)->verticalScrollBar();
        QTRY_VERIFY(first->maximum() > 0 && second->maximum() > 0);
        first->setValue(first->maximum());
        QCOMPARE(second->value(), second->maximum());
        first->setValue(first->maximum() / 2);
        QVERIFY(qAbs(second->value() - second->maximum() / 2) <= 2);
        second->setValue(0);
        QCOMPARE(first->value(), 0);
    }

    void heatmapOfOneRow()
    {
        StaticGrid grid;
        grid.load(PlanBuilder::fromPrompts({QStringLiteral("p")}, {model(QStringLiteral("a")), model(QStringLiteral("b")), model(QStringLiteral("c"))}, 1, {}),
                       {ok(QStringLiteral("a b c d")), ok(QStringLiteral("a b")), ok(QStringLiteral("x y"))});
        SimilarityHeatmap heatmap(&grid);
        QSignalSpy ready(&heatmap, &SimilarityHeatmap::matrixReady);
        heatmap.setRow(0);
        QVERIFY(ready.wait(5000));
        QCOMPARE(heatmap.matrix().size(), 3);
        QCOMPARE(heatmap.matrix()[0][1], 2.0 * 2 / 6);
        QCOMPARE(heatmap.matrix()[1][2], 0.0);
        QCOMPARE(heatmap.labels().at(2), QStringLiteral("demo/c"));
        heatmap.resize(400, 300);
        QVERIFY(!heatmap.grab().isNull());
    }

    void quickChecksDialog()
    {
        QuickCheckSet initial;
        QuickCheck json;
        json.kind = QuickCheck::ValidJson;
        initial.addRunCheck(json);
        QuickChecksDialog dialog({QStringLiteral("model one"), QStringLiteral("model two")}, initial);
        QCOMPARE(dialog.table()->rowCount(), 1);
        QuickCheck pattern;
        pattern.kind = QuickCheck::Regex;
        pattern.text = QStringLiteral("^\\d+$");
        dialog.addCheck(1, pattern);
        const QuickCheckSet edited = dialog.checks();
        QCOMPARE(edited.runChecks().size(), 1);
        QCOMPARE(edited.columnChecks(1).size(), 1);
        QCOMPARE(edited.columnChecks(1).first().text, QStringLiteral("^\\d+$"));
        QVERIFY(dialog.validationError().isEmpty());
        QuickCheck broken;
        broken.kind = QuickCheck::Regex;
        broken.text = QStringLiteral("(");
        dialog.addCheck(-1, broken);
        QVERIFY(dialog.validationError().contains(QLatin1String("Check 3")));
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        QVERIFY(!buttons->button(QDialogButtonBox::Ok)->isEnabled());
    }

    void judgeMenuInAWindow()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("PromptGridTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_gui_judging"));
        RunSession session(RunSettings::Storage::Stored);
        Scheduler &scheduler = *session.scheduler();
        scheduler.load(PlanBuilder::fromPrompts({QStringLiteral("p0"), QStringLiteral("p1")},
                                            {model(QStringLiteral("x")), model(QStringLiteral("y")), model(QStringLiteral("z"))}, 1, {}),
                       {ok(QStringLiteral("one two three")), ok(QStringLiteral("one two four")), ok(QStringLiteral("{}")),
                        ok(QStringLiteral("a")), ok(QStringLiteral("b")), ok(QStringLiteral("c"))});
        QMainWindow window;
        ResultsTableModel cells(&scheduler);
        auto *grid = new QTableView(&window);
        grid->setModel(&cells);
        window.setCentralWidget(grid);
        JudgeMenu judge(&window, &session, &cells, grid);
        window.menuBar()->addMenu(judge.menu());
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Diff of the current cell and its neighbour, by shortcut.
        grid->setCurrentIndex(cells.index(0, 0));
        grid->setFocus();
        QTest::keyClick(&window, Qt::Key_D, Qt::ControlModifier);
        QVERIFY(judge.diffView());
        QTRY_COMPARE(judge.diffView()->result().oldText(), QStringLiteral("one two three"));
        QCOMPARE(judge.diffView()->result().newText(), QStringLiteral("one two four"));
        QVERIFY(judge.diffView()->parentWidget()->isVisible());

        // Two selected cells: those two.
        grid->selectionModel()->select(QItemSelection(cells.index(1, 0), cells.index(1, 0)), QItemSelectionModel::ClearAndSelect);
        grid->selectionModel()->select(QItemSelection(cells.index(1, 2), cells.index(1, 2)), QItemSelectionModel::Select);
        judge.diffAction()->trigger();
        QTRY_COMPARE(judge.diffView()->result().newText(), QStringLiteral("c"));

        judge.focusAction()->trigger();
        QCOMPARE(judge.focusView()->cells(), (QList<int>{3, 5}));
        grid->clearSelection();
        grid->setCurrentIndex(cells.index(0, 1));
        judge.focusAction()->trigger();
        QCOMPARE(judge.focusView()->cells(), (QList<int>{0, 1, 2}));

        judge.heatmapAction()->trigger();
        QVERIFY(judge.heatmap());
        QTRY_COMPARE(judge.heatmap()->matrix().size(), 3);
        judge.statsAction()->trigger();
        QCOMPARE(judge.statsPanel()->table()->rowCount(), 3);
        judge.chartsAction()->trigger();
        QVERIFY(judge.chartsPanel()->isVisible() || judge.chartsPanel()->parentWidget());

        // Quick checks reach the grid model and the export.
        QuickCheckSet checks;
        QuickCheck json;
        json.kind = QuickCheck::ValidJson;
        checks.addColumnCheck(2, json);
        judge.state()->setChecks(checks);
        QCOMPARE(cells.data(cells.index(0, 2), ResultsTableModel::ChecksPassedRole).toInt(), 1);
        QCOMPARE(cells.data(cells.index(1, 2), ResultsTableModel::ChecksPassedRole).toInt(), 0);

        // Blind ratings end up in the exported records.
        judge.blindAction()->trigger();
        QSignalSpy judging(&judge, &JudgeMenu::judgingChanged);
        QTest::keyClick(judge.blindPanel(), Qt::Key_3);
        QCOMPARE(judging.size(), 1);
        // Every snapshot (the exports') carries them, with no call from the window.
        const QList<ResultRecord> records = session.snapshot();
        const int rated = judge.blindPanel()->session().realColumn(0, 0);
        QCOMPARE(records[rated].judgement.rating.value_or(0), 3);
        QCOMPARE(records[2].judgement.checksPassed.value_or(-1), 1);
        QCOMPARE(records[5].judgement.checksFailed.value_or(-1), 1);
        QVERIFY(!records[0].judgement.checksPassed);

        // Cost estimate and spend cap.
        judge.setSpendCap(2.5);
        QVERIFY(judge.costEstimateText().contains(QLatin1String("$2.50")));
        QVERIFY(judge.costEstimateText().contains(QLatin1String("no price known")));
        judge.setSpendCap(0);

        // A new grid clears the ratings: they address cells by place.
        scheduler.load(PlanBuilder::fromPrompts({QStringLiteral("new")}, {model(QStringLiteral("x"))}, 1, {}), {ok(QStringLiteral("n"))});
        QVERIFY(judge.ratings().isEmpty());
    }

    void judgingSavedAndReopenedWithTheComparison()
    {
        QTemporaryDir dir;
        Comparison comparison;
        comparison.prompts = {ComparisonPrompt{QString(), QStringLiteral("Say hi"), std::nullopt}};
        comparison.models = {model(QStringLiteral("echo")), model(QStringLiteral("fast"))};
        comparison.results = {SavedCell{0, 0, 0, ok(QStringLiteral("hi"))}, SavedCell{0, 1, 0, ok(QStringLiteral("{}"))}};
        QuickCheck json;
        json.kind = QuickCheck::ValidJson;
        comparison.checks.addRunCheck(json);
        comparison.ratings.setRating(CellAddress{0, 1, 0}, 5);
        QString error;
        const QString original = dir.filePath(QStringLiteral("judged.promptgrid"));
        QVERIFY2(ComparisonFile::save(comparison, original, &error), qPrintable(error));

        QSettings settings(dir.filePath(QStringLiteral("recent.ini")), QSettings::IniFormat);
        QMainWindow window;
        RunSession session(RunSettings::Storage::Stored);
        Scheduler &scheduler = *session.scheduler();
        ComparisonController controller(&session, &window, RecentFiles(&settings));
        JudgeMenu judge(&window, &session, nullptr, nullptr);
        QVERIFY2(controller.open(original, &error), qPrintable(error));
        QCOMPARE(scheduler.cellCount(), 2);
        QCOMPARE(judge.ratings().rating(CellAddress{0, 1, 0}).value_or(0), 5);
        QCOMPARE(judge.state()->checks(), comparison.checks);
        QVERIFY(judge.quickChecks()->outcome(1)->allPassed());
        QCOMPARE(judge.quickChecks()->outcome(0)->failed, 1);

        // Rate in blind mode, save under a new name, read the file back.
        judge.showBlindMode();
        judge.blindPanel()->setFocusedPosition(judge.blindPanel()->session().shownPosition(0, 0));
        QTest::keyClick(judge.blindPanel(), Qt::Key_2);
        const QString saved = dir.filePath(QStringLiteral("again.promptgrid"));
        QVERIFY2(controller.save(saved, &error), qPrintable(error));
        const auto back = ComparisonFile::load(saved, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->ratings.rating(CellAddress{0, 0, 0}).value_or(0), 2);
        QCOMPARE(back->ratings.rating(CellAddress{0, 1, 0}).value_or(0), 5);
        QCOMPARE(back->checks, comparison.checks);
    }

    void inTheRealWindow()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("PromptGridTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_gui_judging"));
        MainWindow window;
        JudgeMenu *judge = window.judgeMenu();
        QVERIFY(judge);
        QVERIFY(window.menuBar()->actions().contains(judge->menu()->menuAction()));
        for (QAction *action : judge->shortcutActions())
            QVERIFY2(window.shortcutActions().contains(action), qPrintable(action->text()));
        // No shortcut of the Judge menu is taken by another action of the window.
        QSet<QString> judgeKeys;
        for (QAction *action : judge->shortcutActions())
            judgeKeys.insert(action->shortcut().toString());
        QCOMPARE(judgeKeys.size(), judge->shortcutActions().size());
        for (QAction *action : window.shortcutActions()) {
            if (judge->shortcutActions().contains(action))
                continue;
            for (const QKeySequence &key : action->shortcuts())
                QVERIFY2(!judgeKeys.contains(key.toString()), qPrintable(action->text() + QLatin1Char(' ') + key.toString()));
        }
        window.scheduler()->load(PlanBuilder::fromPrompts({QStringLiteral("p")}, {model(QStringLiteral("x")), model(QStringLiteral("y"))}, 1, {}),
                                 {ok(QStringLiteral("red green")), ok(QStringLiteral("red blue"))});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.grid()->setCurrentIndex(window.grid()->model()->index(0, 0));
        window.grid()->setFocus();
        QTest::keyClick(window.grid(), Qt::Key_D, Qt::ControlModifier);
        QVERIFY(judge->diffView());
        QTRY_COMPARE(judge->diffView()->result().newText(), QStringLiteral("red blue"));
        QCOMPARE(judge->diffView()->similarity(), 0.5);
        // No price for either model: the total is unknown, not $0.
        QVERIFY2(judge->costEstimateText().contains(QLatin1String("Estimated total: unknown: no price for demo/"))
                     && !judge->costEstimateText().contains(QLatin1String("$0.0000")),
                 qPrintable(judge->costEstimateText()));
    }
};

QTEST_MAIN(TestGuiJudging)
#include "tst_gui_judging.moc"
