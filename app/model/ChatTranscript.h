// SPDX-License-Identifier: MIT
#pragma once

#include "Attachment.h"
#include "ChatMessage.h"

#include <QJsonArray>
#include <QList>
#include <QString>

#include <functional>

struct CellSpec;

/// The messages a request sends after its system prompt, normalised once for every wire format
/// and for what the window and the exports show: the history, then the prompt with its
/// attachments as the last user message.
class ChatTranscript
{
public:
    enum class Merge {
        None,     ///< consecutive messages of one role stay apart (OpenAI, Responses, Ollama)
        SameRole, ///< merged into one (Anthropic and Gemini want strict alternation)
    };

    /// History messages with neither text nor attachments are dropped (Anthropic and Gemini
    /// reject them; nobody needs them); the prompt is always the last message, as typed. With
    /// Merge::SameRole, consecutive messages of one role become one: texts joined by a blank
    /// line, attachments kept in order. Without history: exactly the prompt.
    static QList<ChatMessage> messages(const QList<ChatMessage> &history, const QString &prompt,
                                       const QList<Attachment> &attachments, Merge merge);
    /// What the cell sent, as the exports carry it and the detail pane shows it: the system
    /// prompt (when there is one) as {"role":"system","content":...}, then messages() unmerged,
    /// each as ChatMessage::toJson() writes it. \a text, when given, maps each content (called
    /// with the spec's own strings, so a view of them stays valid while the spec lives).
    static QJsonArray toJson(const CellSpec &spec, const std::function<QString(const QString &)> &text = {});
};
