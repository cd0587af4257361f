// SPDX-License-Identifier: MIT
// The streamed writers: large answers and prompts are written piece by piece (CSV fields, JSON
// strings, request bodies) and must give exactly what the whole-document path gives, for text
// that quotes, breaks lines, starts like a formula, and holds surrogate pairs on a piece border.
#include "AnthropicProtocol.h"
#include "CsvReader.h"
#include "CsvWriter.h"
#include "FileClashCheck.h"
#include "GeminiProtocol.h"
#include "JsonExport.h"
#include "JsonText.h"
#include "MarkdownExport.h"
#include "OllamaProtocol.h"
#include "OpenAiProtocol.h"
#include "ProtocolFactory.h"
#include "OutputFile.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

namespace {
/// About \a size characters of awkward text: quotes, commas, line breaks, control characters,
/// and a surrogate pair at every 64 Ki boundary (where the CSV writer cuts its pieces).
QString awkwardText(qsizetype size)
{
    QString text;
    text.reserve(size + 64);
    const QString chunk = QStringLiteral("He said \"hi\", then\r\nleft\ttab \x01 é ✓ ");
    while (text.size() < size) {
        const qsizetype border = (text.size() / 65536 + 1) * 65536;
        if (border - text.size() <= chunk.size()) {
            text += QString(border - text.size() - 1, QLatin1Char('x'));
            text += QStringLiteral("\U0001F600"); // high surrogate at border - 1
        } else {
            text += chunk;
        }
    }
    return text;
}

ResultRecord record(const QString &prompt, const QString &answer, int row = 0, int sample = 0)
{
    ResultRecord r;
    r.spec.row = row;
    r.spec.sample = sample;
    r.spec.prompt = prompt;
    r.spec.model.provider = QStringLiteral("p");
    r.spec.model.model = QStringLiteral("m");
    r.row.promptIndex = row;
    r.result.status = CellStatus::Ok;
    r.result.text = answer;
    r.result.reasoning = QStringLiteral("because");
    r.result.attempts = 1;
    return r;
}
} // namespace

class TestOutputStreams : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void largeCsvFieldMatchesTheWholeFieldPath_data()
    {
        QTest::addColumn<bool>("protectFormulas");
        QTest::addColumn<QString>("lead");
        QTest::addRow("plain") << false << QString();
        QTest::addRow("formula guarded") << true << QStringLiteral("=cmd|' /C calc'!A0 ");
        QTest::addRow("formula raw") << false << QStringLiteral("+1+1 ");
    }

    void largeCsvFieldMatchesTheWholeFieldPath()
    {
        QFETCH(bool, protectFormulas);
        QFETCH(QString, lead);
        const QString answer = lead + awkwardText(300'000);
        const QString quoteless = lead + QString(300'000, QLatin1Char('q')); // needs no quotes
        const CsvWriter::Options options{false, protectFormulas};
        for (const QString &field : {answer, quoteless}) {
            QByteArray streamed;
            QBuffer buffer(&streamed);
            QVERIFY(buffer.open(QIODevice::WriteOnly));
            CsvWriter writer(options, &buffer);
            writer.addRow({QStringLiteral("a"), field, QStringLiteral("z")});
            QVERIFY(writer.flush());
            const QByteArray expected = "a," + CsvWriter::escapeField(field, protectFormulas).toUtf8() + ",z\r\n";
            QCOMPARE(streamed.size(), expected.size());
            QVERIFY(streamed == expected);
        }
    }

    void jsonStreamsLargeTextsLosslessly()
    {
        const QString answer = awkwardText(400'000);
        const QString prompt = QString(300'000, QLatin1Char('p')) + QStringLiteral("\"end\"");
        const QList<ResultRecord> records{record(prompt, answer), record(QStringLiteral("small"), QStringLiteral("short"), 1)};
        QJsonParseError error;
        const QJsonArray cells = QJsonDocument::fromJson(JsonExport::toJson(records), &error).object().value(QLatin1String("cells")).toArray();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(cells.size(), 2);
        QCOMPARE(cells.at(0).toObject().value(QLatin1String("answer")).toString(), answer);
        QCOMPARE(cells.at(0).toObject().value(QLatin1String("prompt")).toString(), prompt);
        QCOMPARE(cells.at(0).toObject().value(QLatin1String("reasoning")).toString(), QStringLiteral("because"));
        QCOMPARE(cells.at(1).toObject().value(QLatin1String("answer")).toString(), QStringLiteral("short"));
        // JSON Lines: one line per cell, the same objects.
        const QList<QByteArray> lines = JsonExport::toJsonLines(records).split('\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(QJsonDocument::fromJson(lines.at(0)).object(), cells.at(0).toObject());
        QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object(), cells.at(1).toObject());
    }

    void jsonTextEscapesAsQJsonDocument()
    {
        const QString text = awkwardText(70'000) + QChar(0x7f) + QStringLiteral("\\/");
        const QByteArray qt = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
        QCOMPARE(JsonText::escaped(text), qt.mid(2, qt.size() - 4));
        // A lone surrogate becomes U+FFFD.
        const QString lone = QStringLiteral("a") + QChar(0xD800) + QStringLiteral("b");
        QCOMPARE(JsonText::escaped(lone), QByteArray("a\xEF\xBF\xBD" "b"));
        QByteArray streamed;
        QBuffer buffer(&streamed);
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QVERIFY(JsonText::write(&buffer, text));
        QCOMPARE(streamed, qt.mid(2, qt.size() - 4));
    }

    void markdownStreamsManyLargeSamples()
    {
        const QString big = QString(200'000, QLatin1Char('w'));
        QList<ResultRecord> records;
        for (int sample = 0; sample < 3; ++sample)
            records.append(record(QStringLiteral("Q"), big + QString::number(sample), 0, sample));
        const QList<QByteArray> lines = MarkdownExport::toMarkdown(records).split('\n');
        QCOMPARE(lines.size(), 4); // header, rule, one row, end
        const QByteArray row = lines.at(2);
        QVERIFY(row.startsWith("| **#1**<br>Q | **1.** " + big.toUtf8() + "0<br>**2.** "));
        QVERIFY(row.endsWith(big.toUtf8() + "2 |"));
    }

    void requestBodySplicesLargePromptsExactly_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addRow("openai") << int(ProviderKind::OpenAI);
        QTest::addRow("anthropic") << int(ProviderKind::Anthropic);
        QTest::addRow("gemini") << int(ProviderKind::Gemini);
        QTest::addRow("ollama") << int(ProviderKind::Ollama);
    }

    void requestBodySplicesLargePromptsExactly()
    {
        QFETCH(int, kind);
        const auto protocol = ProtocolFactory::create(ProviderKind(kind));
        ChatRequest request;
        request.model = QStringLiteral("m");
        request.prompt = awkwardText(WireProtocol::kSpliceThreshold + 10);
        request.system = QStringLiteral("be brief ") + awkwardText(WireProtocol::kSpliceThreshold);
        request.params.temperature = 0.5;
        // Byte for byte what QJsonDocument writes, without its copies.
        QCOMPARE(protocol->requestBody(request), protocol->chatBody(request));
        request.system = QStringLiteral("short system");
        QCOMPARE(protocol->requestBody(request), protocol->chatBody(request));
    }

    void devicesAndPipesAreWrittenInPlace()
    {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("pipe"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QVERIFY(OutputFile::writesInPlace(fifo));
        QVERIFY(OutputFile::writesInPlace(QStringLiteral("/dev/null")));
        QVERIFY(OutputFile::writesInPlace(QStringLiteral("/dev/stdout")));
        QVERIFY(!OutputFile::writesInPlace(dir.filePath(QStringLiteral("new.csv"))));
        QString error;
        QVERIFY2(OutputFile::writeFile(QStringLiteral("/dev/null"), "x\r\n", &error), qPrintable(error));
        QVERIFY(!OutputFile::writeFile(QStringLiteral("/dev/full"), QByteArray(100'000, 'x'), &error));
        QVERIFY2(error.contains(QLatin1String("No space left on device")), qPrintable(error));
    }

    void sameFileIsFoundThroughLinks()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("a.txt"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.close();
        QVERIFY(QFile::link(file, dir.filePath(QStringLiteral("soft"))));
        QCOMPARE(::link(QFile::encodeName(file).constData(), QFile::encodeName(dir.filePath(QStringLiteral("hard"))).constData()), 0);
        const QString identity = FileClashCheck::identity(file);
        QVERIFY(identity.startsWith(QLatin1String("inode ")));
        QCOMPARE(FileClashCheck::identity(dir.filePath(QStringLiteral("soft"))), identity);
        QCOMPARE(FileClashCheck::identity(dir.filePath(QStringLiteral("hard"))), identity);
        // Not there yet: the resolved path.
        QCOMPARE(FileClashCheck::identity(dir.filePath(QStringLiteral("x/../new.csv"))),
                 FileClashCheck::identity(dir.filePath(QStringLiteral("new.csv"))));
        QVERIFY(FileClashCheck::identity(QStringLiteral("/dev/null")).isEmpty());

        FileClashCheck check;
        check.addInput(QStringLiteral("--prompts"), file);
        check.addOutput(QStringLiteral("--out"), dir.filePath(QStringLiteral("out.csv")));
        check.addOutput(QStringLiteral("--json"), dir.filePath(QStringLiteral("out.json")));
        QString error;
        QVERIFY2(check.check(&error), qPrintable(error));
        check.addOutput(QStringLiteral("--markdown"), dir.filePath(QStringLiteral("soft")));
        QVERIFY(!check.check(&error));
        QVERIFY2(error.startsWith(QLatin1String("--markdown ")) && error.contains(QLatin1String("--prompts")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestOutputStreams)
#include "tst_output_streams.moc"
