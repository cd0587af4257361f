// SPDX-License-Identifier: MIT
// Text as it really arrives: prompt files in UTF-16 LE/BE (decoded by their byte-order mark),
// binary and non-UTF-8 files refused with their name (prompts, prompts CSV, variables CSV, the
// real CLI), Markdown export with HTML in answers, and one policy for lone surrogates (U+FFFD)
// in CSV, JSON, JSONL, Markdown, .promptgrid files and the history.
#include "CliProcess.h"
#include "ComparisonFile.h"
#include "CsvExport.h"
#include "CsvReader.h"
#include "FakeLlmServer.h"
#include "HistoryDatabase.h"
#include "HistoryRecorder.h"
#include "JsonExport.h"
#include "MarkdownExport.h"
#include "PlanBuilder.h"
#include "PromptImport.h"
#include "PromptRows.h"
#include "ResultRecord.h"
#include "Scheduler.h"
#include "TextCodec.h"
#include "VariablesTable.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kLone = QStringLiteral("a") + QChar(0xD800) + QStringLiteral("b");
const QString kLoneFixed = QStringLiteral("a\uFFFDb");
const QString kEmoji = QString::fromUtf8("\xF0\x9F\x98\x80"); // a valid surrogate pair

QByteArray utf16(const QString &text, bool bigEndian)
{
    QStringEncoder encoder(bigEndian ? QStringConverter::Utf16BE : QStringConverter::Utf16LE,
                           QStringConverter::Flag::WriteBom);
    return encoder(text);
}

// One cell whose every text field holds a lone surrogate (and a valid pair, which must survive).
QList<ResultRecord> loneSurrogateRecords()
{
    ResultRecord record;
    record.spec.prompt = QStringLiteral("prompt ") + kLone + kEmoji;
    record.spec.model.provider = QStringLiteral("demo");
    record.spec.model.model = QStringLiteral("echo");
    record.row.label = QStringLiteral("#1");
    record.row.prompt = record.spec.prompt;
    record.result.status = CellStatus::Ok;
    record.result.text = QStringLiteral("answer ") + kLone + kEmoji;
    record.result.reasoning = QStringLiteral("thinking ") + kLone;
    record.result.error = QStringLiteral("note ") + kLone;
    return {record};
}

void verifyNoLoneSurrogateBytes(const QByteArray &bytes)
{
    // U+FFFD in place of the surrogate, the letters around it intact, the emoji intact; no '?'
    // and no "\ud800" escape.
    QVERIFY2(bytes.contains("a\xEF\xBF\xBD" "b"), bytes.left(400).constData());
    QVERIFY(bytes.contains("\xF0\x9F\x98\x80"));
    QVERIFY(!bytes.contains("a?b"));
    QVERIFY(!bytes.toLower().contains("\\ud800"));
    QVERIFY(!bytes.contains("\xED\xA0\x80")); // CESU-8 of the lone surrogate
}
} // namespace

class TestTextEncoding : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writeFile(const QString &name, const QByteArray &data) const
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(file.fileName()));
        file.write(data);
        return file.fileName();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void decodesByByteOrderMark_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        const QString text = QStringLiteral("Grüße, 世界 ") + kEmoji + QStringLiteral("\n---\nzweite Frage");
        QTest::addRow("UTF-8") << text.toUtf8();
        QTest::addRow("UTF-8 with BOM") << QByteArray("\xEF\xBB\xBF") + text.toUtf8();
        QTest::addRow("UTF-16 LE") << utf16(text, false);
        QTest::addRow("UTF-16 BE") << utf16(text, true);
    }

    void decodesByByteOrderMark()
    {
        QFETCH(QByteArray, bytes);
        const QString expected = QStringLiteral("Grüße, 世界 ") + kEmoji;
        // A .txt prompts file.
        QStringList prompts;
        QString error;
        QVERIFY2(PromptImport::fromFile(writeFile(QStringLiteral("p.txt"), bytes), &prompts, &error), qPrintable(error));
        QCOMPARE(prompts, (QStringList{expected, QStringLiteral("zweite Frage")}));
        // A CSV (prompts, prompts with variables, test cases) and a JSONL file in the same encoding.
        const QString csvText = QStringLiteral("prompt,lang\n\"") + expected + QStringLiteral("\",de\n");
        const bool bom = bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF");
        const QByteArray csv = bom ? utf16(csvText, bytes.startsWith("\xFE\xFF")) : csvText.toUtf8();
        prompts.clear();
        QVERIFY2(PromptImport::fromFile(writeFile(QStringLiteral("p.csv"), csv), &prompts, &error), qPrintable(error));
        QCOMPARE(prompts, QStringList{expected});
        prompts.clear();
        VariablesTable variables;
        QVERIFY2(PromptRows::fromFile(writeFile(QStringLiteral("rows.csv"), csv), &prompts, &variables, &error), qPrintable(error));
        QCOMPARE(variables.value(0, QStringLiteral("lang")), QStringLiteral("de"));
        const auto table = VariablesTable::fromFile(writeFile(QStringLiteral("vars.csv"), csv), &error);
        QVERIFY2(table, qPrintable(error));
        QCOMPARE(table->value(0, QStringLiteral("prompt")), expected);
        const QString jsonlText = QStringLiteral("{\"prompt\": \"") + expected + QStringLiteral("\"}\n");
        const QByteArray jsonl = bom ? utf16(jsonlText, bytes.startsWith("\xFE\xFF")) : jsonlText.toUtf8();
        prompts.clear();
        QVERIFY2(PromptImport::fromFile(writeFile(QStringLiteral("p.jsonl"), jsonl), &prompts, &error), qPrintable(error));
        QCOMPARE(prompts, QStringList{expected});
    }

    void refusesWhatIsNotText_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QByteArray png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 20);
        QTest::addRow("binary txt") << QStringLiteral("image.txt") << png << QStringLiteral("not a text file");
        QTest::addRow("binary csv") << QStringLiteral("image.csv") << png << QStringLiteral("not a text file");
        QTest::addRow("binary jsonl") << QStringLiteral("image.jsonl") << png << QStringLiteral("not a text file");
        QTest::addRow("UTF-16 without BOM") << QStringLiteral("nobom.txt") << utf16(QStringLiteral("hello"), false).mid(2)
                                            << QStringLiteral("UTF-16 file needs a byte-order mark");
        QByteArray latin1;
        for (int i = 0; i < 20; ++i)
            latin1 += "caf\xE9 ";
        QTest::addRow("Latin-1") << QStringLiteral("latin1.txt") << latin1 << QStringLiteral("not UTF-8 text");
        QTest::addRow("UTF-16 holding NULs") << QStringLiteral("nul16.txt")
                                             << utf16(QStringLiteral("a") + QChar(0) + QStringLiteral("b"), false)
                                             << QStringLiteral("NUL characters");
    }

    void refusesWhatIsNotText()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString file = writeFile(name, bytes);
        QStringList prompts;
        QString error;
        QVERIFY(!PromptImport::fromFile(file, &prompts, &error));
        QVERIFY2(error.startsWith(file) && error.contains(expected), qPrintable(error));
        QVERIFY(prompts.isEmpty());
        if (name.endsWith(QLatin1String(".csv"))) {
            VariablesTable variables;
            QVERIFY(!PromptRows::fromFile(file, &prompts, &variables, &error));
            QVERIFY2(error.startsWith(file) && error.contains(expected), qPrintable(error));
            QVERIFY(!VariablesTable::fromFile(file, &error));
            QVERIFY2(error.startsWith(file) && error.contains(expected), qPrintable(error));
        }
    }

    void aFewStrayBytesBecomeReplacementCharacters()
    {
        QByteArray text(400, 'w');
        text[100] = char(0xFF);
        QString decoded;
        QString error;
        QVERIFY2(TextCodec::decode(text, &decoded, &error), qPrintable(error));
        QCOMPARE(decoded.size(), 400);
        QCOMPARE(decoded.at(100), QChar(0xFFFD));
    }

    void cliReadsUtf16AndRefusesBinary()
    {
        const QString utf16File = writeFile(QStringLiteral("cli16.txt"), utf16(QStringLiteral("héllo wörld\n---\nzwei"), true));
        const QString out = m_dir.filePath(QStringLiteral("cli16.csv"));
        CliProcess::Result r = CliProcess::run({QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--prompts"), utf16File,
                                        QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 0);
        QFile csvFile(out);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        QList<QStringList> rows;
        QString error;
        QVERIFY(CsvReader::parse(csvFile.readAll(), &rows, &error));
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(1).at(1), QStringLiteral("héllo wörld"));
        QCOMPARE(rows.at(1).at(6), QStringLiteral("You said: héllo wörld"));
        QCOMPARE(rows.at(2).at(1), QStringLiteral("zwei"));

        const QString binary = writeFile(QStringLiteral("cli-binary.txt"), QByteArray("\x7f" "ELF\x02\x01\x01\0\0\0\0", 12));
        const QString none = m_dir.filePath(QStringLiteral("none.csv"));
        r = CliProcess::run({QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--prompts"), binary,
                             QStringLiteral("--out"), none});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(binary.toUtf8()) && r.err.contains("not a text file"), r.err.constData());
        QVERIFY(!QFile::exists(none));
        const QString binaryVars = writeFile(QStringLiteral("cli-binary-vars.csv"), QByteArray("a,b\n\0\0\x01", 7));
        r = CliProcess::run({QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--prompt"), QStringLiteral("{{a}}"),
                             QStringLiteral("--vars"), binaryVars, QStringLiteral("--out"), none});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(binaryVars.toUtf8()) && r.err.contains("not a text file"), r.err.constData());
    }

    void markdownEscapesHtml()
    {
        QList<ResultRecord> records = loneSurrogateRecords();
        records[0].spec.prompt = QStringLiteral("<img src=x onerror=alert(1)> & more");
        records[0].result.text = QStringLiteral("<script>alert('x')</script> AT&T &amp; `Vec<T>` and `plain` code\n"
                                                "<b>bold</b> 1 < 2");
        const QString md = QString::fromUtf8(MarkdownExport::toMarkdown(records));
        // No tag of the answer survives; only the table's own <br> and <code> remain.
        QString stripped = md;
        stripped.remove(QStringLiteral("<br>")).remove(QStringLiteral("<code>")).remove(QStringLiteral("</code>"));
        QVERIFY2(!stripped.contains(QLatin1Char('<')), qPrintable(md));
        QVERIFY(md.contains(QStringLiteral("&lt;script>alert('x')&lt;/script>")));
        QVERIFY(md.contains(QStringLiteral("&lt;img src=x onerror=alert(1)> & more")));
        // Readable: a lone ampersand stays, an entity is shown as written, code stays code.
        QVERIFY(md.contains(QStringLiteral("AT&T &amp;amp;")));
        QVERIFY2(md.contains(QStringLiteral("<code>Vec&lt;T&gt;</code> and `plain` code")), qPrintable(md));
        QVERIFY(md.contains(QStringLiteral("&lt;b>bold&lt;/b> 1 &lt; 2")));
        QCOMPARE(MarkdownExport::escapeMarkdownCell(QStringLiteral("``a`b`` | `x|y`")), QStringLiteral("``a`b`` \\| `x\\|y`"));
        QCOMPARE(MarkdownExport::escapeMarkdownCell(QStringLiteral("`unclosed <i>")), QStringLiteral("`unclosed &lt;i>"));
        QCOMPARE(MarkdownExport::escapeMarkdownCell(QStringLiteral("`<*x*>`")), QStringLiteral("<code>&lt;\\*x\\*&gt;</code>"));
    }

    void loneSurrogatesInEveryExport()
    {
        const QList<ResultRecord> records = loneSurrogateRecords();
        const QByteArray csv = CsvExport::toCsv(records);
        verifyNoLoneSurrogateBytes(csv);
        QList<QStringList> rows;
        QString error;
        QVERIFY(CsvReader::parse(csv, &rows, &error));
        QCOMPARE(rows.at(1).at(6), QStringLiteral("answer ") + kLoneFixed + kEmoji);
        verifyNoLoneSurrogateBytes(JsonExport::toJson(records));
        const QByteArray jsonl = JsonExport::toJsonLines(records);
        verifyNoLoneSurrogateBytes(jsonl);
        const QJsonObject cell = QJsonDocument::fromJson(jsonl).object();
        QCOMPARE(cell.value(QLatin1String("answer")).toString(), QStringLiteral("answer ") + kLoneFixed + kEmoji);
        QCOMPARE(cell.value(QLatin1String("reasoning")).toString(), QStringLiteral("thinking ") + kLoneFixed);
        QCOMPARE(cell.value(QLatin1String("error")).toString(), QStringLiteral("note ") + kLoneFixed);
        QCOMPARE(cell.value(QLatin1String("prompt")).toString(), QStringLiteral("prompt ") + kLoneFixed + kEmoji);
        verifyNoLoneSurrogateBytes(MarkdownExport::toMarkdown(records));

        Comparison comparison;
        comparison.prompts.append({QString(), QStringLiteral("saved ") + kLone + kEmoji, std::nullopt});
        verifyNoLoneSurrogateBytes(ComparisonFile::toJson(comparison));
    }

    void loneSurrogateFromAServerInTheHistory()
    {
        // A server's JSON escape "\ud800" decodes to a lone surrogate; SQLite would fold it into
        // the next character.
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.setHandler([](const RecordedRequest &) {
            FakeResponse response;
            response.chunks = {QByteArray(R"(data: {"choices":[{"index":0,"delta":{"content":"a\ud800b \ud83d\ude00"}}]})") + "\n\n",
                               QByteArray("data: [DONE]\n\n")};
            return response;
        });
        QString error;
        const auto registry = ProviderRegistry::fromJson(
            QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1"}]})").arg(server.baseUrl().toString()).toUtf8(),
            &error);
        QVERIFY(registry);
        const QString db = m_dir.filePath(QStringLiteral("surrogates.sqlite"));
        Scheduler scheduler;
        scheduler.setProviders(*registry);
        HistoryDatabase store;
        HistoryRecorder storeRecorder(&store);
        QVERIFY(store.open(db, nullptr, HistoryDatabase::Check::Now));
        storeRecorder.attach(&scheduler);
        ModelColumn column;
        column.provider = QStringLiteral("local");
        column.model = QStringLiteral("m");
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("prompt ") + kLone}, {column}, 1, {}));
        QVERIFY(finished.wait(5000));
        QCOMPARE(scheduler.result(0).status, CellStatus::Ok);
        storeRecorder.flush();
        HistoryDatabase reader;
        QVERIFY(reader.open(db, nullptr, HistoryDatabase::Check::Now));
        RunPlan plan;
        std::vector<CellResult> results;
        QVERIFY(reader.loadRun(storeRecorder.currentRunId(), &plan, &results, &error));
        QCOMPARE(results.at(0).text, kLoneFixed + QStringLiteral(" ") + kEmoji);
        QCOMPARE(plan.rows.at(0).prompt, QStringLiteral("prompt ") + kLoneFixed);
        QCOMPARE(reader.runs().first().title, QStringLiteral("prompt ") + kLoneFixed);
        // The CSV of the same run agrees with the history.
        const QByteArray csv = CsvExport::toCsv(ResultRecord::fromGrid(scheduler));
        QVERIFY(csv.contains("a\xEF\xBF\xBD" "b \xF0\x9F\x98\x80"));
    }
};

QTEST_GUILESS_MAIN(TestTextEncoding)
#include "tst_text_encoding.moc"
