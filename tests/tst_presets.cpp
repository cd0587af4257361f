// SPDX-License-Identifier: MIT
// The preset catalogue and the price snapshot: both come from the engine's resources (which
// must initialise inside a static library), the user can extend presets and edit prices.
#include "PresetCatalog.h"
#include "PriceTable.h"
#include "ProviderRegistry.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

class TestPresets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PromptGridTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_presets"));
        QFile::remove(PresetCatalog::userPresetsPath());
    }

    void resourcesInitialiseFromTheStaticLibrary()
    {
        QVERIFY(QFile::exists(QStringLiteral(":/providers/presets.json")));
        QVERIFY(QFile::exists(QStringLiteral(":/providers/prices.json")));
        const PriceTable prices = PriceTable::builtIn();
        QVERIFY(!prices.isEmpty());
        QVERIFY(QDate::fromString(prices.asOf(), Qt::ISODate).isValid());
        QVERIFY(prices.note().contains(QLatin1String("snapshot")));
    }

    void everyPresetIsThere_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("baseUrl");
        QTest::addColumn<QString>("keyVariable");
        const auto row = [](const char *id, const char *kind, const char *url, const char *env) {
            QTest::newRow(id) << QString::fromLatin1(id) << QString::fromLatin1(kind) << QString::fromLatin1(url) << QString::fromLatin1(env);
        };
        row("openai", "openai", "https://api.openai.com/v1", "OPENAI_API_KEY");
        row("openrouter", "openai", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY");
        row("groq", "openai", "https://api.groq.com/openai/v1", "GROQ_API_KEY");
        row("mistral", "openai", "https://api.mistral.ai/v1", "MISTRAL_API_KEY");
        row("deepseek", "openai", "https://api.deepseek.com", "DEEPSEEK_API_KEY");
        row("together", "openai", "https://api.together.xyz/v1", "TOGETHER_API_KEY");
        row("xai", "openai", "https://api.x.ai/v1", "XAI_API_KEY");
        row("lmstudio", "openai", "http://127.0.0.1:1234/v1", "");
        row("llamacpp", "openai", "http://127.0.0.1:8080/v1", "");
        row("vllm", "openai", "http://127.0.0.1:8000/v1", "");
        row("anthropic", "anthropic", "https://api.anthropic.com", "ANTHROPIC_API_KEY");
        row("gemini", "gemini", "https://generativelanguage.googleapis.com", "GEMINI_API_KEY");
        row("ollama", "ollama", "http://127.0.0.1:11434", "");
        // The Responses API of the servers that serve it.
        row("openai-responses", "openai-responses", "https://api.openai.com/v1", "OPENAI_API_KEY");
        row("openrouter-responses", "openai-responses", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY");
        row("ollama-responses", "openai-responses", "http://127.0.0.1:11434/v1", "");
        row("lmstudio-responses", "openai-responses", "http://127.0.0.1:1234/v1", "");
    }
    void everyPresetIsThere()
    {
        QFETCH(QString, id);
        QFETCH(QString, kind);
        QFETCH(QString, baseUrl);
        QFETCH(QString, keyVariable);
        const PresetCatalog catalog = PresetCatalog::builtIn();
        QCOMPARE(catalog.presets().size(), 17);
        const ProviderPreset *preset = catalog.find(id);
        QVERIFY(preset);
        QCOMPARE(providerKindName(preset->kind), kind);
        QCOMPARE(preset->baseUrl, baseUrl);
        QCOMPARE(preset->apiKeyEnv, keyVariable);
        if (!preset->local)
            QVERIFY(!preset->models.isEmpty());
        // The SDK default base URL of each kind is the preset's.
        if (id == kind)
            QCOMPARE(ProviderConfig::defaultBaseUrl(preset->kind), baseUrl);
    }

    void wellKnownModelsHavePrices()
    {
        const PresetCatalog catalog = PresetCatalog::builtIn();
        const PriceTable prices = PriceTable::builtIn();
        for (const char *id : {"openai", "anthropic", "gemini", "deepseek", "groq", "mistral", "xai", "openrouter", "together"}) {
            const ProviderPreset *preset = catalog.find(QLatin1String(id));
            QVERIFY(preset);
            int priced = 0;
            for (const QString &model : preset->models)
                priced += prices.builtInPrice(preset->id, model).has_value();
            QVERIFY2(priced > 0, id);
        }
        const auto sonnet = prices.builtInPrice(QStringLiteral("anthropic"), QStringLiteral("claude-sonnet-4-5"));
        QVERIFY(sonnet);
        QCOMPARE(sonnet->inputPerMTok, 3.0);
        QCOMPARE(sonnet->outputPerMTok, 15.0);
    }

    void makeProviderFromPreset()
    {
        const PresetCatalog catalog = PresetCatalog::builtIn();
        const PriceTable prices = PriceTable::builtIn();
        const ProviderConfig config = catalog.makeProvider(QStringLiteral("groq"), &prices);
        QCOMPARE(config.name, QStringLiteral("Groq"));
        QCOMPARE(config.kind, ProviderKind::OpenAI);
        QCOMPARE(config.apiKeyEnv, QStringLiteral("GROQ_API_KEY"));
        QVERIFY(config.prices.contains(QStringLiteral("llama-3.3-70b-versatile")));
        const auto cost = config.costUsd(QStringLiteral("llama-3.3-70b-versatile"), 1'000'000, 1'000'000);
        QVERIFY(cost);
        QCOMPARE(*cost, 0.59 + 0.79);
        QVERIFY(!config.costUsd(QStringLiteral("unknown-model"), 10, 10)); // empty, not 0
    }

    void matchByBaseUrl()
    {
        const PresetCatalog catalog = PresetCatalog::builtIn();
        ProviderConfig config;
        config.kind = ProviderKind::OpenAI;
        config.baseUrl = QStringLiteral("https://API.openai.com:443/v1/");
        QVERIFY(catalog.match(config));
        QCOMPARE(catalog.match(config)->id, QStringLiteral("openai"));
        config.baseUrl = QStringLiteral("http://localhost:1234/v1");
        QCOMPARE(catalog.match(config)->id, QStringLiteral("lmstudio"));
        config.baseUrl = QStringLiteral("https://example.com/v1");
        QVERIFY(!catalog.match(config));
        config.kind = ProviderKind::Anthropic;
        config.baseUrl = QStringLiteral("https://api.openai.com/v1"); // kind must match too
        QVERIFY(!catalog.match(config));
    }

    void cliModeKeepsOwnPrices()
    {
        QString error;
        auto registry = ProviderRegistry::fromJson(
            "{\"providers\":[{\"name\":\"oa\",\"kind\":\"openai\"},"
            "{\"name\":\"own\",\"kind\":\"anthropic\",\"prices\":{\"claude-sonnet-4-5\":{\"input_per_mtok\":1,\"output_per_mtok\":2}}},"
            "{\"name\":\"local\",\"kind\":\"openai\",\"base_url\":\"http://127.0.0.1:9/v1\"}]}",
            &error);
        QVERIFY2(registry, qPrintable(error));
        PresetCatalog::builtIn().applyPrices(*registry, PriceTable::builtIn(), PriceTable::ApplyMode::OnlyWhenNoPrices);
        QCOMPARE(registry->find(QStringLiteral("oa"))->prices.value(QStringLiteral("gpt-4o-mini")).inputPerMTok, 0.15);
        const ProviderConfig *own = registry->find(QStringLiteral("own"));
        QCOMPARE(own->prices.size(), 1);
        QCOMPARE(own->prices.value(QStringLiteral("claude-sonnet-4-5")).inputPerMTok, 1.0);
        QVERIFY(registry->find(QStringLiteral("local"))->prices.isEmpty());
    }

    void userPresetsMergeOverBuiltIns()
    {
        QDir().mkpath(QFileInfo(PresetCatalog::userPresetsPath()).absolutePath());
        QFile file(PresetCatalog::userPresetsPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"presets\":[{\"id\":\"groq\",\"name\":\"Groq (mine)\",\"kind\":\"openai\",\"base_url\":\"https://api.groq.com/openai/v1\","
                   "\"api_key_env\":\"MY_GROQ\",\"models\":[\"x\"]},"
                   "{\"id\":\"corp\",\"name\":\"Corporate gateway\",\"kind\":\"openai\",\"base_url\":\"https://llm.example.com/v1\"}]}");
        file.close();
        QString warning;
        PresetCatalog catalog = PresetCatalog::load(&warning);
        QVERIFY2(warning.isEmpty(), qPrintable(warning));
        QCOMPARE(catalog.presets().size(), 18);
        QCOMPARE(catalog.find(QStringLiteral("groq"))->apiKeyEnv, QStringLiteral("MY_GROQ"));
        QVERIFY(catalog.find(QStringLiteral("groq"))->fromUser);
        QCOMPARE(catalog.find(QStringLiteral("corp"))->name, QStringLiteral("Corporate gateway"));

        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{not json");
        file.close();
        catalog = PresetCatalog::load(&warning);
        QCOMPARE(catalog.presets().size(), 17); // broken user file: built-ins only, and a warning
        QVERIFY(warning.contains(QLatin1String("presets.json")));
        QFile::remove(PresetCatalog::userPresetsPath());
    }

    void userPricesPersistInSettings()
    {
        QSettings settings;
        PriceTable table = PriceTable::builtIn();
        table.setUserPrice(QStringLiteral("OpenAI"), QStringLiteral("gpt-4o-mini"), ModelPrice{0.2, 0.7});
        table.setUserPrice(QStringLiteral("OpenRouter"), QStringLiteral("meta-llama/llama-3.3-70b-instruct"), ModelPrice{0.1, 0.3});
        table.saveUserPrices(settings);
        settings.sync();

        PriceTable reloaded = PriceTable::builtIn();
        reloaded.loadUserPrices(settings);
        QCOMPARE(reloaded.userPrice(QStringLiteral("OpenAI"), QStringLiteral("gpt-4o-mini"))->outputPerMTok, 0.7);
        QCOMPARE(reloaded.userPrice(QStringLiteral("OpenRouter"), QStringLiteral("meta-llama/llama-3.3-70b-instruct"))->inputPerMTok, 0.1);

        ProviderConfig config = PresetCatalog::builtIn().makeProvider(QStringLiteral("openai"), &reloaded);
        QCOMPARE(config.prices.value(QStringLiteral("gpt-4o-mini")).inputPerMTok, 0.2); // the user's price wins
        QCOMPARE(config.prices.value(QStringLiteral("gpt-4o")).inputPerMTok, 2.5);      // built-in elsewhere

        reloaded.removeUserPrice(QStringLiteral("OpenAI"), QStringLiteral("gpt-4o-mini"));
        reloaded.removeUserPrice(QStringLiteral("OpenRouter"), QStringLiteral("meta-llama/llama-3.3-70b-instruct"));
        reloaded.saveUserPrices(settings);
        QVERIFY(!settings.contains(QStringLiteral("prices/user")));
    }
};

QTEST_GUILESS_MAIN(TestPresets)
#include "tst_presets.moc"
