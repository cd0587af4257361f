// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

/// What an image file's first bytes say: its type (by magic bytes, never by name), size in
/// pixels and whether it is animated, read from the header without decoding the image.
struct ImageHeader {
    enum class Type { None, Png, Jpeg, Gif, WebP };
    Type type = Type::None;
    int width = 0;  ///< 0 when the header is truncated or unreadable
    int height = 0;
    bool animated = false; ///< GIF with several frames or a NETSCAPE2.0 loop; animated WebP; APNG

    bool isImage() const { return type != Type::None; }
    /// "image/png", … ; empty for None.
    QString mimeType() const;
    /// "PNG", "JPEG", "GIF", "WebP"; empty for None.
    QString typeName() const;

    static ImageHeader read(const QByteArray &bytes);
};
