// SPDX-License-Identifier: MIT
// A matrix run (templates with variables, two test cases, two model configurations with every
// parameter, two samples) exported when it finished, then after a restart exported from
// History without opening it and again after opening it: the same bytes each time.
#include "ComparisonController.h"
#include "ComparisonEditor.h"
#include "HistoryPanel.h"
#include "HistoryDatabase.h"
#include "GridPanel.h"
#include "HistoryRecorder.h"
#include "JsonExport.h"
#include "MainWindow.h"
#include "ResultRecord.h"
#include "RunSession.h"
#include "TestHome.h"

#include <QFile>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {
QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

ModelColumn demo(const QString &model)
{
    ModelColumn column;
    column.provider = QStringLiteral("demo");
    column.model = model;
    return column;
}

Comparison matrix()
{
    Comparison comparison;
    comparison.system = QStringLiteral("Answer {{name}} briefly.");
    comparison.prompts = {ComparisonPrompt{QStringLiteral("intro"), QStringLiteral("Tell {{name}} about {{topic}}"), std::nullopt},
                          ComparisonPrompt{QString(), QStringLiteral("Summarise {{topic}}"), QStringLiteral("Sum up for {{name}}")}};
    comparison.variables = VariablesTable({QStringLiteral("topic"), QStringLiteral("name")},
                                          {{QStringLiteral("cats"), QStringLiteral("Ann")}, {QStringLiteral("dogs"), QStringLiteral("Bob")}});
    ModelColumn first = demo(QStringLiteral("echo"));
    first.label = QStringLiteral("echo T=0");
    first.params.temperature = 0;
    first.params.topP = 0.5;
    first.params.maxTokens = 64;
    first.params.seed = 9007199254740993LL;
    first.params.stop = {QStringLiteral("END")};
    first.params.systemOverride = QStringLiteral("be terse");
    ModelColumn second = demo(QStringLiteral("fast"));
    second.label = QStringLiteral("fast T=1");
    second.params.temperature = 1;
    second.params.seed = 7;
    comparison.models = {first, second};
    comparison.settings.repeats = 2;
    return comparison;
}
} // namespace

class TestGuiHistoryRoundTrip : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        TestHome::isolate(QStringLiteral("PromptGridHistoryRoundTripTest"), m_settingsDir.path());
        TestHome::reset();
    }

    void reopenedAndExportedRunGivesTheSameFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString live = dir.filePath(QStringLiteral("live.csv"));
        QByteArray liveJson;
        qint64 runId = 0;
        {
            MainWindow window;
            window.comparisonController()->editor()->setComparison(matrix());
            QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
            QString error;
            QVERIFY2(window.comparisonController()->run(&error), qPrintable(error));
            QCOMPARE(window.scheduler()->cellCount(), 2 * 2 * 2 * 2);
            QVERIFY(finished.wait(30000));
            QCOMPARE(window.scheduler()->counts().ok, 16);
            QSignalSpy exported(&window, &MainWindow::exportFinished);
            window.exportCsvTo(live);
            QVERIFY(exported.wait(10000));
            QCOMPARE(exported.first().at(1).toString(), QString());
            liveJson = JsonExport::toJson(window.session()->snapshot());
            window.historyRecorder()->flush();
            runId = window.historyRecorder()->currentRunId();
            window.close();
        }
        QVERIFY(runId > 0);
        const QByteArray expected = readAll(live);
        // What the bug lost: the variable columns, after the fixed ones.
        const QByteArray header = expected.left(expected.indexOf('\n'));
        QVERIFY2(header.endsWith("checks_failed,reasoning_tokens,turn,mode,schema_valid,schema_error,tool_calls,judge_score,judge_reason,judge_model,judge_error,judge_cost_usd,topic,name\r")
                     || header.endsWith("checks_failed,reasoning_tokens,turn,mode,schema_valid,schema_error,tool_calls,judge_score,judge_reason,judge_model,judge_error,judge_cost_usd,topic,name"),
                 header.constData());
        QVERIFY(expected.contains("Tell Ann about cats"));

        MainWindow window;
        // Export without opening: the grid stays empty.
        const QString unopened = dir.filePath(QStringLiteral("unopened.csv"));
        QSignalSpy panelExported(window.historyPanel(), &HistoryPanel::exportFinished);
        window.historyPanel()->exportRun(runId, unopened);
        QVERIFY(panelExported.count() > 0 || panelExported.wait(10000));
        QCOMPARE(panelExported.first().at(1).toString(), QString());
        QCOMPARE(window.scheduler()->cellCount(), 0);
        QCOMPARE(readAll(unopened), expected);

        // Opened into the grid, then exported as any grid.
        QVERIFY(window.openRun(runId));
        QCOMPARE(window.scheduler()->cellCount(), 16);
        const QString reopened = dir.filePath(QStringLiteral("reopened.csv"));
        QSignalSpy exported(&window, &MainWindow::exportFinished);
        window.exportCsvTo(reopened);
        QVERIFY(exported.wait(10000));
        QCOMPARE(readAll(reopened), expected);
        // The JSON export carries what the CSV does not (system prompts, stop sequences).
        const QByteArray json = JsonExport::toJson(window.session()->snapshot());
        QVERIFY(json.contains("\"stop\""));
        QVERIFY(json.contains("Sum up for Bob"));
        QVERIFY(json.contains("9007199254740993"));
        QCOMPARE(json, liveJson);
    }

    void historyListsRunsAndTheWelcomePageOffersTheLast()
    {
        const QString history = HistoryDatabase::defaultPath();
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(history + suffix);
        {
            MainWindow window;
            // Nothing saved yet: no offer.
            QVERIFY(!window.gridPanel()->openLastRunButton()->isVisibleTo(window.welcomePage()));
            QVERIFY(window.gridPanel()->runTitle()->text().startsWith(QLatin1String("No run yet")));
            window.comparisonController()->editor()->setComparison(matrix());
            QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
            QString error;
            QVERIFY2(window.comparisonController()->run(&error), qPrintable(error));
            QVERIFY(finished.wait(30000));
            window.historyRecorder()->flush();
            window.close();
        }
        MainWindow window;
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.scheduler()->cellCount(), 0);
        const HistoryRunInfo run = window.history()->runs().value(0);
        QCOMPARE(run.models, (QStringList{QStringLiteral("echo T=0"), QStringLiteral("fast T=1")}));

        // History: date and time, size, models, first prompt, and the state.
        window.historyPanel()->refresh();
        QTreeWidgetItem *item = window.historyPanel()->list()->topLevelItem(0);
        QVERIFY(item);
        const QString when = HistoryPanel::whenText(run);
        QVERIFY2(when.contains(QString::number(run.created.toLocalTime().time().minute()).rightJustified(2, QLatin1Char('0'))), qPrintable(when));
        const QStringList lines = item->text(0).split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), when + QStringLiteral(" · 4 prompts × 2 models × 2 samples"));
        QVERIFY2(lines.at(0).contains(QString::number(run.created.toLocalTime().date().year() % 100)), qPrintable(lines.at(0)));
        QCOMPARE(lines.at(1), QStringLiteral("echo T=0, fast T=1"));
        QVERIFY2(lines.at(2).contains(QLatin1String("Tell Ann about cats")), qPrintable(lines.at(2)));
        QCOMPARE(item->text(1), QStringLiteral("16/16 ok"));
        // Readable in a narrow panel: each line is elided on its own, none wraps into the next.
        window.historyPanel()->list()->resize(220, 400);
        QVERIFY(window.historyPanel()->list()->visualItemRect(item).height()
                >= 3 * window.historyPanel()->list()->fontMetrics().lineSpacing());

        // The welcome page offers the last run instead of "No run yet".
        QVERIFY(window.welcomePage()->isVisible());
        QVERIFY(!window.gridPanel()->runTitle()->text().contains(QLatin1String("No run yet")));
        auto *label = window.welcomePage()->findChild<QLabel *>(QStringLiteral("lastRunLabel"));
        QVERIFY(label && label->isVisible());
        QVERIFY2(label->text().contains(when.toHtmlEscaped()) && label->text().contains(QLatin1String("echo T=0, fast T=1"))
                     && label->text().contains(QStringLiteral("4 prompts × 2 models × 2 samples")),
                 qPrintable(label->text()));
        QVERIFY(window.gridPanel()->openLastRunButton()->isVisible());
        window.gridPanel()->openLastRunButton()->click();
        QCOMPARE(window.scheduler()->cellCount(), 16);
        QCOMPARE(window.scheduler()->counts().ok, 16);
        QVERIFY(!window.welcomePage()->isVisible());
    }
};

QTEST_MAIN(TestGuiHistoryRoundTrip)
#include "tst_gui_history_round_trip.moc"
