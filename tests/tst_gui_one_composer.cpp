// SPDX-License-Identifier: MIT
// One composer: the Prompts tab (simple view) and the Comparison tab (matrix editor) edit one
// document, so a prompt typed in either runs from the other, ticks and the system prompt are
// shared, an opened file or a restored run shows in both, and neither view scrolls sideways in
// a narrow side panel.
#include "ComparisonController.h"
#include "ComparisonDocument.h"
#include "ComparisonEditor.h"
#include "ComparisonFile.h"
#include "HistoryDatabase.h"
#include "HistoryRecorder.h"
#include "MainWindow.h"
#include "ModelColumnsEditor.h"
#include "ModelTree.h"
#include "PromptComposer.h"
#include "PromptListWidget.h"
#include "PromptVariablesPanel.h"
#include "ResultGrid.h"
#include "ResultsTableModel.h"
#include "RunSession.h"
#include "Scheduler.h"
#include "TestHome.h"
#include "VariablesEditor.h"

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <numeric>

class TestGuiOneComposer : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    static ModelColumn demo(const QString &model)
    {
        ModelColumn column;
        column.provider = QStringLiteral("demo");
        column.model = model;
        return column;
    }

    static QStringList rowPrompts(const MainWindow &window)
    {
        QStringList prompts;
        for (const RunRow &row : window.session()->grid()->plan().rows)
            prompts.append(row.prompt);
        return prompts;
    }

    static bool waitForRun(MainWindow &window)
    {
        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        return finished.wait(20'000);
    }

    static QScrollArea *comparisonScroll(MainWindow &window)
    {
        return window.findChild<QScrollArea *>(QStringLiteral("comparisonScroll"));
    }

    /// The first tab of the Matrix editor that scrolls it sideways, "" when none does.
    static QString sidewaysScrolling(MainWindow &window)
    {
        QScrollArea *scroll = comparisonScroll(window);
        if (!scroll)
            return QStringLiteral("no comparison scroll area");
        window.leftTabs()->setCurrentWidget(window.comparisonController()->panel());
        for (QTabWidget *tabs : window.comparisonController()->panel()->findChildren<QTabWidget *>()) {
            for (int tab = 0; tab < tabs->count(); ++tab) {
                tabs->setCurrentIndex(tab);
                QTest::qWait(0);
                if (scroll->horizontalScrollBar()->isVisible() || scroll->widget()->width() > scroll->viewport()->width())
                    return QStringLiteral("tab %1: the panel needs %2 px, has %3")
                        .arg(tab)
                        .arg(scroll->widget()->minimumSizeHint().width())
                        .arg(scroll->viewport()->width());
            }
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        TestHome::isolate(QStringLiteral("tst_gui_one_composer"), m_dir.filePath(QStringLiteral("settings")));
    }

    void init()
    {
        TestHome::reset();
    }

    void bothViewsEditOneDocument()
    {
        MainWindow window;
        ComparisonEditor *matrix = window.comparisonController()->editor();
        QCOMPARE(matrix->document(), window.composer()->document());
        // The first run's example prompts are already in the matrix.
        QCOMPARE(matrix->promptList()->count(), 3);
    }

    void promptTypedInTheSimpleViewRunsFromTheMatrix()
    {
        MainWindow window;
        window.promptEdit()->setPlainText(QStringLiteral("alpha\n---\nbeta"));
        window.modelTree()->setCheckedModels({QStringLiteral("demo/echo")});
        ComparisonEditor *matrix = window.comparisonController()->editor();
        QCOMPARE(matrix->promptList()->count(), 2);
        QCOMPARE(matrix->promptList()->prompt(1).text, QStringLiteral("beta"));
        QCOMPARE(matrix->modelColumns()->columns(), QList<ModelColumn>{demo(QStringLiteral("echo"))});

        QString error;
        QVERIFY2(window.comparisonController()->run(&error), qPrintable(error));
        QVERIFY(waitForRun(window));
        QCOMPARE(rowPrompts(window), (QStringList{QStringLiteral("alpha"), QStringLiteral("beta")}));
        QCOMPARE(window.resultsModel()->rowCount(), 2);
        QCOMPARE(window.scheduler()->counts().ok, 2);
    }

    void promptWrittenInTheMatrixSendsFromTheSimpleView()
    {
        MainWindow window;
        ComparisonEditor *matrix = window.comparisonController()->editor();
        matrix->promptList()->setPrompts({});
        matrix->promptEdit()->setPlainText(QStringLiteral("Tell me about {{city}}"));
        matrix->variablesEditor()->setTable(VariablesTable({QStringLiteral("city")}, {{QStringLiteral("Oslo")}, {QStringLiteral("Lima")}}));
        ModelColumn cold = demo(QStringLiteral("echo"));
        cold.label = QStringLiteral("echo T=0");
        cold.params.temperature = 0.0;
        matrix->modelColumns()->setColumns({cold});
        matrix->repeatSpin()->setValue(2);
        // The simple view shows it: the prompt, the tick, the test cases, the samples.
        QCOMPARE(window.promptEdit()->toPlainText(), QStringLiteral("Tell me about {{city}}"));
        QCOMPARE(window.modelTree()->checkedModels(), QStringList{QStringLiteral("demo/echo")});
        QVERIFY(!window.promptVariables()->isHidden());
        QCOMPARE(window.promptVariables()->table().rowCount(), 2);
        QCOMPARE(window.repeatSpin()->value(), 2);
        // The configuration's parameters are not lost to the plain tick: the note says so.
        QVERIFY(!window.composer()->modelsNote()->isHidden());

        QVERIFY(window.send());
        QVERIFY(waitForRun(window));
        QCOMPARE(rowPrompts(window), (QStringList{QStringLiteral("Tell me about Oslo"), QStringLiteral("Tell me about Lima")}));
        const RunPlan plan = window.session()->grid()->plan();
        QCOMPARE(plan.columns, QList<ModelColumn>{cold});
        QCOMPARE(plan.samples, 2);
        QCOMPARE(window.resultsModel()->headerData(1, Qt::Vertical).toString(), QStringLiteral("#1 · case 2"));
    }

    void ticksAndSystemPromptAreShared()
    {
        MainWindow window;
        ComparisonEditor *matrix = window.comparisonController()->editor();
        window.modelTree()->setCheckedModels({});
        QVERIFY(matrix->modelColumns()->columns().isEmpty());
        window.modelTree()->itemFor(QStringLiteral("demo/echo"))->setCheckState(0, Qt::Checked);
        QCOMPARE(matrix->modelColumns()->columns(), QList<ModelColumn>{demo(QStringLiteral("echo"))});

        // A configuration with parameters, made in the matrix, keeps them when the simple view
        // ticks another model, and goes when its model is unticked.
        ModelColumn hot = demo(QStringLiteral("echo"));
        hot.params.temperature = 1.0;
        matrix->modelColumns()->setColumns({hot});
        QCOMPARE(window.modelTree()->checkedModels(), QStringList{QStringLiteral("demo/echo")});
        const QString other = window.modelTree()->itemFor(QStringLiteral("demo/slow")) ? QStringLiteral("demo/slow")
                                                                                       : QString();
        QVERIFY2(!other.isEmpty(), "the Demo provider has a second model");
        window.modelTree()->itemFor(other)->setCheckState(0, Qt::Checked);
        QCOMPARE(matrix->modelColumns()->columns(), (QList<ModelColumn>{hot, demo(QStringLiteral("slow"))}));
        window.modelTree()->itemFor(QStringLiteral("demo/echo"))->setCheckState(0, Qt::Unchecked);
        QCOMPARE(matrix->modelColumns()->columns(), QList<ModelColumn>{demo(QStringLiteral("slow"))});

        // The system prompt, both ways.
        window.systemEdit()->setPlainText(QStringLiteral("Be brief."));
        QCOMPARE(matrix->systemEdit()->toPlainText(), QStringLiteral("Be brief."));
        matrix->systemEdit()->setPlainText(QStringLiteral("Be kind."));
        QCOMPARE(window.systemEdit()->toPlainText(), QStringLiteral("Be kind."));
        window.promptEdit()->setPlainText(QStringLiteral("hi"));
        QString error;
        const auto plan = window.composer()->composePlan(&error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->rows.first().system, QStringLiteral("Be kind."));
    }

    void openedFileShowsInBothViews()
    {
        Comparison comparison;
        comparison.prompts = {{QStringLiteral("first"), QStringLiteral("one"), std::nullopt},
                              {QString(), QStringLiteral("two"), QStringLiteral("own system")}};
        comparison.system = QStringLiteral("shared system");
        comparison.models = {demo(QStringLiteral("echo"))};
        comparison.settings.repeats = 3;
        const QString file = m_dir.filePath(QStringLiteral("both.promptgrid"));
        QString error;
        QVERIFY2(ComparisonFile::save(comparison, file, &error), qPrintable(error));

        MainWindow window;
        QVERIFY2(window.comparisonController()->open(file, &error), qPrintable(error));
        QCOMPARE(window.promptEdit()->toPlainText(), QStringLiteral("one\n---\ntwo"));
        QCOMPARE(window.systemEdit()->toPlainText(), QStringLiteral("shared system"));
        QCOMPARE(window.modelTree()->checkedModels(), QStringList{QStringLiteral("demo/echo")});
        QCOMPARE(window.repeatSpin()->value(), 3);
        ComparisonEditor *matrix = window.comparisonController()->editor();
        QCOMPARE(matrix->promptList()->prompts(), comparison.prompts);

        // Editing a text in the simple view keeps the prompt's name and own system prompt.
        window.promptEdit()->setPlainText(QStringLiteral("one, edited\n---\ntwo"));
        QCOMPARE(matrix->promptList()->prompt(0).name, QStringLiteral("first"));
        QCOMPARE(matrix->promptList()->prompt(0).text, QStringLiteral("one, edited"));
        QCOMPARE(matrix->promptList()->prompt(1).system.value_or(QString()), QStringLiteral("own system"));
        QCOMPARE(matrix->promptEdit()->toPlainText(), QStringLiteral("one, edited"));
    }

    void importedCsvKeepsItsPairingInTheMatrix()
    {
        const QString csv = m_dir.filePath(QStringLiteral("pairs.csv"));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("prompt,topic\n\"About {{topic}}\",cats\n\"More {{topic}}\",dogs\n");
        file.close();
        MainWindow window;
        window.modelTree()->setCheckedModels({QStringLiteral("demo/echo")});
        QVERIFY(window.importPromptsFrom(csv));
        ComparisonEditor *matrix = window.comparisonController()->editor();
        QVERIFY(matrix->perPromptCheck()->isChecked());
        QCOMPARE(matrix->variablesEditor()->table().rowCount(), 2);
        QString error;
        auto plan = window.composer()->composePlan(&error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->rows.size(), 2);
        QCOMPARE(plan->rows.at(1).prompt, QStringLiteral("More dogs"));
        // Unpaired in the matrix: every prompt for every test case, in the simple view's run too.
        matrix->perPromptCheck()->setChecked(false);
        plan = window.composer()->composePlan(&error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->rows.size(), 4);
        QCOMPARE(plan->rows.at(1).prompt, QStringLiteral("About dogs"));
    }

    void restoredRunFillsTheDocument()
    {
        MainWindow window;
        window.promptEdit()->setPlainText(QStringLiteral("kept in history"));
        window.modelTree()->setCheckedModels({QStringLiteral("demo/echo")});
        QVERIFY(window.send());
        QVERIFY(waitForRun(window));
        window.historyRecorder()->flush();
        window.promptEdit()->setPlainText(QStringLiteral("something else"));
        window.modelTree()->setCheckedModels({});
        const QList<HistoryRunInfo> runs = window.history()->runs();
        QCOMPARE(runs.size(), 1);
        QVERIFY(window.openRun(runs.first().id));
        QCOMPARE(window.promptEdit()->toPlainText(), QStringLiteral("kept in history"));
        QCOMPARE(window.modelTree()->checkedModels(), QStringList{QStringLiteral("demo/echo")});
        QCOMPARE(window.comparisonController()->editor()->promptList()->prompt(0).text, QStringLiteral("kept in history"));
    }

    void documentComesBackAfterARestart()
    {
        {
            MainWindow window;
            ComparisonEditor *matrix = window.comparisonController()->editor();
            matrix->promptList()->setPrompts({{QStringLiteral("named"), QStringLiteral("p {{x}}"), std::nullopt}});
            matrix->variablesEditor()->setTable(VariablesTable({QStringLiteral("x")}, {{QStringLiteral("1")}}));
            ModelColumn cold = demo(QStringLiteral("echo"));
            cold.params.temperature = 0.0;
            matrix->modelColumns()->setColumns({cold});
            window.close();
        }
        MainWindow again;
        const Comparison &comparison = again.composer()->document()->comparison();
        QCOMPARE(comparison.prompts.value(0).name, QStringLiteral("named"));
        QCOMPARE(comparison.variables.value(0, 0), QStringLiteral("1"));
        QCOMPARE(comparison.models.value(0).params.temperature, std::optional<double>(0.0));
        QCOMPARE(again.promptEdit()->toPlainText(), QStringLiteral("p {{x}}"));
    }

    void noSidewaysScrollingAtTheDefaultLayout_data()
    {
        QTest::addColumn<QSize>("window");
        QTest::addRow("1024x768") << QSize(1024, 768);
        QTest::addRow("1280x720") << QSize(1280, 720);
        QTest::addRow("1280x800") << QSize(1280, 800);
    }

    void noSidewaysScrollingAtTheDefaultLayout()
    {
        // As a first launch lays the window out: the Matrix tab fits the panel it is given.
        QFETCH(QSize, window);
        MainWindow main;
        main.resize(window);
        main.show();
        QVERIFY(QTest::qWaitForWindowExposed(&main));
        const QString scrolls = sidewaysScrolling(main);
        QVERIFY2(scrolls.isEmpty(), qPrintable(scrolls));
    }

    void noSidewaysScrollingInANarrowPanel_data()
    {
        QTest::addColumn<QSize>("window");
        QTest::addRow("1024x768") << QSize(1024, 768);
        QTest::addRow("1280x720") << QSize(1280, 720);
    }

    void noSidewaysScrollingInANarrowPanel()
    {
        QFETCH(QSize, window);
        MainWindow main;
        main.resize(window);
        main.show();
        QVERIFY(QTest::qWaitForWindowExposed(&main));
        auto *splitter = qobject_cast<QSplitter *>(main.leftTabs()->parentWidget());
        QVERIFY(splitter);
        QList<int> sizes = splitter->sizes();
        const int index = splitter->indexOf(main.leftTabs());
        const int total = std::accumulate(sizes.begin(), sizes.end(), 0);
        sizes[index] = 360;
        const int others = int(sizes.size()) - 1;
        for (int i = 0; i < sizes.size(); ++i) {
            if (i != index)
                sizes[i] = (total - 360) / std::max(1, others);
        }
        splitter->setSizes(sizes);
        // At 1024 px the other panels' minimum widths may leave a few pixels less.
        QTRY_VERIFY(main.leftTabs()->width() <= 360 && main.leftTabs()->width() >= 300);
        // The simple view fits as it is.
        QVERIFY2(main.composer()->minimumSizeHint().width() <= main.composer()->width(),
                 qPrintable(QStringLiteral("%1 > %2").arg(main.composer()->minimumSizeHint().width()).arg(main.composer()->width())));
        // The matrix editor scrolls down, never sideways, with either of its tabs in front.
        QScrollArea *scroll = comparisonScroll(main);
        QVERIFY(scroll);
        // Whatever the window: the matrix editor itself needs less than a 360 px panel.
        const int needed = main.comparisonController()->editor()->minimumSizeHint().width();
        QVERIFY2(needed <= 360 - 12 - 2 * scroll->frameWidth(), qPrintable(QString::number(needed)));
        const QString scrolls = sidewaysScrolling(main);
        QVERIFY2(scrolls.isEmpty(), qPrintable(scrolls));
    }
};

QTEST_MAIN(TestGuiOneComposer)
#include "tst_gui_one_composer.moc"
