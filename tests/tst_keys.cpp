// SPDX-License-Identifier: MIT
// API keys: the keychain-unavailable path (no Secret Service on a test machine), the
// environment fallback, and a known test key absent from everything the engine writes.
#include "ApiKeyStore.h"
#include "FakeLlmServer.h"
#include "KeychainStore.h"
#include "PriceTable.h"
#include "ProviderRegistry.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kKey = QStringLiteral("sk-test-SECRET-1234");

QStringList g_messages;
QtMessageHandler g_previous = nullptr;

void captureMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_messages.append(message);
    if (g_previous)
        g_previous(type, context, message);
}

ProviderConfig provider(const QString &name, const QString &baseUrl, const QString &env = {})
{
    ProviderConfig config;
    config.name = name;
    config.kind = ProviderKind::OpenAI;
    config.baseUrl = baseUrl;
    config.apiKeyEnv = env;
    return config;
}
} // namespace

class TestKeys : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // No session bus and no desktop: whatever runs this test, the keychain is unreachable.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/promptgrid-test-bus");
        qunsetenv("XDG_CURRENT_DESKTOP");
        qunsetenv("DESKTOP_SESSION");
        qunsetenv("KDE_FULL_SESSION");
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PromptGridTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_keys"));
        g_previous = qInstallMessageHandler(captureMessages);
    }

    void keychainUnavailableIsReportedOnce()
    {
        ApiKeyStore keys;
        KeychainStore store(&keys);
        store.setTimeoutMs(2000);
        QSignalSpy unavailable(&store, &KeychainStore::unavailable);
        QSignalSpy loaded(&store, &KeychainStore::keysLoaded);
        QElapsedTimer clock;
        clock.start();
        store.loadKeys({QStringLiteral("OpenAI"), QStringLiteral("Anthropic")});
        QVERIFY(loaded.wait(4000)); // never hangs
        QVERIFY(clock.elapsed() < 3500);
        QCOMPARE(loaded.first().at(0).toInt(), 0);
        QCOMPARE(unavailable.size(), 1);
        QVERIFY(!unavailable.first().at(0).toString().isEmpty());
        QVERIFY(store.isUnavailable());

        // A key typed now is kept for the session in memory, and the store says where it is.
        QSignalSpy stored(&store, &KeychainStore::keyStored);
        store.storeKey(QStringLiteral("OpenAI"), kKey);
        QVERIFY(stored.wait(3000));
        QCOMPARE(stored.first().at(0).toString(), QStringLiteral("OpenAI"));
        QCOMPARE(stored.first().at(1).toBool(), false);
        QCOMPARE(keys.key(provider(QStringLiteral("OpenAI"), QStringLiteral("https://api.openai.com/v1"))), kKey);
        QCOMPARE(unavailable.size(), 1); // said once, not on every key

        QSignalSpy removed(&store, &KeychainStore::keyRemoved);
        store.removeKey(QStringLiteral("OpenAI"));
        QVERIFY(removed.wait(3000));
        QVERIFY(!keys.hasStoredKey(QStringLiteral("OpenAI")));
    }

    void writeWithoutLoadStillEndsInTime()
    {
        ApiKeyStore keys;
        KeychainStore store(&keys);
        store.setTimeoutMs(1500);
        QSignalSpy stored(&store, &KeychainStore::keyStored);
        QSignalSpy unavailable(&store, &KeychainStore::unavailable);
        store.storeKey(QStringLiteral("Groq"), kKey);
        QVERIFY(stored.wait(3000));
        QCOMPARE(stored.first().at(1).toBool(), false);
        QCOMPARE(unavailable.size(), 1);
        QVERIFY(keys.hasStoredKey(QStringLiteral("Groq"))); // memory only
    }

    void environmentFallback()
    {
        ApiKeyStore keys;
        qputenv("PG_KEYS_TEST_VAR", kKey.toUtf8());
        qputenv("ANTHROPIC_API_KEY", "sk-ant-test-env");
        qputenv("GEMINI_API_KEY", "");
        qputenv("GOOGLE_API_KEY", "google-test-env");
        const ProviderConfig own = provider(QStringLiteral("own"), QStringLiteral("http://127.0.0.1:9/v1"), QStringLiteral("PG_KEYS_TEST_VAR"));
        QCOMPARE(keys.key(own), kKey);
        ProviderConfig anthropic = provider(QStringLiteral("claude"), QStringLiteral("https://api.anthropic.com"));
        anthropic.kind = ProviderKind::Anthropic;
        QCOMPARE(keys.key(anthropic), QStringLiteral("sk-ant-test-env")); // well-known variable
        ProviderConfig gemini = provider(QStringLiteral("gem"), QStringLiteral("https://generativelanguage.googleapis.com"));
        gemini.kind = ProviderKind::Gemini;
        QCOMPARE(keys.key(gemini), QStringLiteral("google-test-env")); // GEMINI_API_KEY empty, then GOOGLE_API_KEY

        // A key from the keychain (in memory after load) comes first.
        keys.setKey(QStringLiteral("claude"), QStringLiteral("from-keychain"));
        QCOMPARE(keys.key(anthropic), QStringLiteral("from-keychain"));

        // Missing: the reason names the variables, never a key.
        qunsetenv("PG_KEYS_TEST_VAR");
        const QString reason = keys.missingKeyReason(own);
        QVERIFY(reason.contains(QLatin1String("PG_KEYS_TEST_VAR")));
        QVERIFY(!reason.contains(kKey));
        qunsetenv("ANTHROPIC_API_KEY");
        qunsetenv("GOOGLE_API_KEY");
    }

    void keyAbsentFromEveryWrittenFile()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        // The server echoes a masked key in its error, as OpenAI does; the first cell fails.
        server.enqueue(FakeResponse::jsonError(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-test-***1234.\",\"type\":\"invalid_request_error\"}}"));
        server.enqueue(FakeResponse::openAiStream({QStringLiteral("fine")}));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile providers(dir.filePath(QStringLiteral("providers.json")));
        QVERIFY(providers.open(QIODevice::WriteOnly));
        providers.write(QStringLiteral("{\"providers\":[{\"name\":\"p\",\"kind\":\"openai\",\"base_url\":\"%1/v1\",\"api_key_env\":\"PG_SECRET\"}]}")
                            .arg(server.baseUrl().toString())
                            .toUtf8());
        providers.close();

        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PG_SECRET"), kKey);
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("qt.network.*=true")); // Qt's own logs too
        cli.setProcessEnvironment(env);
        QSignalSpy finished(&cli, &QProcess::finished);
        cli.start(QStringLiteral(PROMPTGRID_CLI_PATH),
                  {QStringLiteral("--providers"), providers.fileName(), QStringLiteral("--model"), QStringLiteral("p/m1"),
                   QStringLiteral("--model"), QStringLiteral("p/m2"), QStringLiteral("--prompt"), QStringLiteral("hi"),
                   QStringLiteral("--out"), dir.filePath(QStringLiteral("out.csv")), QStringLiteral("--json"),
                   dir.filePath(QStringLiteral("out.json")), QStringLiteral("--retries"), QStringLiteral("1"),
                   QStringLiteral("--concurrency"), QStringLiteral("1")});
        QVERIFY(finished.wait(15000));
        const QByteArray output = cli.readAllStandardError() + cli.readAllStandardOutput();
        QVERIFY2(!output.contains(kKey.toUtf8()), "the key leaked into the CLI's output");
        QVERIFY(server.requests().first().headers.value("authorization").contains(kKey.toUtf8())); // it was sent

        // Prices the user edited go to QSettings; keys never do.
        {
            QSettings settings;
            PriceTable table;
            table.setUserPrice(QStringLiteral("p"), QStringLiteral("m1"), ModelPrice{1, 2});
            table.saveUserPrices(settings);
            settings.sync();
        }
        int files = 0;
        QDirIterator it(dir.path(), QDir::Files, QDirIterator::Subdirectories);
        QStringList paths;
        while (it.hasNext())
            paths.append(it.next());
        paths.append(QSettings().fileName());
        for (const QString &path : std::as_const(paths)) {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                continue;
            ++files;
            QVERIFY2(!file.readAll().contains(kKey.toUtf8()), qPrintable(path));
        }
        QVERIFY(files >= 4); // providers.json, out.csv, out.json, the settings file
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("out.csv"))));
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(g_previous);
        for (const QString &message : std::as_const(g_messages))
            QVERIFY2(!message.contains(kKey), "the key leaked into this test's own log output");
    }
};

QTEST_GUILESS_MAIN(TestKeys)
#include "tst_keys.moc"
