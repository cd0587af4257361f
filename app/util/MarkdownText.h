// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// Markdown as chat apps show it: a single line break inside a paragraph, a list or a quote
/// stays a line break (CommonMark would join the lines with a space), while code blocks,
/// fenced or indented, are left exactly as they are.
class MarkdownText
{
public:
    /// \a markdown with a hard break (two trailing spaces) at the end of every line that is
    /// followed by another non-blank line, outside code blocks. CRLF becomes LF. With \a mark,
    /// each such break is preceded by it, so that a renderer can find the lines it split (a
    /// line holding a '|', maybe a table row, gets no mark: it would become a table cell).
    static QString withLineBreaks(const QString &markdown, QChar mark = QChar());
};
