// SPDX-License-Identifier: MIT
// .promptgrid files: round trips with and without results, model configurations kept apart,
// clear errors for bad files, and saved model sets.
#include "ComparisonDocument.h"
#include "ComparisonFile.h"
#include "ModelSetStore.h"
#include "PlanBuilder.h"
#include "RecentFiles.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
ModelColumn model(const QString &provider, const QString &name, const QString &label, std::optional<double> temperature)
{
    ModelColumn column;
    column.provider = provider;
    column.model = name;
    column.label = label;
    column.params.temperature = temperature;
    return column;
}

Comparison sampleComparison()
{
    Comparison c;
    c.prompts = {{QStringLiteral("capital"), QStringLiteral("Capital of {{country}}?"), std::nullopt},
                 {QString(), QStringLiteral("Describe {{country}}\nin \"two\" lines"), QStringLiteral("Be terse.")}};
    c.system = QStringLiteral("You are a {{role}}.");
    c.variables = VariablesTable({QStringLiteral("country"), QStringLiteral("role")},
                                 {{QStringLiteral("France"), QStringLiteral("teacher")},
                                  {QStringLiteral("Perú"), QStringLiteral("guide, local")}});
    ModelColumn cold = model(QStringLiteral("openai"), QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o T=0"), 0.0);
    cold.params.seed = 42;
    cold.params.maxTokens = 256;
    cold.params.topP = 0.9;
    cold.params.stop = {QStringLiteral("\n\n"), QStringLiteral("END")};
    ModelColumn hot = model(QStringLiteral("openai"), QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o T=1"), 1.0);
    hot.params.systemOverride = QStringLiteral("Answer in French.");
    c.models = {cold, hot, model(QStringLiteral("demo"), QStringLiteral("echo"), QString(), std::nullopt)};
    c.settings.repeats = 3;
    c.settings.concurrency = 4;
    c.settings.timeoutSeconds = 30;
    c.settings.retries = 2;
    return c;
}

CellResult finishedResult(int i)
{
    CellResult r;
    r.status = i % 5 == 4 ? CellStatus::Error : CellStatus::Ok;
    r.text = QStringLiteral("answer %1 | with, \"quotes\"\nand a newline").arg(i);
    r.reasoning = i % 2 ? QStringLiteral("thinking %1").arg(i) : QString();
    r.error = r.status == CellStatus::Error ? QStringLiteral("HTTP 500") : QString();
    r.httpStatus = r.status == CellStatus::Error ? 500 : 200;
    r.queueWaitMs = i;
    r.ttftMs = 100 + i;
    r.latencyMs = 900 + i;
    r.inputTokens = 12;
    r.outputTokens = i % 3 ? std::optional<qint64>(40 + i) : std::nullopt;
    r.finishReason = QStringLiteral("stop");
    r.costUsd = i % 2 ? std::optional<double>(0.000123 * i) : std::nullopt;
    r.attempts = 1 + i % 2;
    r.startedAt = QDateTime(QDate(2026, 11, 26), QTime(14, 0, 0, i), Qt::UTC);
    r.finishedAt = r.startedAt.addMSecs(900 + i);
    return r;
}
} // namespace

class TestComparisonFile : public QObject
{
    Q_OBJECT
    QString m_error;
private Q_SLOTS:
    void roundTripWithoutResults()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("test.promptgrid"));
        const Comparison original = sampleComparison();
        QString error;
        QVERIFY2(ComparisonFile::save(original, path, &error), qPrintable(error));
        const auto loaded = ComparisonFile::load(path, &error);
        QVERIFY2(loaded, qPrintable(error));
        QVERIFY(*loaded == original);
        // human readable: indented, with the format name and version up front
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("\n    \"format\": \"promptgrid-comparison\""));
        QVERIFY(text.contains("\"version\": 1"));
        QVERIFY(!text.contains("\"results\""));
    }

    void roundTripWithResults()
    {
        Comparison original = sampleComparison();
        QString error;
        const auto plan = PlanBuilder::fromComparison(original, &error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->cellCount(), 2 * 2 * 3 * 3);
        std::vector<CellResult> results;
        for (int i = 0; i < plan->cellCount(); ++i)
            results.push_back(finishedResult(i));
        original.setResults(*plan, results);
        QCOMPARE(original.results.size(), 36);
        QCOMPARE(original.results.at(5).row, 0);
        QCOMPARE(original.results.at(5).column, 1);
        QCOMPARE(original.results.at(5).sample, 2);

        const auto loaded = ComparisonFile::fromJson(ComparisonFile::toJson(original), &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->results.size(), 36);
        for (qsizetype i = 0; i < 36; ++i)
            QVERIFY2(loaded->results.at(i) == original.results.at(i), qPrintable(QString::number(i)));
        QVERIFY(*loaded == original);
        const auto plan2 = PlanBuilder::fromComparison(*loaded, &error);
        QVERIFY2(plan2, qPrintable(error));
        QVERIFY(loaded->resultsFor(*plan2) == results);

        // saving without results drops them and nothing else
        const auto bare = ComparisonFile::fromJson(ComparisonFile::toJson(original, false), &error);
        QVERIFY2(bare, qPrintable(error));
        QVERIFY(bare->results.isEmpty());
        Comparison expected = original;
        expected.results.clear();
        QVERIFY(*bare == expected);
    }

    void sameModelTwiceStaysTwoColumns()
    {
        const auto loaded = ComparisonFile::fromJson(ComparisonFile::toJson(sampleComparison()), &m_error);
        QVERIFY(loaded);
        QCOMPARE(loaded->models.size(), 3);
        QCOMPARE(loaded->models.at(0).model, loaded->models.at(1).model);
        QCOMPARE(loaded->models.at(0).displayName(), QStringLiteral("gpt-4o T=0"));
        QCOMPARE(loaded->models.at(1).displayName(), QStringLiteral("gpt-4o T=1"));
        QCOMPARE(loaded->models.at(0).params.temperature.value_or(-1), 0.0);
        QCOMPARE(loaded->models.at(1).params.temperature.value_or(-1), 1.0);
        QCOMPARE(loaded->models.at(0).params.seed.value_or(-1), 42);
        QCOMPARE(loaded->models.at(0).params.stop, QStringList({QStringLiteral("\n\n"), QStringLiteral("END")}));
        QVERIFY(!loaded->models.at(0).params.systemOverride);
        QCOMPARE(loaded->models.at(1).params.systemOverride.value_or(QString()), QStringLiteral("Answer in French."));
        QVERIFY(!loaded->models.at(2).params.temperature);
        QCOMPARE(loaded->models.at(2).displayName(), QStringLiteral("demo/echo"));
        QString error;
        const auto plan = PlanBuilder::fromComparison(*loaded, &error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->columns.size(), 3);
        QCOMPARE(plan->columns.at(1).label, QStringLiteral("gpt-4o T=1"));
    }

    void badFiles_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("expected");
        QTest::addRow("not json") << QByteArray("hello") << QStringLiteral("invalid JSON at byte");
        QTest::addRow("array") << QByteArray("[]") << QStringLiteral("JSON object");
        QTest::addRow("other format") << QByteArray(R"({"format":"promptgrid-results","version":1})")
                                      << QStringLiteral("\"format\" must be \"promptgrid-comparison\"");
        QTest::addRow("no version") << QByteArray(R"({"format":"promptgrid-comparison"})") << QStringLiteral("\"version\"");
        QTest::addRow("newer") << QByteArray(R"({"format":"promptgrid-comparison","version":7,"prompts":[],"models":[]})")
                               << QStringLiteral("newer PromptGrid (file version 7");
        QTest::addRow("no prompts") << QByteArray(R"({"format":"promptgrid-comparison","version":1,"models":[]})")
                                    << QStringLiteral("\"prompts\" must be an array");
        QTest::addRow("prompt text") << QByteArray(R"({"format":"promptgrid-comparison","version":1,"prompts":[{"text":3}],"models":[]})")
                                     << QStringLiteral("prompts[0].text must be a string");
        QTest::addRow("model provider")
            << QByteArray(R"({"format":"promptgrid-comparison","version":1,"prompts":[],"models":[{"provider":"a","model":"b"},{"model":"x"}]})")
            << QStringLiteral("models[1] needs \"provider\"");
        QTest::addRow("temperature")
            << QByteArray(R"({"format":"promptgrid-comparison","version":1,"prompts":[],"models":[{"provider":"a","model":"b","temperature":"hot"}]})")
            << QStringLiteral("models[0].temperature must be a number");
        QTest::addRow("repeats")
            << QByteArray(R"({"format":"promptgrid-comparison","version":1,"prompts":[],"models":[],"settings":{"repeats":0}})")
            << QStringLiteral("settings.repeats must be from 1");
        QTest::addRow("variables")
            << QByteArray(R"({"format":"promptgrid-comparison","version":1,"prompts":[],"models":[],"variables":{"names":["a","a"]}})")
            << QStringLiteral("variables.names");
        QTest::addRow("variables per prompt")
            << QByteArray(R"({"format":"promptgrid-comparison","version":1,"prompts":[],"models":[],"variables_per_prompt":"yes"})")
            << QStringLiteral("\"variables_per_prompt\" must be true or false");
        QTest::addRow("result status")
            << QByteArray(R"({"format":"promptgrid-comparison","version":1,"prompts":[],"models":[],"results":[{"row":0,"column":0,"sample":0,"status":"great"}]})")
            << QStringLiteral("results[0].status \"great\"");
    }
    void badFiles()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!ComparisonFile::fromJson(data, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void pairedPromptsRunAsAPromptsFile()
    {
        // The Prompts tab's way, kept in the file: prompt i with test case i alone, and braces
        // as written when there are no variables.
        Comparison comparison;
        comparison.prompts = {{QString(), QStringLiteral("About {{topic}}"), std::nullopt},
                              {QString(), QStringLiteral("More {{topic}}"), std::nullopt}};
        comparison.variables = VariablesTable({QStringLiteral("topic")}, {{QStringLiteral("cats")}, {QStringLiteral("dogs")}});
        comparison.variablesPerPrompt = true;
        comparison.models = {ModelColumn{QStringLiteral("demo"), QStringLiteral("echo"), {}, {}}};
        QString error;
        const auto reread = ComparisonFile::fromJson(ComparisonFile::toJson(comparison), &error);
        QVERIFY2(reread, qPrintable(error));
        QVERIFY(reread->variablesPerPrompt);
        QCOMPARE(*reread, comparison);
        auto plan = PlanBuilder::fromComparison(*reread, &error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->rows.size(), 2);
        QCOMPARE(plan->rows.at(1).prompt, QStringLiteral("More dogs"));
        QCOMPARE(plan->rows.at(1).label, QStringLiteral("#2 · case 2"));
        QCOMPARE(PlanBuilder::sizeOf(*reread).cells, qint64(2));
        // The same prompts the matrix way: every prompt for every test case.
        comparison.variablesPerPrompt = false;
        QCOMPARE(PlanBuilder::fromComparison(comparison, &error)->rows.size(), 4);
        // No variables: as written, paired; an error the matrix way.
        comparison.variables = VariablesTable();
        QVERIFY(!PlanBuilder::fromComparison(comparison, &error));
        comparison.variablesPerPrompt = true;
        plan = PlanBuilder::fromComparison(comparison, &error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->rows.at(0).prompt, QStringLiteral("About {{topic}}"));
        // A file without the key is read the matrix way.
        QVERIFY(!ComparisonFile::fromJson(R"({"format":"promptgrid-comparison","version":1,"prompts":[],"models":[]})", &error)
                     ->variablesPerPrompt);
    }

    void restoredRunSendsWhatItSent()
    {
        Comparison comparison;
        comparison.prompts = {{QStringLiteral("n"), QStringLiteral("Hi {{who}}"), std::nullopt},
                              {QString(), QStringLiteral("Bye {{who}}"), QStringLiteral("own {{who}}")}};
        comparison.system = QStringLiteral("Be {{who}}");
        comparison.variables = VariablesTable({QStringLiteral("who")}, {{QStringLiteral("Ada")}, {QStringLiteral("{{Bob}}")}});
        comparison.models = {ModelColumn{QStringLiteral("demo"), QStringLiteral("echo"), {}, {}}};
        comparison.settings.repeats = 2;
        QString error;
        const auto plan = PlanBuilder::fromComparison(comparison, &error);
        QVERIFY2(plan, qPrintable(error));
        const Comparison back = Comparison::fromPlan(*plan);
        QCOMPARE(back.prompts.size(), 4);
        const auto again = PlanBuilder::fromComparison(back, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->rows.size(), plan->rows.size());
        for (qsizetype i = 0; i < plan->rows.size(); ++i) {
            QCOMPARE(again->rows.at(i).prompt, plan->rows.at(i).prompt);
            QCOMPARE(again->rows.at(i).system, plan->rows.at(i).system);
        }
        QCOMPARE(again->columns, plan->columns);
        QCOMPARE(again->samples, 2);
        QCOMPARE(again->rows.at(1).prompt, QStringLiteral("Hi {{Bob}}"));
    }

    void documentSignalsOnlyChanges()
    {
        ComparisonDocument document;
        QSignalSpy changed(&document, &ComparisonDocument::changed);
        QSignalSpy prompts(&document, &ComparisonDocument::promptsChanged);
        QSignalSpy models(&document, &ComparisonDocument::modelsChanged);
        document.setPrompts({{QStringLiteral("name"), QStringLiteral("one"), QStringLiteral("own")}});
        document.setPrompts(document.comparison().prompts);
        QCOMPARE(prompts.count(), 1);
        // Texts from the simple view keep the name and the own system prompt.
        document.setPromptTexts({QStringLiteral("one, edited"), QStringLiteral("two")});
        QCOMPARE(document.comparison().prompts.at(0).name, QStringLiteral("name"));
        QCOMPARE(document.comparison().prompts.at(0).system.value_or(QString()), QStringLiteral("own"));
        QCOMPARE(document.promptTexts(), (QStringList{QStringLiteral("one, edited"), QStringLiteral("two")}));
        // Results are not the document's.
        Comparison file = document.comparison();
        file.models = {ModelColumn{QStringLiteral("demo"), QStringLiteral("echo"), {}, {}}};
        file.results = {SavedCell{}};
        document.setComparison(file);
        QVERIFY(document.comparison().results.isEmpty());
        QCOMPARE(models.count(), 1);
        QCOMPARE(prompts.count(), 2);
        document.setComparison(file);
        document.setRepeats(1);
        QCOMPARE(changed.count(), 3);
    }

    void simpleViewTextsLeaveAWaitingConversationInPlace()
    {
        ComparisonDocument document;
        ComparisonPrompt waiting;
        waiting.history = {ChatMessage{ChatMessage::Role::User, QStringLiteral("Hi"), {}},
                           ChatMessage{ChatMessage::Role::Assistant, QStringLiteral("Hello"), {}}};
        ComparisonPrompt chat{QStringLiteral("chat"), QStringLiteral("More?"), std::nullopt};
        chat.history = waiting.history;
        document.setPrompts({{QString(), QStringLiteral("a"), std::nullopt}, waiting, chat});
        // It has no text to show yet: the simple view's texts are the others'.
        QCOMPARE(document.promptTexts(), (QStringList{QStringLiteral("a"), QStringLiteral("More?")}));
        QCOMPARE(document.promptIndexOfText(0), 0);
        QCOMPARE(document.promptIndexOfText(1), 2);
        QCOMPARE(document.promptIndexOfText(2), -1);
        // Edited texts go to the prompts they came from; the waiting one keeps its place.
        document.setPromptTexts({QStringLiteral("a2"), QStringLiteral("More, please?"), QStringLiteral("new")});
        QCOMPARE(document.comparison().prompts.size(), 4);
        QCOMPARE(document.comparison().prompts.at(1), waiting);
        QCOMPARE(document.comparison().prompts.at(2).text, QStringLiteral("More, please?"));
        QCOMPARE(document.comparison().prompts.at(2).history, chat.history);
        QCOMPARE(document.comparison().prompts.at(3).text, QStringLiteral("new"));
        document.setPromptTexts({QStringLiteral("only")});
        QCOMPARE(document.comparison().prompts, (QList<ComparisonPrompt>{{QString(), QStringLiteral("only"), std::nullopt}, waiting}));
    }

    void missingFileNamesThePath()
    {
        QString error;
        QVERIFY(!ComparisonFile::load(QStringLiteral("/nonexistent/x.promptgrid"), &error));
        QVERIFY2(error.contains(QLatin1String("/nonexistent/x.promptgrid")), qPrintable(error));
    }

    void promptsMayBePlainStrings()
    {
        QString error;
        const auto loaded = ComparisonFile::fromJson(
            R"({"format":"promptgrid-comparison","version":1,"prompts":["a","b"],"models":[{"provider":"demo","model":"echo"}]})", &error);
        QVERIFY2(loaded, qPrintable(error));
        QCOMPARE(loaded->prompts.size(), 2);
        QCOMPARE(loaded->prompts.at(1).text, QStringLiteral("b"));
        QCOMPARE(loaded->settings.repeats, 1);
    }

    void modelSets()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        ModelSetStore store(&settings);
        QVERIFY(store.names().isEmpty());
        const Comparison c = sampleComparison();
        QVERIFY(store.save(QStringLiteral("gpt/temps"), c.models.mid(0, 2)));
        QVERIFY(store.save(QStringLiteral("all"), c.models));
        QVERIFY(!store.save(QStringLiteral("  "), c.models));
        QCOMPARE(store.names(), QStringList({QStringLiteral("all"), QStringLiteral("gpt/temps")}));
        QVERIFY(store.load(QStringLiteral("gpt/temps")) == c.models.mid(0, 2));
        settings.sync();
        QSettings reopened(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        QVERIFY(ModelSetStore(&reopened).load(QStringLiteral("all")) == c.models);
        store.remove(QStringLiteral("all"));
        QCOMPARE(store.names(), QStringList({QStringLiteral("gpt/temps")}));
        QVERIFY(store.load(QStringLiteral("nope")).isEmpty());
    }

    void recentFiles()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("r.ini")), QSettings::IniFormat);
        RecentFiles recent(&settings);
        QStringList paths;
        for (int i = 0; i < RecentFiles::kMaximum + 2; ++i) {
            paths.append(dir.filePath(QStringLiteral("c%1.promptgrid").arg(i)));
            QFile file(paths.last());
            QVERIFY(file.open(QIODevice::WriteOnly));
            recent.add(paths.last());
        }
        QCOMPARE(recent.files().size(), RecentFiles::kMaximum);
        QCOMPARE(recent.files().first(), paths.last());
        recent.add(paths.at(5)); // again: moves to the front, no duplicate
        QCOMPARE(recent.files().first(), paths.at(5));
        QCOMPARE(recent.files().count(paths.at(5)), 1);
        QFile::remove(paths.last());
        QVERIFY(!recent.files().contains(paths.last())); // gone files are not offered
        recent.remove(paths.at(5));
        QVERIFY(!recent.files().contains(paths.at(5)));
        recent.clear();
        QVERIFY(recent.files().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestComparisonFile)
#include "tst_comparison_file.moc"
