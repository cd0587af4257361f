// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

struct z_stream_s;

/// Decompresses a gzip or deflate response body as it arrives. The runner asks servers for
/// these encodings itself (instead of letting Qt decode them), so that a corrupt body or a
/// decompression bomb ends with a message that says which, and the answer limits count what
/// the body expands to.
class BodyInflater
{
public:
    /// An inflater for a Content-Encoding value ("gzip", "x-gzip" or "deflate"); nullptr for
    /// any other.
    static std::unique_ptr<BodyInflater> forEncoding(const QByteArray &contentEncoding);
    ~BodyInflater();
    Q_DISABLE_COPY_MOVE(BodyInflater)

    /// Takes the next compressed bytes; they must stay valid until next() returns nothing.
    void feed(QByteArrayView compressed);
    /// The next piece of the decompressed body, valid until the next call; empty when the
    /// input fed so far is used up, or on an error.
    QByteArrayView next();

    /// Why the body cannot be decompressed ("invalid block type", ...); empty while it can.
    const QString &error() const { return m_error; }
    /// The compressed stream reached its proper end (its trailer, for gzip).
    bool isComplete() const { return m_complete; }
    const QString &encoding() const { return m_encoding; }
    qint64 compressedBytes() const;
    qint64 decompressedBytes() const;

private:
    explicit BodyInflater(const QString &encoding);
    /// Sets zlib up once the first bytes show the format; false until it can.
    bool start();

    std::unique_ptr<z_stream_s> m_stream;
    QString m_encoding;
    QString m_error;
    bool m_complete = false;
    bool m_started = false; ///< the header was looked at (deflate: zlib-wrapped or raw)
    QByteArray m_head; ///< deflate's first byte, when a read held only that one
};
