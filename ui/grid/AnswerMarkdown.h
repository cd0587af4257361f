// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QTextDocument;

/// How an answer's Markdown is shown wherever it is read (the answer pane, blind judging, the
/// focus view): single line breaks kept, as chat apps keep them, and set as close as lines of
/// one paragraph (Qt starts a new paragraph at each hard break); code blocks as written.
class AnswerMarkdown
{
public:
    static void render(QTextDocument *document, const QString &markdown);
};
