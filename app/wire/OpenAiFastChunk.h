// SPDX-License-Identifier: MIT
#pragma once

#include "StreamOutput.h"

#include <QByteArrayView>

/// Reads one OpenAI stream chunk (an SSE event's JSON) with simdjson's On-Demand API, the
/// cheap path for the shapes servers send. Qt's parser stays the reference: anything this
/// reader is not certain to read exactly as Qt would (any simdjson error, floats, big integers,
/// content arrays, refusals, reasoning_details, repeated keys, deep nesting) is left to it.
class OpenAiFastChunk
{
public:
    /// Adds the chunk's text, reasoning, finish reason, token counts or error to \a out and
    /// returns true; returns false, with \a out untouched, when Qt's parser must read it.
    static bool read(QByteArrayView data, StreamOutput &out);
};
