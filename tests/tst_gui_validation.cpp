// SPDX-License-Identifier: MIT
// A schema comparison run against a fake OpenAI server on 127.0.0.1: one model answers JSON
// that fits the schema, one answers JSON that does not, one answers prose. The grid says valid
// or invalid per cell (the model's roles and the delegate's chip and error line), the detail
// pane gives the full error, Statistics the valid share per column, the diff view compares the
// two JSON answers by path, and the CSV carries schema_valid and schema_error.
#include "CellDelegate.h"
#include "CsvExport.h"
#include "CsvReader.h"
#include "DetailPane.h"
#include "DiffView.h"
#include "FakeLlmServer.h"
#include "FaultRun.h"
#include "GridPanel.h"
#include "JudgeMenu.h"
#include "PlanBuilder.h"
#include "QuickCheckRunner.h"
#include "QuickChecksDialog.h"
#include "ResultsTableModel.h"
#include "RunSession.h"
#include "Scheduler.h"
#include "StatsPanel.h"

#include <QJsonDocument>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTest>

namespace {
/// "good" answers JSON that fits, "bad" JSON with a string age, "prose" no JSON at all; each
/// streamed in pieces that split the JSON.
FakeResponse answer(const RecordedRequest &request)
{
    const QString model = request.json().value(QLatin1String("model")).toString();
    if (model == QLatin1String("good"))
        return FakeResponse::openAiStream({QStringLiteral("{\"name\":\"A"), QStringLiteral("da\",\"age\":36}")});
    if (model == QLatin1String("bad"))
        return FakeResponse::openAiStream({QStringLiteral("{\"name\":\"Ada\","), QStringLiteral("\"age\":\"old\"}")});
    return FakeResponse::openAiStream({QStringLiteral("Ada is 36 "), QStringLiteral("years old.")});
}

const char *kSchema = R"({"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},
    "required":["name","age"],"additionalProperties":false})";
} // namespace

class TestGuiValidation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void schemaComparisonShowsValidity()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("PromptGridTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_gui_validation"));
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler(answer);
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(FaultRun::localProvider(server));

        QMainWindow window;
        ResultsTableModel cells(session.scheduler());
        auto *grid = new GridPanel(session.scheduler(), &cells, &window);
        window.setCentralWidget(grid);
        JudgeMenu judge(&window, &session, &cells, grid->view());
        window.menuBar()->addMenu(judge.menu());
        window.resize(1100, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("Who is Ada? Answer as JSON.")},
                                                {FaultRun::localColumn(QStringLiteral("good")), FaultRun::localColumn(QStringLiteral("bad")), FaultRun::localColumn(QStringLiteral("prose"))},
                                                1, {});
        plan.outputFormat.kind = OutputFormat::Kind::JsonSchema;
        plan.outputFormat.schema = QJsonDocument::fromJson(kSchema).object();
        QSignalSpy finished(session.scheduler(), &Scheduler::runFinished);
        session.start(plan);
        QVERIFY(finished.wait(10'000));

        // Per cell in the grid's model.
        const QModelIndex good = cells.index(0, 0);
        const QModelIndex bad = cells.index(0, 1);
        const QModelIndex prose = cells.index(0, 2);
        QTRY_COMPARE(good.data(ResultsTableModel::SchemaValidRole), QVariant(true));
        QCOMPARE(good.data(ResultsTableModel::SchemaErrorRole).toString(), QString());
        QCOMPARE(bad.data(ResultsTableModel::SchemaValidRole), QVariant(false));
        QCOMPARE(bad.data(ResultsTableModel::SchemaErrorRole).toString(),
                 QStringLiteral("/age: type: expected \"integer\", got \"old\""));
        QCOMPARE(prose.data(ResultsTableModel::SchemaValidRole), QVariant(false));
        QVERIFY2(prose.data(ResultsTableModel::SchemaErrorRole).toString().startsWith(QLatin1String("not JSON: ")),
                 qPrintable(prose.data(ResultsTableModel::SchemaErrorRole).toString()));
        // What the delegate draws from them.
        QCOMPARE(CellDelegate::validityLabel(good.data(ResultsTableModel::SchemaValidRole).toBool()), QStringLiteral("✓ valid"));
        QCOMPARE(CellDelegate::validityLabel(bad.data(ResultsTableModel::SchemaValidRole).toBool()), QStringLiteral("✗ invalid"));
        QCOMPARE(CellDelegate::validityErrorLine(bad.data(ResultsTableModel::SchemaErrorRole).toString()),
                 QStringLiteral("✗ /age: type: expected \"integer\", got \"old\""));
        QVERIFY(!grid->view()->grab().isNull());

        // The detail pane: the full error of the selected cell.
        DetailPane detail(session.grid());
        detail.setCell(cells.cellAt(bad));
        QVERIFY(detail.validationLabel()->isVisibleTo(&detail));
        QCOMPARE(detail.validationLabel()->text(), QStringLiteral("✗ Invalid: /age: type: expected \"integer\", got \"old\""));
        detail.setCell(cells.cellAt(good));
        QVERIFY(detail.validationLabel()->text().startsWith(QStringLiteral("✓ Valid")));

        // Statistics: the valid share per column.
        judge.statsAction()->trigger();
        QVERIFY(judge.statsPanel());
        QTableWidget *table = judge.statsPanel()->findChild<QTableWidget *>();
        QVERIFY(table);
        QTRY_VERIFY(!table->isColumnHidden(StatsPanel::ValidColumn));
        QTRY_COMPARE(table->item(0, StatsPanel::ValidColumn)->text(), QStringLiteral("100% (1 / 1)"));
        QCOMPARE(table->item(1, StatsPanel::ValidColumn)->text(), QStringLiteral("0% (0 / 1)"));

        // The diff view compares the two JSON answers by path.
        grid->view()->selectionModel()->select(QItemSelection(good, good), QItemSelectionModel::ClearAndSelect);
        grid->view()->selectionModel()->select(QItemSelection(bad, bad), QItemSelectionModel::Select);
        judge.diffAction()->trigger();
        QVERIFY(judge.diffView());
        QTRY_VERIFY(judge.diffView()->jsonResult().has_value());
        const JsonDiffResult &diff = *judge.diffView()->jsonResult();
        QCOMPARE(diff.changes.size(), 1);
        QCOMPARE(diff.changes.first().path, QStringLiteral("/age"));
        QCOMPARE(diff.changes.first().kind, JsonChange::Changed);
        QCOMPARE(judge.diffView()->similarity(), 0.5);
        QVERIFY2(judge.diffView()->similarityLabel()->text().startsWith(QStringLiteral("JSON · similarity 50%")),
                 qPrintable(judge.diffView()->similarityLabel()->text()));
        QVERIFY(judge.diffView()->rightView()->toPlainText().contains(QLatin1String("~ /age: \"old\"")));

        // The CSV of the run.
        QList<QStringList> rows;
        QString error;
        QVERIFY2(CsvReader::parse(CsvExport::toCsv(session.snapshot()), &rows, &error), qPrintable(error));
        QCOMPARE(rows.size(), 4);
        const qsizetype at = rows.first().indexOf(QStringLiteral("schema_valid"));
        QVERIFY(at > 0);
        QCOMPARE(rows.at(1).at(at), QStringLiteral("true"));
        QCOMPARE(rows.at(2).mid(at, 2), (QStringList{QStringLiteral("false"), QStringLiteral("/age: type: expected \"integer\", got \"old\"")}));
        QCOMPARE(rows.at(3).at(at), QStringLiteral("false"));
    }

    void restoredRunIsValidated()
    {
        // A saved run shown again (as History and .promptgrid files do): every cell validated
        // at once, and a "matches the schema" check counted per cell.
        RunSession session(RunSettings::Storage::Transient);
        QuickCheckSet checks;
        QuickCheck matches;
        matches.kind = QuickCheck::MatchesSchema;
        checks.addRunCheck(matches);
        session.quickChecks()->setChecks(checks);
        RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("p")}, {FaultRun::localColumn(QStringLiteral("a")), FaultRun::localColumn(QStringLiteral("b"))}, 1, {});
        plan.outputFormat.kind = OutputFormat::Kind::JsonObject;
        CellResult object;
        object.status = CellStatus::Ok;
        object.text = QStringLiteral(R"({"ok":true})");
        CellResult list = object;
        list.text = QStringLiteral("[1]");
        session.scheduler()->load(plan, {object, list});
        ResultsTableModel cells(session.scheduler());
        cells.setQuickCheckRunner(session.quickChecks());
        QCOMPARE(cells.index(0, 0).data(ResultsTableModel::SchemaValidRole), QVariant(true));
        QCOMPARE(cells.index(0, 1).data(ResultsTableModel::SchemaValidRole), QVariant(false));
        QCOMPARE(cells.index(0, 1).data(ResultsTableModel::SchemaErrorRole).toString(),
                 QStringLiteral("(root): type: expected a JSON object, got [1]"));
        QCOMPARE(cells.index(0, 0).data(ResultsTableModel::ChecksPassedRole), QVariant(1));
        QCOMPARE(cells.index(0, 1).data(ResultsTableModel::ChecksPassedRole), QVariant(0));
        const QList<CheckSummary> summary = session.quickChecks()->summary();
        QCOMPARE(summary.size(), 2);
        QCOMPARE(summary.at(0).answersValid, 1);
        QCOMPARE(summary.at(1).answersValidated, 1);
        QCOMPARE(summary.at(1).answersValid, 0);
    }

    void largeRestoredRunIsValidatedOnAWorker()
    {
        RunSession session(RunSettings::Storage::Transient);
        QStringList prompts;
        for (int i = 0; i < 100; ++i)
            prompts.append(QStringLiteral("p%1").arg(i));
        RunPlan plan = PlanBuilder::fromPrompts(prompts, {FaultRun::localColumn(QStringLiteral("a")), FaultRun::localColumn(QStringLiteral("b")), FaultRun::localColumn(QStringLiteral("c"))}, 1, {});
        plan.outputFormat.kind = OutputFormat::Kind::JsonObject;
        QVERIFY(plan.cellCount() >= QuickCheckRunner::kBulkCells);
        std::vector<CellResult> results;
        for (int cell = 0; cell < plan.cellCount(); ++cell) {
            CellResult result;
            result.status = CellStatus::Ok;
            result.text = cell % 2 == 0 ? QStringLiteral(R"({"n":%1})").arg(cell) : QStringLiteral("no");
            results.push_back(result);
        }
        QSignalSpy changed(session.quickChecks(), &QuickCheckRunner::outcomesChanged);
        session.scheduler()->load(plan, results);
        // Nothing is evaluated on this thread: the verdicts arrive from the worker.
        QVERIFY(!session.quickChecks()->verdict(0));
        QTRY_VERIFY(session.quickChecks()->verdict(0).has_value());
        QVERIFY(!session.quickChecks()->isEvaluating());
        int valid = 0;
        for (int cell = 0; cell < plan.cellCount(); ++cell) {
            const auto verdict = session.quickChecks()->verdict(cell);
            QVERIFY(verdict);
            QCOMPARE(verdict->valid, cell % 2 == 0);
            valid += verdict->valid ? 1 : 0;
        }
        QCOMPARE(valid, int(plan.cellCount() / 2));
        QVERIFY(!changed.isEmpty());
        QCOMPARE(changed.last().first().value<QList<int>>().size(), int(plan.cellCount()));
    }

    void checksDialogEditsTheJsonChecks()
    {
        QuickCheckSet initial;
        QuickCheck path;
        path.kind = QuickCheck::JsonPathEquals;
        path.path = QStringLiteral("/city");
        path.text = QStringLiteral("Paris");
        initial.addRunCheck(path);
        QuickChecksDialog dialog({QStringLiteral("model one")}, initial);
        QCOMPARE(dialog.checks(), initial);
        QVERIFY(dialog.validationError().isEmpty());
        QuickCheck tool;
        tool.kind = QuickCheck::CallsTool;
        tool.text = QStringLiteral("get_weather");
        dialog.addCheck(0, tool);
        QCOMPARE(dialog.checks().columnChecks(0), (QList<QuickCheck>{tool}));
        QuickCheck broken = path;
        broken.path = QStringLiteral("city"); // not a JSON pointer
        dialog.addCheck(-1, broken);
        QVERIFY(dialog.validationError().contains(QLatin1String("Check 3")));
        QVERIFY(dialog.validationError().contains(QLatin1String("JSON pointer")));
    }

    void freeTextComparisonShowsNoValidity()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler(answer);
        RunSession session(RunSettings::Storage::Transient);
        session.scheduler()->setProviders(FaultRun::localProvider(server));
        ResultsTableModel cells(session.scheduler());
        cells.setQuickCheckRunner(session.quickChecks());
        QSignalSpy finished(session.scheduler(), &Scheduler::runFinished);
        session.start(PlanBuilder::fromPrompts({QStringLiteral("Who is Ada?")}, {FaultRun::localColumn(QStringLiteral("good"))}, 1, {}));
        QVERIFY(finished.wait(10'000));
        QCOMPARE(session.grid()->result(0).status, CellStatus::Ok);
        QVERIFY(!cells.index(0, 0).data(ResultsTableModel::SchemaValidRole).isValid());
        QVERIFY(!session.quickChecks()->verdict(0));
    }
};

QTEST_MAIN(TestGuiValidation)
#include "tst_gui_validation.moc"
