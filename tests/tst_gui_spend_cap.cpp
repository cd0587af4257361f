// SPDX-License-Identifier: MIT
// The window's one spend cap: edited from the Judge menu or Settings > Requests (the same
// value), kept across a restart (QSettings in a temporary folder), migrated from the two old
// keys once, and enforced by the scheduler before a request is sent (the fake server counts).
#include "FakeLlmServer.h"
#include "HistoryDatabase.h"
#include "HistoryRecorder.h"
#include "JudgeMenu.h"
#include "MainWindow.h"
#include "ModelTree.h"
#include "RunSettings.h"
#include "TestHome.h"
#include "WhenModal.h"

#include <QAction>
#include <QApplication>
#include <QDoubleSpinBox>
#include <QFile>
#include <QInputDialog>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

namespace {
QAction *requestSettingsAction(MainWindow &window)
{
    return window.findChild<QAction *>(QStringLiteral("requestSettingsAction"));
}

double editInRequestSettings(MainWindow &window, std::optional<double> newValue)
{
    double shown = -1;
    whenModal<QDialog>([&shown, newValue](QDialog *dialog) {
        auto *spin = dialog->findChild<QDoubleSpinBox *>(QStringLiteral("spendCapSpin"));
        if (spin) {
            shown = spin->value();
            if (newValue)
                spin->setValue(*newValue);
        }
        dialog->accept();
    });
    requestSettingsAction(window)->trigger();
    return shown;
}

double editInJudgeMenu(MainWindow &window, double newValue)
{
    double shown = -1;
    whenModal<QInputDialog>([&shown, newValue](QInputDialog *dialog) {
        shown = dialog->doubleValue();
        dialog->setDoubleValue(newValue);
        dialog->accept();
    });
    window.judgeMenu()->spendCapAction()->trigger();
    return shown;
}
} // namespace

class TestGuiSpendCap : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settingsDir;

    static void tickOnly(MainWindow &window, const QStringList &models)
    {
        window.modelTree()->setCheckedModels(models);
        QCOMPARE(window.modelTree()->checkedModels(), models);
    }

    /// A provider "local" on \a server whose model "m" costs $800 per million output tokens:
    /// a request is estimated at 500 x $0.0008 = $0.40.
    static void saveProviders(const FakeLlmServer &server)
    {
        QSettings().setValue(QStringLiteral("providers/json"),
                             QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1","models":["m"],
                                 "prices":{"m":{"input_per_mtok":0,"output_per_mtok":800}}}]})")
                                 .arg(server.baseUrl().toString())
                                 .toUtf8());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        TestHome::isolate(QStringLiteral("PromptGridSpendCapTest"), m_settingsDir.path());
    }

    void init()
    {
        TestHome::reset();
    }

    void capSurvivesARestartAndIsEnforced()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        // Each answer reports 375 output tokens: $0.30.
        server.setHandler([](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral("ok")}, 1, 375); });
        saveProviders(server);
        {
            MainWindow window;
            // Settings > Requests is the menu whose value used to be overwritten at start-up.
            QCOMPARE(editInRequestSettings(window, 1.0), 0.0);
            QCOMPARE(window.scheduler()->spendCap().value_or(-1), 1.0);
            window.close();
        }
        MainWindow window;
        QCOMPARE(window.scheduler()->spendCap().value_or(-1), 1.0);
        QCOMPARE(window.judgeMenu()->spendCap(), 1.0);
        tickOnly(window, {QStringLiteral("local/m")});
        QStringList prompts;
        for (int i = 0; i < 8; ++i)
            prompts << QStringLiteral("p%1").arg(i);
        window.promptEdit()->setPlainText(prompts.join(QStringLiteral("\n---\n")));
        QVERIFY(window.judgeMenu()->costEstimateText().contains(QLatin1String("Spend cap: $1.00")));

        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        QVERIFY(window.send());
        QVERIFY(finished.wait(10000));
        // $0.4 + $0.4 in flight; then $0.6 spent + $0.4; then $0.9 spent and nothing fits.
        QCOMPARE(server.requestCount(), 3);
        QCOMPARE(window.scheduler()->counts().ok, 3);
        QCOMPARE(window.scheduler()->counts().cancelled, 5);
        QVERIFY(window.scheduler()->spentUsd() <= 1.0);
        for (int cell = 3; cell < 8; ++cell) {
            const QString error = window.scheduler()->result(cell).error;
            QVERIFY2(error.contains(QLatin1String("spend cap of $1.00 was reached")), qPrintable(error));
        }
    }

    void estimateKeepsUnknownCostsUnknown()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        saveProviders(server);
        MainWindow window;
        window.promptEdit()->setPlainText(QStringLiteral("one\n---\ntwo"));
        // No model with a price: the total is unknown, never $0.
        tickOnly(window, {QStringLiteral("demo/echo")});
        QString estimate = window.judgeMenu()->costEstimateText();
        QVERIFY2(estimate.contains(QLatin1String("Estimated total: unknown: no price for demo/echo.")), qPrintable(estimate));
        QVERIFY2(!estimate.contains(QLatin1String("$0.0000")), qPrintable(estimate));
        // Some priced: the sum says which models it leaves out.
        tickOnly(window, {QStringLiteral("local/m"), QStringLiteral("demo/echo")});
        estimate = window.judgeMenu()->costEstimateText();
        // 2 requests x 500 output tokens at $800 per million: $0.80.
        QVERIFY2(estimate.contains(QLatin1String("Estimated total: about $0.8000, not counting demo/echo (no price known).")),
                 qPrintable(estimate));
        tickOnly(window, {QStringLiteral("local/m")});
        estimate = window.judgeMenu()->costEstimateText();
        QVERIFY2(estimate.contains(QLatin1String("Estimated total: about $0.8000")) && !estimate.contains(QLatin1String("not counting")),
                 qPrintable(estimate));
    }

    void bothMenusShowAndEditOneValue()
    {
        MainWindow window;
        QCOMPARE(editInJudgeMenu(window, 3.25), 0.0);
        QCOMPARE(window.judgeMenu()->spendCap(), 3.25);
        QCOMPARE(window.scheduler()->spendCap().value_or(-1), 3.25);
        // Settings > Requests shows what the Judge menu set, and its edit is the Judge menu's.
        QCOMPARE(editInRequestSettings(window, 7.5), 3.25);
        QCOMPARE(window.judgeMenu()->spendCap(), 7.5);
        QCOMPARE(window.scheduler()->spendCap().value_or(-1), 7.5);
        QCOMPARE(editInJudgeMenu(window, 7.5), 7.5);
        tickOnly(window, {QStringLiteral("demo/echo")});
        const QString estimate = window.judgeMenu()->costEstimateText();
        QVERIFY2(estimate.contains(QLatin1String("Spend cap: $7.50")), qPrintable(estimate));
        // A model without a price cannot be bounded, and the estimate says so.
        QVERIFY2(estimate.contains(QLatin1String("cannot limit demo/echo")), qPrintable(estimate));
        QCOMPARE(QSettings().value(RunSettings::spendCapKey()).toDouble(), 7.5);
        // Cancelling a dialog changes nothing; "no cap" from either menu lifts it.
        whenModal<QDialog>([](QDialog *dialog) { dialog->reject(); });
        requestSettingsAction(window)->trigger();
        QCOMPARE(window.judgeMenu()->spendCap(), 7.5);
        QCOMPARE(editInRequestSettings(window, 0.0), 7.5);
        QCOMPARE(window.judgeMenu()->spendCap(), 0.0);
        QVERIFY(!window.scheduler()->spendCap());
        QVERIFY(!window.judgeMenu()->costEstimateText().contains(QLatin1String("Spend cap")));
    }

    void oldKeysAreMigratedOnce_data()
    {
        QTest::addColumn<QVariant>("judge");
        QTest::addColumn<QVariant>("requests");
        QTest::addColumn<double>("expected");
        QTest::addRow("judge only") << QVariant(5.0) << QVariant() << 5.0;
        QTest::addRow("requests only") << QVariant() << QVariant(2.0) << 2.0;
        QTest::addRow("both: the lower wins") << QVariant(5.0) << QVariant(2.0) << 2.0;
        // The reported bug: Settings > Requests saved 0 and silently lifted the Judge menu's cap.
        QTest::addRow("requests saved as no cap") << QVariant(1.0) << QVariant(0.0) << 1.0;
        QTest::addRow("neither set") << QVariant(0.0) << QVariant(0.0) << 0.0;
    }

    void oldKeysAreMigratedOnce()
    {
        QFETCH(QVariant, judge);
        QFETCH(QVariant, requests);
        QFETCH(double, expected);
        {
            QSettings settings;
            if (judge.isValid())
                settings.setValue(QStringLiteral("judge/spendCapUsd"), judge);
            if (requests.isValid())
                settings.setValue(QStringLiteral("requests/spendCapUsd"), requests);
        }
        {
            MainWindow window;
            QCOMPARE(window.judgeMenu()->spendCap(), expected);
            QCOMPARE(window.scheduler()->spendCap().value_or(0), expected);
            QSettings settings;
            QVERIFY(!settings.contains(QStringLiteral("judge/spendCapUsd")));
            QVERIFY(!settings.contains(QStringLiteral("requests/spendCapUsd")));
            QCOMPARE(settings.value(RunSettings::spendCapKey()).toDouble(), expected);
            window.judgeMenu()->setSpendCap(9);
            // Saving Settings > Requests writes no spend cap of its own any more.
            QCOMPARE(editInRequestSettings(window, std::nullopt), 9.0);
            QVERIFY(!QSettings().contains(QStringLiteral("requests/spendCapUsd")));
            window.close();
        }
        // Once: an old key written again by an older version does not override the new one.
        QSettings().setValue(QStringLiteral("judge/spendCapUsd"), 1.0);
        MainWindow again;
        QCOMPARE(again.judgeMenu()->spendCap(), 9.0);
        QCOMPARE(again.scheduler()->spendCap().value_or(0), 9.0);
    }
};

QTEST_MAIN(TestGuiSpendCap)
#include "tst_gui_spend_cap.moc"
