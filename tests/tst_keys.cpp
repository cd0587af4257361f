// SPDX-License-Identifier: MIT
// API keys: the keychain-unavailable path (no Secret Service on a test machine), the
// environment fallback, keys with control characters refused everywhere, and a known test key
// absent from everything the engine writes, even when every wire format's server echoes it.
#include "ApiKeyStore.h"
#include "FakeLlmServer.h"
#include "FaultRun.h"
#include "KeychainStore.h"
#include "ModelLister.h"
#include "OllamaProbe.h"
#include "PlanBuilder.h"
#include "PriceTable.h"
#include "ProviderRegistry.h"
#include "ProviderStreams.h"
#include "Scheduler.h"
#include "SecretMask.h"

#include <QCoroTask>
#include <QDirIterator>
#include <QFile>
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

const QByteArray kInjecting = QByteArrayLiteral("sk-abc\r\nX-Injected: yes\r\nHost: evil");
const QStringList kKinds{QStringLiteral("openai"), QStringLiteral("anthropic"), QStringLiteral("gemini"), QStringLiteral("ollama")};

struct CliOutcome {
    int exitCode = -1;
    QByteArray output; ///< stderr, then stdout
};

CliOutcome runCli(const QStringList &arguments, const QProcessEnvironment &env)
{
    QProcess cli;
    cli.setProcessEnvironment(env);
    QSignalSpy finished(&cli, &QProcess::finished);
    cli.start(QStringLiteral(PROMPTGRID_CLI_PATH), arguments);
    if (!finished.wait(30'000)) {
        cli.kill();
        cli.waitForFinished();
    }
    CliOutcome outcome;
    outcome.exitCode = cli.exitStatus() == QProcess::NormalExit ? cli.exitCode() : -1;
    outcome.output = cli.readAllStandardError() + cli.readAllStandardOutput();
    return outcome;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QStringList filesUnder(const QString &dir)
{
    QStringList paths;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        paths.append(it.next());
    return paths;
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

    void keyEchoedByEveryFormatReachesNoFileOrOutput()
    {
        FakeLlmServer elsewhere;
        QVERIFY(elsewhere.listen());
        std::vector<std::unique_ptr<FakeLlmServer>> servers;
        QStringList entries;
        QStringList arguments;
        for (const QString &kind : kKinds) {
            auto server = std::make_unique<FakeLlmServer>();
            QVERIFY(server->listen());
            const QUrl target = elsewhere.baseUrl(QStringLiteral("/moved"));
            server->setHandler([kind, target](const RecordedRequest &request) {
                return ProviderStreams::keyEchoingAnswer(kind, request, kKey, target);
            });
            const QString &name = kind;
            entries.append(QStringLiteral("{\"name\":\"%1\",\"kind\":\"%2\",\"base_url\":\"%3\",\"api_key_env\":\"PG_SECRET\"}")
                               .arg(name, kind, server->baseUrl(kind == QLatin1String("openai") ? QStringLiteral("/v1") : QString()).toString()));
            arguments << QStringLiteral("--model") << name + QStringLiteral("/m");
            servers.push_back(std::move(server));
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString providers = dir.filePath(QStringLiteral("providers.json"));
        QVERIFY(writeFile(providers, QStringLiteral("{\"providers\":[%1]}").arg(entries.join(QLatin1Char(','))).toUtf8()));
        for (const char *prompt : {"echo-401", "echo-stream", "echo-header", "echo-answer"})
            arguments << QStringLiteral("--prompt") << QString::fromLatin1(prompt);
        arguments << QStringLiteral("--providers") << providers << QStringLiteral("--retries") << QStringLiteral("1")
                  << QStringLiteral("--out") << dir.filePath(QStringLiteral("out.csv")) << QStringLiteral("--json")
                  << dir.filePath(QStringLiteral("out.json")) << QStringLiteral("--jsonl") << dir.filePath(QStringLiteral("out.jsonl"))
                  << QStringLiteral("--markdown") << dir.filePath(QStringLiteral("out.md")) << QStringLiteral("--history")
                  << dir.filePath(QStringLiteral("history.sqlite"));

        // Whatever the CLI might write under the user's folders lands in the temporary one.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PG_SECRET"), kKey);
        env.insert(QStringLiteral("HOME"), dir.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("qt.network.*=true"));
        const CliOutcome run = runCli(arguments, env);
        QCOMPARE(run.exitCode, 1); // the echoing cells fail; the answers are ok
        QVERIFY2(!run.output.contains(kKey.toUtf8()), "the key leaked into the CLI's output");
        for (const auto &server : servers) {
            QCOMPARE(server->requestCount(), 4);
            QVERIFY(!server->requests().first().headerLines.isEmpty());
        }
        QCOMPARE(elsewhere.requestCount(), 0); // the 302 of a POST is refused

        // Every file, the history database and its -wal included, holds no key; the messages
        // around the key are kept.
        const QStringList paths = filesUnder(dir.path());
        QVERIFY2(paths.contains(dir.filePath(QStringLiteral("history.sqlite"))), qPrintable(paths.join(QLatin1Char(' '))));
        for (const QString &path : paths) {
            QFile file(path);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
            const QByteArray bytes = file.readAll();
            QVERIFY2(!bytes.contains(kKey.toUtf8()), qPrintable(path));
            QVERIFY2(!bytes.contains(QByteArray(reinterpret_cast<const char *>(kKey.utf16()), kKey.size() * 2)), qPrintable(path));
        }
        QFile csvFile(dir.filePath(QStringLiteral("out.csv")));
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QByteArray csv = csvFile.readAll();
        const QByteArray hidden = SecretMask::maskText().toUtf8();
        QCOMPARE(csv.count("Your key is " + hidden + ", keep it safe."), 4);
        QCOMPARE(csv.count("Incorrect API key provided: " + hidden + " (sent as Authorization: Bearer " + hidden + ")"), 4);
        QCOMPARE(csv.count("the key " + hidden + " was revoked"), 4);
        QCOMPARE(csv.count("?key=" + hidden), 4);
        for (const char *name : {"out.json", "out.jsonl", "out.md"}) {
            QFile file(dir.filePath(QLatin1String(name)));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(file.readAll().contains("Your key is " + hidden), name);
        }
    }

    void modelListsAndTheProbeMaskTheKey()
    {
        const QByteArray key = kKey.toUtf8();
        for (const QString &kind : kKinds) {
            FakeLlmServer server;
            QVERIFY(server.listen());
            server.enqueue(FakeResponse::jsonError(401, "{\"error\":{\"message\":\"bad key " + key + "\"}}"));
            server.enqueue(FakeResponse::json(kind == QLatin1String("gemini") ? "{\"models\":[{\"name\":\"models/" + key + "\"}]}"
                                              : kind == QLatin1String("ollama") ? "{\"models\":[{\"name\":\"" + key + "\"}]}"
                                                                                 : "{\"data\":[{\"id\":\"" + key + "\"}]}"));
            ModelLister lister;
            ProviderConfig config = provider(QStringLiteral("p"), server.baseUrl(kind == QLatin1String("openai") ? QStringLiteral("/v1") : QString()).toString());
            config.kind = *providerKindFromName(kind);
            const ModelListResult failed = QCoro::waitFor(lister.fetch(config, kKey));
            QVERIFY(!failed.ok());
            QVERIFY2(failed.error.contains(QStringLiteral("bad key ") + SecretMask::maskText()), qPrintable(kind));
            const ModelListResult listed = QCoro::waitFor(lister.fetch(config, kKey));
            QVERIFY2(listed.ok(), qPrintable(listed.error));
            QCOMPARE(listed.models.size(), 1);
            QVERIFY2(!listed.models.first().contains(kKey), qPrintable(kind));
        }
        // The probe sends no key; a key-shaped name a server lists is still hidden.
        FakeLlmServer ollama;
        QVERIFY(ollama.listen());
        ollama.enqueue(FakeResponse::json("{\"models\":[{\"name\":\"llama3\"},{\"name\":\"sk-proj-0123456789abcdefghijKLMNOP\"}]}"));
        OllamaProbe probe;
        probe.setBaseUrl(ollama.baseUrl().toString());
        QSignalSpy probed(&probe, &OllamaProbe::finished);
        probe.start();
        QVERIFY(probed.wait(5000));
        QCOMPARE(probe.models(), (QStringList{QStringLiteral("llama3"), SecretMask::maskText()}));
    }

    void cleanKey_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QString>("clean"); // empty: refused
        QTest::addColumn<QString>("named");
        QTest::addRow("trailing newline") << QStringLiteral("sk-abc-123\n") << QStringLiteral("sk-abc-123") << QString();
        QTest::addRow("spaces and CRLF around") << QStringLiteral("  sk-abc-123\r\n") << QStringLiteral("sk-abc-123") << QString();
        QTest::addRow("header injection") << QString::fromLatin1(kInjecting) << QString() << QStringLiteral("carriage return");
        QTest::addRow("line feed inside") << QStringLiteral("sk-a\nb") << QString() << QStringLiteral("line feed");
        QTest::addRow("NUL") << QStringLiteral("sk-a") + QChar(0) + QStringLiteral("b") << QString() << QStringLiteral("NUL");
        QTest::addRow("tab inside") << QStringLiteral("sk-a\tb") << QString() << QStringLiteral("tab");
        QTest::addRow("escape") << QStringLiteral("sk-a\x1b[0mb") << QString() << QStringLiteral("U+001B");
        QTest::addRow("DEL") << QStringLiteral("sk-a\x7f") + QStringLiteral("b") << QString() << QStringLiteral("DEL");
        QTest::addRow("C1") << QStringLiteral("sk-a") + QChar(0x9b) + QStringLiteral("b") << QString() << QStringLiteral("U+009B");
    }

    void cleanKey()
    {
        QFETCH(QString, raw);
        QFETCH(QString, clean);
        QFETCH(QString, named);
        QString problem;
        QCOMPARE(ApiKeyStore::cleanKey(raw, &problem), clean);
        QCOMPARE(problem.isEmpty(), named.isEmpty());
        QVERIFY2(problem.contains(named), qPrintable(problem));
        QVERIFY(!problem.contains(QLatin1String("sk-a")));
    }

    void keychainKeyWithControlCharacterIsNotUsed()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        Scheduler scheduler;
        scheduler.setProviders(FaultRun::providers({{QStringLiteral("p"), server.baseUrl(QStringLiteral("/v1")).toString()}}));
        scheduler.setLimits(FaultRun::fastLimits());
        // What KeychainStore does with a key it reads back (ApiKeyStore::setKey).
        scheduler.keys().setKey(QStringLiteral("p"), QString::fromLatin1(kInjecting));
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("hi")}, FaultRun::columns({QStringLiteral("p")}), 1, {}));
        QVERIFY(finished.wait(5000));
        const CellResult &result = scheduler.result(0);
        QCOMPARE(cellStatusName(result.status), QStringLiteral("error"));
        QVERIFY2(result.error.contains(QLatin1String("control character (carriage return")), qPrintable(result.error));
        QVERIFY2(result.error.contains(QLatin1String("Settings > Providers")), qPrintable(result.error));
        QVERIFY(!result.error.contains(QLatin1String("sk-abc")) && !result.error.contains(QLatin1String("X-Injected")));
        QCOMPARE(server.requestCount(), 0);

        // The model list refuses it too, before sending anything.
        ModelLister lister;
        const ModelListResult listed = QCoro::waitFor(lister.fetch(provider(QStringLiteral("p"), server.baseUrl(QStringLiteral("/v1")).toString()),
                                                                   QString::fromLatin1(kInjecting)));
        QVERIFY2(listed.error.contains(QLatin1String("control character")), qPrintable(listed.error));
        QCOMPARE(server.requestCount(), 0);

        // A usable key in the environment does not silently stand in for the refused one.
        qputenv("PG_KEYS_FALLBACK", "sk-from-the-environment-1");
        const ProviderConfig withEnv = provider(QStringLiteral("p"), QString(), QStringLiteral("PG_KEYS_FALLBACK"));
        QVERIFY(scheduler.keys().key(withEnv).isEmpty());
        QVERIFY(scheduler.keys().missingKeyReason(withEnv).contains(QLatin1String("control character")));
        qunsetenv("PG_KEYS_FALLBACK");

        // A key typed again replaces the refused one.
        scheduler.keys().setKey(QStringLiteral("p"), QStringLiteral(" sk-abc-fine-123\n"));
        QCOMPARE(scheduler.keys().key(provider(QStringLiteral("p"), QString())), QStringLiteral("sk-abc-fine-123"));
        QVERIFY(scheduler.keys().keyProblem(provider(QStringLiteral("p"), QString())).isEmpty());
    }

    void keychainStoreRefusesAKeyWithControlCharacters()
    {
        ApiKeyStore keys;
        KeychainStore store(&keys);
        store.setTimeoutMs(1500);
        QSignalSpy stored(&store, &KeychainStore::keyStored);
        store.storeKey(QStringLiteral("Groq"), QString::fromLatin1(kInjecting));
        QVERIFY(stored.wait(3000));
        QCOMPARE(stored.first().at(1).toBool(), false);
        QVERIFY2(stored.first().at(2).toString().contains(QLatin1String("control character")), qPrintable(stored.first().at(2).toString()));
        QVERIFY(!keys.hasStoredKey(QStringLiteral("Groq")));
    }

    void cliRefusesAKeyWithControlCharacters()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        QTemporaryDir dir;
        const QString providers = dir.filePath(QStringLiteral("providers.json"));
        QVERIFY(writeFile(providers, QStringLiteral("{\"providers\":[{\"name\":\"p\",\"kind\":\"openai\",\"base_url\":\"%1/v1\",\"api_key_env\":\"PG_INJECTING_KEY\"}]}")
                                         .arg(server.baseUrl().toString())
                                         .toUtf8()));
        const QStringList arguments{QStringLiteral("--providers"), providers, QStringLiteral("--model"), QStringLiteral("p/m"),
                                    QStringLiteral("--prompt"), QStringLiteral("hi"), QStringLiteral("--out"), dir.filePath(QStringLiteral("out.csv"))};
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PG_INJECTING_KEY"), QString::fromLatin1(kInjecting));
        const CliOutcome refused = runCli(arguments, env);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.output.contains("PG_INJECTING_KEY") && refused.output.contains("control character"), refused.output.constData());
        QVERIFY(!refused.output.contains("sk-abc") && !refused.output.contains("X-Injected"));
        QCOMPARE(refused.output.count('\n'), 1); // one line
        QCOMPARE(server.requestCount(), 0);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("out.csv"))));

        // A key pasted with its trailing newline is trimmed, and works.
        env.insert(QStringLiteral("PG_INJECTING_KEY"), QStringLiteral("sk-abc-trailing-newline-1\n"));
        const CliOutcome trimmed = runCli(arguments, env);
        QCOMPARE(trimmed.exitCode, 0);
        QCOMPARE(server.requestCount(), 1);
        const RecordedRequest request = server.requests().first();
        QVERIFY(request.headers.value("authorization") == "Bearer sk-abc-trailing-newline-1");
        for (const QByteArray &line : request.headerLines)
            QVERIFY2(!line.startsWith("X-Injected") && !line.startsWith("Host: evil"), line.constData());
        QCOMPARE(request.method, QByteArray("POST"));
        QVERIFY(request.json().contains(QLatin1String("messages"))); // the body arrived as the body
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
