// SPDX-License-Identifier: MIT
// Limits in the window are shown, never applied silently: an opened comparison whose repeats or
// concurrency exceed the fields' ranges is named with the value and the limit; the price editor
// refuses inf, NaN and 1e308; a temperature outside its provider's range stops the run with a
// message; a model configuration keeps a temperature above 2 (Ollama) instead of clamping it.
#include "ApiKeyStore.h"
#include "ComparisonController.h"
#include "ComparisonEditor.h"
#include "ModelColumnsEditor.h"
#include "ModelConfigDialog.h"
#include "ProvidersDialog.h"
#include "RunSession.h"
#include "Scheduler.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QMainWindow>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

class TestGuiInputLimits : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writeFile(const QString &name, const QByteArray &data) const
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(file.fileName()));
        file.write(data);
        return file.fileName();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/promptgrid-test-bus");
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PromptGridLimitTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_gui_input_limits"));
        QSettings().clear();
    }

    void clampedSettingsAreNamed()
    {
        const QString file = writeFile(QStringLiteral("big.promptgrid"),
                                       R"({"format":"promptgrid-comparison","version":1,"prompts":["hi"],
                                           "models":[{"provider":"demo","model":"echo"}],
                                           "settings":{"repeats":10000,"concurrency":100000,"timeout_seconds":30}})");
        QSettings settings(m_dir.filePath(QStringLiteral("recent.ini")), QSettings::IniFormat);
        QMainWindow window;
        RunSession session(RunSettings::Storage::Stored);
        Scheduler &scheduler = *session.scheduler();
        ComparisonController controller(&session, &window, RecentFiles(&settings));
        QSignalSpy messages(&controller, &ComparisonController::message);
        QString error;
        QVERIFY2(controller.open(file, &error), qPrintable(error));
        const QString shown = controller.editor()->errorText();
        QVERIFY2(shown.contains(QLatin1String("Repeats 10000")) && shown.contains(QLatin1String("(1 to 100)"))
                     && shown.contains(QLatin1String("using 100")),
                 qPrintable(shown));
        QVERIFY2(shown.contains(QLatin1String("Concurrency 100000")) && shown.contains(QLatin1String("using 1000")), qPrintable(shown));
        QVERIFY(!shown.contains(QLatin1String("Timeout"))); // 30 s fits
        QVERIFY(controller.editor()->findChild<QLabel *>(QStringLiteral("comparisonError"))->isVisibleTo(controller.editor()));
        QVERIFY(!messages.isEmpty());
        QVERIFY(messages.last().at(0).toString().contains(QLatin1String("Repeats 10000")));
        // What the window then runs is what it said.
        QCOMPARE(controller.editor()->comparison().settings.repeats, 100);
        QCOMPARE(controller.editor()->comparison().settings.concurrency, 1000);

        // A file within the limits shows nothing.
        const QString fits = writeFile(QStringLiteral("fits.promptgrid"),
                                       R"({"format":"promptgrid-comparison","version":1,"prompts":["hi"],
                                           "models":[{"provider":"demo","model":"echo"}],"settings":{"repeats":3}})");
        QVERIFY(controller.open(fits, &error));
        QCOMPARE(controller.editor()->errorText(), QString());
    }

    void temperatureOutsideItsProvidersRangeStopsTheRun()
    {
        QMainWindow window;
        RunSession session(RunSettings::Storage::Stored);
        Scheduler &scheduler = *session.scheduler();
        QString error;
        auto registry = ProviderRegistry::fromJson(
            "{\"providers\":[{\"name\":\"claude\",\"kind\":\"anthropic\",\"base_url\":\"http://127.0.0.1:9\"}]}", &error);
        QVERIFY(registry);
        registry->upsert(*ProviderRegistry::withDemo().find(QStringLiteral("demo")));
        scheduler.setProviders(*registry);
        QSettings settings(m_dir.filePath(QStringLiteral("recent2.ini")), QSettings::IniFormat);
        ComparisonController controller(&session, &window, RecentFiles(&settings));
        const QString file = writeFile(QStringLiteral("hot.promptgrid"),
                                       R"({"format":"promptgrid-comparison","version":1,"prompts":["hi"],
                                           "models":[{"provider":"claude","model":"m","temperature":1.5}]})");
        QVERIFY(controller.open(file, &error));
        QVERIFY(!controller.run(&error));
        QVERIFY2(error.contains(QLatin1String("temperature 1.5 is outside the range anthropic accepts (0 to 1)")), qPrintable(error));
        QCOMPARE(controller.editor()->errorText(), error);
        QCOMPARE(scheduler.cellCount(), 0); // nothing was started
    }

    void modelDialogKeepsAnOllamaTemperature()
    {
        ModelConfigDialog dialog;
        ModelColumn column{QStringLiteral("ollama"), QStringLiteral("llama3"), QString(), {}};
        column.params.temperature = 5.0;
        dialog.setColumn(column);
        QCOMPARE(dialog.column().params.temperature.value_or(-1), 5.0);
    }

    void priceEditorRefusesWhatIsNotAPrice()
    {
        ApiKeyStore keys;
        ProvidersDialog dialog(ProviderRegistry::withDemo(), &keys);
        dialog.addFromPreset(QStringLiteral("openai"));
        auto *prices = dialog.findChild<QTableWidget *>(QStringLiteral("priceTable"));
        auto *note = dialog.findChild<QLabel *>(QStringLiteral("priceNote"));
        QVERIFY(prices && note);
        const auto found = prices->findItems(QStringLiteral("gpt-4o-mini"), Qt::MatchExactly);
        QCOMPARE(found.size(), 1);
        const int row = found.first()->row();
        const double before = dialog.registry().find(QStringLiteral("OpenAI"))->prices.value(QStringLiteral("gpt-4o-mini")).inputPerMTok;
        for (const QString &bad : {QStringLiteral("1e308"), QStringLiteral("inf"), QStringLiteral("nan"), QStringLiteral("-1"),
                                   QStringLiteral("100001")}) {
            prices->item(row, 1)->setText(bad);
            QVERIFY2(note->text().contains(QLatin1String("this one was not saved")), qPrintable(bad));
            QCOMPARE(dialog.registry().find(QStringLiteral("OpenAI"))->prices.value(QStringLiteral("gpt-4o-mini")).inputPerMTok, before);
        }
        prices->item(row, 1)->setText(QStringLiteral("100000"));
        QCOMPARE(dialog.registry().find(QStringLiteral("OpenAI"))->prices.value(QStringLiteral("gpt-4o-mini")).inputPerMTok, 100000.0);
    }
};

QTEST_MAIN(TestGuiInputLimits)
#include "tst_gui_input_limits.moc"
