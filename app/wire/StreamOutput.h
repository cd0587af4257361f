// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

/// What a stream parser has learnt so far. The runner drains \c text and \c reasoning after
/// each read; the other fields accumulate.
struct StreamOutput {
    QString text;      ///< answer text not yet taken by the runner
    QString reasoning; ///< "thinking" text not yet taken, kept apart from the answer
    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens;
    QString finishReason;
    QString error; ///< an error the provider reported inside the stream
    bool done = false; ///< the format's end marker was seen
    int malformedEvents = 0;
    QString firstMalformed; ///< a short description of the first malformed event
    bool overflowed = false; ///< a single line or event exceeded the decoder's limit

    void noteMalformed(const QString &what);
};
