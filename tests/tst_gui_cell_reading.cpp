// SPDX-License-Identifier: MIT
// Reading cells in the window: a failed cell's answer pane says why (reason, HTTP status, what
// was received), Markdown keeps single line breaks while code blocks keep their formatting,
// the samples table never breaks a word, the status bar counts each state once beside a bar
// without text, Cancel Row and Cancel Column are offered only while that row or column runs, and
// quick-check results are drawn as a coloured, marked chip.
#include "CellDelegate.h"
#include "DetailPane.h"
#include "HistoryDatabase.h"
#include "MainWindow.h"
#include "ModelTree.h"
#include "PlanBuilder.h"
#include "ResultsTableModel.h"
#include "RowHeaderView.h"
#include "Scheduler.h"
#include "StaticGrid.h"
#include "TestHome.h"

#include <QAbstractTextDocumentLayout>
#include <QCheckBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextTable>
#include <QTreeWidget>

namespace {
ModelColumn model(const QString &name)
{
    ModelColumn column;
    column.provider = QStringLiteral("demo");
    column.model = name;
    return column;
}

CellResult finished(CellStatus status, const QString &text, const QString &error = {}, int http = 0, int attempts = 1)
{
    CellResult r;
    r.status = status;
    r.text = text;
    r.error = error;
    r.httpStatus = http;
    r.attempts = attempts;
    return r;
}

// Every line the document shows, with its block's format, in order.
QList<QTextBlock> blocks(const QTextDocument *document)
{
    QList<QTextBlock> out;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
        out.append(block);
    return out;
}
} // namespace

class TestGuiCellReading : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;

    static QAction *menuAction(QMenu *menu, const QString &name)
    {
        return menu->findChild<QAction *>(name);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        TestHome::isolate(QStringLiteral("PromptGridCellReading"), m_settingsDir.path());
    }

    void init()
    {
        TestHome::reset();
    }

    void failedCellShowsWhyInTheAnswerPane()
    {
        MainWindow window;
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        CellResult reasoningOnly = finished(CellStatus::Timeout, QString(), QStringLiteral("no byte for 60 s (idle limit)"));
        reasoningOnly.reasoning = QStringLiteral("thinking about it");
        window.scheduler()->load(PlanBuilder::fromPrompts({QStringLiteral("Why?")},
                                                          {model(QStringLiteral("echo")), model(QStringLiteral("slow")),
                                                           model(QStringLiteral("fast")), model(QStringLiteral("verbose"))},
                                                          1, {}),
                                 {finished(CellStatus::Ok, QStringLiteral("Because.")),
                                  finished(CellStatus::Error, QString(), QStringLiteral("HTTP 500: upstream exploded <b>"), 500, 3),
                                  finished(CellStatus::Cancelled, QString(), QStringLiteral("cancelled"), 0, 0), reasoningOnly});
        QTextBrowser *answer = window.detailPane()->answerView();

        window.grid()->setCurrentIndex(window.resultsModel()->index(0, 1));
        QCOMPARE(window.detailPane()->cell(), 1);
        QString shown = answer->toPlainText();
        QVERIFY2(shown.contains(QStringLiteral("No answer: error")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("HTTP 500: upstream exploded <b>")), qPrintable(shown)); // as text, not markup
        QVERIFY2(shown.contains(QStringLiteral("HTTP status:")) && shown.contains(QStringLiteral("500")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("a response with HTTP status 500, no answer text")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("Attempts:")) && shown.contains(QStringLiteral("3")), qPrintable(shown));
        QVERIFY(!shown.contains(DetailPane::noCellText()));
        // The reason is in the pane, not twice.
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("detailError"))->isHidden());

        // Raw text shows the same report.
        window.detailPane()->rawToggle()->setChecked(true);
        QVERIFY(answer->toPlainText().contains(QStringLiteral("upstream exploded")));
        window.detailPane()->rawToggle()->setChecked(false);

        window.grid()->setCurrentIndex(window.resultsModel()->index(0, 2));
        shown = answer->toPlainText();
        QVERIFY2(shown.contains(QStringLiteral("No answer: cancelled")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("Cancelled before any answer arrived.")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("nothing: the request was not sent")), qPrintable(shown));

        window.grid()->setCurrentIndex(window.resultsModel()->index(0, 3));
        shown = answer->toPlainText();
        QVERIFY2(shown.contains(QStringLiteral("no byte for 60 s")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("reasoning only (17 characters")), qPrintable(shown));

        // An answer replaces the report, and the report comes back for the failed cell.
        window.grid()->setCurrentIndex(window.resultsModel()->index(0, 0));
        QCOMPARE(answer->toPlainText(), QStringLiteral("Because."));
        window.grid()->setCurrentIndex(window.resultsModel()->index(0, 1));
        QVERIFY(answer->toPlainText().contains(QStringLiteral("upstream exploded")));
    }

    void detailPaneShowsTheMessagesSent()
    {
        // A conversation's cell lists every message it sent, with the mode; a single prompt's
        // cell does not repeat its prompt there.
        MainWindow window;
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("And Orange?"), QStringLiteral("Single.")},
                                                {model(QStringLiteral("echo"))}, 1, QStringLiteral("Be brief."));
        plan.rows[0].history = {ChatMessage{ChatMessage::Role::User, QStringLiteral("knock knock"), {}},
                                ChatMessage{ChatMessage::Role::Assistant, QStringLiteral("Who is there?"), {}}};
        window.scheduler()->load(plan, {finished(CellStatus::Ok, QStringLiteral("Orange who?")), finished(CellStatus::Ok, QStringLiteral("Hi."))});
        window.grid()->setCurrentIndex(window.resultsModel()->index(0, 0));
        QCOMPARE(window.detailPane()->cell(), 0);
        QPlainTextEdit *sent = window.detailPane()->sentMessagesView();
        QVERIFY(!sent->isHidden()); // the pane itself may start collapsed
        QCOMPARE(sent->toPlainText(), QStringLiteral("system: Be brief.\n\nuser: knock knock\n\nassistant: Who is there?\n\nuser: And Orange?"));
        const auto *title = window.findChild<QLabel *>(QStringLiteral("detailSentTitle"));
        QVERIFY2(title->text().startsWith(QStringLiteral("Shared transcript · 4 message")), qPrintable(title->text()));
        // The row header names the mode too.
        QCOMPARE(window.resultsModel()->headerData(0, Qt::Vertical).toString(), QStringLiteral("#1 · shared transcript"));
        // ... and the header the user sees paints it.
        auto *rowHeader = qobject_cast<RowHeaderView *>(window.grid()->verticalHeader());
        QVERIFY(rowHeader);
        QCOMPARE(rowHeader->sectionLabel(0), QStringLiteral("#1 · shared transcript"));
        QVERIFY2(rowHeader->sectionTitle(0).startsWith(QStringLiteral("#1 · shared transcript · ")), qPrintable(rowHeader->sectionTitle(0)));
        QCOMPARE(window.resultsModel()->headerData(1, Qt::Vertical).toString(), QStringLiteral("#2"));
        window.grid()->setCurrentIndex(window.resultsModel()->index(1, 0));
        QCOMPARE(window.detailPane()->cell(), 1);
        QVERIFY(sent->isHidden());
    }

    void answerPaneWaitsWithTheCellsState()
    {
        StaticGrid grid;
        grid.load(PlanBuilder::fromPrompts({QStringLiteral("p")}, {model(QStringLiteral("echo")), model(QStringLiteral("slow"))}, 1, {}),
                  {finished(CellStatus::Ok, QString())});
        DetailPane pane(&grid);
        QCOMPARE(pane.answerView()->placeholderText(), DetailPane::noCellText());
        pane.setCell(1); // queued
        QCOMPARE(pane.answerView()->placeholderText(), DetailPane::waitingText(CellStatus::Queued));
        QVERIFY(pane.answerView()->document()->isEmpty());
        CellResult running;
        running.status = CellStatus::Running;
        running.attempts = 1;
        grid.setResult(1, running);
        pane.refresh();
        QCOMPARE(pane.answerView()->placeholderText(), DetailPane::waitingText(CellStatus::Running));
        running.text = QStringLiteral("first words");
        grid.setResult(1, running);
        pane.refresh();
        QCOMPARE(pane.answerView()->toPlainText(), QStringLiteral("first words"));
        pane.setCell(0); // an empty ok answer
        QCOMPARE(pane.answerView()->placeholderText(), DetailPane::waitingText(CellStatus::Ok));
        pane.setCell(-1);
        QCOMPARE(pane.answerView()->placeholderText(), DetailPane::noCellText());
    }

    void markdownKeepsSingleLineBreaks()
    {
        const QString answer = QStringLiteral("Roses are red\nviolets are blue\n\nSteps:\n2. mix\n3. bake\n\n"
                                              "```python\ndef f(x):\n        return x  *  2\n```\n");
        StaticGrid grid;
        grid.load(PlanBuilder::fromPrompts({QStringLiteral("p")}, {model(QStringLiteral("echo"))}, 1, {}),
                  {finished(CellStatus::Ok, answer)});
        DetailPane pane(&grid);
        pane.resize(600, 600);
        pane.setCell(0);
        QVERIFY(!pane.isRawText());
        const QTextDocument *document = pane.answerView()->document();
        const QString shown = document->toPlainText();
        QVERIFY2(shown.contains(QStringLiteral("Roses are red\nviolets are blue")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("Steps:\n2. mix\n3. bake")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("def f(x):\n        return x  *  2")), qPrintable(shown));
        // The code block is code: monospace, no reflow; the poem is not.
        bool sawCode = false;
        for (const QTextBlock &block : blocks(document)) {
            const bool isCode = block.text().contains(QStringLiteral("return x"));
            if (!isCode && !block.text().contains(QStringLiteral("violets")))
                continue;
            const QTextCharFormat format = block.begin().fragment().charFormat();
            const bool monospace = format.fontFixedPitch() || format.fontFamilies().toStringList().contains(QStringLiteral("monospace"));
            QCOMPARE(monospace, isCode);
            QCOMPARE(block.blockFormat().nonBreakableLines(), isCode);
            sawCode = sawCode || isCode;
        }
        QVERIFY(sawCode);
        // The lines of one paragraph sit as close as lines do; paragraphs keep their spacing.
        QVERIFY(!document->toRawText().contains(QChar(0xE000)));
        const auto block = [document](const QString &text) {
            for (QTextBlock b = document->begin(); b.isValid(); b = b.next()) {
                if (b.text() == text)
                    return b;
            }
            return QTextBlock();
        };
        QVERIFY(block(QStringLiteral("Roses are red")).isValid());
        QCOMPARE(block(QStringLiteral("Roses are red")).blockFormat().bottomMargin(), 0.0);
        QCOMPARE(block(QStringLiteral("violets are blue")).blockFormat().topMargin(), 0.0);
        QVERIFY(block(QStringLiteral("violets are blue")).blockFormat().bottomMargin() > 0);
        QVERIFY(block(QStringLiteral("Steps:")).blockFormat().topMargin() > 0);
        QCOMPARE(block(QStringLiteral("2. mix")).blockFormat().topMargin(), 0.0);
        // Raw text is the answer exactly.
        pane.setRawText(true);
        QCOMPARE(pane.answerView()->toPlainText(), answer);
    }

    void samplesTableKeepsWordsWhole()
    {
        std::vector<CellResult> results;
        for (int sample = 0; sample < 3; ++sample)
            results.push_back(finished(sample == 2 ? CellStatus::Incomplete : CellStatus::Ok, QStringLiteral("answer %1").arg(sample)));
        StaticGrid grid;
        grid.load(PlanBuilder::fromPrompts({QStringLiteral("p")}, {model(QStringLiteral("echo"))}, 3, {}), results);
        DetailPane pane(&grid);
        pane.resize(200, 700); // narrower than the table
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        pane.setCell(grid.cellIndex(0, 0, 0));
        QTextBrowser *samples = pane.samplesView();
        QTRY_VERIFY(samples->toPlainText().contains(QStringLiteral("incomplete")));
        QTextDocument *document = samples->document();
        document->setTextWidth(samples->viewport()->width());
        int tableCells = 0;
        for (const QTextBlock &block : blocks(document)) {
            if (!QTextCursor(block).currentTable() || block.text().isEmpty())
                continue;
            ++tableCells;
            document->documentLayout()->blockBoundingRect(block); // laid out
            QVERIFY2(block.layout()->lineCount() == 1,
                     qPrintable(QStringLiteral("\"%1\" is broken over %2 lines").arg(block.text()).arg(block.layout()->lineCount())));
        }
        QCOMPARE(tableCells, 6 * 4); // the header and three samples, six columns each
    }

    void statusBarCountsEachStateOnce()
    {
        MainWindow window;
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        std::vector<CellResult> results;
        for (int i = 0; i < 8; ++i)
            results.push_back(finished(CellStatus::Ok, QStringLiteral("fine")));
        results.push_back(finished(CellStatus::Error, QString(), QStringLiteral("HTTP 500"), 500));
        results.push_back(finished(CellStatus::Cancelled, QStringLiteral("part"), QStringLiteral("cancelled")));
        QStringList prompts;
        for (int i = 0; i < 5; ++i)
            prompts << QStringLiteral("prompt %1").arg(i);
        window.scheduler()->load(PlanBuilder::fromPrompts(prompts, {model(QStringLiteral("echo")), model(QStringLiteral("slow"))}, 1, {}),
                                 results);
        QCOMPARE(window.countsLabel()->text(), QStringLiteral("Answered 8 · Failed 1 · Cancelled 1 · Running 0 · Queued 0 · 10 cells"));
        // The bar carries no text of its own (drawn over the fill it is half unreadable); the
        // label beside it says it all.
        QProgressBar *bar = window.progressBar();
        QVERIFY(!bar->isTextVisible());
        QCOMPARE(bar->value(), 10);
        QCOMPARE(bar->maximum(), 10);
        QVERIFY(bar->toolTip().contains(QStringLiteral("10 of 10")));
        QVERIFY(window.countsLabel()->isVisible() && bar->isVisible());
        const QRect label(window.countsLabel()->mapTo(&window, QPoint()), window.countsLabel()->size());
        const QRect barRect(bar->mapTo(&window, QPoint()), bar->size());
        QVERIFY(!label.intersects(barRect));
        // Every character of the summary fits.
        QLabel *counts = window.countsLabel();
        QTRY_VERIFY2(counts->width() >= counts->fontMetrics().horizontalAdvance(counts->text()),
                     qPrintable(QStringLiteral("%1 < %2").arg(counts->width()).arg(counts->fontMetrics().horizontalAdvance(counts->text()))));
    }

    void cancelRowAndColumnOnlyWhileTheyRun()
    {
        MainWindow window;
        window.promptEdit()->setPlainText(QStringLiteral("a b c d e f\n---\ng h i j k l"));
        window.modelTree()->setCheckedModels({});
        for (const QString &name : {QStringLiteral("demo/echo"), QStringLiteral("demo/slow")})
            window.modelTree()->itemFor(name)->setCheckState(0, Qt::Checked);
        QSignalSpy runFinished(window.scheduler(), &Scheduler::runFinished);
        QVERIFY(window.send());
        // Echo answers at once; slow streams on.
        QTRY_VERIFY_WITH_TIMEOUT(isFinalStatus(window.scheduler()->result(window.scheduler()->cellIndex(0, 0, 0)).status)
                                     && isFinalStatus(window.scheduler()->result(window.scheduler()->cellIndex(1, 0, 0)).status),
                                 5000);
        QVERIFY(!isFinalStatus(window.scheduler()->result(window.scheduler()->cellIndex(0, 1, 0)).status));
        std::unique_ptr<QMenu> menu(window.createGridMenu(window.resultsModel()->index(0, 0), &window));
        QVERIFY(!menuAction(menu.get(), QStringLiteral("cancelCell"))->isEnabled());
        QVERIFY(menuAction(menu.get(), QStringLiteral("cancelRow"))->isEnabled()); // its slow cell runs
        QVERIFY(!menuAction(menu.get(), QStringLiteral("cancelColumn"))->isEnabled()); // echo's column is done
        menu.reset(window.createGridMenu(window.resultsModel()->index(1, 1), &window));
        QVERIFY(menuAction(menu.get(), QStringLiteral("cancelColumn"))->isEnabled());

        QVERIFY(runFinished.count() > 0 || runFinished.wait(20000));
        for (int row = 0; row < 2; ++row) {
            for (int column = 0; column < 2; ++column) {
                menu.reset(window.createGridMenu(window.resultsModel()->index(row, column), &window));
                QVERIFY(!menuAction(menu.get(), QStringLiteral("cancelCell"))->isEnabled());
                QVERIFY(!menuAction(menu.get(), QStringLiteral("cancelRow"))->isEnabled());
                QVERIFY(!menuAction(menu.get(), QStringLiteral("cancelColumn"))->isEnabled());
                QVERIFY(menuAction(menu.get(), QStringLiteral("retryCell"))->isEnabled());
            }
        }
    }

    void quickChecksShowAsAColouredMarkedChip()
    {
        QCOMPARE(CellDelegate::checksLabel(3, 3), QStringLiteral("✓ checks 3/3"));
        QCOMPARE(CellDelegate::checksLabel(1, 3), QStringLiteral("✗ checks 1/3"));
        for (const bool dark : {false, true}) {
            QPalette palette;
            palette.setColor(QPalette::Window, dark ? QColor(0x20, 0x20, 0x20) : QColor(0xf0, 0xf0, 0xf0));
            palette.setColor(QPalette::Base, dark ? QColor(0x18, 0x18, 0x18) : QColor(Qt::white));
            palette.setColor(QPalette::Text, dark ? QColor(0xee, 0xee, 0xee) : QColor(0x10, 0x10, 0x10));
            QCOMPARE(CellDelegate::checksColor(true, palette), CellDelegate::statusColor(CellStatus::Ok, palette));
            QCOMPARE(CellDelegate::checksColor(false, palette), CellDelegate::statusColor(CellStatus::Error, palette));

            // Drawn: a chip of the fail colour beside the status chip, in the header line.
            QStandardItemModel items(1, 1);
            const QModelIndex index = items.index(0, 0);
            items.setData(index, int(CellStatus::Ok), ResultsTableModel::StatusRole);
            items.setData(index, QStringLiteral("an answer"), ResultsTableModel::AnswerRole);
            items.setData(index, 1, ResultsTableModel::ChecksPassedRole);
            items.setData(index, 3, ResultsTableModel::ChecksTotalRole);
            CellDelegate delegate;
            QStyleOptionViewItem option;
            option.rect = QRect(0, 0, 320, 140);
            option.palette = palette;
            option.font = QFont();
            option.state = QStyle::State_Enabled;
            QImage image(option.rect.size(), QImage::Format_ARGB32);
            image.fill(palette.color(QPalette::Base));
            {
                QPainter painter(&image);
                delegate.paint(&painter, option, index);
            }
            const QColor fail = CellDelegate::checksColor(false, palette);
            const QColor ok = CellDelegate::statusColor(CellStatus::Ok, palette);
            int failPixels = 0;
            int failLeft = option.rect.width();
            int okRight = 0;
            for (int y = 0; y < 40; ++y) {
                for (int x = 0; x < image.width(); ++x) {
                    const QColor pixel = image.pixelColor(x, y);
                    if (pixel == fail) {
                        ++failPixels;
                        failLeft = std::min(failLeft, x);
                    } else if (pixel == ok) {
                        okRight = std::max(okRight, x);
                    }
                }
            }
            QVERIFY2(failPixels > 200, qPrintable(QString::number(failPixels)));
            QVERIFY(okRight > 0 && failLeft > okRight); // after the "ok" chip
        }
    }
};

QTEST_MAIN(TestGuiCellReading)
#include "tst_gui_cell_reading.moc"
