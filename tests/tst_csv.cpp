// SPDX-License-Identifier: MIT
// CSV: RFC 4180 quoting, non-ASCII text, formula protection, the BOM, and the results export
// reading back to the same cells.
#include "CsvExport.h"
#include "CsvReader.h"
#include "CsvWriter.h"
#include "ExportColumns.h"
#include "OutputFile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {
QList<QStringList> parse(const QByteArray &data)
{
    QList<QStringList> rows;
    QString error;
    if (!CsvReader::parse(data, &rows, &error))
        qWarning("parse failed: %s", qPrintable(error));
    return rows;
}

QStringList contractColumns()
{
    return {QStringLiteral("prompt_index"), QStringLiteral("prompt"),      QStringLiteral("provider"),
            QStringLiteral("model"),        QStringLiteral("sample"),      QStringLiteral("status"),
            QStringLiteral("answer"),       QStringLiteral("error"),       QStringLiteral("http_status"),
            QStringLiteral("ttft_ms"),      QStringLiteral("latency_ms"),  QStringLiteral("input_tokens"),
            QStringLiteral("output_tokens"), QStringLiteral("finish_reason"), QStringLiteral("cost_usd")};
}

QStringList extendedColumns()
{
    return {QStringLiteral("attempts"),      QStringLiteral("label"),      QStringLiteral("reasoning"),
            QStringLiteral("queue_wait_ms"), QStringLiteral("started_at"), QStringLiteral("finished_at")};
}

ResultRecord record(int row, int column, int sample, const QString &prompt, const QString &answer)
{
    ResultRecord r;
    r.spec.row = row;
    r.spec.column = column;
    r.spec.sample = sample;
    r.spec.prompt = prompt;
    r.spec.model.provider = QStringLiteral("local");
    r.spec.model.model = QStringLiteral("openai/gpt-4o");
    r.row.promptIndex = row;
    r.row.prompt = prompt;
    r.result.status = CellStatus::Ok;
    r.result.text = answer;
    r.result.httpStatus = 200;
    r.result.ttftMs = 120;
    r.result.latencyMs = 950;
    r.result.inputTokens = 12;
    r.result.outputTokens = 34;
    r.result.finishReason = QStringLiteral("stop");
    r.result.costUsd = 0.000123;
    r.result.attempts = 1;
    r.result.startedAt = QDateTime(QDate(2026, 11, 26), QTime(14, 0, 0, 5), Qt::UTC);
    r.result.finishedAt = r.result.startedAt.addMSecs(950);
    return r;
}
} // namespace

class TestCsv : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addRow("plain") << QStringLiteral("hello");
        QTest::addRow("empty") << QString();
        QTest::addRow("comma") << QStringLiteral("a, b, c");
        QTest::addRow("quote") << QStringLiteral("say \"hi\"");
        QTest::addRow("only quotes") << QStringLiteral("\"\"\"");
        QTest::addRow("LF") << QStringLiteral("line one\nline two");
        QTest::addRow("CR") << QStringLiteral("carriage\rreturn");
        QTest::addRow("CRLF") << QStringLiteral("windows\r\nline");
        QTest::addRow("trailing newline") << QStringLiteral("ends with newline\n");
        QTest::addRow("everything") << QStringLiteral("\"a\",b\r\nc\rd\ne,\"");
        QTest::addRow("spaces kept") << QStringLiteral("  padded  ");
        QTest::addRow("accents") << QStringLiteral("Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, \u00e0 la fran\u00e7aise");
        QTest::addRow("CJK") << QStringLiteral("\u4f60\u597d\uff0c\u4e16\u754c");
        QTest::addRow("emoji") << QStringLiteral("\U0001F600 \U0001F44D\U0001F3FD \U0001F1EB\U0001F1F7");
        QTest::addRow("RTL") << QStringLiteral("\u0645\u0631\u062d\u0628\u0627");
        QTest::addRow("apostrophe first") << QStringLiteral("'quoted already");
    }
    void roundTrip()
    {
        QFETCH(QString, field);
        for (bool protect : {false, true}) {
            CsvWriter writer(CsvWriter::Options{.byteOrderMark = false, .protectFormulas = protect});
            writer.addRow({QStringLiteral("before"), field, QStringLiteral("after")});
            writer.addRow({field});
            writer.addRow({field, field});
            const QList<QStringList> rows = parse(writer.data());
            QCOMPARE(rows.size(), 3);
            QCOMPARE(rows.at(0), (QStringList{QStringLiteral("before"), field, QStringLiteral("after")}));
            QCOMPARE(rows.at(1), QStringList{field});
            QCOMPARE(rows.at(2), (QStringList{field, field}));
        }
    }

    void quotingRules_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("escaped");
        QTest::addRow("plain") << QStringLiteral("abc") << QStringLiteral("abc");
        QTest::addRow("empty") << QString() << QString();
        QTest::addRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
        QTest::addRow("quote") << QStringLiteral("a\"b") << QStringLiteral("\"a\"\"b\"");
        QTest::addRow("LF") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
        QTest::addRow("CR") << QStringLiteral("a\rb") << QStringLiteral("\"a\rb\"");
        QTest::addRow("space is not special") << QStringLiteral("a b") << QStringLiteral("a b");
        QTest::addRow("non-ASCII is not special") << QStringLiteral("\u00e9") << QStringLiteral("\u00e9");
    }
    void quotingRules()
    {
        QFETCH(QString, field);
        QFETCH(QString, escaped);
        QCOMPARE(CsvWriter::escapeField(field), escaped);
    }

    void rowsEndWithCrlfAndAreUtf8()
    {
        CsvWriter writer;
        writer.addRow({QStringLiteral("a"), QStringLiteral("\u00e9")});
        writer.addRow({QString(), QString()});
        QCOMPARE(writer.data(), QByteArray("a,\xC3\xA9\r\n,\r\n"));
        QCOMPARE(parse(writer.data()), (QList<QStringList>{{QStringLiteral("a"), QStringLiteral("\u00e9")}, {QString(), QString()}}));
    }

    void formulaProtection_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<bool>("guarded");
        QTest::addRow("equals") << QStringLiteral("=SUM(A1:A3)") << true;
        QTest::addRow("plus") << QStringLiteral("+1+2") << true;
        QTest::addRow("minus") << QStringLiteral("-2+3") << true;
        QTest::addRow("at") << QStringLiteral("@cmd") << true;
        QTest::addRow("tab") << QStringLiteral("\t=1") << true;
        QTest::addRow("CR") << QStringLiteral("\r=1") << true;
        QTest::addRow("hyperlink with comma") << QStringLiteral("=HYPERLINK(\"http://x\",\"y\")") << true;
        QTest::addRow("equals later") << QStringLiteral("a=b") << false;
        QTest::addRow("space first") << QStringLiteral(" =1") << false;
        QTest::addRow("number") << QStringLiteral("42") << false;
        QTest::addRow("empty") << QString() << false;
    }
    void formulaProtection()
    {
        QFETCH(QString, field);
        QFETCH(bool, guarded);
        CsvWriter on(CsvWriter::Options{.byteOrderMark = false, .protectFormulas = true});
        on.addRow({field});
        QCOMPARE(parse(on.data()).value(0).value(0), guarded ? QLatin1Char('\'') + field : field);
        CsvWriter off(CsvWriter::Options{.byteOrderMark = false, .protectFormulas = false});
        off.addRow({field});
        QCOMPARE(parse(off.data()).value(0).value(0), field);
    }

    void byteOrderMark()
    {
        CsvWriter with(CsvWriter::Options{.byteOrderMark = true, .protectFormulas = false});
        with.addRow({QStringLiteral("x"), QStringLiteral("\u00e9")});
        QVERIFY(with.data().startsWith("\xEF\xBB\xBF" "x,"));
        QCOMPARE(parse(with.data()), (QList<QStringList>{{QStringLiteral("x"), QStringLiteral("\u00e9")}}));
        CsvWriter without;
        without.addRow({QStringLiteral("x")});
        QCOMPARE(without.data(), QByteArray("x\r\n"));
        // takeData() empties the writer.
        QCOMPARE(without.takeData(), QByteArray("x\r\n"));
        QVERIFY(without.data().isEmpty());
    }

    void readerVariants()
    {
        // LF row ends, no final newline, a quoted empty field, embedded CRLF in quotes.
        const QList<QStringList> rows = parse("a,b\nc,\"\"\n\"x\r\ny\",z");
        QCOMPARE(rows, (QList<QStringList>{{QStringLiteral("a"), QStringLiteral("b")},
                                           {QStringLiteral("c"), QString()},
                                           {QStringLiteral("x\r\ny"), QStringLiteral("z")}}));
        QList<QStringList> out;
        QString error;
        QVERIFY(!CsvReader::parse("a,\"unterminated\nrow", &out, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(CsvReader::parse(QByteArray(), &out, &error));
        QVERIFY(out.isEmpty());
    }

    void exporterHeader()
    {
        const QStringList columns = ExportColumns::csvColumns();
        QVERIFY(columns.size() >= 21);
        QCOMPARE(columns.mid(0, 15), contractColumns());
        QCOMPARE(columns.mid(15, 6), extendedColumns());
        QCOMPARE(QSet<QString>(columns.begin(), columns.end()).size(), columns.size());
        const QList<QStringList> rows = parse(CsvExport::toCsv({}));
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first(), columns);
    }

    void exporterWritesAndReadsBack()
    {
        QList<ResultRecord> records;
        records.append(record(0, 0, 0, QStringLiteral("Write, \"quoted\"\nlines"), QStringLiteral("Answer with \u00e9, \u4f60\u597d and \U0001F600\r\nnext")));
        records.append(record(0, 0, 1, QStringLiteral("Write, \"quoted\"\nlines"), QStringLiteral("=1+1 is two")));
        ResultRecord failed = record(1, 1, 0, QStringLiteral("second"), QString());
        failed.spec.model.provider = QStringLiteral("other");
        failed.spec.model.model = QStringLiteral("m2");
        failed.result.status = CellStatus::Error;
        failed.result.error = QStringLiteral("HTTP 500: boom, really");
        failed.result.httpStatus = 500;
        failed.result.ttftMs.reset();
        failed.result.inputTokens.reset();
        failed.result.outputTokens.reset();
        failed.result.finishReason.clear();
        failed.result.costUsd.reset();
        records.append(failed);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("results.csv"));
        QString error;
        const QByteArray data = CsvExport::toCsv(records, CsvWriter::Options{.byteOrderMark = true, .protectFormulas = false});
        QVERIFY2(OutputFile::writeFile(path, data, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray onDisk = file.readAll();
        QCOMPARE(onDisk, data);
        QVERIFY(onDisk.startsWith("\xEF\xBB\xBF"));

        const QList<QStringList> rows = parse(onDisk);
        QCOMPARE(rows.size(), 4);
        const QStringList header = rows.first();
        QCOMPARE(header, ExportColumns::csvColumns());
        const auto cell = [&](int row, const char *name) { return rows.at(row).value(header.indexOf(QLatin1String(name))); };
        for (int i = 1; i < rows.size(); ++i)
            QCOMPARE(rows.at(i).size(), header.size());

        QCOMPARE(cell(1, "prompt_index"), QStringLiteral("0"));
        QCOMPARE(cell(1, "prompt"), records.at(0).spec.prompt);
        QCOMPARE(cell(1, "provider"), QStringLiteral("local"));
        QCOMPARE(cell(1, "model"), QStringLiteral("openai/gpt-4o"));
        QCOMPARE(cell(1, "sample"), QStringLiteral("1"));
        QCOMPARE(cell(2, "sample"), QStringLiteral("2"));
        QCOMPARE(cell(1, "status"), QStringLiteral("ok"));
        QCOMPARE(cell(1, "answer"), records.at(0).result.text);
        QCOMPARE(cell(2, "answer"), QStringLiteral("=1+1 is two"));
        QCOMPARE(cell(1, "error"), QString());
        QCOMPARE(cell(1, "http_status"), QStringLiteral("200"));
        QCOMPARE(cell(1, "ttft_ms"), QStringLiteral("120"));
        QCOMPARE(cell(1, "latency_ms"), QStringLiteral("950"));
        QCOMPARE(cell(1, "input_tokens"), QStringLiteral("12"));
        QCOMPARE(cell(1, "output_tokens"), QStringLiteral("34"));
        QCOMPARE(cell(1, "finish_reason"), QStringLiteral("stop"));
        QCOMPARE(cell(1, "cost_usd").toDouble(), 0.000123);
        QCOMPARE(cell(1, "attempts"), QStringLiteral("1"));
        QCOMPARE(cell(1, "started_at"), QStringLiteral("2026-11-26T14:00:00.005Z"));
        QCOMPARE(cell(1, "finished_at"), QStringLiteral("2026-11-26T14:00:00.955Z"));

        QCOMPARE(cell(3, "prompt_index"), QStringLiteral("1"));
        QCOMPARE(cell(3, "provider"), QStringLiteral("other"));
        QCOMPARE(cell(3, "status"), QStringLiteral("error"));
        QCOMPARE(cell(3, "error"), QStringLiteral("HTTP 500: boom, really"));
        QCOMPARE(cell(3, "http_status"), QStringLiteral("500"));
        // Unknown figures are empty, never 0.
        for (const char *empty : {"ttft_ms", "input_tokens", "output_tokens", "finish_reason", "cost_usd", "answer"})
            QVERIFY2(cell(3, empty).isEmpty(), empty);
    }

    void exporterProtectsFormulasWhenAsked()
    {
        const QList<ResultRecord> records{record(0, 0, 0, QStringLiteral("-dash prompt"), QStringLiteral("@mention"))};
        const QList<QStringList> rows = parse(CsvExport::toCsv(records, CsvWriter::Options{.byteOrderMark = false, .protectFormulas = true}));
        const QStringList header = rows.first();
        QCOMPARE(rows.at(1).value(header.indexOf(QStringLiteral("prompt"))), QStringLiteral("'-dash prompt"));
        QCOMPARE(rows.at(1).value(header.indexOf(QStringLiteral("answer"))), QStringLiteral("'@mention"));
    }

    void writeFileReplacesAtomically()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.csv"));
        QString error;
        QVERIFY(OutputFile::writeFile(path, "old\r\n", &error));
        QVERIFY(OutputFile::writeFile(path, "new\r\n", &error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("new\r\n"));
        QVERIFY(!OutputFile::writeFile(dir.filePath(QStringLiteral("missing/dir/out.csv")), "x", &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCsv)
#include "tst_csv.moc"
