// SPDX-License-Identifier: MIT
// The comparison panel: model configurations (the same model twice, labels, model sets), the
// prompt list and editor kept in step, a missing variable stopping the run, and the issue's
// whole path: template + test cases + three configurations + repeats, run, save, reopen.
#include "ComparisonEditor.h"
#include "ComparisonFile.h"
#include "ModelColumnsEditor.h"
#include "PromptListWidget.h"
#include "RecentFiles.h"
#include "Scheduler.h"
#include "VariablesEditor.h"

#include <QCheckBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

class TestGuiComparisonEditor : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void sameModelTwiceWithLabels()
    {
        QSettings settings(path(QStringLiteral("sets.ini")), QSettings::IniFormat);
        ModelColumnsEditor editor(nullptr, ModelSetStore(&settings));
        QSignalSpy changed(&editor, &ModelColumnsEditor::columnsChanged);
        ModelColumn cold{QStringLiteral("openai"), QStringLiteral("gpt-4o"), QString(), {}};
        cold.params.temperature = 0.0;
        QCOMPARE(editor.addColumn(cold), 0);
        QCOMPARE(editor.duplicateColumn(0), 1);
        QCOMPARE(editor.columns().at(1).displayName(), QStringLiteral("openai/gpt-4o (2)"));
        ModelColumn hot = editor.columns().at(1);
        hot.params.temperature = 1.0;
        editor.replaceColumn(1, hot);
        editor.setLabel(0, QStringLiteral("gpt-4o T=0"));
        // renaming in place through the tree
        auto *tree = editor.findChild<QTreeWidget *>(QStringLiteral("modelColumns"));
        tree->topLevelItem(1)->setText(0, QStringLiteral("gpt-4o T=1"));
        const QList<ModelColumn> columns = editor.columns();
        QCOMPARE(columns.size(), 2);
        QCOMPARE(columns.at(0).model, columns.at(1).model);
        QCOMPARE(columns.at(0).displayName(), QStringLiteral("gpt-4o T=0"));
        QCOMPARE(columns.at(1).displayName(), QStringLiteral("gpt-4o T=1"));
        QCOMPARE(columns.at(0).params.temperature.value_or(-1), 0.0);
        QCOMPARE(columns.at(1).params.temperature.value_or(-1), 1.0);
        QVERIFY(tree->topLevelItem(1)->text(1).contains(QLatin1String("T=1")));
        // the reasoning setting shows in the columns table too
        ModelColumn thinking = editor.columns().at(1);
        thinking.params.reasoning = ReasoningLevel::High;
        thinking.params.reasoningBudget = 4096;
        editor.replaceColumn(1, thinking);
        QVERIFY2(tree->topLevelItem(1)->text(1).contains(QLatin1String("reasoning high")), qPrintable(tree->topLevelItem(1)->text(1)));
        QVERIFY(tree->topLevelItem(1)->text(1).contains(QLatin1String("thinking budget 4096")));
        editor.replaceColumn(1, columns.at(1));
        // typing the automatic name back clears the label
        editor.setLabel(0, QStringLiteral("openai/gpt-4o"));
        QVERIFY(editor.columns().at(0).label.isEmpty());
        editor.setLabel(0, QStringLiteral("gpt-4o T=0"));
        QVERIFY(changed.count() >= 5);

        // model sets: save, change, pick again
        QVERIFY(editor.saveModelSet(QStringLiteral("temperatures")));
        QCOMPARE(editor.modelSetNames(), QStringList{QStringLiteral("temperatures")});
        editor.removeColumn(0);
        QCOMPARE(editor.columns().size(), 1);
        QVERIFY(editor.loadModelSet(QStringLiteral("temperatures")));
        QVERIFY(editor.columns() == columns);
        QVERIFY(!editor.loadModelSet(QStringLiteral("missing")));
        // another editor over the same settings sees the set
        ModelColumnsEditor other(nullptr, ModelSetStore(&settings));
        QVERIFY(other.loadModelSet(QStringLiteral("temperatures")));
        QCOMPARE(other.columns().at(1).displayName(), QStringLiteral("gpt-4o T=1"));
    }

    void editorAndListStayInStep()
    {
        QSettings settings(path(QStringLiteral("sets2.ini")), QSettings::IniFormat);
        ComparisonEditor editor(nullptr, ModelSetStore(&settings));
        QSignalSpy changed(&editor, &ComparisonEditor::comparisonChanged);
        // typing into an empty editor creates the first prompt
        editor.promptEdit()->setPlainText(QStringLiteral("Hello {{name}}"));
        QCOMPARE(editor.promptList()->count(), 1);
        QCOMPARE(editor.comparison().prompts.at(0).text, QStringLiteral("Hello {{name}}"));
        editor.promptList()->addPrompt(QStringLiteral("Second"));
        QCOMPARE(editor.promptEdit()->toPlainText(), QStringLiteral("Second"));
        editor.promptEdit()->setPlainText(QStringLiteral("Second, edited"));
        editor.promptList()->setCurrentIndex(0);
        QCOMPARE(editor.promptEdit()->toPlainText(), QStringLiteral("Hello {{name}}"));
        QCOMPARE(editor.comparison().prompts.at(1).text, QStringLiteral("Second, edited"));
        // a per-prompt system prompt
        auto *own = editor.findChild<QCheckBox *>();
        QVERIFY(own);
        own->setChecked(true);
        QCOMPARE(editor.comparison().prompts.at(0).system.value_or(QStringLiteral("unset")), QString());
        own->setChecked(false);
        QVERIFY(!editor.comparison().prompts.at(0).system);
        QVERIFY(changed.count() >= 4);

        // the preview follows the current prompt and the test case
        QVERIFY(editor.variablesEditor()->addVariable(QStringLiteral("name")));
        editor.variablesEditor()->setValue(0, 0, QStringLiteral("Ada"));
        QCOMPARE(editor.variablesEditor()->previewText(), QStringLiteral("Hello Ada"));

        // a missing variable stops the run before anything is sent
        editor.modelColumns()->addColumn(ModelColumn{QStringLiteral("demo"), QStringLiteral("echo"), QString(), {}});
        editor.promptEdit()->setPlainText(QStringLiteral("Hello {{name}} from {{city}}"));
        QString error;
        QVERIFY(!editor.buildPlan(&error));
        QVERIFY2(error.contains(QLatin1String("\"city\"")) && error.contains(QLatin1String("test case 1")), qPrintable(error));
        QCOMPARE(editor.errorText(), error);
        QVERIFY(editor.variablesEditor()->previewHasError());
        editor.promptEdit()->setPlainText(QStringLiteral("Hello {{name}}"));
        QVERIFY(editor.buildPlan(&error));
        QVERIFY(editor.errorText().isEmpty());
    }

    void doneWhenRunSaveReopen()
    {
        QSettings settings(path(QStringLiteral("sets3.ini")), QSettings::IniFormat);
        ComparisonEditor editor(nullptr, ModelSetStore(&settings));
        // load 20 test cases from CSV, write one template, pick three configurations
        QByteArray csv = "name,topic\n";
        for (int i = 1; i <= 20; ++i)
            csv += QStringLiteral("Person %1,topic %1\n").arg(i).toUtf8();
        QFile file(path(QStringLiteral("cases.csv")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(csv);
        file.close();
        QString error;
        QVERIFY2(editor.variablesEditor()->importCsv(file.fileName(), &error), qPrintable(error));
        editor.promptEdit()->setPlainText(QStringLiteral("Hi {{name}}, explain {{topic}}."));
        ModelColumn cold{QStringLiteral("demo"), QStringLiteral("echo"), QStringLiteral("echo T=0"), {}};
        cold.params.temperature = 0.0;
        ModelColumn hot = cold;
        hot.label = QStringLiteral("echo T=1");
        hot.params.temperature = 1.0;
        editor.modelColumns()->setColumns({cold, hot, ModelColumn{QStringLiteral("demo"), QStringLiteral("fast"), QString(), {}}});
        editor.repeatSpin()->setValue(3);
        const auto plan = editor.buildPlan(&error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->rows.size(), 20);
        QCOMPARE(plan->cellCount(), 180);

        Scheduler scheduler;
        scheduler.setConcurrencyOverride(60);
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(*plan);
        QVERIFY(finished.wait(30'000));
        QCOMPARE(scheduler.counts().ok, 180);

        Comparison saved = editor.comparison();
        std::vector<CellResult> results;
        for (int cell = 0; cell < scheduler.cellCount(); ++cell)
            results.push_back(scheduler.result(cell));
        saved.setResults(scheduler.plan(), results);
        const QString target = path(QStringLiteral("done.promptgrid"));
        QVERIFY2(ComparisonFile::save(saved, target, &error), qPrintable(error));
        RecentFiles recent(&settings);
        recent.add(target);
        QCOMPARE(recent.files().value(0), target);

        // "tomorrow": a fresh panel opens the file and shows the same document and results
        const auto reopened = ComparisonFile::load(recent.files().first(), &error);
        QVERIFY2(reopened, qPrintable(error));
        ComparisonEditor fresh(nullptr, ModelSetStore(&settings));
        fresh.setComparison(*reopened);
        Comparison shown = fresh.comparison();
        shown.results = reopened->results;
        QVERIFY(shown == saved);
        QCOMPARE(fresh.variablesEditor()->table().rowCount(), 20);
        QCOMPARE(fresh.modelColumns()->columns().at(1).displayName(), QStringLiteral("echo T=1"));
        const auto plan2 = fresh.buildPlan(&error);
        QVERIFY2(plan2, qPrintable(error));
        Scheduler restored;
        restored.load(*plan2, reopened->resultsFor(*plan2));
        QCOMPARE(restored.cellCount(), 180);
        QCOMPARE(restored.result(179).text, scheduler.result(179).text);
        QCOMPARE(restored.result(179).latencyMs, scheduler.result(179).latencyMs);
    }
};

QTEST_MAIN(TestGuiComparisonEditor)
#include "tst_gui_comparison_editor.moc"
