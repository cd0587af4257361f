// SPDX-License-Identifier: MIT
// The matrix inside the real window: the Comparison tab, its File menu actions, a comparison
// run whose rows say which test case they are, save and reopen through the window, and the
// export dialog over the grid's selected cells.
#include "ComparisonController.h"
#include "ComparisonEditor.h"
#include "ComparisonFile.h"
#include "ExportDialog.h"
#include "ExportJob.h"
#include "MainWindow.h"
#include "ModelColumnsEditor.h"
#include "PromptListWidget.h"
#include "ResultsTableModel.h"
#include "TestHome.h"
#include "VariablesEditor.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

class TestGuiMatrixWindow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        // Settings and history in throwaway places, never the user's.
        QVERIFY(m_dir.isValid());
        TestHome::isolate(QStringLiteral("tst_gui_matrix_window"), m_dir.filePath(QStringLiteral("settings")));
    }

    void comparisonInTheWindow()
    {
        MainWindow window;
        ComparisonController *controller = window.comparisonController();
        QVERIFY(controller);
        QVERIFY(window.leftTabs()->isAncestorOf(controller->panel()));
        QVERIFY(window.findChild<QAction *>(QStringLiteral("openComparisonAction")));
        QVERIFY(window.findChild<QAction *>(QStringLiteral("saveComparisonAction")));
        QVERIFY(window.findChild<QAction *>(QStringLiteral("exportResultsAction")));

        ComparisonEditor *editor = controller->editor();
        editor->promptList()->setPrompts({{QString(), QStringLiteral("Tell me about {{city}}"), std::nullopt}});
        editor->variablesEditor()->setTable(
            VariablesTable({QStringLiteral("city")}, {{QStringLiteral("Oslo")}, {QStringLiteral("Lima")}, {QStringLiteral("Pune")}}));
        ModelColumn cold{QStringLiteral("demo"), QStringLiteral("echo"), QStringLiteral("echo T=0"), {}};
        cold.params.temperature = 0.0;
        ModelColumn hot = cold;
        hot.label = QStringLiteral("echo T=1");
        hot.params.temperature = 1.0;
        editor->modelColumns()->setColumns({cold, hot});
        editor->repeatSpin()->setValue(2);

        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        QString error;
        QVERIFY2(controller->run(&error), qPrintable(error));
        QVERIFY(finished.wait(10'000));
        QCOMPARE(window.resultsModel()->rowCount(), 3);
        QCOMPARE(window.resultsModel()->columnCount(), 2);
        QCOMPARE(window.resultsModel()->headerData(2, Qt::Vertical).toString(), QStringLiteral("#1 · case 3"));
        QCOMPARE(window.resultsModel()->headerData(1, Qt::Horizontal).toString(), QStringLiteral("echo T=1"));

        // save, then a second window opens the file with its grid
        const QString file = m_dir.filePath(QStringLiteral("window.promptgrid"));
        QVERIFY2(controller->save(file, &error), qPrintable(error));
        MainWindow second;
        QVERIFY2(second.comparisonController()->open(file, &error), qPrintable(error));
        QCOMPARE(second.resultsModel()->rowCount(), 3);
        QCOMPARE(second.scheduler()->counts().ok, 12);
        QCOMPARE(second.windowFilePath(), QFileInfo(file).absoluteFilePath());

        // select one grid cell: the export covers both of its samples
        const QModelIndex index = window.resultsModel()->index(1, 1);
        window.grid()->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect);
        ExportDialog *dialog = controller->showExportDialog();
        dialog->setSelectionOnly(true);
        dialog->setFormat(ExportJob::Format::Json);
        dialog->setPath(m_dir.filePath(QStringLiteral("cell.json")));
        QSignalSpy exported(dialog, &ExportDialog::exportFinished);
        dialog->startExport();
        QVERIFY(exported.wait(10'000));
        QFile json(m_dir.filePath(QStringLiteral("cell.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonArray cells = QJsonDocument::fromJson(json.readAll()).object().value(QLatin1String("cells")).toArray();
        QCOMPARE(cells.size(), 2);
        QCOMPARE(cells.at(0).toObject().value(QLatin1String("prompt")).toString(), QStringLiteral("Tell me about Lima"));
        QCOMPARE(cells.at(1).toObject().value(QLatin1String("label")).toString(), QStringLiteral("echo T=1"));
        dialog->close();
    }
};

QTEST_MAIN(TestGuiMatrixWindow)
#include "tst_gui_matrix_window.moc"
