// SPDX-License-Identifier: MIT
#include "EnglishPlurals.h"

#include <QCoreApplication>
#include <QtTest>

class TestEnglishPlurals : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(QCoreApplication::installTranslator(&m_plurals)); }

    void countsChooseTheForm_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<QString>("expected");
        QTest::newRow("none") << 0 << QStringLiteral("Running 0 cells of 0 models.");
        QTest::newRow("one") << 1 << QStringLiteral("Running 1 cell of 1 model.");
        QTest::newRow("many") << 12 << QStringLiteral("Running 12 cells of 12 models.");
    }

    void countsChooseTheForm()
    {
        QFETCH(int, n);
        QFETCH(QString, expected);
        QCOMPARE(QCoreApplication::translate("Any", "Running %n cell(s) of %n model(s).", nullptr, n), expected);
    }

    void textWithoutACountIsLeftAlone()
    {
        QCOMPARE(QCoreApplication::translate("Any", "Export (s)elected"), QStringLiteral("Export (s)elected"));
        QCOMPARE(QCoreApplication::translate("Any", "Send"), QStringLiteral("Send"));
        QCOMPARE(QCoreApplication::translate("Any", "%n item", nullptr, 3), QStringLiteral("3 item"));
    }

private:
    EnglishPlurals m_plurals;
};

QTEST_GUILESS_MAIN(TestEnglishPlurals)
#include "tst_english_plurals.moc"
