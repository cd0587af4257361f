// SPDX-License-Identifier: MIT
// Share for Rating and the verdicts that come back: the .promptgrid-rating file round trip, a
// fingerprint that tells runs apart, malformed files named with their field or line, no key,
// provider URL or model name in the default file, and merging that never counts a verdict twice.
#include "BattleSchedule.h"
#include "RatingShare.h"
#include "RatingVerdicts.h"
#include "StaticGrid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kKey = QStringLiteral("sk-test-0123456789abcdefSECRET");
const QString kUrl = QStringLiteral("http://127.0.0.1:9/private-gateway");

RunPlan plan()
{
    RunPlan plan;
    for (int row = 0; row < 3; ++row) {
        RunRow r;
        r.promptIndex = row;
        r.prompt = QStringLiteral("Question %1?").arg(row);
        r.label = QStringLiteral("Q%1").arg(row);
        plan.rows << r;
    }
    plan.rows[1].system = QStringLiteral("Answer briefly.");
    ChatMessage earlier;
    earlier.role = ChatMessage::Role::User;
    earlier.text = QStringLiteral("Hello");
    ChatMessage reply;
    reply.role = ChatMessage::Role::Assistant;
    reply.text = QStringLiteral("Hi, how can I help?");
    plan.rows[2].history = {earlier, reply};
    for (const char *name : {"gpt-secret-alpha", "claude-secret-beta", "gemini-secret-gamma"}) {
        ModelColumn column;
        column.provider = QStringLiteral("privateprovider");
        column.model = QLatin1String(name);
        plan.columns << column;
    }
    return plan;
}

std::vector<CellResult> answers(const RunPlan &plan)
{
    std::vector<CellResult> results(plan.cellCount());
    for (int cell = 0; cell < int(results.size()); ++cell) {
        results[cell].status = CellStatus::Ok;
        results[cell].text = QStringLiteral("Answer of cell %1").arg(cell);
    }
    // A model that echoed the key it was sent with.
    results[1].text = QStringLiteral("Your key is %1, keep it safe.").arg(kKey);
    return results;
}

QList<Battle> battles(const StaticGrid &grid)
{
    BattleSchedule::Request request;
    request.rowCount = int(grid.plan().rows.size());
    request.columns = {0, 1, 2};
    request.bothOrders = true;
    request.seed = 7;
    request.available = BattleSchedule::answeredCells(grid);
    return BattleSchedule(request).battles();
}

QByteArray edited(const QByteArray &json, const std::function<void(QJsonObject &)> &edit)
{
    QJsonObject root = QJsonDocument::fromJson(json).object();
    edit(root);
    return QJsonDocument(root).toJson();
}
} // namespace

class TestRatingShare : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        const RunPlan p = plan();
        StaticGrid grid(p, answers(p));
        const QList<Battle> list = battles(grid);
        QCOMPARE(list.size(), 18); // 3 pairs x 3 rows x both ways
        const RatingShare share = RatingShare::fromGrid(grid, list, {});
        QCOMPARE(share.battles(), list);
        QCOMPARE(share.rows().size(), 3);
        QCOMPARE(share.rows().at(1).system, QStringLiteral("Answer briefly."));
        QCOMPARE(share.rows().at(2).history.size(), 2);
        QCOMPARE(share.answer(CellAddress{2, 1, 0}), std::optional<QString>(grid.result(grid.cellIndex(2, 1)).text));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.promptgrid-rating"));
        QString error;
        QVERIFY2(share.write(path, &error), qPrintable(error));
        const auto read = RatingShare::read(path, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(*read, share);
        QCOMPARE(read->runFingerprint(), RatingShare::fingerprint(p));
        QVERIFY(read->modelNames().isEmpty());
    }

    void fingerprintTellsRunsApart()
    {
        const RunPlan p = plan();
        QCOMPARE(RatingShare::fingerprint(p), RatingShare::fingerprint(plan()));
        RunPlan otherPrompt = p;
        otherPrompt.rows[0].prompt += QLatin1Char('!');
        QVERIFY(RatingShare::fingerprint(otherPrompt) != RatingShare::fingerprint(p));
        RunPlan otherModel = p;
        otherModel.columns[2].model = QStringLiteral("other");
        QVERIFY(RatingShare::fingerprint(otherModel) != RatingShare::fingerprint(p));
        // It gives nothing away.
        QVERIFY(!RatingShare::fingerprint(p).contains(QLatin1String("secret")));
    }

    void verdictsRoundTripAndMergeOnce()
    {
        Ratings colleague;
        colleague.setBattleVerdict(BattleVerdict{Battle{0, 0, 0, 1}, QStringLiteral("alice"), BattleVerdict::Left});
        colleague.setBattleVerdict(BattleVerdict{Battle{1, 0, 2, 0}, QStringLiteral("alice"), BattleVerdict::Tie});
        colleague.setBattleVerdict(BattleVerdict{Battle{2, 0, 1, 2}, QStringLiteral("alice"), BattleVerdict::Skip});
        const RatingVerdicts verdicts = RatingVerdicts::fromRatings(colleague, QStringLiteral("abc"), QStringLiteral("alice"));
        QCOMPARE(verdicts.verdicts.size(), 3);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("alice.promptgrid-verdicts"));
        QString error;
        QVERIFY2(verdicts.write(path, &error), qPrintable(error));
        const auto read = RatingVerdicts::read(path, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(read->fingerprint, QStringLiteral("abc"));
        QCOMPARE(read->rater, QStringLiteral("alice"));
        QCOMPARE(read->verdicts, verdicts.verdicts);

        Ratings run;
        run.setBattleVerdict(BattleVerdict{Battle{0, 0, 0, 1}, Ratings::localRater(), BattleVerdict::Right});
        QCOMPARE(read->mergeInto(run), 3);
        QCOMPARE(read->mergeInto(run), 0);
        QCOMPARE(run.battleVerdicts().size(), 4);
        QCOMPARE(run.battleVerdicts(QStringLiteral("alice")).size(), 3);
        QCOMPARE(run.battleVerdict(Battle{0, 0, 0, 1}, Ratings::localRater()), std::optional(BattleVerdict::Right));
        QCOMPARE(run.battleVerdict(Battle{0, 0, 0, 1}, QStringLiteral("alice")), std::optional(BattleVerdict::Left));
    }

    void malformedFilesNameTheField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("isShare");
        QTest::addColumn<QString>("field");
        const RunPlan p = plan();
        StaticGrid grid(p, answers(p));
        const QByteArray share = RatingShare::fromGrid(grid, battles(grid), {}).toJson();
        QTest::addRow("share: bad JSON") << share.left(share.size() / 2) << true << QStringLiteral("line ");
        QTest::addRow("share: not a rating file")
            << edited(share, [](QJsonObject &o) { o.insert(QStringLiteral("format"), QStringLiteral("promptgrid")); }) << true
            << QStringLiteral("\"format\"");
        QTest::addRow("share: battle column out of range") << edited(share, [](QJsonObject &o) {
            QJsonArray list = o.value(QStringLiteral("battles")).toArray();
            QJsonObject battle = list.at(2).toObject();
            battle.insert(QStringLiteral("left"), 9);
            list[2] = battle;
            o.insert(QStringLiteral("battles"), list);
        }) << true << QStringLiteral("battles[2].left");
        QTest::addRow("share: answer without text") << edited(share, [](QJsonObject &o) {
            QJsonArray list = o.value(QStringLiteral("answers")).toArray();
            QJsonObject answer = list.at(1).toObject();
            answer.remove(QStringLiteral("text"));
            list[1] = answer;
            o.insert(QStringLiteral("answers"), list);
        }) << true << QStringLiteral("answers[1] needs \"text\"");
        QTest::addRow("share: battle without its answer") << edited(share, [](QJsonObject &o) {
            o.insert(QStringLiteral("answers"), QJsonArray());
        }) << true << QStringLiteral("battles[0]");

        RatingVerdicts verdicts{QStringLiteral("abc"), QStringLiteral("bob"),
                                {BattleVerdict{Battle{0, 0, 0, 1}, QStringLiteral("bob"), BattleVerdict::Left},
                                 BattleVerdict{Battle{0, 0, 1, 0}, QStringLiteral("bob"), BattleVerdict::Right}}};
        const QByteArray good = verdicts.toJson();
        QTest::addRow("verdicts: bad JSON") << good.left(good.size() - 5) << false << QStringLiteral("line ");
        QTest::addRow("verdicts: unknown verdict") << edited(good, [](QJsonObject &o) {
            QJsonArray list = o.value(QStringLiteral("verdicts")).toArray();
            QJsonObject verdict = list.at(1).toObject();
            verdict.insert(QStringLiteral("verdict"), QStringLiteral("maybe"));
            list[1] = verdict;
            o.insert(QStringLiteral("verdicts"), list);
        }) << false << QStringLiteral("verdicts[1].verdict");
        QTest::addRow("verdicts: no rater") << edited(good, [](QJsonObject &o) { o.remove(QStringLiteral("rater")); }) << false
                                            << QStringLiteral("\"rater\"");
        QTest::addRow("verdicts: a judge's name") << edited(good, [](QJsonObject &o) {
            o.insert(QStringLiteral("rater"), QStringLiteral("judge:demo/echo"));
        }) << false << QStringLiteral("\"rater\"");
        QTest::addRow("verdicts: negative row") << edited(good, [](QJsonObject &o) {
            QJsonArray list = o.value(QStringLiteral("verdicts")).toArray();
            QJsonObject verdict = list.at(0).toObject();
            verdict.insert(QStringLiteral("row"), -1);
            list[0] = verdict;
            o.insert(QStringLiteral("verdicts"), list);
        }) << false << QStringLiteral("verdicts[0].row");
    }

    void malformedFilesNameTheField()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, isShare);
        QFETCH(QString, field);
        QTemporaryDir dir;
        const QString path = dir.filePath(isShare ? QStringLiteral("bad.promptgrid-rating") : QStringLiteral("bad.promptgrid-verdicts"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(json);
        file.close();
        QString error;
        const bool read = isShare ? bool(RatingShare::read(path, &error)) : bool(RatingVerdicts::read(path, &error));
        QVERIFY(!read);
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY2(error.contains(field), qPrintable(error));
    }

    void theDefaultFileHoldsNoSecret()
    {
        const RunPlan p = plan();
        StaticGrid grid(p, answers(p));
        QVERIFY(grid.result(1).text.contains(kKey));
        // And one pasted into a conversation.
        RunPlan pasted = p;
        pasted.rows[2].history[0].text = QStringLiteral("my key: %1").arg(kKey);
        StaticGrid pastedGrid(pasted, answers(pasted));
        // The key as the window knows it (tst_gui_rating_share: from the provider's settings).
        RatingShare::Options options;
        options.secrets = {kKey};
        const QByteArray bytes = RatingShare::fromGrid(pastedGrid, battles(pastedGrid), options).toJson();
        QVERIFY(!bytes.contains(kKey.toUtf8()));
        QVERIFY(!bytes.contains("0123456789abcdef"));
        QVERIFY(!bytes.contains(kUrl.toUtf8()));
        QVERIFY(!bytes.contains("127.0.0.1"));
        QVERIFY(!bytes.contains("privateprovider"));
        for (const ModelColumn &column : p.columns)
            QVERIFY2(!bytes.contains(column.model.toUtf8()), qPrintable(column.model));
        QVERIFY(bytes.contains("[key hidden]"));

        // Names and URLs go in only when the user chose them.
        options.includeModelNames = true;
        options.providerUrls = QStringList(3, kUrl);
        const QByteArray chosen = RatingShare::fromGrid(grid, battles(grid), options).toJson();
        QVERIFY(chosen.contains("gpt-secret-alpha"));
        QVERIFY(chosen.contains(kUrl.toUtf8()));
        QVERIFY(!chosen.contains(kKey.toUtf8()));
        QString error;
        const auto read = RatingShare::fromJson(chosen, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(read->modelNames().at(1), p.columns.at(1).displayName());
    }

    void colleagueNames()
    {
        QVERIFY(RatingVerdicts::isColleagueName(QStringLiteral("alice")));
        QVERIFY(!RatingVerdicts::isColleagueName(QString()));
        QVERIFY(!RatingVerdicts::isColleagueName(QStringLiteral(" alice")));
        QVERIFY(!RatingVerdicts::isColleagueName(Ratings::localRater()));
        QVERIFY(!RatingVerdicts::isColleagueName(QStringLiteral("judge:demo/echo")));
    }
};

QTEST_GUILESS_MAIN(TestRatingShare)
#include "tst_rating_share.moc"
