// SPDX-License-Identifier: MIT
#include "AnswerMarkdown.h"

#include "MarkdownText.h"

#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextList>

namespace {
// A private-use character (Qt drops noncharacters); an answer that holds one is not marked.
const QChar kBreakMark(0xE000);

// Both blocks are the same kind of paragraph, whatever their spacing.
bool sameKind(const QTextBlock &a, const QTextBlock &b)
{
    QTextBlockFormat first = a.blockFormat();
    QTextBlockFormat second = b.blockFormat();
    for (QTextBlockFormat *format : {&first, &second}) {
        format->clearProperty(QTextFormat::BlockTopMargin);
        format->clearProperty(QTextFormat::BlockBottomMargin);
    }
    return first == second && a.textList() == b.textList();
}
} // namespace

void AnswerMarkdown::render(QTextDocument *document, const QString &markdown)
{
    const bool marked = !markdown.contains(kBreakMark);
    document->setMarkdown(MarkdownText::withLineBreaks(markdown, marked ? kBreakMark : QChar()));
    if (!marked || !document->toRawText().contains(kBreakMark))
        return;
    QTextCursor cursor(document);
    cursor.beginEditBlock();
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        const QString text = block.text();
        if (!text.endsWith(kBreakMark))
            continue;
        cursor.setPosition(block.position() + int(text.size()) - 1);
        cursor.deleteChar();
        // The break made the next block: the same kind of paragraph goes on there. Anything
        // else (a heading, a list, code) was a block of its own and keeps its spacing.
        const QTextBlock next = block.next();
        if (!next.isValid() || !sameKind(block, next))
            continue;
        QTextBlockFormat tight;
        tight.setBottomMargin(0);
        cursor.setPosition(block.position());
        cursor.mergeBlockFormat(tight);
        QTextBlockFormat following;
        following.setTopMargin(0);
        cursor.setPosition(next.position());
        cursor.mergeBlockFormat(following);
    }
    cursor.endEditBlock();
}
