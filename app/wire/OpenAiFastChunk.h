// SPDX-License-Identifier: MIT
#pragma once

#include "StreamOutput.h"

#include <QByteArrayView>
#include <QString>

/// Reads one OpenAI stream chunk (an SSE event's JSON) with simdjson's On-Demand API, the
/// cheap path for the shapes servers send. Qt's parser stays the reference: anything this
/// reader is not certain to read exactly as Qt would (any simdjson error, floats, big integers,
/// content arrays, refusals, reasoning_details, repeated keys, deep nesting) is left to it.
class OpenAiFastChunk
{
public:
    /// The events of a Responses stream that carry text, as the Responses parser reads them.
    struct ResponsesDelta {
        enum class Kind { Text, Refusal, ReasoningSummary, ReasoningText };
        Kind kind = Kind::Text;
        QString delta;  ///< "delta" (empty when not a string)
        QString itemId; ///< "item_id"
        /// "summary_index", else "content_index", else 0 (QJsonValue::toInteger's reading).
        qint64 index = 0;
    };

    /// Adds the chunk's text, reasoning, finish reason, token counts or error to \a out and
    /// returns true; returns false, with \a out untouched, when Qt's parser must read it.
    static bool read(QByteArrayView data, StreamOutput &out);
    /// Reads one Responses event of type response.output_text.delta, response.refusal.delta,
    /// response.reasoning_summary_text.delta or response.reasoning_text.delta (the bulk of a
    /// stream) into \a delta; false for any other event, or one Qt's parser must read.
    static bool readResponsesDelta(QByteArrayView data, ResponsesDelta *delta);
};
