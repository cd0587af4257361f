// SPDX-License-Identifier: MIT
// The real promptgrid-cli with --follow-up against a fake OpenAI server on 127.0.0.1: each
// follow-up is the next turn of every cell, each model going on with its own answers (checked in
// the recorded request bodies); the CSV has one row per cell per turn with turn and mode; a
// model whose turn failed gets no follow-up, its rows say why, exit 1; an empty follow-up is a
// usage error.
#include "CliProcess.h"
#include "CsvTable.h"
#include "FakeLlmServer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

namespace {
} // namespace

class TestCliFollowUp : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    FakeLlmServer *m_server = nullptr;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    CliProcess::Result run(const QStringList &models, const QStringList &extra)
    {
        QStringList arguments{QStringLiteral("--providers"),
                              CliProcess::writeProviders(path(QStringLiteral("providers.json")), QStringLiteral("local"),
                                                         m_server->baseUrl(QStringLiteral("/v1")).toString()),
                              QStringLiteral("--prompt"), QStringLiteral("first"), QStringLiteral("--out"), path(QStringLiteral("out.csv"))};
        for (const QString &model : models)
            arguments << QStringLiteral("--model") << model;
        return CliProcess::run(arguments + extra, CliProcess::isolatedEnvironment(m_dir.path()), {}, 30'000);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void init()
    {
        m_server = new FakeLlmServer(this);
        QVERIFY(m_server->listen());
        m_server->setHandler([](const RecordedRequest &request) {
            if (request.model() == QLatin1String("bad"))
                return FakeResponse::jsonError(400, R"({"error":{"message":"bad refuses","type":"invalid_request_error"}})");
            const QJsonArray messages = request.json().value(QLatin1String("messages")).toArray();
            const QString last = messages.last().toObject().value(QLatin1String("content")).toString();
            return FakeResponse::openAiStream({request.model(), QStringLiteral(" on "), last}, 1, 3);
        });
        QFile::remove(path(QStringLiteral("out.csv")));
        QFile::remove(path(QStringLiteral("out.json")));
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void everyColumnFollowsItsOwnThread()
    {
        const CliProcess::Result r = run({QStringLiteral("local/m1"), QStringLiteral("local/m2")},
                                         {QStringLiteral("--follow-up"), QStringLiteral("second"), QStringLiteral("--follow-up"),
                                          QStringLiteral("third"), QStringLiteral("--json"), path(QStringLiteral("out.json"))});
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(m_server->requestCount(), 6);
        for (const RecordedRequest &request : m_server->requests()) {
            const QStringList lines = request.transcript();
            if (!lines.last().endsWith(QLatin1String("third")))
                continue;
            const QString model = request.model();
            QCOMPARE(lines, (QStringList{QStringLiteral("user: first"), QStringLiteral("assistant: %1 on first").arg(model),
                                         QStringLiteral("user: second"), QStringLiteral("assistant: %1 on second").arg(model),
                                         QStringLiteral("user: third")}));
        }
        const CsvTable csv = CsvTable::read(path(QStringLiteral("out.csv")));
        QCOMPARE(csv.rows.size(), 6);
        QCOMPARE(csv.header.mid(csv.header.size() - 10),
                 (QStringList{QStringLiteral("turn"), QStringLiteral("mode"), QStringLiteral("schema_valid"),
                              QStringLiteral("schema_error"), QStringLiteral("tool_calls"), QStringLiteral("judge_score"), QStringLiteral("judge_reason"), QStringLiteral("judge_model"), QStringLiteral("judge_error"), QStringLiteral("judge_cost_usd")}));
        const char *models[] = {"m1", "m1", "m1", "m2", "m2", "m2"};
        const char *prompts[] = {"first", "second", "third"};
        for (int row = 0; row < 6; ++row) {
            QCOMPARE(csv.at(row, "model"), QLatin1String(models[row]));
            QCOMPARE(csv.at(row, "turn"), QString::number(row % 3 + 1));
            QCOMPARE(csv.at(row, "prompt"), QLatin1String(prompts[row % 3]));
            QCOMPARE(csv.at(row, "answer"), QStringLiteral("%1 on %2").arg(QLatin1String(models[row]), QLatin1String(prompts[row % 3])));
            QCOMPARE(csv.at(row, "mode"), QStringLiteral("own-thread"));
        }
        QFile json(path(QStringLiteral("out.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonArray cells = QJsonDocument::fromJson(json.readAll()).object().value(QLatin1String("cells")).toArray();
        QCOMPARE(cells.size(), 6);
        QCOMPARE(cells.at(2).toObject().value(QLatin1String("turn")).toInt(), 3);
        QCOMPARE(cells.at(2).toObject().value(QLatin1String("mode")).toString(), QStringLiteral("own-thread"));
    }

    void noFollowUpAfterAFailedTurn()
    {
        const CliProcess::Result r = run({QStringLiteral("local/m1"), QStringLiteral("local/bad")},
                                         {QStringLiteral("--follow-up"), QStringLiteral("second"), QStringLiteral("--follow-up"),
                                          QStringLiteral("third")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 1);
        int badRequests = 0;
        for (const RecordedRequest &request : m_server->requests())
            badRequests += request.model() == QLatin1String("bad") ? 1 : 0;
        QCOMPARE(badRequests, 1);
        QCOMPARE(m_server->requestCount(), 4);
        const CsvTable csv = CsvTable::read(path(QStringLiteral("out.csv")));
        QCOMPARE(csv.rows.size(), 6);
        QCOMPARE(csv.at(3, "model"), QStringLiteral("bad"));
        QCOMPARE(csv.at(3, "status"), QStringLiteral("error"));
        for (int row = 4; row < 6; ++row) {
            QCOMPARE(csv.at(row, "turn"), QString::number(row - 2));
            QCOMPARE(csv.at(row, "status"), QStringLiteral("cancelled"));
            QVERIFY2(csv.at(row, "error").startsWith(QStringLiteral("not sent: turn %1 ").arg(row - 3)), qPrintable(csv.at(row, "error")));
        }
        QCOMPARE(csv.at(2, "status"), QStringLiteral("ok"));
        QCOMPARE(csv.at(2, "answer"), QStringLiteral("m1 on third"));
    }

    void emptyFollowUpIsAUsageError()
    {
        const CliProcess::Result r = run({QStringLiteral("local/m1")}, {QStringLiteral("--follow-up"), QStringLiteral(" ")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--follow-up"), r.err.constData());
        QCOMPARE(m_server->requestCount(), 0);
        QVERIFY(!QFile::exists(path(QStringLiteral("out.csv"))));
    }
};

QTEST_GUILESS_MAIN(TestCliFollowUp)
#include "tst_cli_follow_up.moc"
