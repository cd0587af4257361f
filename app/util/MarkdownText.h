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
    /// followed by another non-blank line, outside code blocks. CRLF becomes LF.
    static QString withLineBreaks(const QString &markdown);
};
