// SPDX-License-Identifier: MIT
#pragma once

#include "Attachment.h"

#include <QByteArray>
#include <QString>

#include <optional>

/// Turns a file the user gave into an Attachment: an image is recognised by its bytes (PNG,
/// JPEG, WebP, GIF; never by the name), a text file must decode as text. Every error names the
/// file. Provider limits (size, count, GIF) are AttachmentLimits'.
class AttachmentFile
{
public:
    /// No file is read beyond this: the largest image any provider takes is smaller.
    static constexpr qint64 kMaxImageBytes = 20 * 1024 * 1024;
    static constexpr qint64 kMaxTextBytes = 1024 * 1024;

    /// An image when its bytes are one, or when its name says so (and then its bytes must
    /// agree: a .png that is text is refused); otherwise a text file.
    static std::optional<Attachment> load(const QString &path, QString *error);
    static std::optional<Attachment> loadImage(const QString &path, QString *error);
    static std::optional<Attachment> loadText(const QString &path, QString *error);
    /// An image from bytes in memory (a pasted image); \a name is shown and stored.
    static std::optional<Attachment> imageFromBytes(const QString &name, const QByteArray &bytes, QString *error);
    static std::optional<Attachment> textFromBytes(const QString &name, const QByteArray &bytes, QString *error);
    /// "1.2 MB", "340 KB", "12 bytes" (1 MB = 1,048,576 bytes, as the providers count).
    static QString sizeText(qint64 bytes);

private:
    static std::optional<QByteArray> readBytes(const QString &path, qint64 limit, const QString &what, QString *error);
};
