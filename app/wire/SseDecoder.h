// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

/// One dispatched server-sent event. Fields stay as UTF-8 bytes.
struct SseEvent {
    QByteArray event; ///< empty means the default type "message"
    QByteArray data;  ///< data lines joined with '\n'
    QByteArray id;
};

/// Incremental decoder for the WHATWG event-stream format. Input may be split at any byte,
/// including between '\r' and '\n'.
class SseDecoder
{
public:
    explicit SseDecoder(qsizetype maxLineBytes = 16 * 1024 * 1024);

    /// Consumes \a chunk and returns the events it completed.
    QList<SseEvent> feed(QByteArrayView chunk);
    /// True once a line grew past the limit; the decoder then ignores further input.
    bool overflowed() const { return m_overflowed; }
    void setMaxLineBytes(qsizetype bytes) { m_maxLineBytes = bytes; }
    /// True when input ended inside an event (an unterminated line or an undispatched event).
    bool hasPendingData() const;
    /// At the end of the input: the event it ended inside, its last line unterminated or its
    /// blank line missing (WHATWG discards it; a format whose last event is complete in itself
    /// may read it). Empty when the input ended between events or overflowed.
    QList<SseEvent> finish();

private:
    void processLine(QByteArrayView line, QList<SseEvent> *out);

    QByteArray m_line;
    SseEvent m_pending;
    bool m_pendingHasData = false;
    bool m_skipLeadingLf = false;
    bool m_atStart = true;
    bool m_overflowed = false;
    qsizetype m_maxLineBytes;
};
