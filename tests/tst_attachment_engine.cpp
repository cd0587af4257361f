// SPDX-License-Identifier: MIT
// The engine checks a cell's attachments against its provider before sending: a GIF is never
// sent to Gemini and an animated GIF never to OpenAI; that cell says why, the others go on.
#include "AttachmentFile.h"
#include "FaultRun.h"
#include "PlanBuilder.h"
#include "Scheduler.h"

#include <QSignalSpy>
#include <QTest>

namespace {
const QByteArray kStillGif("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
                           "\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00;", 35);

Attachment gif(const QString &name, int frames)
{
    QByteArray bytes = kStillGif.left(13 + 6);
    for (int i = 0; i < frames; ++i)
        bytes += kStillGif.mid(19, 15);
    bytes += ';';
    QString error;
    const auto image = AttachmentFile::imageFromBytes(name, bytes, &error);
    if (!image)
        qFatal("%s", qPrintable(error));
    return *image;
}
} // namespace

class TestAttachmentEngine : public QObject
{
    Q_OBJECT

private slots:
    void eachCellAgainstItsProvider();
};

void TestAttachmentEngine::eachCellAgainstItsProvider()
{
    FakeLlmServer openai, gemini;
    QVERIFY(openai.listen() && gemini.listen());
    openai.setHandler([](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral("a red dot")}); });
    ProviderRegistry registry = FaultRun::providers({{QStringLiteral("o"), openai.baseUrl().toString()}});
    registry.upsert(*FaultRun::providers({{QStringLiteral("g"), gemini.baseUrl().toString()}}, QStringLiteral("gemini")).find(QStringLiteral("g")));
    for (const int frames : {1, 2}) {
        RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("What is it?")}, FaultRun::columns({QStringLiteral("o"), QStringLiteral("g")}), 1, {});
        plan.rows[0].attachments = {gif(frames == 1 ? QStringLiteral("still.gif") : QStringLiteral("moving.gif"), frames)};
        Scheduler scheduler;
        scheduler.setProviders(registry);
        scheduler.setLimits(FaultRun::fastLimits());
        QSignalSpy finished(&scheduler, &Scheduler::runFinished);
        const int sentBefore = openai.requestCount();
        scheduler.start(plan);
        QVERIFY(finished.wait(10'000));
        const CellResult &o = scheduler.result(0);
        const CellResult &g = scheduler.result(1);
        QCOMPARE(cellStatusName(g.status), QStringLiteral("error"));
        QVERIFY2(g.error.startsWith(QStringLiteral("not sent: Image \"%1.gif\"").arg(frames == 1 ? QStringLiteral("still") : QStringLiteral("moving")))
                     && g.error.contains(QStringLiteral("Gemini does not accept GIF")),
                 qPrintable(g.error));
        if (frames == 1) {
            QCOMPARE(cellStatusName(o.status), QStringLiteral("ok"));
            QCOMPARE(o.text, QStringLiteral("a red dot"));
            QCOMPARE(openai.requestCount(), sentBefore + 1);
            // Sent as a GIF data URL.
            QVERIFY(openai.requests().last().body.contains("data:image/gif;base64,"));
        } else {
            QCOMPARE(cellStatusName(o.status), QStringLiteral("error"));
            QVERIFY2(o.error.contains(QStringLiteral("\"moving.gif\"")) && o.error.contains(QStringLiteral("animated")), qPrintable(o.error));
            QCOMPARE(openai.requestCount(), sentBefore);
        }
    }
    QCOMPARE(gemini.requestCount(), 0);
}

QTEST_GUILESS_MAIN(TestAttachmentEngine)
#include "tst_attachment_engine.moc"
