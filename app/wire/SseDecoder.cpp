// SPDX-License-Identifier: MIT
#include "SseDecoder.h"

SseDecoder::SseDecoder(qsizetype maxLineBytes)
    : m_maxLineBytes(maxLineBytes)
{
}

QList<SseEvent> SseDecoder::feed(QByteArrayView chunk)
{
    QList<SseEvent> events;
    if (m_overflowed)
        return events;
    qsizetype pos = 0;
    if (m_skipLeadingLf && !chunk.isEmpty()) {
        if (chunk.front() == '\n')
            pos = 1;
        m_skipLeadingLf = false;
    }
    while (pos < chunk.size()) {
        qsizetype end = pos;
        while (end < chunk.size() && chunk[end] != '\n' && chunk[end] != '\r')
            ++end;
        if (end == chunk.size()) {
            m_line.append(chunk.sliced(pos));
            if (m_line.size() > m_maxLineBytes) {
                m_overflowed = true;
                m_line.clear();
            }
            break;
        }
        // A line that arrived whole counts against the limit too, so that the outcome does not
        // depend on how the network split the stream.
        if (m_line.size() + (end - pos) > m_maxLineBytes) {
            m_overflowed = true;
            m_line.clear();
            break;
        }
        // Avoid a copy in the common case of a line that arrived whole.
        if (m_line.isEmpty()) {
            processLine(chunk.sliced(pos, end - pos), &events);
        } else {
            m_line.append(chunk.sliced(pos, end - pos));
            processLine(m_line, &events);
            m_line.clear();
        }
        if (m_overflowed)
            break;
        if (chunk[end] == '\r') {
            if (end + 1 == chunk.size())
                m_skipLeadingLf = true;
            else if (chunk[end + 1] == '\n')
                ++end;
        }
        pos = end + 1;
    }
    return events;
}

bool SseDecoder::hasPendingData() const
{
    return !m_line.isEmpty() || m_pendingHasData;
}

QList<SseEvent> SseDecoder::finish()
{
    QList<SseEvent> events;
    if (m_overflowed)
        return events;
    if (!m_line.isEmpty()) {
        const QByteArray line = std::exchange(m_line, {});
        processLine(line, &events);
    }
    if (m_pendingHasData)
        events.append(std::exchange(m_pending, {}));
    m_pendingHasData = false;
    return events;
}

void SseDecoder::processLine(QByteArrayView line, QList<SseEvent> *out)
{
    if (m_atStart) {
        m_atStart = false;
        if (line.startsWith("\xEF\xBB\xBF"))
            line = line.sliced(3);
    }
    if (line.isEmpty()) {
        if (m_pendingHasData)
            out->append(std::move(m_pending));
        m_pending = SseEvent();
        m_pendingHasData = false;
        return;
    }
    if (line.front() == ':')
        return;
    const qsizetype colon = line.indexOf(':');
    QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (!value.isEmpty() && value.front() == ' ')
        value = value.sliced(1);
    if (field == "data") {
        if (m_pendingHasData)
            m_pending.data.append('\n');
        m_pending.data.append(value);
        m_pendingHasData = true;
        // An event of many short lines is as unbounded as one long line.
        if (m_pending.data.size() > m_maxLineBytes) {
            m_overflowed = true;
            m_pending = SseEvent();
            m_pendingHasData = false;
        }
    } else if (field == "event") {
        m_pending.event = value.toByteArray();
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_pending.id = value.toByteArray();
    }
    // "retry" and unknown fields are ignored: reconnection is the scheduler's business.
}
