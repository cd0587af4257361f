// SPDX-License-Identifier: MIT
// Templates and test cases: rendering, missing variables, the variables table and its CSV.
#include "Comparison.h"
#include "PlanBuilder.h"
#include "TemplateRenderer.h"
#include "VariablesTable.h"

#include <QTest>

class TestTemplates : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void render_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::addRow("plain") << QStringLiteral("no placeholders") << QStringLiteral("no placeholders");
        QTest::addRow("one") << QStringLiteral("Hello {{name}}!") << QStringLiteral("Hello Ada!");
        QTest::addRow("spaces") << QStringLiteral("Hello {{  name }}!") << QStringLiteral("Hello Ada!");
        QTest::addRow("twice") << QStringLiteral("{{name}}/{{ name}}") << QStringLiteral("Ada/Ada");
        QTest::addRow("two names") << QStringLiteral("{{name}} in {{city}}") << QStringLiteral("Ada in Paris");
        QTest::addRow("spaced name") << QStringLiteral("{{first name}}") << QStringLiteral("A.");
        QTest::addRow("empty braces stay") << QStringLiteral("{{}} {{ }}") << QStringLiteral("{{}} {{ }}");
        QTest::addRow("value not re-rendered") << QStringLiteral("{{tricky}}") << QStringLiteral("{{name}}");
        QTest::addRow("unicode") << QStringLiteral("Ville : {{city}} ✓") << QStringLiteral("Ville : Paris ✓");
        QTest::addRow("single braces") << QStringLiteral("{name} {{name}}") << QStringLiteral("{name} Ada");
    }
    void render()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const QHash<QString, QString> values{{QStringLiteral("name"), QStringLiteral("Ada")},
                                             {QStringLiteral("city"), QStringLiteral("Paris")},
                                             {QStringLiteral("first name"), QStringLiteral("A.")},
                                             {QStringLiteral("tricky"), QStringLiteral("{{name}}")}};
        QString out;
        QString missing;
        QVERIFY(TemplateRenderer::render(text, values, &out, &missing));
        QCOMPARE(out, expected);
        QVERIFY(missing.isEmpty());
    }

    void missingVariable()
    {
        QString out = QStringLiteral("untouched");
        QString missing;
        QVERIFY(!TemplateRenderer::render(QStringLiteral("{{a}} {{ b }}"), {{QStringLiteral("a"), QStringLiteral("1")}},
                                          &out, &missing));
        QCOMPARE(missing, QStringLiteral("b"));
        QCOMPARE(out, QStringLiteral("untouched"));
    }

    void placeholders()
    {
        QCOMPARE(TemplateRenderer::placeholders(QStringLiteral("{{b}} {{ a }} {{b}} {{}}")),
                 QStringList({QStringLiteral("b"), QStringLiteral("a")}));
        QVERIFY(!TemplateRenderer::hasPlaceholders(QStringLiteral("{ {x} }")));
    }

    void planRowsArePromptCasePairs()
    {
        Comparison comparison;
        comparison.prompts = {{QString(), QStringLiteral("Capital of {{country}}?"), std::nullopt},
                              {QStringLiteral("short"), QStringLiteral("{{country}} in one word"), std::nullopt}};
        comparison.system = QStringLiteral("You are a {{role}}.");
        comparison.variables = VariablesTable({QStringLiteral("country"), QStringLiteral("role")},
                                              {{QStringLiteral("France"), QStringLiteral("teacher")},
                                               {QStringLiteral("Peru"), QStringLiteral("guide")},
                                               {QStringLiteral("Japan"), QStringLiteral("poet")}});
        ModelColumn column;
        column.provider = QStringLiteral("demo");
        column.model = QStringLiteral("echo");
        comparison.models = {column};
        comparison.settings.repeats = 2;
        QString error;
        const auto plan = PlanBuilder::fromComparison(comparison, &error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->rows.size(), 6);
        QCOMPARE(plan->samples, 2);
        QCOMPARE(plan->cellCount(), 12);
        QCOMPARE(plan->rows.at(0).prompt, QStringLiteral("Capital of France?"));
        QCOMPARE(plan->rows.at(0).system, QStringLiteral("You are a teacher."));
        QCOMPARE(plan->rows.at(2).label, QStringLiteral("#1 · case 3"));
        QCOMPARE(plan->rows.at(2).testCase, 2);
        QCOMPARE(plan->rows.at(4).label, QStringLiteral("#2 short · case 2"));
        QCOMPARE(plan->rows.at(4).prompt, QStringLiteral("Peru in one word"));
        QCOMPARE(plan->rows.at(4).system, QStringLiteral("You are a guide."));
        QCOMPARE(plan->rows.at(4).promptIndex, 1);
        QCOMPARE(plan->rows.at(4).variables.size(), 2);
        QCOMPARE(plan->rows.at(4).variables.at(0).first, QStringLiteral("country"));
        QCOMPARE(plan->rows.at(4).variables.at(0).second, QStringLiteral("Peru"));
    }

    void perPromptSystemOverrideIsATemplateToo()
    {
        Comparison comparison;
        comparison.prompts = {{QString(), QStringLiteral("hi"), QStringLiteral("Speak {{lang}}.")},
                              {QString(), QStringLiteral("hi"), std::nullopt}};
        comparison.system = QStringLiteral("Default.");
        comparison.variables = VariablesTable({QStringLiteral("lang")}, {{QStringLiteral("Welsh")}});
        comparison.models = {ModelColumn{QStringLiteral("demo"), QStringLiteral("echo"), {}, {}}};
        QString error;
        const auto plan = PlanBuilder::fromComparison(comparison, &error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->rows.at(0).system, QStringLiteral("Speak Welsh."));
        QCOMPARE(plan->rows.at(1).system, QStringLiteral("Default."));
    }

    void noTestCasesMeansOneRowPerPrompt()
    {
        Comparison comparison;
        comparison.prompts = {{QString(), QStringLiteral("a"), std::nullopt}, {QString(), QStringLiteral("b"), std::nullopt}};
        comparison.models = {ModelColumn{QStringLiteral("demo"), QStringLiteral("echo"), {}, {}}};
        QString error;
        const auto plan = PlanBuilder::fromComparison(comparison, &error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->rows.size(), 2);
        QCOMPARE(plan->rows.at(1).label, QStringLiteral("#2"));
        QCOMPARE(plan->rows.at(1).testCase, -1);
        QVERIFY(plan->rows.at(1).variables.isEmpty());
    }

    void missingVariableNamesVariableAndRow()
    {
        Comparison comparison;
        comparison.prompts = {{QString(), QStringLiteral("{{country}}"), std::nullopt},
                              {QString(), QStringLiteral("{{country}} {{city}}"), std::nullopt}};
        comparison.variables = VariablesTable({QStringLiteral("country")}, {{QStringLiteral("France")}, {QStringLiteral("Peru")}});
        comparison.models = {ModelColumn{QStringLiteral("demo"), QStringLiteral("echo"), {}, {}}};
        QString error;
        QVERIFY(!PlanBuilder::fromComparison(comparison, &error));
        QVERIFY2(error.contains(QLatin1String("\"city\"")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("prompt #2")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("test case 1")), qPrintable(error));
    }

    void missingVariableInSystemPrompt()
    {
        Comparison comparison;
        comparison.prompts = {{QString(), QStringLiteral("{{x}}"), std::nullopt}};
        comparison.system = QStringLiteral("{{tone}}");
        comparison.variables = VariablesTable({QStringLiteral("x")}, {{QStringLiteral("1")}});
        comparison.models = {ModelColumn{QStringLiteral("demo"), QStringLiteral("echo"), {}, {}}};
        QString error;
        QVERIFY(!PlanBuilder::fromComparison(comparison, &error));
        QVERIFY2(error.contains(QLatin1String("system prompt")) && error.contains(QLatin1String("\"tone\"")),
                 qPrintable(error));
    }

    void placeholderWithoutTestCases()
    {
        Comparison comparison;
        comparison.prompts = {{QString(), QStringLiteral("Hi {{who}}"), std::nullopt}};
        comparison.models = {ModelColumn{QStringLiteral("demo"), QStringLiteral("echo"), {}, {}}};
        QString error;
        QVERIFY(!PlanBuilder::fromComparison(comparison, &error));
        QVERIFY2(error.contains(QLatin1String("\"who\"")) && error.contains(QLatin1String("no test cases")),
                 qPrintable(error));
    }

    void columnSystemOverrideCannotBeATemplate()
    {
        Comparison comparison;
        comparison.prompts = {{QString(), QStringLiteral("Hi"), std::nullopt}};
        ModelColumn column{QStringLiteral("demo"), QStringLiteral("echo"), QStringLiteral("E"), {}};
        column.params.systemOverride = QStringLiteral("Be {{mood}}");
        comparison.models = {column};
        QString error;
        QVERIFY(!PlanBuilder::fromComparison(comparison, &error));
        QVERIFY2(error.contains(QLatin1String("mood")) && error.contains(QLatin1String("\"E\"")), qPrintable(error));
    }

    void variablesFromCsv()
    {
        QString error;
        const auto table = VariablesTable::fromCsv(
            "\xEF\xBB\xBF" "country, capital\r\nFrance,Paris\r\n,\r\n\"Peru, Republic of\",\"Lima\"\r\nJapan\r\n", &error);
        QVERIFY2(table, qPrintable(error));
        QCOMPARE(table->names(), QStringList({QStringLiteral("country"), QStringLiteral("capital")}));
        QCOMPARE(table->rowCount(), 3); // the blank line is skipped
        QCOMPARE(table->value(1, QStringLiteral("country")), QStringLiteral("Peru, Republic of"));
        QCOMPARE(table->value(1, 1), QStringLiteral("Lima"));
        QCOMPARE(table->value(2, QStringLiteral("capital")), QString()); // a short row is padded
        // and back: the written CSV reads the same
        const auto again = VariablesTable::fromCsv(table->toCsv(), &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(*again, *table);
    }

    void badVariablesCsv_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("expected");
        QTest::addRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::addRow("duplicate name") << QByteArray("a,a\n1,2\n") << QStringLiteral("\"a\" is named twice");
        QTest::addRow("blank name") << QByteArray("a,\n1,2\n") << QStringLiteral("column 2");
        QTest::addRow("too many fields") << QByteArray("a\n1\n1,2\n") << QStringLiteral("line 3");
        QTest::addRow("open quote") << QByteArray("a\n\"1\n") << QString();
    }
    void badVariablesCsv()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!VariablesTable::fromCsv(csv, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void editTable()
    {
        VariablesTable table;
        QVERIFY(table.addColumn(QStringLiteral("a")));
        QVERIFY(!table.addColumn(QStringLiteral("a")));
        QVERIFY(!table.addColumn(QStringLiteral("  ")));
        QCOMPARE(table.insertRow(), 0);
        table.setValue(0, 0, QStringLiteral("x"));
        QVERIFY(table.addColumn(QStringLiteral("b")));
        QCOMPARE(table.value(0, QStringLiteral("b")), QString());
        table.setValue(0, 1, QStringLiteral("y"));
        QCOMPARE(table.insertRow(0), 0);
        QCOMPARE(table.rowCount(), 2);
        QCOMPARE(table.value(1, 0), QStringLiteral("x"));
        QVERIFY(table.renameColumn(0, QStringLiteral("c")));
        QVERIFY(!table.renameColumn(0, QStringLiteral("b")));
        QCOMPARE(table.rowValues(1).value(QStringLiteral("c")), QStringLiteral("x"));
        table.removeColumn(0);
        QCOMPARE(table.names(), QStringList({QStringLiteral("b")}));
        QCOMPARE(table.value(1, 0), QStringLiteral("y"));
        table.removeRow(0);
        QCOMPARE(table.rowCount(), 1);
        QCOMPARE(table.value(0, 0), QStringLiteral("y"));
    }
};

QTEST_GUILESS_MAIN(TestTemplates)
#include "tst_templates.moc"
