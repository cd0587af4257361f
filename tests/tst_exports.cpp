// SPDX-License-Identifier: MIT
// Every export format read back and compared: CSV (with and without formula protection and
// BOM), JSON, JSON Lines and Markdown; selections; 10,000 cells; cancelling.
#include "Comparison.h"
#include "CsvExport.h"
#include "CsvReader.h"
#include "ExportColumns.h"
#include "ExportJob.h"
#include "JsonExport.h"
#include "MarkdownExport.h"
#include "PlanBuilder.h"
#include "StaticGrid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

namespace {
const QStringList kContract{
    QStringLiteral("prompt_index"), QStringLiteral("prompt"),      QStringLiteral("provider"),
    QStringLiteral("model"),        QStringLiteral("sample"),      QStringLiteral("status"),
    QStringLiteral("answer"),       QStringLiteral("error"),       QStringLiteral("http_status"),
    QStringLiteral("ttft_ms"),      QStringLiteral("latency_ms"),  QStringLiteral("input_tokens"),
    QStringLiteral("output_tokens"), QStringLiteral("finish_reason"), QStringLiteral("cost_usd"),
    QStringLiteral("attempts"),     QStringLiteral("label"),       QStringLiteral("reasoning"),
    QStringLiteral("queue_wait_ms"), QStringLiteral("started_at"), QStringLiteral("finished_at")};

QString answerFor(int cell)
{
    // Formula starts, separators, quotes, line breaks, pipes and non-ASCII: all must survive.
    static const QStringList answers{QStringLiteral("=SUM(A1:A9)"), QStringLiteral("plain answer"),
                                     QStringLiteral("a, b and \"c\"\r\nsecond line | piped"),
                                     QStringLiteral("-1 is negative"), QStringLiteral("@here ünïcödé ✓"),
                                     QStringLiteral("\ttabbed"), QStringLiteral("+33 1 23")};
    return answers.at(cell % answers.size()) + QStringLiteral(" #%1").arg(cell);
}

// A comparison of \a prompts x \a cases x 3 columns (one model twice) x \a samples, finished.
Comparison makeComparison(int prompts, int cases, int samples)
{
    Comparison c;
    for (int p = 0; p < prompts; ++p)
        c.prompts.append({QString(), QStringLiteral("Prompt %1 about {{topic}} for {{prompt}}").arg(p), std::nullopt});
    // A variable called "prompt" clashes with the contract's column: it becomes var_prompt.
    QList<QStringList> rows;
    for (int t = 0; t < cases; ++t)
        rows.append({QStringLiteral("topic %1, \"quoted\"").arg(t), QStringLiteral("=reader %1").arg(t)});
    c.variables = VariablesTable({QStringLiteral("topic"), QStringLiteral("prompt")}, rows);
    ModelColumn cold{QStringLiteral("demo"), QStringLiteral("echo"), QStringLiteral("echo T=0"), {}};
    cold.params.temperature = 0.0;
    cold.params.seed = 7;
    ModelColumn hot{QStringLiteral("demo"), QStringLiteral("echo"), QStringLiteral("echo T=1"), {}};
    hot.params.temperature = 1.0;
    hot.params.topP = 0.5;
    hot.params.maxTokens = 64;
    ModelColumn plain{QStringLiteral("demo"), QStringLiteral("fast"), QString(), {}};
    c.models = {cold, hot, plain};
    c.settings.repeats = samples;
    return c;
}

QList<ResultRecord> makeRecords(const Comparison &comparison, RunPlan *planOut = nullptr)
{
    QString error;
    const RunPlan plan = *PlanBuilder::fromComparison(comparison, &error);
    if (planOut)
        *planOut = plan;
    QList<ResultRecord> records;
    records.reserve(plan.cellCount());
    int cell = 0;
    for (int row = 0; row < plan.rows.size(); ++row) {
        for (int column = 0; column < plan.columns.size(); ++column) {
            for (int sample = 0; sample < plan.samples; ++sample, ++cell) {
                ResultRecord record;
                record.row = plan.rows.at(row);
                record.spec.row = row;
                record.spec.column = column;
                record.spec.sample = sample;
                record.spec.prompt = record.row.prompt;
                record.spec.system = record.row.system;
                record.spec.model = plan.columns.at(column);
                CellResult &r = record.result;
                r.status = cell % 11 == 10 ? CellStatus::Error : CellStatus::Ok;
                r.text = answerFor(cell);
                r.error = r.status == CellStatus::Error ? QStringLiteral("HTTP 500: boom | bad") : QString();
                r.httpStatus = r.status == CellStatus::Error ? 500 : 200;
                r.ttftMs = 10 + cell;
                r.latencyMs = 100 + cell;
                r.inputTokens = 5;
                r.outputTokens = cell % 3 ? std::optional<qint64>(cell) : std::nullopt;
                r.finishReason = QStringLiteral("stop");
                r.costUsd = cell % 2 ? std::optional<double>(0.00025) : std::nullopt;
                r.attempts = 1;
                r.startedAt = QDateTime(QDate(2026, 11, 26), QTime(14, 1, 2, cell % 1000), Qt::UTC);
                r.finishedAt = r.startedAt.addMSecs(r.latencyMs.value());
                records.append(record);
            }
        }
    }
    return records;
}

QList<QStringList> readCsv(const QByteArray &data)
{
    QList<QStringList> rows;
    QString error;
    if (!CsvReader::parse(data, &rows, &error))
        qWarning("%s", qPrintable(error));
    return rows;
}

// Splits a Markdown table row on pipes that are not escaped.
int unescapedPipes(const QString &line)
{
    static const QRegularExpression pipe(QStringLiteral("(?<!\\\\)\\|"));
    return int(line.count(pipe));
}
} // namespace

class TestExports : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void csvColumnsKeepTheContract()
    {
        const QStringList columns = ExportColumns::csvColumns();
        QCOMPARE(columns.mid(0, kContract.size()), kContract);
        for (const QString &column : ExportColumns::fixedColumns())
            QVERIFY2(columns.contains(column), qPrintable(column));
        // appended after the contract's 21, together and in order (other appended groups may follow)
        const qsizetype first = columns.indexOf(ExportColumns::fixedColumns().first());
        QVERIFY(first >= kContract.size());
        QCOMPARE(columns.mid(first, ExportColumns::fixedColumns().size()), ExportColumns::fixedColumns());
    }

    void csvReadBack_data()
    {
        QTest::addColumn<bool>("protect");
        QTest::addColumn<bool>("bom");
        QTest::addRow("protected, BOM") << true << true;
        QTest::addRow("raw, no BOM") << false << false;
    }
    void csvReadBack()
    {
        QFETCH(bool, protect);
        QFETCH(bool, bom);
        const QList<ResultRecord> records = makeRecords(makeComparison(2, 3, 2));
        QCOMPARE(records.size(), 2 * 3 * 3 * 2);
        CsvWriter::Options options;
        options.protectFormulas = protect;
        options.byteOrderMark = bom;
        const QByteArray data = CsvExport::toCsv(records, options);
        QCOMPARE(data.startsWith("\xEF\xBB\xBF"), bom);
        const QList<QStringList> rows = readCsv(data);
        QCOMPARE(rows.size(), records.size() + 1);
        const QStringList header = rows.first();
        QCOMPARE(header.mid(0, kContract.size()), kContract);
        // variables come last; "prompt" clashes with the contract and is prefixed
        QCOMPARE(header.mid(header.size() - 2), QStringList({QStringLiteral("topic"), QStringLiteral("var_prompt")}));
        const auto col = [&](const char *name) { return int(header.indexOf(QLatin1String(name))); };
        for (qsizetype i = 0; i < records.size(); ++i) {
            const QStringList &row = rows.at(i + 1);
            const ResultRecord &record = records.at(i);
            QCOMPARE(row.size(), header.size());
            const QString answer = record.result.text;
            const bool risky = QStringLiteral("=+-@\t\r").contains(answer.front());
            QCOMPARE(row.at(col("answer")), protect && risky ? QLatin1Char('\'') + answer : answer);
            QCOMPARE(row.at(col("prompt_index")), QString::number(record.row.promptIndex));
            QCOMPARE(row.at(col("sample")), QString::number(record.spec.sample + 1));
            QCOMPARE(row.at(col("label")), record.spec.model.displayName());
            QCOMPARE(row.at(col("test_case")), QString::number(record.row.testCase + 1));
            QCOMPARE(row.at(col("row_label")), record.row.label);
            QCOMPARE(row.at(col("status")), cellStatusName(record.result.status));
            QCOMPARE(row.at(col("latency_ms")), QString::number(*record.result.latencyMs));
            QCOMPARE(row.at(col("output_tokens")),
                     record.result.outputTokens ? QString::number(*record.result.outputTokens) : QString());
            QCOMPARE(row.at(col("started_at")), record.result.startedAt.toString(Qt::ISODateWithMs));
            QCOMPARE(row.at(col("topic")), record.row.variables.at(0).second);
            const QString reader = record.row.variables.at(1).second;
            QCOMPARE(row.at(col("var_prompt")), protect ? QLatin1Char('\'') + reader : reader);
        }
        // parameters: T=0 with a seed, T=1 with top_p and max_tokens, and one without any
        QCOMPARE(rows.at(1).at(col("temperature")), QStringLiteral("0"));
        QCOMPARE(rows.at(1).at(col("seed")), QStringLiteral("7"));
        QCOMPARE(rows.at(3).at(col("temperature")), QStringLiteral("1"));
        QCOMPARE(rows.at(3).at(col("top_p")), QStringLiteral("0.5"));
        QCOMPARE(rows.at(3).at(col("max_tokens")), QStringLiteral("64"));
        QCOMPARE(rows.at(5).at(col("temperature")), QString());
        QCOMPARE(rows.at(5).at(col("label")), QStringLiteral("demo/fast"));
        QCOMPARE(rows.at(1).at(col("row_label")), QStringLiteral("#1 · case 1"));
    }

    void csvWithoutVariables()
    {
        ModelColumn column{QStringLiteral("demo"), QStringLiteral("echo"), QString(), {}};
        const RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("a {{x}}")}, {column}, 1, {});
        ResultRecord record;
        record.row = plan.rows.first();
        record.spec.prompt = record.row.prompt;
        record.spec.model = column;
        const QList<QStringList> rows = readCsv(CsvExport::toCsv({record}));
        QCOMPARE(rows.first(), ExportColumns::csvColumns());
        QCOMPARE(rows.at(1).at(rows.first().indexOf(QStringLiteral("test_case"))), QString());
        QCOMPARE(rows.at(1).at(1), QStringLiteral("a {{x}}"));
    }

    void schemaColumns()
    {
        // After mode (issue 16), before the per-variable columns.
        const QStringList columns = ExportColumns::csvColumns();
        const qsizetype mode = columns.indexOf(QStringLiteral("mode"));
        QCOMPARE(columns.mid(mode + 1, 2), (QStringList{QStringLiteral("schema_valid"), QStringLiteral("schema_error")}));
        // Three cells: a valid answer, an invalid one, and one that asks for no JSON.
        ResultRecord valid;
        valid.spec.outputFormat.kind = OutputFormat::Kind::JsonSchema;
        valid.spec.outputFormat.schema = QJsonDocument::fromJson(
            R"({"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]})").object();
        valid.result.status = CellStatus::Ok;
        valid.result.text = QStringLiteral(R"({"n":3})");
        ResultRecord invalid = valid;
        invalid.result.text = QStringLiteral(R"({"n":"three"})");
        ResultRecord free = valid;
        free.spec.outputFormat = OutputFormat();
        const QList<ResultRecord> records{valid, invalid, free};
        QList<QStringList> rows;
        QString error;
        QVERIFY2(CsvReader::parse(CsvExport::toCsv(records), &rows, &error), qPrintable(error));
        QCOMPARE(rows.size(), 4);
        const qsizetype at = rows.first().indexOf(QStringLiteral("schema_valid"));
        QCOMPARE(rows.at(1).mid(at, 2), (QStringList{QStringLiteral("true"), QString()}));
        QCOMPARE(rows.at(2).mid(at, 2), (QStringList{QStringLiteral("false"),
                                                     QStringLiteral("/n: type: expected \"integer\", got \"three\"")}));
        QCOMPARE(rows.at(3).mid(at, 2), (QStringList{QString(), QString()}));

        const QJsonArray cells = QJsonDocument::fromJson(JsonExport::toJson(records)).object().value(QLatin1String("cells")).toArray();
        QCOMPARE(cells.size(), 3);
        QCOMPARE(cells.at(0).toObject().value(QLatin1String("schema_valid")), QJsonValue(true));
        QVERIFY(cells.at(0).toObject().value(QLatin1String("schema_error")).isNull());
        QCOMPARE(cells.at(1).toObject().value(QLatin1String("schema_valid")), QJsonValue(false));
        QCOMPARE(cells.at(1).toObject().value(QLatin1String("schema_error")).toString(),
                 QStringLiteral("/n: type: expected \"integer\", got \"three\""));
        QVERIFY(cells.at(2).toObject().value(QLatin1String("schema_valid")).isNull());
        const QList<QByteArray> lines = JsonExport::toJsonLines(records).split('\n');
        QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(QLatin1String("schema_valid")), QJsonValue(false));
    }

    void jsonIsLossless()
    {
        const QList<ResultRecord> records = makeRecords(makeComparison(2, 2, 2));
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(JsonExport::toJson(records), &parseError);
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        QCOMPARE(doc.object().value(QLatin1String("format")).toString(), QStringLiteral("promptgrid-results"));
        const QJsonArray cells = doc.object().value(QLatin1String("cells")).toArray();
        QCOMPARE(cells.size(), records.size());
        for (qsizetype i = 0; i < records.size(); ++i)
            compareJsonCell(cells.at(i).toObject(), records.at(i));
    }

    void jsonLinesLineByLine()
    {
        const QList<ResultRecord> records = makeRecords(makeComparison(1, 3, 1));
        const QByteArray data = JsonExport::toJsonLines(records);
        QVERIFY(data.endsWith('\n'));
        const QList<QByteArray> lines = data.trimmed().split('\n');
        QCOMPARE(lines.size(), records.size());
        for (qsizetype i = 0; i < lines.size(); ++i) {
            QJsonParseError parseError;
            const QJsonDocument doc = QJsonDocument::fromJson(lines.at(i), &parseError);
            QCOMPARE(parseError.error, QJsonParseError::NoError);
            compareJsonCell(doc.object(), records.at(i));
        }
    }

    void markdownTableShape()
    {
        const QList<ResultRecord> records = makeRecords(makeComparison(2, 2, 2));
        const QString md = QString::fromUtf8(MarkdownExport::toMarkdown(records));
        const QStringList lines = md.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 2 + 2 * 2); // header, separator, one line per prompt row
        QCOMPARE(lines.at(0), QStringLiteral("| Prompt | echo T=0 | echo T=1 | demo/fast |"));
        QCOMPARE(lines.at(1), QStringLiteral("|---|---|---|---|"));
        for (const QString &line : lines)
            QCOMPARE(unescapedPipes(line), 5);
        QVERIFY(lines.at(2).startsWith(QStringLiteral("| **#1 · case 1**<br>Prompt 0 about topic 0")));
        // the third answer holds a CRLF and a pipe: escaped, not splitting the table
        QVERIFY2(lines.at(2).contains(QStringLiteral("second line \\| piped #2")), qPrintable(lines.at(2)));
        QVERIFY(lines.at(2).contains(QStringLiteral("a, b and \"c\"<br>second line")));
        QVERIFY(lines.at(2).contains(QStringLiteral("**1.** =SUM(A1:A9) #0<br>**2.** plain answer #1")));
        // cell 10 failed: its status and error are shown
        QVERIFY(md.contains(QStringLiteral("*error: HTTP 500: boom \\| bad*")));
    }

    void markdownSingleSampleHasNoNumbers()
    {
        const QList<ResultRecord> records = makeRecords(makeComparison(1, 1, 1));
        const QString md = QString::fromUtf8(MarkdownExport::toMarkdown(records));
        QVERIFY2(md.contains(QStringLiteral("| =SUM(A1:A9) #0 | plain answer #1 |")), qPrintable(md));
    }

    void selectionOnly()
    {
        RunPlan plan;
        const Comparison comparison = makeComparison(2, 2, 1);
        const QList<ResultRecord> all = makeRecords(comparison, &plan);
        std::vector<CellResult> results;
        for (const ResultRecord &record : all)
            results.push_back(record.result);
        StaticGrid grid;
        grid.load(plan, results);
        QCOMPARE(grid.cellCount(), 12);
        // the second column of rows 1 and 3
        const QList<int> selected{grid.cellIndex(1, 1), grid.cellIndex(3, 1)};
        const QList<ResultRecord> records = ResultRecord::fromGrid(grid, selected);
        const QList<QStringList> rows = readCsv(CsvExport::toCsv(records));
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(1).at(6), all.at(4).result.text);
        QCOMPARE(rows.at(2).at(6), all.at(10).result.text);
        const QStringList md = QString::fromUtf8(MarkdownExport::toMarkdown(records)).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(md.size(), 4);
        QCOMPARE(md.at(0), QStringLiteral("| Prompt | echo T=1 |"));
        bool cancelled = true;
        const QJsonDocument doc = QJsonDocument::fromJson(
            ExportJob::toBytes(ExportJob::Format::Json, records, {}, {}, &cancelled));
        QVERIFY(!cancelled);
        QCOMPARE(doc.object().value(QLatin1String("cells")).toArray().size(), 2);
        QCOMPARE(doc.object().value(QLatin1String("cells")).toArray().at(1).toObject().value(QLatin1String("row_label")).toString(),
                 QStringLiteral("#2 · case 2"));
    }

    void tenThousandCells()
    {
        // 1,000 prompt rows x 5 columns x 2 samples
        Comparison comparison = makeComparison(100, 10, 2);
        comparison.models.append(comparison.models.mid(0, 2));
        const QList<ResultRecord> records = makeRecords(comparison);
        QCOMPARE(records.size(), 10'000);
        qsizetype lastProgress = 0;
        bool cancelled = true;
        const QByteArray csv = ExportJob::toBytes(ExportJob::Format::Csv, records, {true, false},
                                                           [&](qsizetype done) {
                                                               lastProgress = done;
                                                               return true;
                                                           },
                                                           &cancelled);
        QVERIFY(!cancelled);
        QCOMPARE(lastProgress, 10'000);
        const QList<QStringList> rows = readCsv(csv);
        QCOMPARE(rows.size(), 10'001);
        QCOMPARE(rows.at(9'999 + 1).at(6), records.last().result.text);
        QCOMPARE(rows.at(5'000 + 1).at(rows.first().indexOf(QStringLiteral("topic"))),
                 records.at(5'000).row.variables.first().second);
        const QJsonDocument json = QJsonDocument::fromJson(JsonExport::toJson(records));
        const QJsonArray cells = json.object().value(QLatin1String("cells")).toArray();
        QCOMPARE(cells.size(), 10'000);
        compareJsonCell(cells.at(7'777).toObject(), records.at(7'777));
        QCOMPARE(JsonExport::toJsonLines(records).count('\n'), 10'000);
        QCOMPARE(QString::fromUtf8(MarkdownExport::toMarkdown(records)).trimmed().count(QLatin1Char('\n')) + 1, 1'000 + 2);
    }

    void cancelStopsEarly()
    {
        const QList<ResultRecord> records = makeRecords(makeComparison(20, 10, 2));
        for (auto format : {ExportJob::Format::Csv, ExportJob::Format::Json, ExportJob::Format::JsonLines,
                            ExportJob::Format::Markdown}) {
            qsizetype calls = 0;
            bool cancelled = false;
            const QByteArray data = ExportJob::toBytes(format, records, {},
                                                                [&](qsizetype) { return ++calls < 2; }, &cancelled);
            QVERIFY(cancelled);
            QVERIFY(data.isEmpty());
            QCOMPARE(calls, 2);
        }
    }

private:
    void compareJsonCell(const QJsonObject &cell, const ResultRecord &record)
    {
        const CellResult &r = record.result;
        QCOMPARE(cell.value(QLatin1String("answer")).toString(), r.text); // never guarded
        QCOMPARE(cell.value(QLatin1String("prompt")).toString(), record.spec.prompt);
        QCOMPARE(cell.value(QLatin1String("status")).toString(), cellStatusName(r.status));
        QCOMPARE(cell.value(QLatin1String("error")).toString(), r.error);
        QCOMPARE(cell.value(QLatin1String("sample")).toInt(), record.spec.sample + 1);
        QCOMPARE(cell.value(QLatin1String("latency_ms")).toInteger(), *r.latencyMs);
        QCOMPARE(cell.value(QLatin1String("ttft_ms")).toInteger(), *r.ttftMs);
        QCOMPARE(cell.value(QLatin1String("output_tokens")).isNull(), !r.outputTokens);
        QCOMPARE(cell.value(QLatin1String("cost_usd")).isNull(), !r.costUsd);
        if (r.costUsd)
            QCOMPARE(cell.value(QLatin1String("cost_usd")).toDouble(), *r.costUsd);
        QCOMPARE(QDateTime::fromString(cell.value(QLatin1String("started_at")).toString(), Qt::ISODateWithMs), r.startedAt);
        QCOMPARE(QDateTime::fromString(cell.value(QLatin1String("finished_at")).toString(), Qt::ISODateWithMs), r.finishedAt);
        QCOMPARE(cell.value(QLatin1String("label")).toString(), record.spec.model.displayName());
        QCOMPARE(cell.value(QLatin1String("test_case")).toInt(), record.row.testCase + 1);
        QCOMPARE(cell.value(QLatin1String("row_label")).toString(), record.row.label);
        const QJsonObject variables = cell.value(QLatin1String("variables")).toObject();
        QCOMPARE(variables.size(), record.row.variables.size());
        for (const auto &variable : record.row.variables)
            QCOMPARE(variables.value(variable.first).toString(), variable.second);
        const QJsonObject params = cell.value(QLatin1String("parameters")).toObject();
        const RequestParams &p = record.spec.model.params;
        QCOMPARE(params.contains(QLatin1String("temperature")), bool(p.temperature));
        if (p.temperature)
            QCOMPARE(params.value(QLatin1String("temperature")).toDouble(), *p.temperature);
        if (p.seed)
            QCOMPARE(params.value(QLatin1String("seed")).toInteger(), *p.seed);
        if (p.maxTokens)
            QCOMPARE(params.value(QLatin1String("max_tokens")).toInt(), *p.maxTokens);
    }
};

QTEST_GUILESS_MAIN(TestExports)
#include "tst_exports.moc"
