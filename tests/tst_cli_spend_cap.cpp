// SPDX-License-Identifier: MIT
// The real promptgrid-cli with --spend-cap USD against a fake OpenAI server whose model has a
// price in the providers JSON: a request is not sent when it would take the run past the cap,
// the cells not sent are cancelled with the reason, the exit status is 1; a bad value is a
// usage error (2, no CSV); a model without a price is warned about and not limited.
#include "CsvTable.h"
#include "CliProcess.h"
#include "FakeLlmServer.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
using CliRun = CliProcess::Result;

} // namespace

class TestCliSpendCap : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    FakeLlmServer *m_server = nullptr;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    /// "local/priced" costs $0.1 a token in and out; "local/free" has no price.
    QString providersFile() const
    {
        const QString file = path(QStringLiteral("providers.json"));
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(file));
        out.write(QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1",
            "prices":{"priced":{"input_per_mtok":100000,"output_per_mtok":100000}}}]})")
                      .arg(m_server->baseUrl().toString())
                      .toUtf8());
        return file;
    }

    /// Eight prompts "p0".."p7" (one token each) to \a model with at most 3 output tokens:
    /// each request of "priced" is estimated at 4 x $0.1 = $0.40.
    CliRun runEight(const QString &model, const QStringList &extra)
    {
        QStringList arguments{QStringLiteral("--providers"), providersFile(), QStringLiteral("--model"), model,
                              QStringLiteral("--max-tokens"), QStringLiteral("3"), QStringLiteral("--out"), path(QStringLiteral("out.csv"))};
        for (int i = 0; i < 8; ++i)
            arguments << QStringLiteral("--prompt") << QStringLiteral("p%1").arg(i);
        return run(arguments + extra);
    }

    CliRun run(const QStringList &arguments) { return CliProcess::run(arguments, QProcessEnvironment::systemEnvironment(), {}, 20'000); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void init()
    {
        m_server = new FakeLlmServer(this);
        QVERIFY(m_server->listen());
        // 1 token in, 2 out: $0.30 a request.
        m_server->setHandler([](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral("ok")}, 1, 2); });
        QFile::remove(path(QStringLiteral("out.csv")));
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void capStopsSendingBeforeItIsPassed()
    {
        const CliRun r = runEight(QStringLiteral("local/priced"), {QStringLiteral("--spend-cap"), QStringLiteral("1")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 1);
        // Two fit in flight ($0.80); after them $0.60 + $0.40 fits; after $0.90 nothing does,
        // though the default concurrency of 8 would have sent all eight at once.
        QCOMPARE(m_server->requestCount(), 3);
        QVERIFY(m_server->peakConcurrentRequests() <= 2);
        const CsvTable csv = CsvTable::read(path(QStringLiteral("out.csv")));
        QCOMPARE(csv.rows.size(), 8);
        double spent = 0;
        for (int row = 0; row < 3; ++row) {
            QCOMPARE(csv.at(row, "status"), QStringLiteral("ok"));
            spent += csv.at(row, "cost_usd").toDouble();
        }
        QVERIFY(spent <= 1.0);
        for (int row = 3; row < 8; ++row) {
            QCOMPARE(csv.at(row, "status"), QStringLiteral("cancelled"));
            QVERIFY2(csv.at(row, "error").contains(QLatin1String("spend cap of $1.00 was reached")),
                     qPrintable(csv.at(row, "error")));
            QVERIFY(csv.at(row, "answer").isEmpty());
        }
        QVERIFY2(r.err.contains("3 ok, 0 failed, 5 cancelled"), r.err.constData());
    }

    void capNotReachedSendsEverything()
    {
        const CliRun r = runEight(QStringLiteral("local/priced"), {QStringLiteral("--spend-cap=100")});
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(m_server->requestCount(), 8);
        QVERIFY(!r.err.contains("warning"));
    }

    void zeroCapSendsNothingPriced()
    {
        const CliRun r = runEight(QStringLiteral("local/priced"), {QStringLiteral("--spend-cap=0")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(m_server->requestCount(), 0);
        const CsvTable csv = CsvTable::read(path(QStringLiteral("out.csv")));
        QCOMPARE(csv.rows.size(), 8);
        for (int row = 0; row < 8; ++row) {
            QCOMPARE(csv.at(row, "status"), QStringLiteral("cancelled"));
            QVERIFY(csv.at(row, "error").contains(QLatin1String("spend cap of $0.00 was reached")));
        }
    }

    void unpricedModelIsSentAndWarnedAbout()
    {
        const CliRun r = runEight(QStringLiteral("local/free"), {QStringLiteral("--spend-cap"), QStringLiteral("0.5")});
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(m_server->requestCount(), 8);
        QVERIFY2(r.err.contains("no price is known for local/free; --spend-cap cannot limit those cells"), r.err.constData());
    }

    void badValuesAreUsageErrors_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addRow("negative") << QStringLiteral("-1");
        QTest::addRow("not a number") << QStringLiteral("five");
        QTest::addRow("nan") << QStringLiteral("nan");
        QTest::addRow("infinite") << QStringLiteral("inf");
        QTest::addRow("empty") << QString();
    }

    void badValuesAreUsageErrors()
    {
        QFETCH(QString, value);
        const CliRun r = runEight(QStringLiteral("local/priced"), {QStringLiteral("--spend-cap=") + value});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--spend-cap must be a number of US dollars >= 0"), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(!QFile::exists(path(QStringLiteral("out.csv"))));
        QCOMPARE(m_server->requestCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliSpendCap)
#include "tst_cli_spend_cap.moc"
