// SPDX-License-Identifier: MIT
#include "MarkdownText.h"

#include <QList>
#include <QStringView>

namespace {
constexpr int kCodeIndent = 4;

// The width of the line's leading white space, a tab counting to the next multiple of four.
int indentWidth(QStringView line)
{
    int width = 0;
    for (QChar c : line) {
        if (c == u' ')
            ++width;
        else if (c == u'\t')
            width += kCodeIndent - width % kCodeIndent;
        else
            break;
    }
    return width;
}

struct Fence {
    QChar marker;
    qsizetype length = 0;
};

// The fence a line opens (``` or ~~~, three or more), or a zero length. Any indentation is
// accepted: a fence inside a list item is indented further than CommonMark's three spaces.
Fence fenceOf(QStringView line)
{
    const QStringView text = line.trimmed();
    if (text.size() < 3 || (text.front() != u'`' && text.front() != u'~'))
        return {};
    const QChar marker = text.front();
    qsizetype length = 0;
    while (length < text.size() && text.at(length) == marker)
        ++length;
    if (length < 3)
        return {};
    // A backtick fence's info string holds no backtick (otherwise it is inline code).
    if (marker == u'`' && text.mid(length).contains(u'`'))
        return {};
    return {marker, length};
}

bool closesFence(QStringView line, const Fence &open)
{
    const QStringView text = line.trimmed();
    if (text.size() < open.length)
        return false;
    for (QChar c : text) {
        if (c != open.marker)
            return false;
    }
    return true;
}

bool isBlank(QStringView line)
{
    return line.trimmed().isEmpty();
}
} // namespace

QString MarkdownText::withLineBreaks(const QString &markdown, QChar mark)
{
    QList<QStringView> lines = QStringView(markdown).split(u'\n');
    for (QStringView &line : lines) {
        if (line.endsWith(u'\r'))
            line.chop(1);
    }
    QString out;
    out.reserve(markdown.size() + markdown.size() / 8);
    Fence fence;
    bool indentedCode = false;
    bool previousBlank = true;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QStringView line = lines.at(i);
        if (i > 0)
            out += u'\n';
        out += line;
        const bool blank = isBlank(line);
        if (fence.length > 0) {
            if (closesFence(line, fence))
                fence = {};
            previousBlank = false;
            continue;
        }
        if (const Fence opened = fenceOf(line); opened.length > 0) {
            fence = opened;
            indentedCode = false;
            previousBlank = false;
            continue;
        }
        // An indented code block starts after a blank line and runs while lines stay indented
        // (or blank); after a paragraph line an indented line only continues the paragraph.
        const bool indented = indentWidth(line) >= kCodeIndent;
        if (indentedCode && !blank && !indented)
            indentedCode = false;
        else if (!indentedCode && indented && !blank && previousBlank)
            indentedCode = true;
        previousBlank = blank;
        if (indentedCode || blank || i + 1 == lines.size() || isBlank(lines.at(i + 1)))
            continue;
        // Already a hard break (a backslash, or two spaces) stays as the writer made it.
        if (line.endsWith(u'\\') || line.endsWith(QStringLiteral("  ")))
            continue;
        if (!mark.isNull() && !line.contains(u'|'))
            out += mark;
        out += QStringLiteral("  ");
    }
    return out;
}
