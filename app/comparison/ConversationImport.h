// SPDX-License-Identifier: MIT
#pragma once

#include "Comparison.h"

#include <QByteArray>
#include <QList>
#include <QString>

/// Reads conversations from JSONL as the OpenAI chat format writes it: one
/// {"messages":[{"role":"user","content":"..."}, ...]} per line, each line one row.
class ConversationImport
{
public:
    /// Roles system, developer (both become the row's system prompt), user and assistant;
    /// content a string or an array of text parts; "name", "weight" and other keys are ignored.
    /// Blank lines are skipped. The first line that is not valid JSON, has no messages, an
    /// unknown role, empty content, no user message before an answer, or does not end with a
    /// user message fails the whole file with an \a error naming its line (and the message);
    /// then \a conversations is left as it was. Each conversation becomes a prompt whose text
    /// is the last user message, whose history is every message before it, and whose system
    /// is set only where the line has one.
    static bool fromJsonl(const QByteArray &data, QList<ComparisonPrompt> *conversations, QString *error);
    /// fromJsonl() on a file, the error starting with its path; a file without any
    /// conversation is an error too.
    static bool fromFile(const QString &path, QList<ComparisonPrompt> *conversations, QString *error);

    /// Whether pasted \a text is meant as a conversation (JSON naming "messages" or "role"),
    /// rather than plain text for a message.
    static bool looksLikeConversation(const QString &text);
    /// One conversation from pasted text, read by fromJsonl(): a JSONL line {"messages":[...]},
    /// the same object over several lines, or a bare messages array. False with \a error when
    /// it is malformed or holds more than one conversation; \a conversation is then untouched.
    static bool fromPastedText(const QString &text, ComparisonPrompt *conversation, QString *error);
};
