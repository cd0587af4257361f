// SPDX-License-Identifier: MIT
// promptgrid-cli's flags on their own (CliOptions): each flag's value as parsed, and each usage
// error, without reading a file or starting a run.
#include "CliOptions.h"

#include <QTest>

namespace {
const QStringList kRequired{QStringLiteral("--model"), QStringLiteral("p/m"), QStringLiteral("--prompt"), QStringLiteral("x"),
                            QStringLiteral("--out"), QStringLiteral("out.csv")};

std::optional<CliOptions> parse(const QStringList &flags, QString *error)
{
    return CliOptions::parse(QStringList{QStringLiteral("promptgrid-cli")} + flags, error);
}

CliOptions parseOk(const QStringList &flags)
{
    QString error;
    const std::optional<CliOptions> options = parse(flags, &error);
    if (!options)
        qWarning("unexpected usage error: %s", qPrintable(error));
    return options.value_or(CliOptions());
}
} // namespace

class TestCliOptions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void minimalRun()
    {
        QString error;
        const std::optional<CliOptions> options = parse(kRequired, &error);
        QVERIFY2(options, qPrintable(error));
        QCOMPARE(options->action, CliOptions::Action::Run);
        QCOMPARE(options->models.size(), 1);
        QCOMPARE(options->models.first().provider, QStringLiteral("p"));
        QCOMPARE(options->models.first().model, QStringLiteral("m"));
        QCOMPARE(options->prompts, QStringList{QStringLiteral("x")});
        QCOMPARE(options->outPath, QStringLiteral("out.csv"));
        // Everything else unset: the defaults (and a saved comparison's settings) apply.
        QVERIFY(!options->providersPath && !options->comparisonPath && !options->promptsPath && !options->varsPath);
        QVERIFY(!options->system && !options->historyPath);
        QVERIFY(!options->repeat && !options->concurrency && !options->timeoutSeconds && !options->attempts);
        QVERIFY(!options->spendCapUsd);
        QCOMPARE(options->params, RequestParams());
        QVERIFY(options->jsonPath.isEmpty() && options->jsonlPath.isEmpty() && options->markdownPath.isEmpty());
        QVERIFY(!options->csv.byteOrderMark);
        QVERIFY(options->csv.protectFormulas);
        QVERIFY(!options->largePlanConfirmed);
    }

    void everyFlagParses()
    {
        const CliOptions o = parseOk({QStringLiteral("--providers"), QStringLiteral("prov.json"),
                                      QStringLiteral("--model"), QStringLiteral("openrouter/openai/gpt-4o"),
                                      QStringLiteral("--model"), QStringLiteral("demo/echo"),
                                      QStringLiteral("--prompt"), QStringLiteral("one"), QStringLiteral("--prompt"), QStringLiteral("two"),
                                      QStringLiteral("--out"), QStringLiteral("r.csv"), QStringLiteral("--json"), QStringLiteral("r.json"),
                                      QStringLiteral("--jsonl"), QStringLiteral("r.jsonl"), QStringLiteral("--markdown"), QStringLiteral("r.md"),
                                      QStringLiteral("--history"), QStringLiteral("h.db"), QStringLiteral("--repeat"), QStringLiteral("3"),
                                      QStringLiteral("--concurrency"), QStringLiteral("7"), QStringLiteral("--timeout"), QStringLiteral("2.5"),
                                      QStringLiteral("--retries"), QStringLiteral("5"), QStringLiteral("--system"), QString(),
                                      QStringLiteral("--temperature"), QStringLiteral("0.7"), QStringLiteral("--max-tokens"), QStringLiteral("64"),
                                      QStringLiteral("--csv-bom"), QStringLiteral("--csv-raw"), QStringLiteral("--vars"), QStringLiteral("v.csv"),
                                      QStringLiteral("--comparison"), QStringLiteral("c.promptgrid"), QStringLiteral("--spend-cap"), QStringLiteral("0"),
                                      QStringLiteral("--yes"), QStringLiteral("--reasoning"), QStringLiteral("xhigh"),
                                      QStringLiteral("--reasoning-budget"), QStringLiteral("8192")});
        QCOMPARE(o.providersPath.value_or(QString()), QStringLiteral("prov.json"));
        QCOMPARE(o.models.size(), 2);
        // split at the first slash
        QCOMPARE(o.models.at(0).provider, QStringLiteral("openrouter"));
        QCOMPARE(o.models.at(0).model, QStringLiteral("openai/gpt-4o"));
        QCOMPARE(o.models.at(1).model, QStringLiteral("echo"));
        QCOMPARE(o.prompts, (QStringList{QStringLiteral("one"), QStringLiteral("two")}));
        QCOMPARE(o.outPath, QStringLiteral("r.csv"));
        QCOMPARE(o.jsonPath, QStringLiteral("r.json"));
        QCOMPARE(o.jsonlPath, QStringLiteral("r.jsonl"));
        QCOMPARE(o.markdownPath, QStringLiteral("r.md"));
        QCOMPARE(o.historyPath.value_or(QString()), QStringLiteral("h.db"));
        QCOMPARE(o.repeat.value_or(0), 3);
        QCOMPARE(o.concurrency.value_or(0), 7);
        QCOMPARE(o.timeoutSeconds.value_or(0), 2.5);
        QCOMPARE(o.attempts.value_or(0), 5);
        // An empty --system is given (it replaces a comparison's system prompt with none).
        QVERIFY(o.system.has_value());
        QVERIFY(o.system->isEmpty());
        QCOMPARE(o.params.temperature.value_or(-1), 0.7);
        QCOMPARE(o.params.maxTokens.value_or(0), 64);
        QCOMPARE(o.params.reasoning, ReasoningLevel::XHigh);
        QCOMPARE(o.params.reasoningBudget.value_or(0), 8192);
        QVERIFY(o.csv.byteOrderMark);
        QVERIFY(!o.csv.protectFormulas);
        QCOMPARE(o.varsPath.value_or(QString()), QStringLiteral("v.csv"));
        QCOMPARE(o.comparisonPath.value_or(QString()), QStringLiteral("c.promptgrid"));
        QCOMPARE(o.spendCapUsd.value_or(-1), 0.0);
        QVERIFY(o.largePlanConfirmed);
    }

    void boundsAreAccepted_data()
    {
        QTest::addColumn<QString>("flag");
        QTest::addColumn<QString>("value");
        QTest::addRow("temperature 0") << QStringLiteral("--temperature") << QStringLiteral("0");
        QTest::addRow("temperature 100") << QStringLiteral("--temperature") << QStringLiteral("100");
        QTest::addRow("max-tokens 1") << QStringLiteral("--max-tokens") << QStringLiteral("1");
        QTest::addRow("max-tokens 10000000") << QStringLiteral("--max-tokens") << QStringLiteral("10000000");
        QTest::addRow("repeat 10000") << QStringLiteral("--repeat") << QStringLiteral("10000");
        QTest::addRow("concurrency 100000") << QStringLiteral("--concurrency") << QStringLiteral("100000");
        QTest::addRow("timeout 0.1") << QStringLiteral("--timeout") << QStringLiteral("0.1");
        QTest::addRow("timeout 86400") << QStringLiteral("--timeout") << QStringLiteral("86400");
        QTest::addRow("retries 1") << QStringLiteral("--retries") << QStringLiteral("1");
        QTest::addRow("retries 100") << QStringLiteral("--retries") << QStringLiteral("100");
        QTest::addRow("spend-cap 12.5") << QStringLiteral("--spend-cap") << QStringLiteral("12.5");
        for (const char *level : {"none", "minimal", "low", "medium", "high", "xhigh", "max"})
            QTest::addRow("reasoning %s", level) << QStringLiteral("--reasoning") << QString::fromLatin1(level);
        QTest::addRow("reasoning-budget 0") << QStringLiteral("--reasoning-budget") << QStringLiteral("0");
        QTest::addRow("reasoning-budget 10000000") << QStringLiteral("--reasoning-budget") << QStringLiteral("10000000");
    }
    void boundsAreAccepted()
    {
        QFETCH(QString, flag);
        QFETCH(QString, value);
        QString error;
        QVERIFY2(parse(kRequired + QStringList{flag, value}, &error), qPrintable(error));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<QString>("expected");
        const QStringList base = kRequired;
        QTest::addRow("unknown flag") << base + QStringList{QStringLiteral("--bogus")} << QStringLiteral("Unknown option 'bogus'.");
        QTest::addRow("flag without its value") << QStringList{QStringLiteral("--model"), QStringLiteral("p/m"), QStringLiteral("--prompt"),
                                                               QStringLiteral("x"), QStringLiteral("--out")}
                                                << QStringLiteral("Missing value after '--out'.");
        QTest::addRow("positional argument") << base + QStringList{QStringLiteral("stray")} << QStringLiteral("unexpected argument \"stray\"");
        for (const char *value : {"hot", "nan", "inf", "-0.5", "100.5"})
            QTest::addRow("temperature %s", value) << base + QStringList{QStringLiteral("--temperature"), QLatin1String(value)}
                                                   << QStringLiteral("--temperature must be a number from 0 to 2 (Anthropic 0 to 1, Ollama up to 100)");
        for (const char *value : {"0", "10000001", "2.5", "nan"})
            QTest::addRow("max-tokens %s", value) << base + QStringList{QStringLiteral("--max-tokens"), QLatin1String(value)}
                                                  << QStringLiteral("--max-tokens must be a whole number from 1 to 10000000");
        for (const char *value : {"justamodel", "/m", "p/"})
            QTest::addRow("model %s", value) << QStringList{QStringLiteral("--model"), QLatin1String(value), QStringLiteral("--prompt"),
                                                            QStringLiteral("x"), QStringLiteral("--out"), QStringLiteral("o.csv")}
                                             << QStringLiteral("--model \"%1\" must look like PROVIDER/MODEL").arg(QLatin1String(value));
        QTest::addRow("no model") << QStringList{QStringLiteral("--prompt"), QStringLiteral("x"), QStringLiteral("--out"), QStringLiteral("o.csv")}
                                  << QStringLiteral("give at least one --model PROVIDER/MODEL");
        QTest::addRow("prompt and prompts") << base + QStringList{QStringLiteral("--prompts"), QStringLiteral("p.txt")}
                                            << QStringLiteral("give either --prompt or --prompts, not both");
        QTest::addRow("no prompt") << QStringList{QStringLiteral("--model"), QStringLiteral("p/m"), QStringLiteral("--out"), QStringLiteral("o.csv")}
                                   << QStringLiteral("give at least one --prompt TEXT or a --prompts FILE");
        QTest::addRow("no out") << QStringList{QStringLiteral("--model"), QStringLiteral("p/m"), QStringLiteral("--prompt"), QStringLiteral("x")}
                                << QStringLiteral("--out RESULTS.csv is required");
        QTest::addRow("empty out") << QStringList{QStringLiteral("--model"), QStringLiteral("p/m"), QStringLiteral("--prompt"), QStringLiteral("x"),
                                                  QStringLiteral("--out"), QString()}
                                   << QStringLiteral("--out RESULTS.csv is required");
        for (const char *value : {"0", "10001", "1.5", "1e3"})
            QTest::addRow("repeat %s", value) << base + QStringList{QStringLiteral("--repeat"), QLatin1String(value)}
                                              << QStringLiteral("--repeat must be a whole number from 1 to 10000");
        for (const char *value : {"0", "100001", "-3"})
            QTest::addRow("concurrency %s", value) << base + QStringList{QStringLiteral("--concurrency"), QLatin1String(value)}
                                                   << QStringLiteral("--concurrency must be a whole number from 1 to 100000");
        for (const char *value : {"0", "0.0004", "86401", "inf", "soon"})
            QTest::addRow("timeout %s", value) << base + QStringList{QStringLiteral("--timeout"), QLatin1String(value)}
                                               << QStringLiteral("--timeout must be a number of seconds from 0.1 to 86400");
        for (const char *value : {"0", "101", "nan"})
            QTest::addRow("retries %s", value) << base + QStringList{QStringLiteral("--retries"), QLatin1String(value)}
                                               << QStringLiteral("--retries must be a whole number from 1 to 100");
        QTest::addRow("both bom flags") << base + QStringList{QStringLiteral("--csv-bom"), QStringLiteral("--no-csv-bom")}
                                        << QStringLiteral("give either --csv-bom or --no-csv-bom, not both");
        for (const char *value : {"-1", "nan", "inf", "lots"})
            QTest::addRow("spend-cap %s", value) << base + QStringList{QStringLiteral("--spend-cap"), QLatin1String(value)}
                                                 << QStringLiteral("--spend-cap must be a number of US dollars >= 0");
        for (const char *value : {"HIGH", "extreme", "", "1"})
            QTest::addRow("reasoning '%s'", value)
                << base + QStringList{QStringLiteral("--reasoning"), QLatin1String(value)}
                << QStringLiteral("--reasoning must be one of none, minimal, low, medium, high, xhigh, max, not \"%1\"").arg(QLatin1String(value));
        for (const char *value : {"-1", "10000001", "4k", "1.5", "nan"})
            QTest::addRow("reasoning-budget %s", value) << base + QStringList{QStringLiteral("--reasoning-budget"), QLatin1String(value)}
                                                        << QStringLiteral("--reasoning-budget must be a whole number of tokens from 0 to 10000000");
    }
    void usageErrors()
    {
        QFETCH(QStringList, flags);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!parse(flags, &error));
        QCOMPARE(error, expected);
    }

    void comparisonStandsInForModelsAndPrompts()
    {
        // Its models and prompts are read later; the flags alone are complete.
        const CliOptions o = parseOk({QStringLiteral("--comparison"), QStringLiteral("c.promptgrid"), QStringLiteral("--out"), QStringLiteral("o.csv")});
        QCOMPARE(o.action, CliOptions::Action::Run);
        QVERIFY(o.models.isEmpty());
        QVERIFY(o.prompts.isEmpty());
        QCOMPARE(o.comparisonPath.value_or(QString()), QStringLiteral("c.promptgrid"));
    }

    void noCsvBomAloneIsTheDefault()
    {
        const CliOptions o = parseOk(kRequired + QStringList{QStringLiteral("--no-csv-bom")});
        QVERIFY(!o.csv.byteOrderMark);
    }

    void helpAndVersionNeedNothingElse()
    {
        QString error;
        const std::optional<CliOptions> help = parse({QStringLiteral("--help")}, &error);
        QVERIFY(help);
        QCOMPARE(help->action, CliOptions::Action::ShowHelp);
        QVERIFY(help->helpText.contains(QLatin1String("--spend-cap")));
        const std::optional<CliOptions> version = parse({QStringLiteral("--version")}, &error);
        QVERIFY(version);
        QCOMPARE(version->action, CliOptions::Action::ShowVersion);
    }
};

QTEST_GUILESS_MAIN(TestCliOptions)
#include "tst_cli_options.moc"
