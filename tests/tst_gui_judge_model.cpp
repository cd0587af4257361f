// SPDX-License-Identifier: MIT
// A judge model in the window, driven offscreen against a fake server on 127.0.0.1: the judge
// dialog (any configured model, rubric presets, scale, reference column), the judge's requests
// streaming in the Judge dock with their own cancel buttons and cost, score chips in the grid,
// the grade in the detail pane, a judge error that says why, mean ± 95% interval per column in
// Statistics, pairwise battles asked both ways round, re-running, the spend cap stopping judge
// calls, and a saved comparison bringing its grades back.
#include "CellDelegate.h"
#include "ComparisonController.h"
#include "DetailPane.h"
#include "FakeLlmServer.h"
#include "JudgeMenu.h"
#include "JudgeModelDialog.h"
#include "JudgeRequestsPanel.h"
#include "JudgeScoreStats.h"
#include "MainWindow.h"
#include "ModelTree.h"
#include "ResultsTableModel.h"
#include "RunSession.h"
#include "Scheduler.h"
#include "StatsPanel.h"
#include "TestHome.h"
#include "WhenModal.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QImage>
#include <QPainter>
#include <QStandardItemModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <cmath>
#include <functional>

namespace {
/// The score each graded answer carries for the fake judge to find: "GRADE=7"; a few answers
/// carry no number (the judge answers in prose) or make the judge hang.
using Grades = std::function<QString(int row, int column)>;

/// The graded models' answers and the judge's verdicts, by the model asked: the graded models
/// m1..m4 answer "answer of row R, column C: GRADE=<grades(R, C)>" to prompt "pR"; the judge "j"
/// reads the GRADE of the answer it is shown and answers {"score": GRADE + offset, "reason"}.
struct JudgeServer {
    FakeLlmServer server;
    Grades grades;
    int offset = 0;
    bool alwaysA = false;
    int judgeRequests = 0;

    bool start()
    {
        server.setHandler([this](const RecordedRequest &request) {
            const QString model = request.model();
            const QString body = QString::fromUtf8(request.body);
            if (model != QLatin1String("j")) {
                static const QRegularExpression promptNumber(QStringLiteral("\\bp(\\d+)\\b"));
                const QRegularExpressionMatch match = promptNumber.match(body);
                const int row = match.hasMatch() ? match.captured(1).toInt() : -1;
                const int column = model.mid(1).toInt() - 1;
                return FakeResponse::openAiStream({QStringLiteral("answer of row %1, column %2: ").arg(row).arg(column),
                                                   QStringLiteral("GRADE=%1").arg(grades(row, column))},
                                                  5, 12);
            }
            ++judgeRequests;
            static const QRegularExpression grade(QStringLiteral("GRADE=(\\w+)"));
            if (body.contains(QLatin1String("answer_a"))) {
                // Pairwise: the higher GRADE wins, A's coming first; a biased judge always says A.
                QList<int> shown;
                for (QRegularExpressionMatchIterator it = grade.globalMatch(body); it.hasNext();)
                    shown << it.next().captured(1).toInt();
                QString winner = QStringLiteral("tie");
                if (alwaysA)
                    winner = QStringLiteral("A");
                else if (shown.size() >= 2 && shown.at(0) != shown.at(1))
                    winner = shown.at(0) > shown.at(1) ? QStringLiteral("A") : QStringLiteral("B");
                return FakeResponse::openAiStream({QStringLiteral(R"({"winner": "%1", "reason": "by grade"})").arg(winner)}, 40, 10);
            }
            const QString found = grade.match(body).captured(1);
            if (found == QLatin1String("hang")) {
                FakeResponse hanging;
                hanging.hangAfterHeaders = true;
                return hanging;
            }
            bool isNumber = false;
            const int score = found.toInt(&isNumber);
            if (!isNumber) // prose without a score: a judge error, never a made-up score
                return FakeResponse::openAiStream({QStringLiteral("I would rather not put a number on this one.")}, 40, 10);
            const QString verdict = QStringLiteral(R"({"score": %1, "reason": "it says %1"})").arg(score + offset);
            return FakeResponse::openAiStream({verdict.left(12), verdict.mid(12)}, 40, 10);
        });
        return server.listen();
    }

    /// Providers "local" (m1..m4, no price) and "judge" (j, $800 per million output tokens: a
    /// judge answer of 10 tokens costs $0.008).
    void saveProviders() const
    {
        QSettings().setValue(QStringLiteral("providers/json"),
                             QStringLiteral(R"({"providers":[
                                 {"name":"local","kind":"openai","base_url":"%1/v1","models":["m1","m2","m3","m4"]},
                                 {"name":"judge","kind":"openai","base_url":"%1/v1","models":["j"],
                                  "prices":{"j":{"input_per_mtok":0,"output_per_mtok":800}}}]})")
                                 .arg(server.baseUrl().toString())
                                 .toUtf8());
    }
};

/// Sends prompts p0..p(rows-1) to local/m1..m(columns) and waits for the run to finish.
bool runGrid(MainWindow &window, int rows, int columns)
{
    QStringList prompts;
    for (int row = 0; row < rows; ++row)
        prompts << QStringLiteral("p%1").arg(row);
    window.promptEdit()->setPlainText(prompts.join(QStringLiteral("\n---\n")));
    QStringList models;
    for (int column = 0; column < columns; ++column)
        models << QStringLiteral("local/m%1").arg(column + 1);
    window.modelTree()->setCheckedModels(models);
    if (window.modelTree()->checkedModels() != models)
        return false;
    QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
    if (!window.send())
        return false;
    if (!finished.wait(20000))
        return false;
    return window.scheduler()->counts().ok == rows * columns;
}

/// Opens Judge > Grade with a Judge Model…, lets \a edit fill the dialog and starts it.
void gradeThroughTheDialog(MainWindow &window, std::function<void(JudgeModelDialog *)> edit)
{
    whenModal<JudgeModelDialog>([edit](JudgeModelDialog *dialog) {
        edit(dialog);
        dialog->accept();
    });
    window.judgeMenu()->gradeAction()->trigger();
}

std::optional<JudgeVerdict> verdictOf(MainWindow &window, int row, int column)
{
    return window.session()->judging()->ratings().judgeVerdict(window.scheduler()->address(window.scheduler()->cellIndex(row, column)));
}

QDockWidget *judgeDock(MainWindow &window)
{
    return window.findChild<QDockWidget *>(QStringLiteral("judgeDock"));
}
} // namespace

class TestGuiJudgeModel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        TestHome::isolate(QStringLiteral("PromptGridJudgeModelTest"), m_settingsDir.path());
    }

    void init()
    {
        TestHome::reset();
    }

    void judgeChipIsDrawnBesideTheStatus()
    {
        QCOMPARE(CellDelegate::judgeLabel(8.0, 10), QStringLiteral("judge 8/10"));
        QCOMPARE(CellDelegate::judgeLabel(7.5, 10), QStringLiteral("judge 7.5/10"));
        for (const bool error : {false, true}) {
            QStandardItemModel items(1, 1);
            const QModelIndex index = items.index(0, 0);
            items.setData(index, int(CellStatus::Ok), ResultsTableModel::StatusRole);
            items.setData(index, QStringLiteral("an answer"), ResultsTableModel::AnswerRole);
            items.setData(index, QPointF(1, 10), ResultsTableModel::JudgeScaleRole);
            if (!error)
                items.setData(index, 8.0, ResultsTableModel::JudgeScoreRole);
            CellDelegate delegate;
            QStyleOptionViewItem option;
            option.rect = QRect(0, 0, 320, 140);
            option.palette = QPalette();
            option.font = QFont();
            option.state = QStyle::State_Enabled;
            QImage image(option.rect.size(), QImage::Format_ARGB32);
            image.fill(option.palette.color(QPalette::Base));
            {
                QPainter painter(&image);
                delegate.paint(&painter, option, index);
            }
            const QColor chip = CellDelegate::judgeColor(error, option.palette);
            const QColor ok = CellDelegate::statusColor(CellStatus::Ok, option.palette);
            int chipPixels = 0;
            int chipLeft = image.width();
            int okRight = 0;
            for (int y = 0; y < 40; ++y) {
                for (int x = 0; x < image.width(); ++x) {
                    const QColor pixel = image.pixelColor(x, y);
                    if (pixel == chip) {
                        ++chipPixels;
                        chipLeft = std::min(chipLeft, x);
                    } else if (pixel == ok) {
                        okRight = std::max(okRight, x);
                    }
                }
            }
            QVERIFY2(chipPixels > 200, qPrintable(QString::number(chipPixels)));
            QVERIFY(okRight > 0 && chipLeft > okRight); // after the "ok" chip
        }
        // A grade is neither pass nor fail: its own colour, apart from the ok and error chips.
        QVERIFY(CellDelegate::judgeColor(false, QPalette()) != CellDelegate::statusColor(CellStatus::Ok, QPalette()));
        QCOMPARE(CellDelegate::judgeColor(true, QPalette()), CellDelegate::statusColor(CellStatus::Error, QPalette()));
    }

    void dialogOffersEveryModelAndTheRubrics()
    {
        JudgeServer fake;
        fake.grades = [](int, int) { return QStringLiteral("5"); };
        QVERIFY(fake.start());
        fake.saveProviders();
        MainWindow window;
        QVERIFY(runGrid(window, 1, 2));
        JudgeModelDialog dialog(window.scheduler()->providers(), window.scheduler()->plan(), JudgeRun::Mode::Grade, std::nullopt);
        // The grid's own columns first, then every configured model, the Demo's included.
        QCOMPARE(dialog.judges().value(0).displayName(), QStringLiteral("local/m1"));
        QCOMPARE(dialog.judges().value(1).displayName(), QStringLiteral("local/m2"));
        QStringList names;
        for (const ModelColumn &judge : dialog.judges())
            names << judge.displayName();
        QVERIFY2(names.contains(QStringLiteral("judge/j")) && names.contains(QStringLiteral("demo/echo")), qPrintable(names.join(u',')));
        QCOMPARE(names.count(QStringLiteral("local/m1")), 1);
        QVERIFY(dialog.judgeCombo()->itemText(0).contains(QStringLiteral("in the grid")));
        // Every preset, then Custom; a preset fills its text and scale.
        QCOMPARE(dialog.presetCombo()->count(), int(JudgeRubric::presets().size()) + 1);
        dialog.presetCombo()->setCurrentIndex(dialog.presetCombo()->findData(int(JudgeRubric::Preset::Concise)));
        QCOMPARE(dialog.rubricEdit()->toPlainText(), JudgeRubric::fromPreset(JudgeRubric::Preset::Concise).text);
        QCOMPARE(dialog.request().rubric.preset, JudgeRubric::Preset::Concise);
        // Editing the text makes it the user's own rubric.
        dialog.rubricEdit()->setPlainText(QStringLiteral("Short and kind."));
        QCOMPARE(dialog.request().rubric.preset, JudgeRubric::Preset::Custom);
        QCOMPARE(dialog.request().rubric.text, QStringLiteral("Short and kind."));
        dialog.scaleMinSpin()->setValue(0);
        dialog.scaleMaxSpin()->setValue(100);
        QCOMPARE(dialog.request().rubric.scaleMax, 100.0);
        // No variables in this plan: no reference column to pick.
        QVERIFY(!dialog.referenceCombo()->isEnabled());
        QVERIFY(dialog.selectJudge(QStringLiteral("judge/j")));
        QCOMPARE(dialog.request().judge.provider, QStringLiteral("judge"));
        QCOMPARE(dialog.request().mode, JudgeRun::Mode::Grade);
        dialog.pairwiseButton()->setChecked(true);
        QCOMPARE(dialog.request().mode, JudgeRun::Mode::Pairwise);
        QVERIFY(!dialog.scaleMaxSpin()->isEnabled());
        // An empty rubric or an upside-down scale cannot start.
        dialog.gradeButton()->setChecked(true);
        dialog.scaleMinSpin()->setValue(5);
        dialog.scaleMaxSpin()->setValue(3);
        QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("judgeProblem"))->isHidden());
        dialog.scaleMinSpin()->setValue(1);
        dialog.scaleMaxSpin()->setValue(10);
        dialog.rubricEdit()->clear();
        QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("judgeProblem"))->isHidden());
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));

        // A plan with test-case variables offers them as the reference column.
        RunPlan plan = window.scheduler()->plan();
        plan.rows[0].variables = {{QStringLiteral("expected"), QStringLiteral("42")}};
        JudgeModelDialog withVariables(window.scheduler()->providers(), plan, JudgeRun::Mode::Grade, std::nullopt);
        QVERIFY(withVariables.referenceCombo()->isEnabled());
        withVariables.referenceCombo()->setCurrentIndex(1);
        QCOMPARE(withVariables.request().rubric.referenceColumn, QStringLiteral("expected"));
    }

    void gradesShowInCellsDetailAndDock()
    {
        JudgeServer fake;
        fake.grades = [](int row, int column) { return row == 1 && column == 1 ? QStringLiteral("none") : QString::number(3 + row + 2 * column); };
        QVERIFY(fake.start());
        fake.saveProviders();
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(runGrid(window, 2, 2));
        JudgeRun *run = window.judgeMenu()->judgeRun();
        QSignalSpy finished(run, &JudgeRun::finished);
        gradeThroughTheDialog(window, [](JudgeModelDialog *dialog) { QVERIFY(dialog->selectJudge(QStringLiteral("judge/j"))); });
        QVERIFY(finished.count() > 0 || finished.wait(20000));
        QCOMPARE(fake.judgeRequests, 4);

        // Scores where the judge gave one, a judge error that says why where it did not.
        const std::optional<JudgeVerdict> graded = verdictOf(window, 0, 1);
        QVERIFY(graded && graded->score);
        QCOMPARE(*graded->score, 5.0);
        QCOMPARE(graded->judgeModel, QStringLiteral("judge/j"));
        const QModelIndex scored = window.resultsModel()->index(0, 1);
        QCOMPARE(scored.data(ResultsTableModel::JudgeScoreRole).toDouble(), 5.0);
        QCOMPARE(CellDelegate::judgeLabel(scored.data(ResultsTableModel::JudgeScoreRole).toDouble(),
                                          scored.data(ResultsTableModel::JudgeScaleRole).toPointF().y()),
                 QStringLiteral("judge 5/10"));
        QVERIFY(scored.data(Qt::ToolTipRole).toString().contains(QStringLiteral("it says 5")));
        const std::optional<JudgeVerdict> failed = verdictOf(window, 1, 1);
        QVERIFY(failed && !failed->score && !failed->error.isEmpty());
        const QModelIndex unscored = window.resultsModel()->index(1, 1);
        QVERIFY(!unscored.data(ResultsTableModel::JudgeScoreRole).isValid());
        QVERIFY(unscored.data(ResultsTableModel::JudgeScaleRole).isValid());
        QCOMPARE(CellDelegate::judgeLabel(std::nullopt, 10), QStringLiteral("⚠ judge error"));
        QVERIFY(unscored.data(Qt::ToolTipRole).toString().contains(failed->error));

        // The detail pane: score, scale, reason, judge and cost; the judge's whole answer.
        window.grid()->setCurrentIndex(scored);
        QLabel *judge = window.detailPane()->judgeLabel();
        QVERIFY(!judge->isHidden());
        QString text = judge->text();
        QVERIFY2(text.contains(QStringLiteral("Judge: 5 / 10")) && text.contains(QStringLiteral("scale 1–10")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Reason: it says 5")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("judge/j")) && text.contains(QStringLiteral("$0.008000")), qPrintable(text));
        window.detailPane()->judgeToggle()->setChecked(true);
        QVERIFY(!window.detailPane()->judgeAnswerView()->isHidden());
        QVERIFY(window.detailPane()->judgeAnswerView()->toPlainText().contains(QStringLiteral(R"("reason": "it says 5")")));
        window.grid()->setCurrentIndex(unscored);
        text = judge->text();
        QVERIFY2(text.contains(QStringLiteral("Judge error: ")) && text.contains(failed->error.toHtmlEscaped()), qPrintable(text));
        QVERIFY(window.detailPane()->judgeAnswerView()->toPlainText().contains(QStringLiteral("rather not put a number")));

        // The Judge dock lists each judge request with its status, answer and cost; the judge's
        // cost stands apart from the graded models' (which have no price here).
        QDockWidget *dock = judgeDock(window);
        QVERIFY(dock && dock->isVisible());
        JudgeRequestsPanel *panel = window.judgeMenu()->judgeRequestsPanel();
        QVERIFY(panel->model());
        QCOMPARE(panel->model()->rowCount(), 4);
        for (int row = 0; row < 4; ++row) {
            const QModelIndex request = panel->model()->index(row, 0);
            QCOMPARE(CellStatus(request.data(ResultsTableModel::StatusRole).toInt()), CellStatus::Ok);
            QVERIFY(!request.data(ResultsTableModel::AnswerRole).toString().isEmpty());
            QVERIFY(request.data(ResultsTableModel::MetricsRole).toString().contains(QStringLiteral("$0.00800")));
        }
        QVERIFY2(panel->costLabel()->text().contains(QStringLiteral("Judge cost: $0.0320")), qPrintable(panel->costLabel()->text()));
        QVERIFY2(panel->costLabel()->text().contains(QStringLiteral("graded models: –")), qPrintable(panel->costLabel()->text()));
        QVERIFY(panel->summaryLabel()->text().contains(QStringLiteral("judge/j")));
        // Each judge request carries the grade it gave, as the graded cell's chip does.
        int scoredRows = 0;
        int errorRows = 0;
        for (int judgeRow = 0; judgeRow < 4; ++judgeRow) {
            const QModelIndex request = panel->viewModel()->index(judgeRow, 0);
            QVERIFY(request.data(ResultsTableModel::JudgeScaleRole).isValid());
            if (request.data(ResultsTableModel::JudgeScoreRole).isValid())
                ++scoredRows;
            else if (request.data(ResultsTableModel::JudgeErrorRole).toString() == failed->error)
                ++errorRows;
        }
        QCOMPARE(scoredRows, 3);
        QCOMPARE(errorRows, 1);
        // Picking a judge request shows the answer it grades.
        for (int judgeRow = 0; judgeRow < 4; ++judgeRow) {
            panel->view()->setCurrentIndex(panel->viewModel()->index(judgeRow, 0));
            const int gradedCell = run->gradedCell(panel->model()->cellAt(panel->model()->index(judgeRow, 0)));
            QVERIFY(gradedCell >= 0);
            QCOMPARE(window.resultsModel()->cellAt(window.grid()->currentIndex()), gradedCell);
            QCOMPARE(window.detailPane()->cell(), gradedCell);
        }
        QVERIFY(!window.judgeMenu()->cancelJudgeAction()->isEnabled());
        QVERIFY(window.judgeMenu()->rerunJudgeAction()->isEnabled());
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("The judge finished")),
                 qPrintable(window.statusBar()->currentMessage()));
        // The graded grid was not touched.
        QCOMPARE(window.scheduler()->counts().ok, 4);
    }

    void nothingToJudgeSaysWhy()
    {
        MainWindow window;
        JudgeRun::Request request;
        ModelColumn::parseReference(QStringLiteral("demo/echo"), &request.judge);
        request.rubric = JudgeRubric::fromPreset(JudgeRubric::Preset::Concise);
        QString error;
        QVERIFY(!window.judgeMenu()->startJudge(request, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("The judge did not start: ") + error),
                 qPrintable(window.statusBar()->currentMessage()));
        QVERIFY(!window.judgeMenu()->rerunJudgeAction()->isEnabled());
        QVERIFY(!window.judgeMenu()->cancelJudgeAction()->isEnabled());
    }

    void demoJudgesWithoutAKey()
    {
        MainWindow window;
        window.promptEdit()->setPlainText(QStringLiteral("Name a colour\n---\nName a fruit"));
        window.modelTree()->setCheckedModels({QStringLiteral("demo/echo"), QStringLiteral("demo/verbose")});
        QSignalSpy graded(window.scheduler(), &Scheduler::runFinished);
        QVERIFY(window.send());
        QVERIFY(graded.wait(20000));
        QSignalSpy finished(window.judgeMenu()->judgeRun(), &JudgeRun::finished);
        gradeThroughTheDialog(window, [](JudgeModelDialog *dialog) {
            QCOMPARE(dialog->judgeCombo()->currentIndex(), 0); // the grid's first column is offered first
            QVERIFY(dialog->selectJudge(QStringLiteral("demo/fast")));
        });
        QVERIFY(finished.count() > 0 || finished.wait(20000));
        for (int row = 0; row < 2; ++row) {
            for (int column = 0; column < 2; ++column) {
                const std::optional<JudgeVerdict> verdict = verdictOf(window, row, column);
                QVERIFY(verdict && verdict->score && verdict->error.isEmpty());
                QCOMPARE(verdict->judgeModel, QStringLiteral("demo/fast"));
                QVERIFY(window.resultsModel()->index(row, column).data(ResultsTableModel::JudgeScoreRole).isValid());
            }
        }
    }

    void statisticsShowMeanAndIntervalPerColumn()
    {
        // A 10 x 4 grid: column c's answers carry grades c + 3 + (row mod 5), one of them none.
        JudgeServer fake;
        fake.grades = [](int row, int column) {
            return column == 3 && row == 9 ? QStringLiteral("none") : QString::number(column + 3 + row % 5);
        };
        QVERIFY(fake.start());
        fake.saveProviders();
        MainWindow window;
        QVERIFY(runGrid(window, 10, 4));
        QSignalSpy finished(window.judgeMenu()->judgeRun(), &JudgeRun::finished);
        gradeThroughTheDialog(window, [](JudgeModelDialog *dialog) { QVERIFY(dialog->selectJudge(QStringLiteral("judge/j"))); });
        QVERIFY(finished.count() > 0 || finished.wait(30000));
        QCOMPARE(fake.judgeRequests, 40);

        window.judgeMenu()->showStats();
        StatsPanel *stats = window.judgeMenu()->statsPanel();
        stats->refresh();
        QTableWidget *table = stats->table();
        QVERIFY(!table->isColumnHidden(StatsPanel::JudgeScoreColumn));
        QVERIFY(!table->isColumnHidden(StatsPanel::JudgeCostColumn));
        QCOMPARE(table->rowCount(), 4);
        for (int column = 0; column < 4; ++column) {
            // Computed here from the grades the fake judge gave, by the textbook formula.
            QList<double> scores;
            for (int row = 0; row < 10; ++row) {
                if (!(column == 3 && row == 9))
                    scores << column + 3 + row % 5;
            }
            double mean = 0;
            for (double s : scores)
                mean += s;
            mean /= scores.size();
            double squares = 0;
            for (double s : scores)
                squares += (s - mean) * (s - mean);
            const double half = (scores.size() == 10 ? 2.2622 : 2.3060) * std::sqrt(squares / (scores.size() - 1)) / std::sqrt(double(scores.size()));
            const QString expected = QStringLiteral("%1/10 (%2–%3)")
                                         .arg(QString::number(mean, 'f', 1), QString::number(mean - half, 'f', 1),
                                              QString::number(mean + half, 'f', 1));
            QCOMPARE(table->item(column, StatsPanel::JudgeScoreColumn)->text(), expected);
            const JudgeScoreStats &s = stats->judgeStats().at(column);
            QCOMPARE(s.scored, int(scores.size()));
            QCOMPARE(s.errors, column == 3 ? 1 : 0);
            QVERIFY(std::abs(*s.low - (mean - half)) < 0.001 && std::abs(*s.high - (mean + half)) < 0.001);
            // Ten judge answers of $0.008 each per column, apart from the column's own cost.
            QCOMPARE(table->item(column, StatsPanel::JudgeCostColumn)->text(), QStringLiteral("$0.0800"));
            QCOMPARE(table->item(column, StatsPanel::CostColumn)->text(), QStringLiteral("–"));
        }
        QVERIFY(table->item(3, StatsPanel::JudgeScoreColumn)->toolTip().contains(QStringLiteral("1 judge error")));
    }

    void cancellingOneJudgeRequestLeavesTheOthers()
    {
        JudgeServer fake;
        fake.grades = [](int row, int column) { return row == 0 && column == 1 ? QStringLiteral("hang") : QString::number(6 + column); };
        QVERIFY(fake.start());
        fake.saveProviders();
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(runGrid(window, 2, 2));
        JudgeRun *run = window.judgeMenu()->judgeRun();
        QSignalSpy finished(run, &JudgeRun::finished);
        gradeThroughTheDialog(window, [](JudgeModelDialog *dialog) { QVERIFY(dialog->selectJudge(QStringLiteral("judge/j"))); });
        // Three verdicts arrive; the fourth judge request hangs.
        QTRY_VERIFY_WITH_TIMEOUT(verdictOf(window, 0, 0) && verdictOf(window, 1, 0) && verdictOf(window, 1, 1), 20000);
        QVERIFY(run->isActive());
        QVERIFY(window.judgeMenu()->cancelJudgeAction()->isEnabled());
        JudgeRequestsPanel *panel = window.judgeMenu()->judgeRequestsPanel();
        QTableView *view = panel->view();
        int hanging = -1;
        for (int row = 0; row < panel->model()->rowCount(); ++row) {
            if (CellStatus(panel->model()->index(row, 0).data(ResultsTableModel::StatusRole).toInt()) == CellStatus::Running)
                hanging = row;
        }
        QVERIFY(hanging >= 0);
        // Its own cancel button in the Judge dock, clicked as a user would.
        const QModelIndex request = panel->viewModel()->index(hanging, 0);
        view->scrollTo(request);
        const QRect button = CellDelegate::cancelButtonRect(view->visualRect(request));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, button.center());
        QVERIFY(finished.count() > 0 || finished.wait(10000));
        QCOMPARE(CellStatus(panel->model()->index(hanging, 0).data(ResultsTableModel::StatusRole).toInt()), CellStatus::Cancelled);
        // The other three keep their scores; the cancelled one has none.
        QCOMPARE(verdictOf(window, 0, 0)->score.value_or(-1), 6.0);
        QCOMPARE(verdictOf(window, 1, 0)->score.value_or(-1), 6.0);
        QCOMPARE(verdictOf(window, 1, 1)->score.value_or(-1), 7.0);
        const std::optional<JudgeVerdict> cancelled = verdictOf(window, 0, 1);
        QVERIFY(!cancelled || !cancelled->score);
        QVERIFY(!window.judgeMenu()->cancelJudgeAction()->isEnabled());
    }

    void cancelAllStopsTheJudge_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addRow("Esc") << QStringLiteral("esc");
        QTest::addRow("Cancel All button") << QStringLiteral("button");
        QTest::addRow("Run > Cancel All") << QStringLiteral("menu");
        QTest::addRow("closing the window") << QStringLiteral("close");
    }

    void cancelAllStopsTheJudge()
    {
        QFETCH(QString, how);
        JudgeServer fake;
        fake.grades = [](int, int) { return QStringLiteral("hang"); }; // every judge request hangs
        QVERIFY(fake.start());
        fake.saveProviders();
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(runGrid(window, 2, 2));
        JudgeRun *run = window.judgeMenu()->judgeRun();
        QSignalSpy finished(run, &JudgeRun::finished);
        gradeThroughTheDialog(window, [](JudgeModelDialog *dialog) { QVERIFY(dialog->selectJudge(QStringLiteral("judge/j"))); });
        QTRY_VERIFY_WITH_TIMEOUT(fake.judgeRequests > 0 && fake.server.activeRequests() > 0, 20000);
        QVERIFY(run->isActive());
        QVERIFY(!window.scheduler()->isActive()); // only the judge runs, and Cancel All is offered for it
        auto *button = window.findChild<QPushButton *>(QStringLiteral("cancelAllButton"));
        QVERIFY(button->isEnabled());
        if (how == QLatin1String("esc")) {
            // The judge dialog is gone: the window is active again, as for a user.
            window.activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(&window));
            window.promptEdit()->setFocus();
            QTest::keyClick(window.promptEdit(), Qt::Key_Escape);
        } else if (how == QLatin1String("button")) {
            QTest::mouseClick(button, Qt::LeftButton);
        } else if (how == QLatin1String("menu")) {
            QAction *cancel = nullptr;
            for (QAction *action : window.findChildren<QAction *>()) {
                if (action->text() == QLatin1String("&Cancel All"))
                    cancel = action;
            }
            QVERIFY(cancel && cancel->isEnabled());
            cancel->trigger();
        } else {
            window.close();
        }
        QVERIFY(finished.count() > 0 || finished.wait(10000));
        QVERIFY(!run->isActive());
        // The judge's replies were aborted, and no verdict came of them.
        QTRY_VERIFY_WITH_TIMEOUT(fake.server.activeRequests() == 0, 10000);
        QVERIFY(fake.server.clientAborts() > 0);
        for (int row = 0; row < 2; ++row) {
            for (int column = 0; column < 2; ++column)
                QVERIFY(!verdictOf(window, row, column));
        }
        QCOMPARE(window.scheduler()->counts().ok, 4); // the graded answers stay as they were
        QVERIFY(!button->isEnabled());
    }

    void rerunReplacesTheVerdicts()
    {
        JudgeServer fake;
        fake.grades = [](int row, int column) { return QString::number(2 + row + column); };
        QVERIFY(fake.start());
        fake.saveProviders();
        MainWindow window;
        QVERIFY(runGrid(window, 2, 2));
        JudgeRun *run = window.judgeMenu()->judgeRun();
        QSignalSpy finished(run, &JudgeRun::finished);
        gradeThroughTheDialog(window, [](JudgeModelDialog *dialog) {
            QVERIFY(dialog->selectJudge(QStringLiteral("judge/j")));
            dialog->presetCombo()->setCurrentIndex(dialog->presetCombo()->findData(int(JudgeRubric::Preset::FollowsInstructions)));
        });
        QVERIFY(finished.count() > 0 || finished.wait(20000));
        QCOMPARE(verdictOf(window, 1, 1)->score.value_or(-1), 4.0);

        // The judge grades one higher now; Re-run opens on the last request and replaces every verdict.
        fake.offset = 1;
        finished.clear();
        JudgeRubric::Preset shownPreset = JudgeRubric::Preset::Custom;
        QString shownJudge;
        whenModal<JudgeModelDialog>([&](JudgeModelDialog *dialog) {
            shownPreset = dialog->request().rubric.preset;
            shownJudge = dialog->request().judge.displayName();
            dialog->accept();
        });
        window.judgeMenu()->rerunJudgeAction()->trigger();
        QCOMPARE(shownPreset, JudgeRubric::Preset::FollowsInstructions);
        QCOMPARE(shownJudge, QStringLiteral("judge/j"));
        QVERIFY(finished.count() > 0 || finished.wait(20000));
        QCOMPARE(fake.judgeRequests, 8);
        for (int row = 0; row < 2; ++row) {
            for (int column = 0; column < 2; ++column)
                QCOMPARE(verdictOf(window, row, column)->score.value_or(-1), double(3 + row + column));
        }
        QCOMPARE(window.resultsModel()->index(0, 0).data(ResultsTableModel::JudgeScoreRole).toDouble(), 3.0);
        QCOMPARE(window.judgeMenu()->judgeRequestsPanel()->model()->rowCount(), 4);
    }

    void pairwiseAsksBothOrders()
    {
        JudgeServer fake;
        fake.grades = [](int, int column) { return QString::number(column + 1); };
        QVERIFY(fake.start());
        fake.saveProviders();
        MainWindow window;
        QVERIFY(runGrid(window, 2, 3));
        JudgeRun *run = window.judgeMenu()->judgeRun();
        QSignalSpy finished(run, &JudgeRun::finished);
        whenModal<JudgeModelDialog>([](JudgeModelDialog *dialog) {
            QVERIFY(dialog->pairwiseButton()->isChecked()); // opened from the pairwise action
            QVERIFY(dialog->selectJudge(QStringLiteral("judge/j")));
            dialog->accept();
        });
        window.judgeMenu()->pairwiseAction()->trigger();
        QVERIFY(finished.count() > 0 || finished.wait(20000));
        QCOMPARE(run->request().mode, JudgeRun::Mode::Pairwise);
        const QString rater = JudgeRun::judgeRater(run->request().judge);
        const QList<BattleVerdict> verdicts = window.session()->judging()->ratings().battleVerdicts(rater);
        QVERIFY(!verdicts.isEmpty());
        QCOMPARE(verdicts.size(), run->pairResults().size());
        // Two requests per battle, one each way round, listed in the Judge dock.
        QCOMPARE(fake.judgeRequests, 2 * int(run->pairResults().size()));
        QCOMPARE(window.judgeMenu()->judgeRequestsPanel()->model()->rowCount(), fake.judgeRequests);
        for (const BattleVerdict &verdict : verdicts) {
            // The higher column has the higher grade, whichever side it was shown on.
            const auto expected = verdict.battle.left > verdict.battle.right ? BattleVerdict::Left : BattleVerdict::Right;
            QCOMPARE(verdict.outcome, expected);
        }
        QVERIFY(window.judgeMenu()->judgeRequestsPanel()->summaryLabel()->text().contains(QStringLiteral("a winner in %1").arg(verdicts.size())));
        // A fair judge: its pick never followed the side.
        const QString fair = window.judgeMenu()->judgeRequestsPanel()->summaryLabel()->text();
        QVERIFY2(fair.contains(QStringLiteral("Position bias: the judge's pick changed with the side in 0 of %1 battles (0%)").arg(verdicts.size())),
                 qPrintable(fair));
        // No grades from a pairwise pass.
        QVERIFY(window.session()->judging()->ratings().judgeVerdicts().isEmpty());

        // A judge that always prefers the first answer shown disagrees with itself: ties.
        fake.alwaysA = true;
        finished.clear();
        whenModal<JudgeModelDialog>([](JudgeModelDialog *dialog) { dialog->accept(); });
        window.judgeMenu()->rerunJudgeAction()->trigger();
        QVERIFY(finished.count() > 0 || finished.wait(20000));
        const QList<BattleVerdict> biased = window.session()->judging()->ratings().battleVerdicts(rater);
        QCOMPARE(biased.size(), verdicts.size());
        for (const BattleVerdict &verdict : biased)
            QCOMPARE(verdict.outcome, BattleVerdict::Tie);
        QVERIFY(window.judgeMenu()->judgeRequestsPanel()->summaryLabel()->text().contains(QStringLiteral("tie in %1").arg(biased.size())));
        // A judge that always says A: every battle's pick changed with the side, and the dock says so.
        const QString unfair = window.judgeMenu()->judgeRequestsPanel()->summaryLabel()->text();
        QVERIFY2(unfair.contains(QStringLiteral("Position bias: the judge's pick changed with the side in %1 of %1 battles (100%)").arg(biased.size())),
                 qPrintable(unfair));
        QCOMPARE(run->positionBias().changed, int(biased.size()));
    }

    void savedComparisonBringsTheGradesBack()
    {
        JudgeServer fake;
        fake.grades = [](int row, int column) { return row == 0 && column == 0 ? QStringLiteral("none") : QString::number(4 + row + column); };
        QVERIFY(fake.start());
        fake.saveProviders();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("graded.promptgrid"));
        {
            MainWindow window;
            QVERIFY(runGrid(window, 2, 2));
            QSignalSpy finished(window.judgeMenu()->judgeRun(), &JudgeRun::finished);
            gradeThroughTheDialog(window, [](JudgeModelDialog *dialog) { QVERIFY(dialog->selectJudge(QStringLiteral("judge/j"))); });
            QVERIFY(finished.count() > 0 || finished.wait(20000));
            window.comparisonController()->setSaveResults(true);
            QString error;
            QVERIFY2(window.comparisonController()->save(path, &error), qPrintable(error));
        }
        MainWindow window;
        QString error;
        QVERIFY2(window.comparisonController()->open(path, &error), qPrintable(error));
        QCOMPARE(window.scheduler()->cellCount(), 4);
        // The grades came back with the answers: chips, detail pane and Statistics, no judge call made.
        QCOMPARE(fake.judgeRequests, 4);
        QCOMPARE(window.resultsModel()->index(1, 1).data(ResultsTableModel::JudgeScoreRole).toDouble(), 6.0);
        QVERIFY(!window.resultsModel()->index(0, 0).data(ResultsTableModel::JudgeScoreRole).isValid());
        QVERIFY(!window.resultsModel()->index(0, 0).data(ResultsTableModel::JudgeErrorRole).toString().isEmpty());
        window.grid()->setCurrentIndex(window.resultsModel()->index(1, 1));
        QVERIFY2(window.detailPane()->judgeLabel()->text().contains(QStringLiteral("Judge: 6 / 10")),
                 qPrintable(window.detailPane()->judgeLabel()->text()));
        window.judgeMenu()->showStats();
        window.judgeMenu()->statsPanel()->refresh();
        QCOMPARE(window.judgeMenu()->statsPanel()->table()->item(1, StatsPanel::JudgeScoreColumn)->text(),
                 StatsPanel::judgeScoreText(window.judgeMenu()->statsPanel()->judgeStats().at(1), 10));
        QCOMPARE(window.judgeMenu()->statsPanel()->judgeStats().at(1).scored, 2);
    }

    void historyRunBringsTheGradesBack()
    {
        JudgeServer fake;
        fake.grades = [](int row, int column) { return row == 0 && column == 0 ? QStringLiteral("none") : QString::number(4 + row + column); };
        QVERIFY(fake.start());
        fake.saveProviders();
        {
            MainWindow window;
            QVERIFY(runGrid(window, 2, 2));
            QSignalSpy finished(window.judgeMenu()->judgeRun(), &JudgeRun::finished);
            gradeThroughTheDialog(window, [](JudgeModelDialog *dialog) { QVERIFY(dialog->selectJudge(QStringLiteral("judge/j"))); });
            QVERIFY(finished.count() > 0 || finished.wait(20000));
            QCOMPARE(window.session()->judging()->ratings().judgeVerdicts().size(), 4);
        }
        // A restart: the run opened from History has its grades, no judge call made.
        MainWindow window;
        const QList<HistoryRunInfo> runs = window.history()->runs();
        QCOMPARE(runs.size(), 1);
        QVERIFY(window.openRun(runs.first().id));
        QCOMPARE(fake.judgeRequests, 4);
        QCOMPARE(window.resultsModel()->index(1, 1).data(ResultsTableModel::JudgeScoreRole).toDouble(), 6.0);
        QVERIFY(!window.resultsModel()->index(0, 0).data(ResultsTableModel::JudgeScoreRole).isValid());
        QVERIFY(!window.resultsModel()->index(0, 0).data(ResultsTableModel::JudgeErrorRole).toString().isEmpty());
        window.grid()->setCurrentIndex(window.resultsModel()->index(1, 1));
        QVERIFY2(window.detailPane()->judgeLabel()->text().contains(QStringLiteral("Judge: 6 / 10")),
                 qPrintable(window.detailPane()->judgeLabel()->text()));
        window.judgeMenu()->showStats();
        window.judgeMenu()->statsPanel()->refresh();
        QCOMPARE(window.judgeMenu()->statsPanel()->judgeStats().at(1).scored, 2);
    }

    void spendCapStopsJudgeCalls()
    {
        JudgeServer fake;
        fake.grades = [](int, int) { return QStringLiteral("8"); };
        QVERIFY(fake.start());
        fake.saveProviders();
        MainWindow window;
        QVERIFY(runGrid(window, 2, 2));
        // Below the estimate of a single judge request: the engine sends none.
        window.judgeMenu()->setSpendCap(0.01);
        JudgeRun *run = window.judgeMenu()->judgeRun();
        QSignalSpy finished(run, &JudgeRun::finished);
        gradeThroughTheDialog(window, [](JudgeModelDialog *dialog) { QVERIFY(dialog->selectJudge(QStringLiteral("judge/j"))); });
        QVERIFY(finished.count() > 0 || finished.wait(20000));
        QCOMPARE(fake.judgeRequests, 0);
        JudgeRequestsPanel *panel = window.judgeMenu()->judgeRequestsPanel();
        for (int row = 0; row < panel->model()->rowCount(); ++row) {
            const QModelIndex request = panel->model()->index(row, 0);
            QCOMPARE(CellStatus(request.data(ResultsTableModel::StatusRole).toInt()), CellStatus::Cancelled);
            QVERIFY2(request.data(ResultsTableModel::ErrorRole).toString().contains(QStringLiteral("spend cap")),
                     qPrintable(request.data(ResultsTableModel::ErrorRole).toString()));
        }
        // No score was made up; the window says why the judge stopped.
        for (int row = 0; row < 2; ++row) {
            for (int column = 0; column < 2; ++column) {
                const std::optional<JudgeVerdict> verdict = verdictOf(window, row, column);
                QVERIFY(!verdict || !verdict->score);
            }
        }
        const QString message = window.statusBar()->currentMessage();
        QVERIFY2(message.contains(QStringLiteral("spend cap")), qPrintable(message));
    }
};

QTEST_MAIN(TestGuiJudgeModel)
#include "tst_gui_judge_model.moc"
