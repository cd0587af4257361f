// SPDX-License-Identifier: MIT
// JsonDiff on known pairs: added, removed and changed values by JSON pointer, nested objects,
// arrays by index; its similarity (equal leaf paths over the union of leaf paths), and the
// similarity WordDiff gives two JSON answers.
#include "JsonDiff.h"
#include "WordDiff.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {
QJsonValue json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray("[") + text + "]").array().first();
}
} // namespace

class TestJsonDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addedRemovedChangedByPath()
    {
        const JsonDiffResult result = JsonDiff::diff(json(R"({"a":1,"b":"x","c":true})"), json(R"({"a":1,"b":"y","d":null})"));
        const QList<JsonChange> expected = {
            {JsonChange::Changed, QStringLiteral("/b"), QJsonValue(QStringLiteral("x")), QJsonValue(QStringLiteral("y"))},
            {JsonChange::Removed, QStringLiteral("/c"), QJsonValue(true), QJsonValue()},
            {JsonChange::Added, QStringLiteral("/d"), QJsonValue(), QJsonValue(QJsonValue::Null)},
        };
        QCOMPARE(result.changes, expected);
        QCOMPARE(result.count(JsonChange::Added), 1);
        QCOMPARE(result.count(JsonChange::Removed), 1);
        QCOMPARE(result.count(JsonChange::Changed), 1);
        // Leaves /a /b /c /d; only /a equal.
        QCOMPARE(result.unionLeaves, 4);
        QCOMPARE(result.equalLeaves, 1);
        QCOMPARE(result.similarity(), 0.25);
    }

    void nested()
    {
        const JsonDiffResult result = JsonDiff::diff(json(R"({"user":{"name":"Ada","address":{"city":"London","zip":"N1"}}})"),
                                                     json(R"({"user":{"name":"Ada","address":{"city":"Paris","zip":"N1"},"age":36}})"));
        QCOMPARE(result.changes.size(), 2);
        QCOMPARE(result.changes.at(0).kind, JsonChange::Changed);
        QCOMPARE(result.changes.at(0).path, QStringLiteral("/user/address/city"));
        QCOMPARE(result.changes.at(1).kind, JsonChange::Added);
        QCOMPARE(result.changes.at(1).path, QStringLiteral("/user/age"));
        QCOMPARE(result.changes.at(1).after, QJsonValue(36));
        // Leaves: name, city, zip, age; name and zip equal.
        QCOMPARE(result.similarity(), 0.5);
    }

    void arraysByIndex()
    {
        const JsonDiffResult result = JsonDiff::diff(json(R"({"items":[1,2,3]})"), json(R"({"items":[1,5]})"));
        const QList<JsonChange> expected = {
            {JsonChange::Changed, QStringLiteral("/items/1"), QJsonValue(2), QJsonValue(5)},
            {JsonChange::Removed, QStringLiteral("/items/2"), QJsonValue(3), QJsonValue()},
        };
        QCOMPARE(result.changes, expected);
        const JsonDiffResult longer = JsonDiff::diff(json(R"([{"k":1}])"), json(R"([{"k":1},{"k":2}])"));
        QCOMPARE(longer.changes.size(), 1);
        QCOMPARE(longer.changes.first().kind, JsonChange::Added);
        QCOMPARE(longer.changes.first().path, QStringLiteral("/1"));
        QCOMPARE(longer.similarity(), 0.5);
    }

    void typeChangeAndEscapedKeys()
    {
        const JsonDiffResult result = JsonDiff::diff(json(R"({"a/b":{"x":1},"t~":[1]})"), json(R"({"a/b":[1],"t~":[1]})"));
        QCOMPARE(result.changes.size(), 1);
        QCOMPARE(result.changes.first().kind, JsonChange::Changed);
        QCOMPARE(result.changes.first().path, QStringLiteral("/a~1b"));
        const JsonDiffResult root = JsonDiff::diff(json("1"), json("\"1\""));
        QCOMPARE(root.changes.size(), 1);
        QCOMPARE(root.changes.first().path, QString());
        QCOMPARE(JsonDiff::pathText(root.changes.first().path), QStringLiteral("(root)"));
        QCOMPARE(root.similarity(), 0.0);
    }

    void equalValues()
    {
        const JsonDiffResult result = JsonDiff::diff(json(R"({"b":[1,{}],"a":{}})"), json(R"({"a":{},"b":[1.0,{}]})"));
        QVERIFY(result.changes.isEmpty());
        QCOMPARE(result.similarity(), 1.0);
    }

    void answersThatHoldJson()
    {
        QVERIFY(JsonDiff::diffAnswers(QStringLiteral("{\"a\":1}"), QStringLiteral("```json\n{\"a\": 2}\n```")));
        QVERIFY(!JsonDiff::diffAnswers(QStringLiteral("{\"a\":1}"), QStringLiteral("a is 1")));
        QCOMPARE(JsonDiff::similarity(QStringLiteral("{\"a\":1,\"b\":2}"), QStringLiteral("{\"b\":2,\"a\":3}")),
                 std::optional<double>(0.5));
        QVERIFY(!JsonDiff::similarity(QStringLiteral("one"), QStringLiteral("{}")));
    }

    void similarityUsesParsedValues()
    {
        // Same words, different values: the words would say 1.0 less a little; the values say 0.5.
        const QString a = QStringLiteral(R"({"city": "Paris", "country": "France"})");
        const QString b = QStringLiteral(R"({"country": "Paris", "city": "France"})");
        QCOMPARE(WordDiff::similarity(a, b), 0.0);
        // Layout alone: the same JSON.
        const QString c = QStringLiteral("{\n  \"country\": \"France\",\n  \"city\": \"Paris\"\n}");
        QCOMPARE(WordDiff::similarity(a, c), 1.0);
        const QList<QList<double>> matrix = WordDiff::similarityMatrix({a, b, c, QStringLiteral("Paris, France")});
        QCOMPARE(matrix[0][1], 0.0);
        QCOMPARE(matrix[0][2], 1.0);
        QCOMPARE(matrix[1][2], 0.0);
        // Text against JSON: words, as before.
        QCOMPARE(matrix[0][3], WordDiff::diff(a, QStringLiteral("Paris, France")).similarity());
        QVERIFY(matrix[0][3] > 0.0);
        // Plain text: words.
        QCOMPARE(WordDiff::similarity(QStringLiteral("one two three"), QStringLiteral("one two four")), 2.0 * 2 / 6);
    }
};

QTEST_GUILESS_MAIN(TestJsonDiff)
#include "tst_json_diff.moc"
