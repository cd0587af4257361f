// SPDX-License-Identifier: MIT
#pragma once

#include "StreamOutput.h"

#include <QByteArrayView>

/// Turns the raw bytes of one streamed answer into StreamOutput updates.
class StreamParser
{
public:
    virtual ~StreamParser() = default;
    /// Consumes one network read; may be split anywhere.
    virtual void feed(QByteArrayView bytes, StreamOutput &out) = 0;
    /// Called once when the connection ended normally.
    virtual void finish(StreamOutput &out) { Q_UNUSED(out) }
    /// Bounds one line or event of the stream; a longer one sets StreamOutput::overflowed.
    virtual void setMaxEventBytes(qsizetype bytes) = 0;
};
