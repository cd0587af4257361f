// SPDX-License-Identifier: MIT
// Numbers and versions from hostile inputs: every numeric flag of the real promptgrid-cli,
// .promptgrid settings and model parameters, providers JSON numbers, prices and base URLs are
// finite and within their documented ranges (a usage error naming the flag or the file and
// field, nothing sent); temperatures within each provider's range; files from a newer
// PromptGrid refused; costs never infinite.
#include "CliProcess.h"
#include "ComparisonFile.h"
#include "FakeLlmServer.h"
#include "PriceTable.h"
#include "ProviderRegistry.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

class TestInputValidation : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    FakeLlmServer *m_server = nullptr;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QString writeFile(const QString &name, const QByteArray &data) const
    {
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path(name)));
        file.write(data);
        return file.fileName();
    }

    QString providers(const QString &kind = QStringLiteral("openai"), const QString &extra = {}) const
    {
        return writeFile(QStringLiteral("providers.json"),
                         QStringLiteral(R"({"providers":[{"name":"local","kind":"%1","base_url":"%2"%3}]})")
                             .arg(kind, m_server->baseUrl(kind == QLatin1String("openai") ? QStringLiteral("/v1") : QString()).toString(), extra)
                             .toUtf8());
    }

    /// A usage error: exit 2, one line naming \a expected, no CSV and no request sent.
    void expectUsageError(const QStringList &arguments, const QString &expected)
    {
        const QString out = path(QStringLiteral("out.csv"));
        QFile::remove(out);
        const int before = m_server->requestCount();
        const CliProcess::Result r = CliProcess::run(arguments + QStringList{QStringLiteral("--out"), out});
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode == 2, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(QString::fromUtf8(r.err))));
        QVERIFY2(QString::fromUtf8(r.err).contains(expected), qPrintable(QString::fromUtf8(r.err)));
        QVERIFY(!QFile::exists(out));
        QCOMPARE(m_server->requestCount(), before);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void init()
    {
        m_server = new FakeLlmServer(this);
        QVERIFY(m_server->listen());
        m_server->setHandler([](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral("fine")}); });
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void numericFlags_data()
    {
        QTest::addColumn<QString>("flag");
        QTest::addColumn<QString>("value");
        const QList<std::pair<const char *, QStringList>> cases{
            {"--temperature", {QStringLiteral("nan"), QStringLiteral("inf"), QStringLiteral("-5"), QStringLiteral("101"), QStringLiteral("hot")}},
            {"--timeout", {QStringLiteral("nan"), QStringLiteral("inf"), QStringLiteral("0.0004"), QStringLiteral("0"), QStringLiteral("-1"),
                           QStringLiteral("86401")}},
            {"--repeat", {QStringLiteral("0"), QStringLiteral("10001"), QStringLiteral("1.5"), QStringLiteral("nan"), QStringLiteral("1e3")}},
            {"--concurrency", {QStringLiteral("0"), QStringLiteral("100001"), QStringLiteral("nan"), QStringLiteral("-3")}},
            {"--max-tokens", {QStringLiteral("0"), QStringLiteral("10000001"), QStringLiteral("nan"), QStringLiteral("2.5")}},
            {"--retries", {QStringLiteral("0"), QStringLiteral("101"), QStringLiteral("nan"), QStringLiteral("inf")}},
        };
        for (const auto &[flag, values] : cases) {
            for (const QString &value : values)
                QTest::addRow("%s %s", flag, qPrintable(value)) << QString::fromLatin1(flag) << value;
        }
    }

    void numericFlags()
    {
        QFETCH(QString, flag);
        QFETCH(QString, value);
        expectUsageError({QStringLiteral("--providers"), providers(), QStringLiteral("--model"), QStringLiteral("local/m"),
                          QStringLiteral("--prompt"), QStringLiteral("x"), flag, value},
                         flag + QStringLiteral(" must be"));
    }

    void numericFlagsAtTheirLimitsRun()
    {
        // The documented bounds themselves are accepted (a small --timeout still limits).
        const QString out = path(QStringLiteral("limits.csv"));
        const CliProcess::Result r = CliProcess::run({QStringLiteral("--providers"), providers(), QStringLiteral("--model"), QStringLiteral("local/m"),
                                              QStringLiteral("--prompt"), QStringLiteral("x"), QStringLiteral("--temperature"),
                                              QStringLiteral("2"), QStringLiteral("--timeout"), QStringLiteral("0.1"),
                                              QStringLiteral("--retries"), QStringLiteral("100"), QStringLiteral("--max-tokens"),
                                              QStringLiteral("1"), QStringLiteral("--concurrency"), QStringLiteral("100000"),
                                              QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.err.constData());
        QVERIFY(QFile::exists(out));
        QVERIFY(m_server->requestCount() >= 1);
        QCOMPARE(m_server->requests().first().json().value(QLatin1String("temperature")).toDouble(), 2.0);
    }

    void temperatureWithinEachProvidersRange_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("temperature");
        QTest::addColumn<bool>("accepted");
        QTest::addRow("openai 2") << QStringLiteral("openai") << QStringLiteral("2") << true;
        QTest::addRow("openai 2.5") << QStringLiteral("openai") << QStringLiteral("2.5") << false;
        QTest::addRow("anthropic 1") << QStringLiteral("anthropic") << QStringLiteral("1") << true;
        QTest::addRow("anthropic 1.5") << QStringLiteral("anthropic") << QStringLiteral("1.5") << false;
        QTest::addRow("gemini 2.1") << QStringLiteral("gemini") << QStringLiteral("2.1") << false;
        QTest::addRow("ollama 5") << QStringLiteral("ollama") << QStringLiteral("5") << true;
    }

    void temperatureWithinEachProvidersRange()
    {
        QFETCH(QString, kind);
        QFETCH(QString, temperature);
        QFETCH(bool, accepted);
        const QStringList arguments{QStringLiteral("--providers"), providers(kind), QStringLiteral("--model"), QStringLiteral("local/m"),
                                    QStringLiteral("--prompt"), QStringLiteral("x"), QStringLiteral("--temperature"), temperature,
                                    QStringLiteral("--timeout"), QStringLiteral("2")};
        if (!accepted) {
            expectUsageError(arguments, QStringLiteral("--temperature: model local/m: temperature %1 is outside the range %2 accepts")
                                            .arg(temperature, kind));
            return;
        }
        // Any key will do for the fake server; without one no request would go out.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("ANTHROPIC_API_KEY"), QStringLiteral("test-key"));
        environment.insert(QStringLiteral("GEMINI_API_KEY"), QStringLiteral("test-key"));
        const CliProcess::Result r =
            CliProcess::run(arguments + QStringList{QStringLiteral("--out"), path(QStringLiteral("t.csv"))}, environment);
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode != 2, r.err.constData());
        QCOMPARE(m_server->requestCount(), 1);
        // Top level (OpenAI, Anthropic), or in Ollama's "options".
        const QJsonObject body = m_server->requests().first().json();
        const QJsonValue sent = body.contains(QLatin1String("options")) ? body.value(QLatin1String("options")).toObject().value(QLatin1String("temperature"))
                                                                        : body.value(QLatin1String("temperature"));
        QCOMPARE(sent.toDouble(), temperature.toDouble());
    }

    void paramsProblemPerKind()
    {
        ProviderConfig config;
        RequestParams params;
        params.temperature = 1.5;
        for (const auto &[kind, ok] : {std::pair{ProviderKind::OpenAI, true}, std::pair{ProviderKind::Anthropic, false},
                                       std::pair{ProviderKind::Gemini, true}, std::pair{ProviderKind::Ollama, true},
                                       std::pair{ProviderKind::Demo, true}}) {
            config.kind = kind;
            QCOMPARE(config.paramsProblem(params).isEmpty(), ok);
        }
        config.kind = ProviderKind::Ollama;
        params.temperature = -0.1;
        QVERIFY(config.paramsProblem(params).contains(QLatin1String("ollama")));
        params.temperature = std::nan("");
        QVERIFY(!config.paramsProblem(params).isEmpty());
        params.temperature.reset();
        QVERIFY(config.paramsProblem(params).isEmpty());
    }

    void comparisonFileNumbers_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray head = R"({"format":"promptgrid-comparison","version":1,"prompts":["hi"],)";
        QTest::addRow("temperature -5") << head + R"("models":[{"provider":"local","model":"m","temperature":-5}]})"
                                        << QStringLiteral("models[0].temperature is -5 but must be a number from 0 to 100");
        QTest::addRow("temperature 1e300") << head + R"("models":[{"provider":"local","model":"m","temperature":1e300}]})"
                                           << QStringLiteral("models[0].temperature is 1e+300");
        QTest::addRow("top_p 2") << head + R"("models":[{"provider":"local","model":"m","top_p":2}]})"
                                 << QStringLiteral("models[0].top_p is 2 but must be a number from 0 to 1");
        QTest::addRow("max_tokens 1e300") << head + R"("models":[{"provider":"local","model":"m","max_tokens":1e300}]})"
                                          << QStringLiteral("models[0].max_tokens must be a whole number");
        QTest::addRow("repeats 10000000000") << head + R"("models":[],"settings":{"repeats":10000000000}})"
                                             << QStringLiteral("settings.repeats must be from 1 to 10000");
        QTest::addRow("concurrency 1.5") << head + R"("models":[],"settings":{"concurrency":1.5}})"
                                         << QStringLiteral("settings.concurrency must be a whole number");
        QTest::addRow("timeout -1") << head + R"("models":[],"settings":{"timeout_seconds":-1}})"
                                    << QStringLiteral("settings.timeout_seconds must be from 0 to 86400");
        QTest::addRow("negative tokens in a result")
            << head + R"("models":[{"provider":"local","model":"m"}],"results":[{"row":0,"column":0,"sample":0,"status":"ok","input_tokens":-4}]})"
            << QStringLiteral("results[0].input_tokens must not be negative");
        QTest::addRow("huge cost in a result")
            << head + R"("models":[{"provider":"local","model":"m"}],"results":[{"row":0,"column":0,"sample":0,"status":"ok","cost_usd":1e308}]})"
            << QStringLiteral("results[0].cost_usd is 1e+308");
        QTest::addRow("check length 1e300") << head + R"("models":[],"checks":{"run":[{"kind":"length","min_length":1e300}]}})"
                                            << QStringLiteral("checks.run[0].min_length must be a whole number");
        QTest::addRow("check length negative") << head + R"("models":[],"checks":{"columns":{"0":[{"kind":"length","max_length":-2}]}}})"
                                               << QStringLiteral("checks.columns.0[0].max_length must not be negative");
        for (const char *version : {"2147483648", "4294967297", "1e10", "2"}) {
            QTest::addRow("version %s", version)
                << QByteArray(R"({"format":"promptgrid-comparison","version":)") + version + R"(,"prompts":["hi"],"models":[]})"
                << QStringLiteral("saved by a newer PromptGrid");
        }
    }

    void comparisonFileNumbers()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const QString file = writeFile(QStringLiteral("bad.promptgrid"), json);
        QString error;
        QVERIFY(!ComparisonFile::fromJson(json, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        // The CLI names the file and the field.
        expectUsageError({QStringLiteral("--providers"), providers(), QStringLiteral("--comparison"), file},
                         file + QStringLiteral(": "));
        expectUsageError({QStringLiteral("--providers"), providers(), QStringLiteral("--comparison"), file}, expected);
    }

    void comparisonTemperatureOutsideItsProvidersRange()
    {
        const QString file = writeFile(QStringLiteral("anthropic.promptgrid"),
                                       R"({"format":"promptgrid-comparison","version":1,"prompts":["hi"],
                                           "models":[{"provider":"local","model":"m","temperature":1.5}]})");
        expectUsageError({QStringLiteral("--providers"), providers(QStringLiteral("anthropic")), QStringLiteral("--comparison"), file},
                         file + QStringLiteral(": models[0]: model local/m: temperature 1.5 is outside the range anthropic accepts (0 to 1)"));
    }

    void providersNumbers_data()
    {
        QTest::addColumn<QString>("extra");
        QTest::addColumn<QString>("expected");
        QTest::addRow("price 1e308") << QStringLiteral(R"(,"prices":{"m":{"input_per_mtok":1e308,"output_per_mtok":1}})")
                                     << QStringLiteral("provider \"local\": field \"prices.m\" needs numbers input_per_mtok and output_per_mtok from 0 to 100000");
        QTest::addRow("price negative") << QStringLiteral(R"(,"prices":{"m":{"input_per_mtok":1,"output_per_mtok":-0.5}})")
                                        << QStringLiteral("field \"prices.m\"");
        QTest::addRow("max_concurrency 1e300") << QStringLiteral(R"(,"max_concurrency":1e300)")
                                               << QStringLiteral("field \"max_concurrency\" must be a whole number >= 1");
        QTest::addRow("requests_per_minute -1e300") << QStringLiteral(R"(,"requests_per_minute":-1e300)")
                                                    << QStringLiteral("field \"requests_per_minute\" must be a whole number >= 0");
    }

    void providersNumbers()
    {
        QFETCH(QString, extra);
        QFETCH(QString, expected);
        const QString file = providers(QStringLiteral("openai"), extra);
        expectUsageError({QStringLiteral("--providers"), file, QStringLiteral("--model"), QStringLiteral("local/m"), QStringLiteral("--prompt"),
                          QStringLiteral("x")},
                         expected);
    }

    void baseUrlWithQueryOrFragment_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::addRow("query and fragment") << QStringLiteral("/v1?x=1#frag");
        QTest::addRow("query") << QStringLiteral("/v1?key=abc");
        QTest::addRow("fragment") << QStringLiteral("/v1#top");
    }

    void baseUrlWithQueryOrFragment()
    {
        QFETCH(QString, suffix);
        const QString file = writeFile(QStringLiteral("query.json"),
                                       QStringLiteral(R"({"providers":[{"name":"withquery","kind":"openai","base_url":"%1%2"}]})")
                                           .arg(m_server->baseUrl().toString(), suffix)
                                           .toUtf8());
        expectUsageError({QStringLiteral("--providers"), file, QStringLiteral("--model"), QStringLiteral("withquery/m"),
                          QStringLiteral("--prompt"), QStringLiteral("x")},
                         QStringLiteral("provider \"withquery\": field \"base_url\" must not have a query (?...) or a fragment (#...)"));
    }

    void costIsNeverInfinite()
    {
        // A price that slipped past validation (set in code) still cannot make a cost infinite.
        ProviderConfig config;
        config.prices.insert(QStringLiteral("m"), ModelPrice{1e308, 1e308});
        QVERIFY(!config.costUsd(QStringLiteral("m"), 1'000'000, 1'000'000));
        config.prices.insert(QStringLiteral("m"), ModelPrice{ModelPrice::kMaxPerMTok, ModelPrice::kMaxPerMTok});
        const auto cost = config.costUsd(QStringLiteral("m"), 2'000'000, 0);
        QVERIFY(cost && std::isfinite(*cost));
        QCOMPARE(*cost, 200'000.0);
        QVERIFY(!ModelPrice::isValidPrice(std::nan("")));
        QVERIFY(!ModelPrice::isValidPrice(INFINITY));
        QVERIFY(!ModelPrice::isValidPrice(-1));
        QVERIFY(!ModelPrice::isValidPrice(ModelPrice::kMaxPerMTok * 2));
        QVERIFY(ModelPrice::isValidPrice(0) && ModelPrice::isValidPrice(ModelPrice::kMaxPerMTok));
    }

    void savedUserPricesAreValidatedToo()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        settings.setValue(QStringLiteral("prices/user"),
                          QByteArray(R"({"local":{"huge":{"input_per_mtok":1e308,"output_per_mtok":1},"ok":{"input_per_mtok":2,"output_per_mtok":3}}})"));
        PriceTable table;
        table.loadUserPrices(settings);
        QVERIFY(!table.userPrice(QStringLiteral("local"), QStringLiteral("huge")));
        QVERIFY(table.userPrice(QStringLiteral("local"), QStringLiteral("ok")));
    }
};

QTEST_GUILESS_MAIN(TestInputValidation)
#include "tst_input_validation.moc"
