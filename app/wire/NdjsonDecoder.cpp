// SPDX-License-Identifier: MIT
#include "NdjsonDecoder.h"

namespace {
QByteArray trimmedLine(QByteArrayView line)
{
    while (!line.isEmpty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
        line.chop(1);
    return line.toByteArray();
}
} // namespace

NdjsonDecoder::NdjsonDecoder(qsizetype maxLineBytes)
    : m_maxLineBytes(maxLineBytes)
{
}

QList<QByteArray> NdjsonDecoder::feed(QByteArrayView chunk)
{
    QList<QByteArray> lines;
    if (m_overflowed)
        return lines;
    qsizetype pos = 0;
    while (pos < chunk.size()) {
        const qsizetype newline = chunk.indexOf('\n', pos);
        if (newline < 0) {
            m_line.append(chunk.sliced(pos));
            if (m_line.size() > m_maxLineBytes) {
                m_overflowed = true;
                m_line.clear();
            }
            break;
        }
        // A line that arrived whole counts against the limit too, so that the outcome does not
        // depend on how the network split the stream.
        if (m_line.size() + (newline - pos) > m_maxLineBytes) {
            m_overflowed = true;
            m_line.clear();
            break;
        }
        QByteArray line;
        if (m_line.isEmpty()) {
            line = trimmedLine(chunk.sliced(pos, newline - pos));
        } else {
            m_line.append(chunk.sliced(pos, newline - pos));
            line = trimmedLine(m_line);
            m_line.clear();
        }
        if (!line.trimmed().isEmpty())
            lines.append(std::move(line));
        pos = newline + 1;
    }
    return lines;
}

QByteArray NdjsonDecoder::finish()
{
    QByteArray rest = trimmedLine(m_line);
    m_line.clear();
    return rest.trimmed().isEmpty() ? QByteArray() : rest;
}
