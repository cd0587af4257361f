// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

/// Splits newline-delimited JSON into lines; input may be split at any byte.
class NdjsonDecoder
{
public:
    explicit NdjsonDecoder(qsizetype maxLineBytes = 16 * 1024 * 1024);

    /// Returns the non-empty lines \a chunk completed, without their line ends.
    QList<QByteArray> feed(QByteArrayView chunk);
    /// Returns the last line if the stream ended without a newline.
    QByteArray finish();
    bool overflowed() const { return m_overflowed; }
    void setMaxLineBytes(qsizetype bytes) { m_maxLineBytes = bytes; }

private:
    QByteArray m_line;
    qsizetype m_maxLineBytes;
    bool m_overflowed = false;
};
