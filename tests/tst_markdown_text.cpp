// SPDX-License-Identifier: MIT
// Markdown with chat apps' line breaks: a single newline stays a line break in paragraphs,
// lists and quotes; fenced and indented code blocks are left exactly as written.
#include "MarkdownText.h"

#include <QTest>

class TestMarkdownText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lineBreaks_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("expected");
        QTest::addRow("poem") << QStringLiteral("Roses are red\nviolets are blue\nsugar is sweet")
                              << QStringLiteral("Roses are red  \nviolets are blue  \nsugar is sweet");
        QTest::addRow("paragraph ends at a blank line") << QStringLiteral("one\ntwo\n\nthree\n")
                                                        << QStringLiteral("one  \ntwo\n\nthree\n");
        QTest::addRow("list without blank lines") << QStringLiteral("Steps:\n2. mix\n3. bake\ncontinued")
                                                  << QStringLiteral("Steps:  \n2. mix  \n3. bake  \ncontinued");
        QTest::addRow("quote") << QStringLiteral("> a\n> b") << QStringLiteral("> a  \n> b");
        QTest::addRow("crlf") << QStringLiteral("a\r\nb\r\n") << QStringLiteral("a  \nb\n");
        QTest::addRow("existing hard breaks stay") << QStringLiteral("a\\\nb  \nc") << QStringLiteral("a\\\nb  \nc");
        QTest::addRow("fenced code untouched")
            << QStringLiteral("Code:\n```python\ndef f():\n    return 1\n```\nafter\nend")
            << QStringLiteral("Code:  \n```python\ndef f():\n    return 1\n```\nafter  \nend");
        QTest::addRow("tilde fence, longer closer")
            << QStringLiteral("~~~\nx\ny\n~~~~\nz\nw") << QStringLiteral("~~~\nx\ny\n~~~~\nz  \nw");
        QTest::addRow("a shorter fence does not close")
            << QStringLiteral("````\n```\nx\n````\na\nb") << QStringLiteral("````\n```\nx\n````\na  \nb");
        QTest::addRow("indented code untouched")
            << QStringLiteral("text\n\n    code one\n    code two\n\nafter\nend")
            << QStringLiteral("text\n\n    code one\n    code two\n\nafter  \nend");
        QTest::addRow("indented line continuing a paragraph")
            << QStringLiteral("first\n    second") << QStringLiteral("first  \n    second");
        QTest::addRow("inline code is no fence") << QStringLiteral("``` x ``` y\nz") << QStringLiteral("``` x ``` y  \nz");
        QTest::addRow("empty") << QString() << QString();
    }

    void lineBreaks()
    {
        QFETCH(QString, markdown);
        QFETCH(QString, expected);
        QCOMPARE(MarkdownText::withLineBreaks(markdown), expected);
    }

    void marksTheBreaksItAdds()
    {
        const QChar mark(0xE000);
        QCOMPARE(MarkdownText::withLineBreaks(QStringLiteral("a\nb\n\n```\nx\ny\n```"), mark),
                 QStringLiteral("a") + mark + QStringLiteral("  \nb\n\n```\nx\ny\n```"));
        // A table row keeps its last cell: two spaces only.
        QCOMPARE(MarkdownText::withLineBreaks(QStringLiteral("| a | b |\n|---|---|"), mark), QStringLiteral("| a | b |  \n|---|---|"));
    }
};

QTEST_GUILESS_MAIN(TestMarkdownText)
#include "tst_markdown_text.moc"
