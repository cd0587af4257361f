// SPDX-License-Identifier: MIT
#pragma once

#include "ToolCall.h"

#include <QList>
#include <QStringList>
#include <QString>

#include <optional>

/// What a stream parser has learnt so far. The runner drains \c text and \c reasoning after
/// each read; the other fields accumulate.
struct StreamOutput {
    QString text;      ///< answer text not yet taken by the runner
    QString reasoning; ///< "thinking" text not yet taken, kept apart from the answer
    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens; ///< every billed output token, reasoning included
    std::optional<qint64> reasoningTokens; ///< the part of outputTokens spent reasoning, when reported
    QString finishReason;
    QString error; ///< an error the provider reported inside the stream
    bool done = false; ///< the format's end marker was seen
    /// The model declined: the refusal is the answer (text) and the finish reason is "refusal".
    bool refused = false;
    int malformedEvents = 0;
    QString firstMalformed; ///< a short description of the first malformed event
    int hiddenReasoningBlocks = 0; ///< encrypted or redacted reasoning: counted, never shown
    QList<int> otherChoices; ///< indexes of choices (candidates) besides 0, ignored
    bool overflowed = false; ///< a single line or event exceeded the decoder's limit
    /// The tool calls so far, whole (not drained); toolCallsChanged says the runner has not
    /// taken the latest state yet.
    QList<ToolCall> toolCalls;
    bool toolCallsChanged = false;
    /// The stream's keys of toolCalls (an index, a call or item id), one per call.
    QStringList toolCallKeys;

    /// The call the stream knows by \a key, added at the end when new; marks the calls changed.
    ToolCall &toolCall(const QString &key);
    /// A whole call (Gemini's and Ollama's): a new call every time.
    void addToolCall(const ToolCall &call);

    void noteMalformed(const QString &what);
    /// A choice or candidate with \a index other than 0 was seen (and ignored).
    void noteOtherChoice(int index);
    /// Sets the finish reason the server reported; after a refusal it stays "refusal".
    void setFinishReason(const QString &reason);
    /// Marks the answer as a refusal.
    void markRefused();
    /// What the cell's note says about the stream: malformed events skipped, reasoning that was
    /// encrypted or redacted, other choices ignored. Empty when there is nothing to say.
    QString note() const;
};
