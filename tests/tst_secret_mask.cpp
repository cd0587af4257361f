// SPDX-License-Identifier: MIT
// SecretMask: known keys and key-shaped tokens are hidden, prose is not, and a streamed text
// masked piece by piece ends exactly as the whole text masked at once.
#include "SecretMask.h"

#include <QRandomGenerator>
#include <QTest>

namespace {
const QString kKey = QStringLiteral("sk-test-SECRET-1234");
const QString kHidden = SecretMask::maskText();

QString streamed(const QString &whole, const QList<qsizetype> &cuts, const SecretMask &mask)
{
    QString text;
    SecretMask::Tail tail;
    qsizetype at = 0;
    for (const qsizetype cut : cuts) {
        const qsizetype from = text.size();
        text += whole.mid(at, cut - at);
        mask.applyToAppended(text, from, tail);
        at = cut;
    }
    const qsizetype from = text.size();
    text += whole.mid(at);
    mask.applyToAppended(text, from, tail);
    return text;
}
} // namespace

class TestSecretMask : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void masks_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        const QString h = kHidden;
        QTest::addRow("known key in an error") << QStringLiteral("Incorrect API key provided: %1. See the docs.").arg(kKey)
                                               << QStringLiteral("Incorrect API key provided: %1. See the docs.").arg(h);
        QTest::addRow("known key twice") << kKey + QStringLiteral(" and ") + kKey << h + QStringLiteral(" and ") + h;
        QTest::addRow("bearer") << QStringLiteral("sent Authorization: Bearer abc123def456ghi, refused")
                                << QStringLiteral("sent Authorization: Bearer %1, refused").arg(h);
        QTest::addRow("lower-case bearer") << QStringLiteral("bearer zz9zz9zz9zz9") << QStringLiteral("bearer %1").arg(h);
        QTest::addRow("x-api-key header") << QStringLiteral("x-api-key: ant9key9value9 was wrong")
                                          << QStringLiteral("x-api-key: %1 was wrong").arg(h);
        QTest::addRow("x-goog-api-key in JSON") << QStringLiteral("{\"x-goog-api-key\": \"g00gle-value-123\"}")
                                                << QStringLiteral("{\"x-goog-api-key\": \"%1\"}").arg(h);
        QTest::addRow("api_key query") << QStringLiteral("/v1?api_key=abc123456789&x=1") << QStringLiteral("/v1?api_key=%1&x=1").arg(h);
        QTest::addRow("sk- key") << QStringLiteral("key sk-abcdefghij0123456789XYZ.") << QStringLiteral("key %1.").arg(h);
        QTest::addRow("sk-ant- key") << QStringLiteral("(sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz_0123456789-abc)")
                                     << QStringLiteral("(%1)").arg(h);
        QTest::addRow("sk-proj- key") << QStringLiteral("sk-proj-1234567890abcdefghijKLMNOP") << h;
        QTest::addRow("AIza key") << QStringLiteral("key=AIzaSyA1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU_v") << QStringLiteral("key=%1").arg(h);
        QTest::addRow("gsk_ key") << QStringLiteral("gsk_0123456789abcdefghijKLMNOPQRSTUVWXYZ") << h;
        QTest::addRow("xai- key") << QStringLiteral("xai-0123456789abcdefghijKLMNOPQRSTUVWXYZ") << h;
        // Prose and code stay as written.
        const QStringList kept{
            QStringLiteral("Use Bearer authentication with your token."),
            QStringLiteral("client = OpenAI(api_key=os.environ[\"OPENAI_API_KEY\"])"),
            QStringLiteral("headers = {\"x-api-key\": YOUR_API_KEY}"),
            QStringLiteral("a risk-assessment-framework-2024-extended plan"),
            QStringLiteral("task-0123456789abcdefghijkl"),
            QStringLiteral("pip install sk-learn"),
            QStringLiteral("Authorization: Bearer $TOKEN"),
            QStringLiteral("[key hidden] stays [key hidden]"),
            QStringLiteral("The key to success"),
        };
        for (const QString &text : kept)
            QTest::addRow("kept: %s", qPrintable(text)) << text << text;
    }

    void masks()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(SecretMask::apply(text, {kKey}), expected);
        // Masking is idempotent: a masked text is left alone.
        QCOMPARE(SecretMask::apply(expected, {kKey}), expected);
    }

    void formsOfTheKey()
    {
        // A key with characters a URL or a raw JSON body writes differently.
        const QString key = QStringLiteral("tok/en+with\"quote");
        const SecretMask mask({key});
        QCOMPARE(mask.apply(QStringLiteral("url ?k=tok%2Fen%2Bwith%22quote end")), QStringLiteral("url ?k=%1 end").arg(kHidden));
        QCOMPARE(mask.apply(QStringLiteral("{\"echo\":\"tok/en+with\\\"quote\"}")), QStringLiteral("{\"echo\":\"%1\"}").arg(kHidden));
        QCOMPARE(mask.apply(key), kHidden);
        // Placeholders shorter than kMinSecretLength are no secret worth wrecking the text for.
        QCOMPARE(SecretMask::apply(QStringLiteral("none of it"), {QStringLiteral("none")}), QStringLiteral("none of it"));
    }

    void keySplitAcrossPieces()
    {
        const QString whole = QStringLiteral("Your key is %1, and Bearer abc123def456ghi789 too; x-api-key: AAAA9999BBBB.").arg(kKey);
        const SecretMask mask({kKey});
        const QString expected = mask.apply(whole);
        QVERIFY(!expected.contains(kKey));
        QVERIFY(expected.startsWith(QStringLiteral("Your key is %1, and Bearer %1 too").arg(kHidden)));
        // Every single cut, then every piece one character long.
        for (qsizetype cut = 0; cut <= whole.size(); ++cut)
            QCOMPARE(streamed(whole, {cut}, mask), expected);
        QList<qsizetype> everyChar;
        for (qsizetype i = 1; i < whole.size(); ++i)
            everyChar.append(i);
        QCOMPARE(streamed(whole, everyChar, mask), expected);
    }

    void longShapeStreamedCharByChar()
    {
        // An unknown key of a known shape: once the start is hidden, the rest must not trickle out.
        const QString key = QStringLiteral("sk-proj-") + QString(120, QLatin1Char('a')) + QStringLiteral("9Z");
        const QString whole = QStringLiteral("echo: ") + key + QStringLiteral(" end");
        const SecretMask mask;
        QCOMPARE(mask.apply(whole), QStringLiteral("echo: %1 end").arg(kHidden));
        QList<qsizetype> everyChar;
        for (qsizetype i = 1; i < whole.size(); ++i)
            everyChar.append(i);
        QCOMPARE(streamed(whole, everyChar, mask), QStringLiteral("echo: %1 end").arg(kHidden));
    }

    void logMessagesAreMasked()
    {
        SecretMask::installLogMask();
        SecretMask::installLogMask(); // once is enough; a second call changes nothing
        SecretMask::setLogSecrets({kKey});
        // QTest's own handler sees what the mask passes on.
        QTest::ignoreMessage(QtWarningMsg, qPrintable(QStringLiteral("server said: bad key %1 (x-api-key: %1)").arg(kHidden)));
        qWarning("server said: bad key %s (x-api-key: abc123456789)", qPrintable(kKey));
        SecretMask::setLogSecrets({});
        QTest::ignoreMessage(QtWarningMsg, qPrintable(QStringLiteral("shapes only: %1, %2").arg(kHidden, kKey.left(8))));
        qWarning("shapes only: sk-abcdefghij0123456789XYZ, %s", qPrintable(kKey.left(8)));
    }

    void streamedEqualsWhole_data()
    {
        QTest::addColumn<QString>("separator");
        QTest::addRow("words") << QStringLiteral(" ");
        QTest::addRow("run together") << QString();
    }

    void streamedEqualsWhole()
    {
        // Random texts from fragments that make and break keys, cut at random places.
        QFETCH(QString, separator);
        const QStringList fragments{kKey, QStringLiteral("sk-"), QStringLiteral("test-SECRET-"), QStringLiteral("1234"),
                                    QStringLiteral("Bearer "), QStringLiteral("x-api-key: "), QStringLiteral("AIza"),
                                    QStringLiteral("abcdefghij"), QStringLiteral("0123456789"), QStringLiteral(" "),
                                    QStringLiteral("."), QStringLiteral("\n"), QStringLiteral("key"), QStringLiteral("gsk_"),
                                    QStringLiteral("\"api_key\":\""), QStringLiteral("words and more words")};
        QRandomGenerator random(20261126);
        const SecretMask mask({kKey});
        for (int round = 0; round < 3000; ++round) {
            QStringList picked;
            const int count = random.bounded(1, 14);
            for (int i = 0; i < count; ++i)
                picked.append(fragments.at(random.bounded(int(fragments.size()))));
            const QString whole = picked.join(separator);
            QList<qsizetype> cuts;
            for (qsizetype at = random.bounded(1, 8); at < whole.size(); at += random.bounded(1, 12))
                cuts.append(at);
            const QString expected = mask.apply(whole);
            const QString got = streamed(whole, cuts, mask);
            QVERIFY(!got.contains(kKey));
            QCOMPARE(mask.apply(got), got); // nothing left to hide
            // Separate words mask the same piece by piece as whole. Run together, the start of
            // the known key can complete a key shape before the key itself is complete: then
            // the stream hides that shape whole, a little more than the whole text does.
            if (!separator.isEmpty())
                QVERIFY2(got == expected, qPrintable(QStringLiteral("%1\nwhole:    %2\nstreamed: %3").arg(whole, expected, got)));
        }
    }
};

QTEST_GUILESS_MAIN(TestSecretMask)
#include "tst_secret_mask.moc"
