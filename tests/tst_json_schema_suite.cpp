// SPDX-License-Identifier: MIT
// The official JSON-Schema-Test-Suite (Debian's json-schema-test-suite), draft-04, against
// JsonSchemaValidator: every case of every keyword the README claims.
#include "JsonAnswer.h"
#include "JsonSchemaValidator.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {
/// The keywords the README claims: every case of their files must pass.
const QStringList kClaimed = {
    QStringLiteral("additionalItems"), QStringLiteral("additionalProperties"), QStringLiteral("allOf"),
    QStringLiteral("anyOf"),           QStringLiteral("default"),
    QStringLiteral("dependencies"),    QStringLiteral("enum"),                 QStringLiteral("items"),
    QStringLiteral("maxItems"),        QStringLiteral("maxLength"),            QStringLiteral("maxProperties"),
    QStringLiteral("maximum"),         QStringLiteral("minItems"),             QStringLiteral("minLength"),
    QStringLiteral("minProperties"),   QStringLiteral("minimum"),              QStringLiteral("multipleOf"),
    QStringLiteral("not"),             QStringLiteral("oneOf"),                QStringLiteral("pattern"),
    QStringLiteral("patternProperties"), QStringLiteral("properties"),
    QStringLiteral("required"),        QStringLiteral("type"),                 QStringLiteral("uniqueItems"),
};

/// Files of the suite's draft4 folder left out, and why (printed when the suite runs).
const QList<std::pair<QString, QString>> kExcluded = {
    {QStringLiteral("refRemote"), QStringLiteral("remote $refs need a network fetch; PromptGrid fetches nothing")},
    {QStringLiteral("definitions"), QStringLiteral("its cases check schemas against the draft-04 metaschema, a remote $ref")},
    {QStringLiteral("ref"), QStringLiteral("remote $refs and $refs relative to an \"id\" do not resolve (local \"#/...\" ones do)")},
    {QStringLiteral("optional/format"), QStringLiteral("\"format\" is not validated (RapidJSON 1.1.0 ignores it)")},
    {QStringLiteral("optional/bignum"), QStringLiteral("numbers beyond double precision are not claimed")},
    {QStringLiteral("optional/ecmascript-regex"), QStringLiteral("RapidJSON's own regex engine is not ECMA 262")},
    {QStringLiteral("optional/zeroTerminatedFloats"), QStringLiteral("optional; not claimed")},
};

QString suiteDir()
{
    return QStringLiteral(PROMPTGRID_SCHEMA_SUITE_DIR);
}
} // namespace

class TestJsonSchemaSuite : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyClaimedCase_data();
    void everyClaimedCase();

};

void TestJsonSchemaSuite::initTestCase()
{
    QVERIFY2(QDir(suiteDir()).exists(), qPrintable(QStringLiteral("the JSON-Schema-Test-Suite is missing at %1 "
                                                                  "(apt-get install json-schema-test-suite)")
                                                       .arg(suiteDir())));
    for (const auto &[file, reason] : kExcluded)
        qInfo("excluded %s: %s", qPrintable(file), qPrintable(reason));
    // Every file of the folder is either claimed or excluded with a reason: none is forgotten.
    QDir dir(suiteDir());
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files)) {
        const QString keyword = name.chopped(5);
        const bool excluded = std::any_of(kExcluded.begin(), kExcluded.end(),
                                          [&keyword](const auto &entry) { return entry.first == keyword; });
        QVERIFY2(kClaimed.contains(keyword) || excluded, qPrintable(name));
    }
}

void TestJsonSchemaSuite::everyClaimedCase_data()
{
    QTest::addColumn<QJsonObject>("schema");
    QTest::addColumn<QString>("data");
    QTest::addColumn<bool>("valid");
    int cases = 0;
    for (const QString &keyword : kClaimed) {
        QFile file(suiteDir() + QLatin1Char('/') + keyword + QStringLiteral(".json"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        QJsonParseError error;
        const QJsonArray groups = QJsonDocument::fromJson(file.readAll(), &error).array();
        QVERIFY2(error.error == QJsonParseError::NoError && !groups.isEmpty(), qPrintable(file.fileName()));
        for (const QJsonValue &groupValue : groups) {
            const QJsonObject group = groupValue.toObject();
            for (const QJsonValue &testValue : group.value(QLatin1String("tests")).toArray()) {
                const QJsonObject test = testValue.toObject();
                const QString name = QStringLiteral("%1: %2: %3")
                                         .arg(keyword, group.value(QLatin1String("description")).toString(),
                                              test.value(QLatin1String("description")).toString());
                QTest::newRow(qPrintable(name))
                    << group.value(QLatin1String("schema")).toObject()
                    << JsonAnswer::compact(test.value(QLatin1String("data")))
                    << test.value(QLatin1String("valid")).toBool();
                ++cases;
            }
        }
    }
    QVERIFY(cases > 200);
}

void TestJsonSchemaSuite::everyClaimedCase()
{
    QFETCH(QJsonObject, schema);
    QFETCH(QString, data);
    QFETCH(bool, valid);
    const JsonVerdict verdict = JsonSchemaValidator::validate(schema, data);
    QVERIFY(verdict.parsed);
    QCOMPARE(verdict.valid, valid);
    // An invalid verdict always says why.
    QCOMPARE(verdict.message.isEmpty(), valid);
}

QTEST_GUILESS_MAIN(TestJsonSchemaSuite)
#include "tst_json_schema_suite.moc"
