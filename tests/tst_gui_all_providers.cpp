// SPDX-License-Identifier: MIT
// The window runs one prompt against all four wire formats at once (four local fake servers).
#include "FakeLlmServer.h"
#include "MainWindow.h"
#include "ModelTree.h"
#include "ProviderStreams.h"
#include "ResultsTableModel.h"
#include "Scheduler.h"
#include "TestHome.h"

#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidgetItem>

class TestGuiAllProviders : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        TestHome::isolate(QStringLiteral("tst_gui_all_providers"), m_dir.filePath(QStringLiteral("settings")));
        qputenv("PG_GUI_TEST_KEY", "sk-gui-test-key");
    }

    void oneGridFourFormats()
    {
        FakeLlmServer openai, anthropic, gemini, ollama;
        QVERIFY(openai.listen() && anthropic.listen() && gemini.listen() && ollama.listen());
        ProviderStreams::enqueueFourFormatAnswers(openai, anthropic, gemini, ollama);

        QString error;
        const auto registry = ProviderRegistry::fromJson(
            QStringLiteral("{\"providers\":["
                           "{\"name\":\"o\",\"kind\":\"openai\",\"base_url\":\"%1/v1\",\"api_key_env\":\"PG_GUI_TEST_KEY\",\"models\":[\"gpt-x\"]},"
                           "{\"name\":\"a\",\"kind\":\"anthropic\",\"base_url\":\"%2\",\"api_key_env\":\"PG_GUI_TEST_KEY\",\"models\":[\"claude-x\"]},"
                           "{\"name\":\"g\",\"kind\":\"gemini\",\"base_url\":\"%3\",\"api_key_env\":\"PG_GUI_TEST_KEY\",\"models\":[\"gemini-x\"]},"
                           "{\"name\":\"l\",\"kind\":\"ollama\",\"base_url\":\"%4\",\"models\":[\"llama-x\"]}]}")
                .arg(openai.baseUrl().toString(), anthropic.baseUrl().toString(), gemini.baseUrl().toString(),
                     ollama.baseUrl().toString())
                .toUtf8(),
            &error);
        QVERIFY2(registry, qPrintable(error));

        MainWindow window;
        window.setRegistry(*registry);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.promptEdit()->setPlainText(QStringLiteral("Why is the sky blue?"));
        const QStringList models{QStringLiteral("o/gpt-x"), QStringLiteral("a/claude-x"), QStringLiteral("g/gemini-x"),
                                 QStringLiteral("l/llama-x")};
        window.modelTree()->setCheckedModels({});
        for (const QString &model : models) {
            QTreeWidgetItem *item = window.modelTree()->itemFor(model);
            QVERIFY2(item, qPrintable(model));
            item->setCheckState(0, Qt::Checked);
        }
        QTest::keyClick(window.promptEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(window.resultsModel()->columnCount(), 4);
        QTRY_VERIFY_WITH_TIMEOUT(!window.scheduler()->isActive(), 15000);

        const QStringList answers{QStringLiteral("Blue light"), QStringLiteral("Rayleigh"), QStringLiteral("Scattering"),
                                  QStringLiteral("Because")};
        const QList<int> outputTokens{2, 3, 4, 5};
        for (int column = 0; column < 4; ++column) {
            const QModelIndex index = window.resultsModel()->index(0, column);
            const int cell = window.resultsModel()->cellAt(index);
            const CellResult &r = window.scheduler()->result(cell);
            QVERIFY2(r.status == CellStatus::Ok, qPrintable(window.scheduler()->spec(cell).model.displayName() + QStringLiteral(": ") + r.error));
            QCOMPARE(window.scheduler()->spec(cell).model.displayName(), models.at(column));
            QCOMPARE(r.text, answers.at(column));
            QCOMPARE(r.inputTokens.value_or(-1), 11 + column);
            QCOMPARE(r.outputTokens.value_or(-1), outputTokens.at(column));
            QVERIFY(r.ttftMs.has_value());
        }
        // Each server saw its own wire format, with its own key header.
        QCOMPARE(openai.requests().value(0).path, QByteArray("/v1/chat/completions"));
        // QVERIFY, not QCOMPARE: even a test key is never printed.
        QVERIFY(openai.requests().value(0).headers.value("authorization") == QByteArray("Bearer sk-gui-test-key"));
        QCOMPARE(anthropic.requests().value(0).path, QByteArray("/v1/messages"));
        QVERIFY(anthropic.requests().value(0).headers.value("x-api-key") == QByteArray("sk-gui-test-key"));
        QVERIFY(gemini.requests().value(0).path.startsWith("/v1beta/models/gemini-x:streamGenerateContent"));
        QVERIFY(!gemini.requests().value(0).path.contains("sk-gui-test-key"));
        QVERIFY(gemini.requests().value(0).headers.value("x-goog-api-key") == QByteArray("sk-gui-test-key"));
        QCOMPARE(ollama.requests().value(0).path, QByteArray("/api/chat"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestGuiAllProviders)
#include "tst_gui_all_providers.moc"
