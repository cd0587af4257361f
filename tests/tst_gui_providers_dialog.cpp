// SPDX-License-Identifier: MIT
// The Providers dialog: presets, editing, model lists fetched asynchronously, prices, import
// and export, and the API key: masked, kept out of every file and title.
#include "ApiKeyStore.h"
#include "FakeLlmServer.h"
#include "KeychainStore.h"
#include "ProvidersDialog.h"

#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QTimer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kKey = QStringLiteral("sk-test-SECRET-1234");
}

class TestGuiProvidersDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/promptgrid-test-bus");
        qunsetenv("XDG_CURRENT_DESKTOP");
        qunsetenv("OPENAI_API_KEY");
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PromptGridTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_gui_providers_dialog"));
        QSettings().clear();
    }

    void presetsKeysPricesAndFiles()
    {
        ApiKeyStore keys;
        KeychainStore keychain(&keys);
        keychain.setTimeoutMs(1500);
        ProvidersDialog dialog(ProviderRegistry::withDemo(), &keys);
        dialog.setKeychainStore(&keychain);
        keychain.loadKeys({QStringLiteral("demo")});

        // Every preset is offered.
        auto *presets = dialog.findChild<QComboBox *>(QStringLiteral("presetCombo"));
        QVERIFY(presets);
        QCOMPARE(presets->count(), 17);
        QVERIFY(presets->findData(QStringLiteral("anthropic")) >= 0);
        QVERIFY(presets->findData(QStringLiteral("openai-responses")) >= 0);
        QVERIFY(presets->findData(QStringLiteral("vllm")) >= 0);

        QCOMPARE(dialog.providerCount(), 1);
        const int row = dialog.addFromPreset(QStringLiteral("openai"));
        QCOMPARE(row, 1);
        // registry() returns a copy: keep it, or the pointer dangles (ASan: heap-use-after-free).
        const ProviderRegistry openaiRegistry = dialog.registry();
        const ProviderConfig *openai = openaiRegistry.find(QStringLiteral("OpenAI"));
        QVERIFY(openai);
        QCOMPARE(openai->baseUrl, QStringLiteral("https://api.openai.com/v1"));
        QVERIFY(openai->prices.contains(QStringLiteral("gpt-4o-mini")));

        // The key field is masked.
        auto *keyEdit = dialog.findChild<QLineEdit *>(QStringLiteral("keyEdit"));
        QVERIFY(keyEdit);
        QCOMPARE(keyEdit->echoMode(), QLineEdit::Password);
        QTest::keyClicks(keyEdit, kKey);
        QVERIFY(!keyEdit->displayText().contains(kKey));
        QVERIFY(!keyEdit->accessibleName().isEmpty());

        // A price edited by hand.
        auto *prices = dialog.findChild<QTableWidget *>(QStringLiteral("priceTable"));
        QVERIFY(prices);
        const auto found = prices->findItems(QStringLiteral("gpt-4o-mini"), Qt::MatchExactly);
        QCOMPARE(found.size(), 1);
        prices->item(found.first()->row(), 1)->setText(QStringLiteral("0.2"));
        QCOMPARE(dialog.registry().find(QStringLiteral("OpenAI"))->prices.value(QStringLiteral("gpt-4o-mini")).inputPerMTok, 0.2);

        // No keychain on a test machine: the dialog says so, and the key stays in memory.
        QTRY_VERIFY_WITH_TIMEOUT(keychain.isUnavailable(), 4000);
        auto *note = dialog.findChild<QLabel *>(QStringLiteral("keychainNote"));
        QVERIFY(note);
        QTRY_VERIFY(note->text().contains(QLatin1String("No system keychain")));

        if (qEnvironmentVariableIsSet("PROMPTGRID_SHOW_DIALOG")) { // for screenshots under Xvfb
            dialog.show();
            QTest::qWait(qEnvironmentVariableIntValue("PROMPTGRID_SHOW_DIALOG"));
        }

        QSignalSpy stored(&keychain, &KeychainStore::keyStored);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(keys.key(*dialog.registry().find(QStringLiteral("OpenAI"))), kKey);
        QVERIFY(stored.wait(3000));
        QCOMPARE(stored.first().at(1).toBool(), false); // memory only, no keychain
        QVERIFY(!dialog.windowTitle().contains(kKey));

        // Export (the CLI's format) and the settings the window writes: never the key.
        QTemporaryDir dir;
        const QString exported = dir.filePath(QStringLiteral("providers.json"));
        QString error;
        QVERIFY2(dialog.exportFile(exported, &error), qPrintable(error));
        QFile file(exported);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray json = file.readAll();
        QVERIFY(!json.contains(kKey.toUtf8()));
        QVERIFY(json.contains("api.openai.com"));
        QVERIFY(ProviderRegistry::fromJson(json, &error));
        {
            QSettings settings;
            settings.setValue(QStringLiteral("providers/json"), dialog.registry().toJson());
            settings.sync();
            QVERIFY(settings.contains(QStringLiteral("prices/user"))); // the edited price persists
        }
        QFile settingsFile(QSettings().fileName());
        QVERIFY(settingsFile.open(QIODevice::ReadOnly));
        const QByteArray settingsBytes = settingsFile.readAll();
        QVERIFY(settingsBytes.contains("api.openai.com"));
        QVERIFY(!settingsBytes.contains(kKey.toUtf8()));

        // A new dialog shows where the key is without showing it.
        ProvidersDialog again(dialog.registry(), &keys);
        again.setKeychainStore(&keychain);
        again.selectProvider(1);
        auto *keyNote = again.findChild<QLabel *>(QStringLiteral("keyNote"));
        QVERIFY(keyNote->text().contains(QLatin1String("memory")));
        QVERIFY(again.findChild<QLineEdit *>(QStringLiteral("keyEdit"))->text().isEmpty());
    }

    void keychainNoteFollowsTheSharedStateInPlace()
    {
        ApiKeyStore keys;
        // The window's store, before anything needed the keychain: its state is not known yet.
        KeychainStore keychain(&keys);
        keychain.setTimeoutMs(1500);
        QCOMPARE(keychain.state(), KeychainStore::State::Unknown);
        ProvidersDialog dialog(ProviderRegistry::withDemo(), &keys);
        // Narrow enough for the longest note to take more lines than "Looking for…".
        dialog.resize(dialog.minimumSizeHint().width(), 640);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.setKeychainStore(&keychain);
        auto *note = dialog.findChild<QLabel *>(QStringLiteral("keychainNote"));
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        auto *remove = dialog.findChild<QPushButton *>(QStringLiteral("removeButton"));
        QVERIFY(note && buttons && remove);
        dialog.layout()->activate();
        const QRect before = buttons->geometry();
        const QRect noteBefore = note->geometry();
        const QPoint removeBefore = remove->mapTo(&dialog, QPoint());
        QVERIFY(note->text().contains(QLatin1String("Looking for the system keychain")));
        // The dialog asks the shared store, which finds out (no keychain on a test machine).
        QTRY_VERIFY_WITH_TIMEOUT(keychain.state() != KeychainStore::State::Unknown, 4000);
        QTRY_VERIFY(!note->text().contains(QLatin1String("Looking")));
        QVERIFY2(note->text().contains(QLatin1String("No system keychain")) || note->text().contains(QLatin1String("saved in the system keychain")),
                 qPrintable(note->text()));
        // Its room was there from the start: nothing below it moves.
        dialog.layout()->activate();
        QCoreApplication::sendPostedEvents();
        QCOMPARE(buttons->geometry(), before);
        QCOMPARE(note->geometry(), noteBefore);
        QCOMPARE(remove->mapTo(&dialog, QPoint()), removeBefore);

        // A dialog opened later shows the state the window knows at once.
        ProvidersDialog again(ProviderRegistry::withDemo(), &keys);
        again.setKeychainStore(&keychain);
        auto *againNote = again.findChild<QLabel *>(QStringLiteral("keychainNote"));
        QVERIFY(!againNote->text().contains(QLatin1String("Looking")));
        QCOMPARE(againNote->text(), note->text());
    }

    void fetchModelsAsync()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::json("{\"data\":[{\"id\":\"qwen2.5-7b\"},{\"id\":\"llama-3.2-3b\"}]}"));
        server.enqueue(FakeResponse::jsonError(401, "{\"error\":{\"message\":\"Invalid API key\",\"type\":\"auth_error\"}}"));
        ApiKeyStore keys;
        ProvidersDialog dialog(ProviderRegistry(), &keys);
        dialog.addBlank();
        auto *baseUrl = dialog.findChild<QLineEdit *>(QStringLiteral("baseUrlEdit"));
        baseUrl->setText(server.baseUrl(QStringLiteral("/v1")).toString());
        auto *fetch = dialog.findChild<QPushButton *>(QStringLiteral("fetchButton"));
        auto *status = dialog.findChild<QLabel *>(QStringLiteral("fetchStatus"));
        auto *models = dialog.findChild<QListWidget *>(QStringLiteral("modelList"));
        QVERIFY(fetch && status && models);
        QCOMPARE(models->count(), 0);

        fetch->click();
        QVERIFY(!fetch->isEnabled()); // busy, and the window keeps running
        QVERIFY(status->text().contains(QLatin1String("Fetching")));
        QTRY_VERIFY_WITH_TIMEOUT(fetch->isEnabled(), 3000);
        QVERIFY2(status->text().contains(QLatin1String("2 model")), qPrintable(status->text()));
        QCOMPARE(models->count(), 2); // an empty list takes a short answer as it is
        QCOMPARE(dialog.registry().providers().first().models,
                 (QStringList{QStringLiteral("llama-3.2-3b"), QStringLiteral("qwen2.5-7b")}));
        QCOMPARE(server.requests().first().path, QByteArray("/v1/models"));

        fetch->click();
        QTRY_VERIFY_WITH_TIMEOUT(fetch->isEnabled(), 3000);
        QVERIFY2(status->text().contains(QLatin1String("HTTP 401: Invalid API key")), qPrintable(status->text()));
    }

    void fetchSaysWhatIsAlreadyAdded()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        const QByteArray two = "{\"data\":[{\"id\":\"qwen2.5-7b\"},{\"id\":\"llama-3.2-3b\"}]}";
        server.enqueue(FakeResponse::json(two));
        server.enqueue(FakeResponse::json(two));
        server.enqueue(FakeResponse::json("{\"data\":[{\"id\":\"qwen2.5-7b\"},{\"id\":\"llama-3.2-3b\"},{\"id\":\"phi-4\"}]}"));
        ApiKeyStore keys;
        ProvidersDialog dialog(ProviderRegistry(), &keys);
        dialog.addBlank();
        dialog.findChild<QLineEdit *>(QStringLiteral("baseUrlEdit"))->setText(server.baseUrl(QStringLiteral("/v1")).toString());
        auto *fetch = dialog.findChild<QPushButton *>(QStringLiteral("fetchButton"));
        auto *status = dialog.findChild<QLabel *>(QStringLiteral("fetchStatus"));
        auto *models = dialog.findChild<QListWidget *>(QStringLiteral("modelList"));

        fetch->click();
        QTRY_VERIFY_WITH_TIMEOUT(fetch->isEnabled(), 3000);
        QCOMPARE(models->count(), 2);
        QVERIFY2(status->text().contains(QLatin1String("Added the 2 models")), qPrintable(status->text()));
        // Nothing left to pick: the dialog says so instead of asking to pick one.
        fetch->click();
        QTRY_VERIFY_WITH_TIMEOUT(fetch->isEnabled(), 3000);
        QCOMPARE(models->count(), 2);
        QVERIFY2(status->text().contains(QLatin1String("All 2 models the server lists are already added")), qPrintable(status->text()));
        QVERIFY(!status->text().contains(QLatin1String("pick one")));
        // One new: only that one is offered.
        fetch->click();
        QTRY_VERIFY_WITH_TIMEOUT(fetch->isEnabled(), 3000);
        QCOMPARE(models->count(), 2);
        QVERIFY2(status->text().contains(QLatin1String("1 of the 3 models")) && status->text().contains(QLatin1String("pick one")),
                 qPrintable(status->text()));
    }

    void keyWithControlCharacterRefused()
    {
        ApiKeyStore keys;
        KeychainStore keychain(&keys);
        keychain.setTimeoutMs(1500);
        ProvidersDialog dialog(ProviderRegistry(), &keys);
        dialog.setKeychainStore(&keychain);
        dialog.addBlank();
        const QString name = dialog.registry().providers().first().name;
        auto *keyEdit = dialog.findChild<QLineEdit *>(QStringLiteral("keyEdit"));
        auto *keyNote = dialog.findChild<QLabel *>(QStringLiteral("keyNote"));
        QVERIFY(keyEdit && keyNote);
        // Pasted, as a user would (textEdited follows a paste, not setText()).
        QGuiApplication::clipboard()->setText(QStringLiteral("sk-abc\r\nX-Injected: yes\r\nHost: evil"));
        keyEdit->paste();
        QVERIFY2(keyEdit->text().contains(QLatin1Char('\n')), "the line edit dropped the line break; the test proves nothing");
        QVERIFY2(keyNote->text().contains(QLatin1String("control character")), qPrintable(keyNote->text()));
        QVERIFY(!keyNote->text().contains(QLatin1String("sk-abc")));

        QString warning;
        QTimer::singleShot(0, &dialog, [&warning] {
            for (QWidget *widget : QApplication::topLevelWidgets()) {
                if (auto *box = qobject_cast<QMessageBox *>(widget)) {
                    warning = box->text();
                    box->accept();
                }
            }
        });
        dialog.accept();
        QVERIFY(dialog.result() != int(QDialog::Accepted));
        QVERIFY2(warning.contains(QLatin1String("control character (carriage return")) && warning.contains(name), qPrintable(warning));
        QVERIFY(!warning.contains(QLatin1String("sk-abc")) && !warning.contains(QLatin1String("X-Injected")));
        QVERIFY(!keys.hasStoredKey(name));

        // Pasted again with only a trailing newline: trimmed, stored, and used as it is.
        keyEdit->clear();
        QGuiApplication::clipboard()->setText(QStringLiteral("sk-abc-pasted-123\n"));
        keyEdit->paste();
        QVERIFY(!keyNote->text().contains(QLatin1String("control character")));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(keys.key(*dialog.registry().find(name)) == QStringLiteral("sk-abc-pasted-123"));
    }

    void fetchedErrorsHideTheKey()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::jsonError(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + kKey.toUtf8() + "\"}}"));
        ApiKeyStore keys;
        ProvidersDialog dialog(ProviderRegistry(), &keys);
        dialog.addBlank();
        dialog.findChild<QLineEdit *>(QStringLiteral("baseUrlEdit"))->setText(server.baseUrl(QStringLiteral("/v1")).toString());
        dialog.findChild<QLineEdit *>(QStringLiteral("keyEdit"))->setText(kKey);
        auto *fetch = dialog.findChild<QPushButton *>(QStringLiteral("fetchButton"));
        auto *status = dialog.findChild<QLabel *>(QStringLiteral("fetchStatus"));
        fetch->click();
        QTRY_VERIFY_WITH_TIMEOUT(fetch->isEnabled(), 3000);
        QVERIFY(server.requests().first().headers.value("authorization") == "Bearer " + kKey.toUtf8()); // it was sent
        QVERIFY2(status->text().contains(QLatin1String("Incorrect API key provided: [key hidden]")), qPrintable(status->text()));
        QVERIFY(!status->text().contains(kKey));
    }

    void ollamaFoundOnThisMachine()
    {
        ApiKeyStore keys;
        ProvidersDialog dialog(ProviderRegistry::withDemo(), &keys);
        dialog.setOllamaModels({QStringLiteral("llama3.2:latest"), QStringLiteral("qwen2.5:7b")});
        auto *presets = dialog.findChild<QComboBox *>(QStringLiteral("presetCombo"));
        QCOMPARE(presets->currentData().toString(), QStringLiteral("ollama")); // offered first
        QVERIFY(presets->currentText().contains(QLatin1String("2 model")));
        dialog.addFromPreset(QStringLiteral("ollama"));
        // registry() returns a copy: keep it, or the pointer dangles (ASan: heap-use-after-free).
        const ProviderRegistry ollamaRegistry = dialog.registry();
        const ProviderConfig *ollama = ollamaRegistry.find(QStringLiteral("Ollama (local)"));
        QVERIFY(ollama);
        QCOMPARE(ollama->models, (QStringList{QStringLiteral("llama3.2:latest"), QStringLiteral("qwen2.5:7b")}));
        QCOMPARE(ollama->baseUrl, QStringLiteral("http://127.0.0.1:11434"));
    }

    void importMergesAndRemoveWorks()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("in.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"providers\":[{\"name\":\"claude\",\"kind\":\"anthropic\",\"models\":[\"claude-haiku-4-5\"]},"
                   "{\"name\":\"local\",\"kind\":\"ollama\"}]}");
        file.close();
        ApiKeyStore keys;
        ProvidersDialog dialog(ProviderRegistry::withDemo(), &keys);
        QString error;
        QVERIFY2(dialog.importFile(file.fileName(), &error), qPrintable(error));
        QCOMPARE(dialog.providerCount(), 3);
        // registry() returns a copy: keep it, or the pointer dangles (ASan: heap-use-after-free).
        const ProviderRegistry claudeRegistry = dialog.registry();
        const ProviderConfig *claude = claudeRegistry.find(QStringLiteral("claude"));
        QVERIFY(claude);
        QCOMPARE(claude->baseUrl, QStringLiteral("https://api.anthropic.com"));
        QCOMPARE(claude->prices.value(QStringLiteral("claude-haiku-4-5")).outputPerMTok, 5.0); // known endpoint: prices
        QVERIFY(!dialog.importFile(dir.filePath(QStringLiteral("missing.json")), &error));

        dialog.selectProvider(2);
        dialog.findChild<QPushButton *>(QStringLiteral("removeButton"))->click();
        QCOMPARE(dialog.providerCount(), 2);
        QVERIFY(!dialog.registry().find(QStringLiteral("local")));

        // A bad base URL is caught on OK, the dialog stays open.
        dialog.selectProvider(1);
        dialog.findChild<QLineEdit *>(QStringLiteral("baseUrlEdit"))->setText(QStringLiteral("not a url"));
        QTimer::singleShot(0, &dialog, [&dialog] {
            for (QWidget *widget : QApplication::topLevelWidgets()) {
                if (auto *box = qobject_cast<QMessageBox *>(widget))
                    box->accept();
            }
        });
        QTimer::singleShot(50, &dialog, [] {
            for (QWidget *widget : QApplication::topLevelWidgets()) {
                if (auto *box = qobject_cast<QMessageBox *>(widget))
                    box->accept();
            }
        });
        dialog.accept();
        QVERIFY(dialog.result() != int(QDialog::Accepted));
    }
};

QTEST_MAIN(TestGuiProvidersDialog)
#include "tst_gui_providers_dialog.moc"
