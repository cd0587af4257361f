// SPDX-License-Identifier: MIT
// A matrix run (templates with variables, two test cases, two model configurations with every
// parameter, two samples) exported when it finished, then after a restart exported from
// History without opening it and again after opening it: the same bytes each time.
#include "ComparisonController.h"
#include "ComparisonEditor.h"
#include "HistoryPanel.h"
#include "HistoryDatabase.h"
#include "HistoryRecorder.h"
#include "JsonExport.h"
#include "MainWindow.h"
#include "ResultRecord.h"
#include "RunSession.h"

#include <QFile>
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
        QCoreApplication::setOrganizationName(QStringLiteral("PromptGridTest"));
        QCoreApplication::setApplicationName(QStringLiteral("PromptGridHistoryRoundTripTest"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        const QString history = HistoryDatabase::defaultPath();
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(history + suffix);
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
        QVERIFY2(header.endsWith("checks_failed,reasoning_tokens,topic,name\r") || header.endsWith("checks_failed,reasoning_tokens,topic,name"), header.constData());
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
};

QTEST_MAIN(TestGuiHistoryRoundTrip)
#include "tst_gui_history_round_trip.moc"
