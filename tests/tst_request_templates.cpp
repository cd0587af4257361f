// SPDX-License-Identifier: MIT
// RequestTemplates: a run builds each provider/model's request headers once and shares them,
// and rebuilds them when anything they depend on changes.
#include "GeminiProtocol.h"
#include "OpenAiProtocol.h"
#include "RequestTemplates.h"

#include <QTest>

namespace {
/// Counts how often the headers are built.
class CountingOpenAi : public OpenAiProtocol
{
public:
    QNetworkRequest chatHttpRequest(const ProviderConfig &provider, const QString &apiKey,
                                    const QString &model) const override
    {
        ++built;
        return OpenAiProtocol::chatHttpRequest(provider, apiKey, model);
    }
    mutable int built = 0;
};

ProviderConfig provider(ProviderKind kind = ProviderKind::OpenAI)
{
    ProviderConfig config;
    config.name = QStringLiteral("local");
    config.kind = kind;
    config.baseUrl = QStringLiteral("http://127.0.0.1:8080/v1");
    return config;
}
} // namespace

class TestRequestTemplates : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtOnceForManyRequests()
    {
        CountingOpenAi protocol;
        RequestTemplates templates;
        const ProviderConfig config = provider();
        const QNetworkRequest first = templates.chatRequest(protocol, config, QStringLiteral("k1"), QStringLiteral("m"));
        for (int i = 0; i < 100; ++i)
            QCOMPARE(templates.chatRequest(protocol, config, QStringLiteral("k1"), QStringLiteral("m")), first);
        QCOMPARE(protocol.built, 1);
        QCOMPARE(templates.size(), 1);
        QCOMPARE(first.url().toString(), QStringLiteral("http://127.0.0.1:8080/v1/chat/completions"));
        QCOMPARE(first.rawHeader("Authorization"), QByteArray("Bearer k1"));
        // The same as building it directly.
        QCOMPARE(first, protocol.chatHttpRequest(config, QStringLiteral("k1"), QStringLiteral("m")));
    }

    void changedKeyUrlOrH2cRebuilds()
    {
        CountingOpenAi protocol;
        RequestTemplates templates;
        ProviderConfig config = provider();
        templates.chatRequest(protocol, config, QStringLiteral("k1"), QStringLiteral("m"));
        const QNetworkRequest rekeyed = templates.chatRequest(protocol, config, QStringLiteral("k2"), QStringLiteral("m"));
        QCOMPARE(rekeyed.rawHeader("Authorization"), QByteArray("Bearer k2"));
        QCOMPARE(protocol.built, 2);

        config.baseUrl = QStringLiteral("http://127.0.0.1:9090/v1");
        const QNetworkRequest moved = templates.chatRequest(protocol, config, QStringLiteral("k2"), QStringLiteral("m"));
        QCOMPARE(moved.url().port(), 9090);
        QVERIFY(!moved.attribute(QNetworkRequest::Http2DirectAttribute).toBool());

        config.http2Direct = true;
        const QNetworkRequest h2c = templates.chatRequest(protocol, config, QStringLiteral("k2"), QStringLiteral("m"));
        QVERIFY(h2c.attribute(QNetworkRequest::Http2DirectAttribute).toBool());
        QCOMPARE(protocol.built, 4);
        QCOMPARE(templates.size(), 1);

        templates.clear();
        QCOMPARE(templates.size(), 0);
        templates.chatRequest(protocol, config, QStringLiteral("k2"), QStringLiteral("m"));
        QCOMPARE(protocol.built, 5);
    }

    void keyedByModelWhereTheUrlNamesIt()
    {
        GeminiProtocol protocol;
        RequestTemplates templates;
        const ProviderConfig config = provider(ProviderKind::Gemini);
        const QNetworkRequest flash = templates.chatRequest(protocol, config, QStringLiteral("k"), QStringLiteral("gemini-2.5-flash"));
        const QNetworkRequest pro = templates.chatRequest(protocol, config, QStringLiteral("k"), QStringLiteral("gemini-2.5-pro"));
        QVERIFY(flash.url().path().contains(QStringLiteral("gemini-2.5-flash:streamGenerateContent")));
        QVERIFY(pro.url().path().contains(QStringLiteral("gemini-2.5-pro:streamGenerateContent")));
        QCOMPARE(templates.size(), 2);
        QCOMPARE(pro.rawHeader("x-goog-api-key"), QByteArray("k"));
    }

    void kindChangeRebuilds()
    {
        RequestTemplates templates;
        ProviderConfig config = provider(ProviderKind::OpenAI);
        const QNetworkRequest openai = templates.chatRequest(OpenAiProtocol(), config, QStringLiteral("k"), QStringLiteral("m"));
        config.kind = ProviderKind::Gemini;
        const QNetworkRequest gemini = templates.chatRequest(GeminiProtocol(), config, QStringLiteral("k"), QStringLiteral("m"));
        QVERIFY(openai.url() != gemini.url());
        QVERIFY(!gemini.hasRawHeader("Authorization"));
    }
};

QTEST_GUILESS_MAIN(TestRequestTemplates)
#include "tst_request_templates.moc"
