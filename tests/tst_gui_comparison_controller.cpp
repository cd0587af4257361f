// SPDX-License-Identifier: MIT
// The comparison glue a window embeds: run (and a missing variable that stops it), save with
// and without results, reopen into a fresh window with the grid restored, recent files, the
// File menu actions, and the export dialog over the selected cells.
#include "ComparisonController.h"
#include "ComparisonEditor.h"
#include "ComparisonFile.h"
#include "ExportDialog.h"
#include "ExportJob.h"
#include "ModelColumnsEditor.h"
#include "PlanBuilder.h"
#include "PromptListWidget.h"
#include "RunSession.h"
#include "Scheduler.h"
#include "VariablesEditor.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QMainWindow>
#include <QMenuBar>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestGuiComparisonController : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

    static void fill(ComparisonEditor *editor)
    {
        editor->promptList()->setPrompts({{QString(), QStringLiteral("Hi {{name}}"), std::nullopt},
                                          {QStringLiteral("bye"), QStringLiteral("Bye {{name}}"), std::nullopt}});
        editor->variablesEditor()->setTable(VariablesTable({QStringLiteral("name")}, {{QStringLiteral("Ada")}, {QStringLiteral("Bob")}}));
        ModelColumn cold{QStringLiteral("demo"), QStringLiteral("echo"), QStringLiteral("T=0"), {}};
        cold.params.temperature = 0.0;
        ModelColumn hot = cold;
        hot.label = QStringLiteral("T=1");
        hot.params.temperature = 1.0;
        editor->modelColumns()->setColumns({cold, hot});
        editor->repeatSpin()->setValue(2);
    }

private Q_SLOTS:
    void runSaveReopen()
    {
        QSettings settings(path(QStringLiteral("recent.ini")), QSettings::IniFormat);
        QMainWindow window;
        RunSession session(RunSettings::Storage::Stored);
        Scheduler &scheduler = *session.scheduler();
        ComparisonController controller(&session, &window, RecentFiles(&settings));
        QMenu *file = window.menuBar()->addMenu(QStringLiteral("&File"));
        controller.addFileActions(file);
        QVERIFY(window.findChild<QAction *>(QStringLiteral("openComparisonAction")));
        QVERIFY(window.findChild<QAction *>(QStringLiteral("saveComparisonAction")));
        QVERIFY(window.findChild<QAction *>(QStringLiteral("exportResultsAction")));
        fill(controller.editor());

        // a missing variable: nothing starts
        controller.editor()->promptList()->setCurrentIndex(0);
        controller.editor()->promptEdit()->setPlainText(QStringLiteral("Hi {{name}} {{surname}}"));
        QSignalSpy messages(&controller, &ComparisonController::message);
        QString error;
        QVERIFY(!controller.run(&error));
        QVERIFY(error.contains(QLatin1String("\"surname\"")));
        QCOMPARE(messages.last().first().toString(), error);
        QCOMPARE(scheduler.cellCount(), 0);
        controller.editor()->promptEdit()->setPlainText(QStringLiteral("Hi {{name}}"));

        // the Run button runs 2 prompts x 2 cases x 2 configurations x 2 samples
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        window.findChild<QPushButton *>(QStringLiteral("runComparisonButton"))->click();
        QCOMPARE(scheduler.cellCount(), 16);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(scheduler.counts().ok, 16);
        QCOMPARE(scheduler.plan().rows.at(3).label, QStringLiteral("#2 bye · case 2"));

        const QString target = path(QStringLiteral("saved.promptgrid"));
        QSignalSpy pathChanged(&controller, &ComparisonController::currentPathChanged);
        QVERIFY2(controller.save(target, &error), qPrintable(error));
        QCOMPARE(pathChanged.count(), 1);
        QCOMPARE(controller.recentFiles().value(0), target);
        const auto saved = ComparisonFile::load(target, &error);
        QVERIFY2(saved, qPrintable(error));
        QCOMPARE(saved->results.size(), 16);

        // a fresh window opens it: the editor and the grid come back
        QMainWindow window2;
        RunSession session2(RunSettings::Storage::Stored);
        Scheduler &scheduler2 = *session2.scheduler();
        ComparisonController reopened(&session2, &window2, RecentFiles(&settings));
        QVERIFY2(reopened.open(reopened.recentFiles().first(), &error), qPrintable(error));
        QCOMPARE(reopened.editor()->comparison().prompts.size(), 2);
        QCOMPARE(reopened.editor()->modelColumns()->columns().at(1).displayName(), QStringLiteral("T=1"));
        QCOMPARE(scheduler2.cellCount(), 16);
        QCOMPARE(scheduler2.result(15).text, scheduler.result(15).text);
        QCOMPARE(scheduler2.counts().ok, 16);

        // without results
        controller.setSaveResults(false);
        QVERIFY(controller.save(path(QStringLiteral("bare.promptgrid")), &error));
        QVERIFY(ComparisonFile::load(path(QStringLiteral("bare.promptgrid")), &error)->results.isEmpty());

        // a bad file is refused with a clear message and changes nothing
        QFile bad(path(QStringLiteral("bad.promptgrid")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\"format\":\"promptgrid-comparison\",\"version\":99}");
        bad.close();
        QVERIFY(!reopened.open(bad.fileName(), &error));
        QVERIFY(error.contains(QLatin1String("newer PromptGrid")));
        QCOMPARE(scheduler2.cellCount(), 16);
    }

    void settingsApplyOnlyToComparisonRuns()
    {
        QMainWindow window;
        RunSession session(RunSettings::Storage::Stored);
        Scheduler &scheduler = *session.scheduler();
        QSettings settings(path(QStringLiteral("recent3.ini")), QSettings::IniFormat);
        ComparisonController controller(&session, &window, RecentFiles(&settings));
        fill(controller.editor());
        RequestLimits windowLimits;
        windowLimits.maxAttempts = 7;
        windowLimits.totalTimeoutMs = 90'000;
        // The window's limits are the session's settings.
        session.settings()->setLimits(windowLimits);
        // defaults in the comparison: the window's limits stay
        QString error;
        QVERIFY(controller.run(&error));
        QCOMPARE(scheduler.limits().totalTimeoutMs, 90'000);
        QCOMPARE(scheduler.limits().maxAttempts, 7);
        // a timeout in the comparison applies to its run only
        Comparison comparison = controller.editor()->comparison();
        comparison.settings.timeoutSeconds = 5;
        controller.editor()->setComparison(comparison);
        QVERIFY(controller.run(&error));
        QCOMPARE(scheduler.limits().totalTimeoutMs, 5'000);
        QCOMPARE(scheduler.limits().maxAttempts, 7);
        ModelColumn column{QStringLiteral("demo"), QStringLiteral("echo"), QString(), {}};
        // Another run replaces the grid: the window's own limits come back.
        session.start(PlanBuilder::fromPrompts({QStringLiteral("quick")}, {column}, 1, {}));
        QCOMPARE(scheduler.limits().totalTimeoutMs, 90'000);
        scheduler.cancelAll();
    }

    void exportSelectedCells()
    {
        QMainWindow window;
        RunSession session(RunSettings::Storage::Stored);
        Scheduler &scheduler = *session.scheduler();
        QSettings settings(path(QStringLiteral("recent2.ini")), QSettings::IniFormat);
        ComparisonController controller(&session, &window, RecentFiles(&settings));
        fill(controller.editor());
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        QString error;
        QVERIFY(controller.run(&error));
        QVERIFY(finished.wait(10'000));
        // the grid shows sample 1: selecting two cells exports both samples of each
        controller.setSelectionProvider([&scheduler] {
            return QList<int>{scheduler.cellIndex(0, 1, 0), scheduler.cellIndex(2, 0, 0)};
        });
        const QList<int> cells = controller.selectedCells();
        QCOMPARE(cells.size(), 4);
        ExportDialog *dialog = controller.showExportDialog();
        QVERIFY(dialog->selectionOnly());
        dialog->setFormat(ExportJob::Format::Json);
        dialog->setPath(path(QStringLiteral("selected.json")));
        QSignalSpy done(dialog, &ExportDialog::exportFinished);
        dialog->startExport();
        QVERIFY(done.wait(10'000));
        QFile file(path(QStringLiteral("selected.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(root.value(QLatin1String("cells")).toArray().size(), 4);
        QCOMPARE(root.value(QLatin1String("cells")).toArray().at(0).toObject().value(QLatin1String("label")).toString(),
                 QStringLiteral("T=1"));
        dialog->close();
    }
};

QTEST_MAIN(TestGuiComparisonController)
#include "tst_gui_comparison_controller.moc"
