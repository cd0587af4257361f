// SPDX-License-Identifier: MIT
#include "ImageHeader.h"

namespace {
quint32 be32(const QByteArray &b, qsizetype at)
{
    return (quint32(quint8(b[at])) << 24) | (quint32(quint8(b[at + 1])) << 16) | (quint32(quint8(b[at + 2])) << 8)
        | quint32(quint8(b[at + 3]));
}
quint16 be16(const QByteArray &b, qsizetype at)
{
    return quint16((quint8(b[at]) << 8) | quint8(b[at + 1]));
}
quint16 le16(const QByteArray &b, qsizetype at)
{
    return quint16(quint8(b[at]) | (quint8(b[at + 1]) << 8));
}
quint32 le24(const QByteArray &b, qsizetype at)
{
    return quint32(quint8(b[at])) | (quint32(quint8(b[at + 1])) << 8) | (quint32(quint8(b[at + 2])) << 16);
}
quint32 le32(const QByteArray &b, qsizetype at)
{
    return le24(b, at) | (quint32(quint8(b[at + 3])) << 24);
}

int clampedDimension(quint32 value)
{
    return value > 0x7fffffffu ? 0 : int(value);
}

void readPng(const QByteArray &b, ImageHeader &h)
{
    if (b.size() >= 24 && b.mid(12, 4) == "IHDR") {
        h.width = clampedDimension(be32(b, 16));
        h.height = clampedDimension(be32(b, 20));
    }
    // APNG: an acTL chunk before the first IDAT.
    qsizetype at = 8;
    while (at + 8 <= b.size()) {
        const quint32 length = be32(b, at);
        const QByteArray type = b.mid(at + 4, 4);
        if (type == "acTL") {
            h.animated = true;
            return;
        }
        if (type == "IDAT" || type == "IEND" || length > quint32(b.size()))
            return;
        at += 12 + qsizetype(length);
    }
}

void readJpeg(const QByteArray &b, ImageHeader &h)
{
    qsizetype at = 2;
    while (at + 4 <= b.size()) {
        if (quint8(b[at]) != 0xFF) {
            ++at; // not a marker: tolerate padding
            continue;
        }
        const quint8 marker = quint8(b[at + 1]);
        if (marker == 0xFF) {
            ++at;
            continue;
        }
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            at += 2; // markers without a length
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA)
            return; // end of image or start of scan before any frame header
        const quint16 length = be16(b, at + 2);
        const bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frame) {
            if (at + 9 <= b.size()) {
                h.height = be16(b, at + 5);
                h.width = be16(b, at + 7);
            }
            return;
        }
        if (length < 2)
            return;
        at += 2 + length;
    }
}

void readGif(const QByteArray &b, ImageHeader &h)
{
    if (b.size() < 13)
        return;
    h.width = le16(b, 6);
    h.height = le16(b, 8);
    h.animated = b.contains("NETSCAPE2.0");
    if (h.animated)
        return;
    // Count image descriptors by walking the blocks (0x2C may also occur inside pixel data).
    qsizetype at = 13;
    const quint8 flags = quint8(b[10]);
    if (flags & 0x80)
        at += 3 * (qsizetype(1) << ((flags & 0x07) + 1));
    auto skipSubBlocks = [&b](qsizetype from) {
        while (from < b.size()) {
            const quint8 size = quint8(b[from]);
            from += 1 + size;
            if (size == 0)
                break;
        }
        return from;
    };
    int frames = 0;
    while (at < b.size()) {
        const quint8 block = quint8(b[at]);
        if (block == 0x3B)
            break;
        if (block == 0x21) {
            at = skipSubBlocks(at + 2);
        } else if (block == 0x2C) {
            if (++frames > 1) {
                h.animated = true;
                return;
            }
            if (at + 10 > b.size())
                return;
            const quint8 local = quint8(b[at + 9]);
            at += 10;
            if (local & 0x80)
                at += 3 * (qsizetype(1) << ((local & 0x07) + 1));
            at = skipSubBlocks(at + 1); // LZW minimum code size, then the data
        } else {
            return;
        }
    }
}

void readWebP(const QByteArray &b, ImageHeader &h)
{
    const QByteArray chunk = b.mid(12, 4);
    if (chunk == "VP8 " && b.size() >= 30) {
        h.width = le16(b, 26) & 0x3FFF;
        h.height = le16(b, 28) & 0x3FFF;
    } else if (chunk == "VP8L" && b.size() >= 25 && quint8(b[20]) == 0x2F) {
        const quint32 bits = le32(b, 21);
        h.width = int(bits & 0x3FFF) + 1;
        h.height = int((bits >> 14) & 0x3FFF) + 1;
    } else if (chunk == "VP8X" && b.size() >= 30) {
        h.animated = quint8(b[20]) & 0x02;
        h.width = int(le24(b, 24)) + 1;
        h.height = int(le24(b, 27)) + 1;
    }
    // An ANIM chunk, found by walking the RIFF chunks (the bytes may occur in pixel data).
    for (qsizetype at = 12; !h.animated && at + 8 <= b.size();) {
        h.animated = b.mid(at, 4) == "ANIM";
        at += 8 + qsizetype(le32(b, at + 4)) + (le32(b, at + 4) & 1);
    }
}
} // namespace

QString ImageHeader::mimeType() const
{
    switch (type) {
    case Type::Png: return QStringLiteral("image/png");
    case Type::Jpeg: return QStringLiteral("image/jpeg");
    case Type::Gif: return QStringLiteral("image/gif");
    case Type::WebP: return QStringLiteral("image/webp");
    case Type::None: break;
    }
    return {};
}

QString ImageHeader::typeName() const
{
    switch (type) {
    case Type::Png: return QStringLiteral("PNG");
    case Type::Jpeg: return QStringLiteral("JPEG");
    case Type::Gif: return QStringLiteral("GIF");
    case Type::WebP: return QStringLiteral("WebP");
    case Type::None: break;
    }
    return {};
}

ImageHeader ImageHeader::read(const QByteArray &bytes)
{
    ImageHeader h;
    if (bytes.startsWith("\x89PNG\r\n\x1a\n")) {
        h.type = Type::Png;
        readPng(bytes, h);
    } else if (bytes.startsWith("\xFF\xD8\xFF")) {
        h.type = Type::Jpeg;
        readJpeg(bytes, h);
    } else if (bytes.startsWith("GIF87a") || bytes.startsWith("GIF89a")) {
        h.type = Type::Gif;
        readGif(bytes, h);
    } else if (bytes.size() >= 12 && bytes.startsWith("RIFF") && bytes.mid(8, 4) == "WEBP") {
        h.type = Type::WebP;
        readWebP(bytes, h);
    }
    return h;
}
