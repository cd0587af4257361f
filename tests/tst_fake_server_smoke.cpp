// SPDX-License-Identifier: MIT
// The engine end to end against the fake server: the smallest proof that the two talk.
#include "FakeLlmServer.h"
#include "PlanBuilder.h"
#include "Scheduler.h"

#include <QSignalSpy>
#include <QTest>

class TestFakeServerSmoke : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void streamsOneCell()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        server.enqueue(FakeResponse::openAiStream({QStringLiteral("Hel"), QStringLiteral("lo")}, 5, 2).splitEvery(7));
        ProviderRegistry registry;
        QString error;
        auto parsed = ProviderRegistry::fromJson(QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1"}]})")
                                                     .arg(server.baseUrl().toString())
                                                     .toUtf8(),
                                                 &error);
        QVERIFY2(parsed, qPrintable(error));
        Scheduler scheduler;
        scheduler.setProviders(*parsed);
        ModelColumn column;
        column.provider = QStringLiteral("local");
        column.model = QStringLiteral("m1");
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        scheduler.start(PlanBuilder::fromPrompts({QStringLiteral("hi")}, {column}, 1, {}));
        QVERIFY(finished.wait(5000));
        const CellResult &r = scheduler.result(0);
        QCOMPARE(cellStatusName(r.status), QStringLiteral("ok"));
        QCOMPARE(r.text, QStringLiteral("Hello"));
        QCOMPARE(r.inputTokens.value_or(-1), 5);
        QCOMPARE(r.outputTokens.value_or(-1), 2);
        QCOMPARE(r.finishReason, QStringLiteral("stop"));
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(server.requests().first().path, QByteArray("/v1/chat/completions"));
        QCOMPARE(server.requests().first().json().value(QLatin1String("model")).toString(), QStringLiteral("m1"));
    }
};

QTEST_GUILESS_MAIN(TestFakeServerSmoke)
#include "tst_fake_server_smoke.moc"
