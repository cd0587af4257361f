// SPDX-License-Identifier: MIT
// The real promptgrid-cli against the offline Demo provider: --vars, prompts CSV with variable
// columns, --comparison, --repeat, the CSV options, JSONL and Markdown, and the issue's
// "done when": 20 test cases x 1 template x 3 configurations x 3 repeats = 180 rows that
// Python's csv and json modules read.
#include "CliProcess.h"
#include "ComparisonFile.h"
#include "CsvReader.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct CliResult {
    int exitCode = -1;
    QString stdErr;
};

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
}

QList<QStringList> readCsv(const QString &path)
{
    QList<QStringList> rows;
    QString error;
    if (!CsvReader::parse(readAll(path), &rows, &error))
        qWarning("%s", qPrintable(error));
    return rows;
}

QString column(const QList<QStringList> &rows, int row, const QString &name)
{
    return rows.at(row).value(rows.first().indexOf(name));
}
} // namespace

class TestCliMatrix : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    CliResult run(const QStringList &arguments)
    {
        const CliProcess::Result process = CliProcess::run(arguments);
        CliResult result;
        if (process.finished) {
            result.exitCode = process.exitCode;
            result.stdErr = QString::fromUtf8(process.err);
        }
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        writeFile(path(QStringLiteral("vars.csv")), "city,country\r\nParis,France\r\nLima,Peru\r\n\"Kyoto, old capital\",Japan\r\n");
    }

    void varsRendersEveryPromptPerTestCase()
    {
        const CliResult r = run({QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--prompt"),
                                 QStringLiteral("Where is {{city}}?"), QStringLiteral("--prompt"),
                                 QStringLiteral("{{ country }} has which capital?"), QStringLiteral("--vars"),
                                 path(QStringLiteral("vars.csv")), QStringLiteral("--concurrency"), QStringLiteral("20"),
                                 QStringLiteral("--out"), path(QStringLiteral("vars_out.csv"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stdErr));
        const QList<QStringList> rows = readCsv(path(QStringLiteral("vars_out.csv")));
        QCOMPARE(rows.size(), 1 + 2 * 3);
        QCOMPARE(rows.first().mid(rows.first().size() - 2), QStringList({QStringLiteral("city"), QStringLiteral("country")}));
        QCOMPARE(column(rows, 1, QStringLiteral("prompt")), QStringLiteral("Where is Paris?"));
        QCOMPARE(column(rows, 1, QStringLiteral("answer")), QStringLiteral("You said: Where is Paris?"));
        QCOMPARE(column(rows, 3, QStringLiteral("prompt")), QStringLiteral("Where is Kyoto, old capital?"));
        QCOMPARE(column(rows, 3, QStringLiteral("test_case")), QStringLiteral("3"));
        QCOMPARE(column(rows, 3, QStringLiteral("city")), QStringLiteral("Kyoto, old capital"));
        QCOMPARE(column(rows, 5, QStringLiteral("prompt")), QStringLiteral("Peru has which capital?"));
        QCOMPARE(column(rows, 5, QStringLiteral("prompt_index")), QStringLiteral("1"));
        QCOMPARE(column(rows, 5, QStringLiteral("row_label")), QStringLiteral("#2 · case 2"));
        QCOMPARE(column(rows, 5, QStringLiteral("status")), QStringLiteral("ok"));
    }

    void missingVariableIsAUsageError()
    {
        const QString out = path(QStringLiteral("missing.csv"));
        const CliResult r = run({QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--prompt"),
                                 QStringLiteral("{{city}} in {{continent}}"), QStringLiteral("--vars"),
                                 path(QStringLiteral("vars.csv")), QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.stdErr.contains(QLatin1String("\"continent\"")) && r.stdErr.contains(QLatin1String("test case 1")),
                 qPrintable(r.stdErr));
        QVERIFY(!QFile::exists(out)); // nothing was sent, nothing written
    }

    void promptsCsvWithVariableColumns()
    {
        writeFile(path(QStringLiteral("prompts.csv")),
                  "id,prompt,word\r\n1,\"Say {{word}}\",hello\r\n2,,ignored\r\n3,\"Shout {{word}} ({{id}})\",world\r\n");
        const CliResult r = run({QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--prompts"),
                                 path(QStringLiteral("prompts.csv")), QStringLiteral("--out"),
                                 path(QStringLiteral("prompts_out.csv"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stdErr));
        const QList<QStringList> rows = readCsv(path(QStringLiteral("prompts_out.csv")));
        QCOMPARE(rows.size(), 3);
        QCOMPARE(column(rows, 1, QStringLiteral("prompt")), QStringLiteral("Say hello"));
        QCOMPARE(column(rows, 2, QStringLiteral("prompt")), QStringLiteral("Shout world (3)"));
        QCOMPARE(column(rows, 2, QStringLiteral("word")), QStringLiteral("world"));
        QCOMPARE(column(rows, 2, QStringLiteral("id")), QStringLiteral("3"));
        QCOMPARE(column(rows, 2, QStringLiteral("test_case")), QStringLiteral("2"));

        writeFile(path(QStringLiteral("prompts_bad.csv")), "prompt,word\r\nSay {{word}},hi\r\nSay {{other}},hi\r\n");
        const CliResult bad = run({QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--prompts"),
                                   path(QStringLiteral("prompts_bad.csv")), QStringLiteral("--out"),
                                   path(QStringLiteral("prompts_bad_out.csv"))});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.stdErr.contains(QLatin1String("\"other\"")) && bad.stdErr.contains(QLatin1String("row 2")),
                 qPrintable(bad.stdErr));
    }

    void plainPromptsKeepTheirBraces()
    {
        const CliResult r = run({QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--prompt"),
                                 QStringLiteral("Explain {{ jinja }} syntax"), QStringLiteral("--out"),
                                 path(QStringLiteral("braces.csv"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stdErr));
        QCOMPARE(column(readCsv(path(QStringLiteral("braces.csv"))), 1, QStringLiteral("prompt")),
                 QStringLiteral("Explain {{ jinja }} syntax"));
    }

    void repeatThree()
    {
        const CliResult r = run({QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--model"),
                                 QStringLiteral("demo/fast"), QStringLiteral("--prompt"), QStringLiteral("hi"),
                                 QStringLiteral("--repeat"), QStringLiteral("3"), QStringLiteral("--out"),
                                 path(QStringLiteral("repeat.csv")), QStringLiteral("--jsonl"),
                                 path(QStringLiteral("repeat.jsonl")), QStringLiteral("--markdown"),
                                 path(QStringLiteral("repeat.md"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stdErr));
        const QList<QStringList> rows = readCsv(path(QStringLiteral("repeat.csv")));
        QCOMPARE(rows.size(), 1 + 2 * 3);
        QStringList samples;
        for (int i = 1; i < rows.size(); ++i)
            samples.append(column(rows, i, QStringLiteral("sample")));
        QCOMPARE(samples.join(QLatin1Char(',')), QStringLiteral("1,2,3,1,2,3"));
        const QList<QByteArray> lines = readAll(path(QStringLiteral("repeat.jsonl"))).trimmed().split('\n');
        QCOMPARE(lines.size(), 6);
        QCOMPARE(QJsonDocument::fromJson(lines.at(5)).object().value(QLatin1String("sample")).toInt(), 3);
        const QString md = QString::fromUtf8(readAll(path(QStringLiteral("repeat.md"))));
        QVERIFY2(md.startsWith(QLatin1String("| Prompt | demo/echo | demo/fast |\n|---|---|---|\n| **#1**<br>hi | **1.** You said: hi<br>**2.**")),
                 qPrintable(md));
    }

    void csvOptions_data()
    {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<bool>("bom");
        QTest::addColumn<bool>("protect");
        QTest::addRow("default") << QStringList() << false << true;
        QTest::addRow("--csv-bom") << QStringList{QStringLiteral("--csv-bom")} << true << true;
        QTest::addRow("--no-csv-bom") << QStringList{QStringLiteral("--no-csv-bom")} << false << true;
        QTest::addRow("--csv-raw") << QStringList{QStringLiteral("--csv-raw")} << false << false;
        QTest::addRow("--csv-bom --csv-raw") << QStringList{QStringLiteral("--csv-bom"), QStringLiteral("--csv-raw")} << true
                                             << false;
    }
    void csvOptions()
    {
        QFETCH(QStringList, flags);
        QFETCH(bool, bom);
        QFETCH(bool, protect);
        const QString out = path(QStringLiteral("options.csv"));
        const QString json = path(QStringLiteral("options.json"));
        QFile::remove(out);
        const CliResult r = run(QStringList{QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--prompt"),
                                            QStringLiteral("=HYPERLINK(\"x\")"), QStringLiteral("--out"), out,
                                            QStringLiteral("--json"), json}
                                + flags);
        QVERIFY2(r.exitCode == 0, qPrintable(r.stdErr));
        const QByteArray data = readAll(out);
        QCOMPARE(data.startsWith("\xEF\xBB\xBF"), bom);
        const QList<QStringList> rows = readCsv(out);
        QCOMPARE(column(rows, 1, QStringLiteral("prompt")),
                 protect ? QStringLiteral("'=HYPERLINK(\"x\")") : QStringLiteral("=HYPERLINK(\"x\")"));
        // JSON is never altered
        const QJsonObject cell = QJsonDocument::fromJson(readAll(json)).object().value(QLatin1String("cells")).toArray().at(0).toObject();
        QCOMPARE(cell.value(QLatin1String("prompt")).toString(), QStringLiteral("=HYPERLINK(\"x\")"));
    }

    void comparisonFileWithOverrides()
    {
        Comparison comparison;
        comparison.prompts = {{QStringLiteral("where"), QStringLiteral("Where is {{city}}?"), std::nullopt}};
        comparison.variables = VariablesTable({QStringLiteral("city")}, {{QStringLiteral("Oslo")}, {QStringLiteral("Rome")}});
        comparison.models = {ModelColumn{QStringLiteral("demo"), QStringLiteral("echo"), QStringLiteral("Echo A"), {}},
                             ModelColumn{QStringLiteral("demo"), QStringLiteral("echo"), QStringLiteral("Echo B"), {}}};
        comparison.models[1].params.temperature = 1.0;
        comparison.settings.repeats = 2;
        comparison.settings.concurrency = 8;
        QString error;
        const QString file = path(QStringLiteral("small.promptgrid"));
        QVERIFY2(ComparisonFile::save(comparison, file, &error), qPrintable(error));

        CliResult r = run({QStringLiteral("--comparison"), file, QStringLiteral("--out"), path(QStringLiteral("cmp.csv"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stdErr));
        QList<QStringList> rows = readCsv(path(QStringLiteral("cmp.csv")));
        QCOMPARE(rows.size(), 1 + 2 * 2 * 2);
        QCOMPARE(column(rows, 1, QStringLiteral("label")), QStringLiteral("Echo A"));
        QCOMPARE(column(rows, 3, QStringLiteral("label")), QStringLiteral("Echo B"));
        QCOMPARE(column(rows, 3, QStringLiteral("temperature")), QStringLiteral("1"));
        QCOMPARE(column(rows, 8, QStringLiteral("prompt")), QStringLiteral("Where is Rome?"));
        QCOMPARE(column(rows, 8, QStringLiteral("row_label")), QStringLiteral("#1 where · case 2"));

        // flags override: one repeat, another model, other prompts (the variables stay)
        r = run({QStringLiteral("--comparison"), file, QStringLiteral("--repeat"), QStringLiteral("1"), QStringLiteral("--model"),
                 QStringLiteral("demo/fast"), QStringLiteral("--prompt"), QStringLiteral("Visit {{city}}"), QStringLiteral("--out"),
                 path(QStringLiteral("cmp2.csv"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stdErr));
        rows = readCsv(path(QStringLiteral("cmp2.csv")));
        QCOMPARE(rows.size(), 1 + 2);
        QCOMPARE(column(rows, 2, QStringLiteral("prompt")), QStringLiteral("Visit Rome"));
        QCOMPARE(column(rows, 2, QStringLiteral("model")), QStringLiteral("fast"));

        writeFile(path(QStringLiteral("bad.promptgrid")), "{\"format\":\"something-else\"}");
        r = run({QStringLiteral("--comparison"), path(QStringLiteral("bad.promptgrid")), QStringLiteral("--out"),
                 path(QStringLiteral("bad.csv"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.stdErr.contains(QLatin1String("not a PromptGrid comparison")), qPrintable(r.stdErr));
    }

    void doneWhen180RowsReadByPython()
    {
        // 20 test cases, one template, three model configurations, three repeats.
        QByteArray vars = "name,topic\r\n";
        for (int i = 1; i <= 20; ++i)
            vars += QStringLiteral("Person %1,\"topic, number %1\"\r\n").arg(i).toUtf8();
        writeFile(path(QStringLiteral("twenty.csv")), vars);
        QString error;
        auto table = VariablesTable::fromFile(path(QStringLiteral("twenty.csv")), &error);
        QVERIFY2(table, qPrintable(error));
        Comparison comparison;
        comparison.prompts = {{QString(), QStringLiteral("Hello {{name}}, tell me about {{topic}}."), std::nullopt}};
        comparison.system = QStringLiteral("You talk to {{name}}.");
        comparison.variables = *table;
        ModelColumn cold{QStringLiteral("demo"), QStringLiteral("echo"), QStringLiteral("echo T=0"), {}};
        cold.params.temperature = 0.0;
        ModelColumn hot{QStringLiteral("demo"), QStringLiteral("echo"), QStringLiteral("echo T=1"), {}};
        hot.params.temperature = 1.0;
        comparison.models = {cold, hot, ModelColumn{QStringLiteral("demo"), QStringLiteral("fast"), QString(), {}}};
        comparison.settings.repeats = 3;
        comparison.settings.concurrency = 60;
        const QString file = path(QStringLiteral("done.promptgrid"));
        QVERIFY2(ComparisonFile::save(comparison, file, &error), qPrintable(error));
        // "reopen it tomorrow": the saved file reads back the same
        QVERIFY(ComparisonFile::load(file, &error) == comparison);

        const QString csv = path(QStringLiteral("done.csv"));
        const QString json = path(QStringLiteral("done.json"));
        const CliResult r = run({QStringLiteral("--comparison"), file, QStringLiteral("--out"), csv, QStringLiteral("--json"),
                                 json, QStringLiteral("--csv-bom")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stdErr));
        QVERIFY2(r.stdErr.contains(QLatin1String("180 cells: 180 ok")), qPrintable(r.stdErr));

        const QString script = QStringLiteral(R"PY(
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    rows = list(csv.DictReader(f))
assert len(rows) == 180, len(rows)
assert all(r['status'] == 'ok' for r in rows)
assert {r['label'] for r in rows} == {'echo T=0', 'echo T=1', 'demo/fast'}
assert {r['sample'] for r in rows} == {'1', '2', '3'}
assert {r['test_case'] for r in rows} == {str(i) for i in range(1, 21)}
assert rows[179]['topic'] == 'topic, number 20' and rows[179]['name'] == 'Person 20'
assert rows[179]['prompt'] == 'Hello Person 20, tell me about topic, number 20.'
with open(sys.argv[2], encoding='utf-8') as f:
    doc = json.load(f)
cells = doc['cells']
assert doc['format'] == 'promptgrid-results' and len(cells) == 180
assert cells[0]['system'] == 'You talk to Person 1.'
assert cells[3]['parameters'] == {'temperature': 1}, cells[3]['parameters']
assert cells[179]['variables'] == {'name': 'Person 20', 'topic': 'topic, number 20'}
assert all(c['answer'].startswith('You said: Hello') for c in cells)
print('python ok', len(rows), len(cells))
)PY");
        QProcess python;
        QSignalSpy finished(&python, &QProcess::finished);
        python.start(QStringLiteral("python3"), {QStringLiteral("-c"), script, csv, json});
        QVERIFY(finished.wait(30'000));
        const QString out = QString::fromUtf8(python.readAllStandardOutput());
        const QString err = QString::fromUtf8(python.readAllStandardError());
        QVERIFY2(python.exitCode() == 0, qPrintable(err));
        QCOMPARE(out.trimmed(), QStringLiteral("python ok 180 180"));
    }
};

QTEST_GUILESS_MAIN(TestCliMatrix)
#include "tst_cli_matrix.moc"
