// SPDX-License-Identifier: MIT
#include "BodyInflater.h"

#include <zlib.h>

#include <vector>

namespace {
// Inflated pieces go through one buffer per thread: reads are synchronous, and thousands of
// compressed streams then share it instead of each holding its own.
constexpr std::size_t kPieceBytes = 64 * 1024;
// zlib's window bits: 15 with 16 added reads gzip only; negative reads raw deflate.
constexpr int kGzipWindow = 15 + 16;
constexpr int kZlibWindow = 15;
constexpr int kRawDeflateWindow = -15;

std::vector<unsigned char> &pieceBuffer()
{
    static thread_local std::vector<unsigned char> buffer(kPieceBytes);
    return buffer;
}
} // namespace

std::unique_ptr<BodyInflater> BodyInflater::forEncoding(const QByteArray &contentEncoding)
{
    const QByteArray encoding = contentEncoding.trimmed().toLower();
    if (encoding != "gzip" && encoding != "x-gzip" && encoding != "deflate")
        return nullptr;
    return std::unique_ptr<BodyInflater>(new BodyInflater(QString::fromLatin1(encoding)));
}

BodyInflater::BodyInflater(const QString &encoding)
    : m_stream(std::make_unique<z_stream_s>())
    , m_encoding(encoding)
{
}

BodyInflater::~BodyInflater()
{
    if (m_started)
        inflateEnd(m_stream.get());
}

void BodyInflater::feed(QByteArrayView compressed)
{
    if (!m_started && !m_head.isEmpty()) {
        // The first bytes were too few to tell zlib from raw deflate: read them with these.
        m_head.append(compressed);
        compressed = m_head;
    }
    m_stream->next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
    m_stream->avail_in = uInt(compressed.size());
}

bool BodyInflater::start()
{
    // "deflate" means zlib-wrapped data (RFC 9110), but some servers send it raw: a zlib
    // header is a method byte of 8 and a check value that divides by 31.
    int window = kGzipWindow;
    if (m_encoding == QLatin1String("deflate")) {
        if (m_stream->avail_in < 2) {
            m_head = QByteArray(reinterpret_cast<const char *>(m_stream->next_in), m_stream->avail_in);
            m_stream->avail_in = 0;
            return false;
        }
        const unsigned first = m_stream->next_in[0];
        const unsigned second = m_stream->next_in[1];
        window = ((first & 0x0f) == 8 && (first * 256 + second) % 31 == 0) ? kZlibWindow : kRawDeflateWindow;
    }
    if (inflateInit2(m_stream.get(), window) != Z_OK) {
        m_error = QStringLiteral("zlib could not start (out of memory?)");
        return false;
    }
    m_started = true;
    return true;
}

QByteArrayView BodyInflater::next()
{
    std::vector<unsigned char> &buffer = pieceBuffer();
    while (m_error.isEmpty() && m_stream->avail_in > 0) {
        if (!m_started && !start())
            return {};
        if (m_complete) {
            // RFC 1952 allows gzip members back to back; after deflate's end nothing may follow.
            if (m_encoding == QLatin1String("deflate") || inflateReset(m_stream.get()) != Z_OK) {
                m_error = QStringLiteral("bytes after the end of the compressed data");
                return {};
            }
            m_complete = false;
        }
        m_stream->next_out = buffer.data();
        m_stream->avail_out = uInt(buffer.size());
        const int status = inflate(m_stream.get(), Z_NO_FLUSH);
        const qsizetype produced = qsizetype(buffer.size() - m_stream->avail_out);
        if (status == Z_STREAM_END) {
            m_complete = true;
        } else if (status != Z_OK && status != Z_BUF_ERROR) {
            m_error = QString::fromLatin1(m_stream->msg ? m_stream->msg : zError(status));
            return {};
        }
        if (produced > 0)
            return QByteArrayView(reinterpret_cast<const char *>(buffer.data()), produced);
        if (status == Z_BUF_ERROR)
            break; // no progress: it needs more input
    }
    if (m_started)
        m_head.clear();
    return {};
}

qint64 BodyInflater::compressedBytes() const
{
    return m_started ? qint64(m_stream->total_in) : 0;
}

qint64 BodyInflater::decompressedBytes() const
{
    return m_started ? qint64(m_stream->total_out) : 0;
}
