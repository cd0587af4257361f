// SPDX-License-Identifier: MIT
#include "AttachmentFile.h"

#include "ImageHeader.h"
#include "TextCodec.h"

#include <QFile>
#include <QFileInfo>

std::optional<QByteArray> AttachmentFile::readBytes(const QString &path, qint64 limit, const QString &what, QString *error)
{
    const QFileInfo info(path);
    if (info.isDir()) {
        *error = QStringLiteral("%1 \"%2\" is a folder, not a file").arg(what, path);
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1 \"%2\": %3").arg(what, path, file.errorString());
        return std::nullopt;
    }
    // Read one byte past the limit: enough to say it is too big without reading a huge file.
    QByteArray bytes = file.read(limit + 1);
    if (bytes.size() > limit) {
        *error = QStringLiteral("%1 \"%2\" is larger than %3, the most PromptGrid sends")
                     .arg(what, path, sizeText(limit));
        return std::nullopt;
    }
    if (file.error() != QFileDevice::NoError) {
        *error = QStringLiteral("cannot read %1 \"%2\": %3").arg(what, path, file.errorString());
        return std::nullopt;
    }
    return bytes;
}

std::optional<Attachment> AttachmentFile::load(const QString &path, QString *error)
{
    static const QStringList imageSuffixes{QStringLiteral("png"), QStringLiteral("jpg"), QStringLiteral("jpeg"),
                                           QStringLiteral("webp"), QStringLiteral("gif")};
    QFile probe(path);
    const bool imageBytes = probe.open(QIODevice::ReadOnly) && ImageHeader::read(probe.read(64)).isImage();
    const bool imageName = imageSuffixes.contains(QFileInfo(path).suffix().toLower());
    return imageBytes || imageName ? loadImage(path, error) : loadText(path, error);
}

std::optional<Attachment> AttachmentFile::loadImage(const QString &path, QString *error)
{
    const auto bytes = readBytes(path, kMaxImageBytes, QStringLiteral("image"), error);
    if (!bytes)
        return std::nullopt;
    auto image = imageFromBytes(QFileInfo(path).fileName(), *bytes, error);
    if (!image)
        *error = QStringLiteral("image \"%1\": %2").arg(path, *error);
    return image;
}

std::optional<Attachment> AttachmentFile::loadText(const QString &path, QString *error)
{
    const auto bytes = readBytes(path, kMaxTextBytes, QStringLiteral("text file"), error);
    if (!bytes)
        return std::nullopt;
    auto text = textFromBytes(QFileInfo(path).fileName(), *bytes, error);
    if (!text)
        *error = QStringLiteral("text file \"%1\": %2").arg(path, *error);
    return text;
}

std::optional<Attachment> AttachmentFile::imageFromBytes(const QString &name, const QByteArray &bytes, QString *error)
{
    const ImageHeader header = ImageHeader::read(bytes);
    if (!header.isImage()) {
        *error = bytes.isEmpty() ? QStringLiteral("the file is empty")
                                 : QStringLiteral("not a PNG, JPEG, WebP or GIF image (its bytes say so, whatever its name)");
        return std::nullopt;
    }
    if (header.width <= 0 || header.height <= 0) {
        *error = QStringLiteral("the %1 header is cut short or damaged (no width and height)").arg(header.typeName());
        return std::nullopt;
    }
    if (bytes.size() > kMaxImageBytes) {
        *error = QStringLiteral("larger than %1, the most PromptGrid sends").arg(sizeText(kMaxImageBytes));
        return std::nullopt;
    }
    Attachment image;
    image.kind = Attachment::Kind::Image;
    image.fileName = name;
    image.mimeType = header.mimeType();
    image.data = bytes;
    return image;
}

std::optional<Attachment> AttachmentFile::textFromBytes(const QString &name, const QByteArray &bytes, QString *error)
{
    if (bytes.size() > kMaxTextBytes) {
        *error = QStringLiteral("larger than %1, the most PromptGrid attaches as text").arg(sizeText(kMaxTextBytes));
        return std::nullopt;
    }
    if (ImageHeader::read(bytes).isImage()) {
        *error = QStringLiteral("an image, not a text file (attach it as an image)");
        return std::nullopt;
    }
    QString text;
    QString decodeError;
    if (!TextCodec::decode(bytes, &text, &decodeError)) {
        *error = QStringLiteral("not a text file (%1)").arg(decodeError);
        return std::nullopt;
    }
    Attachment file;
    file.kind = Attachment::Kind::Text;
    file.fileName = name;
    file.mimeType = QStringLiteral("text/plain");
    // Kept as UTF-8 whatever the file's encoding: that is what every wire format sends.
    file.data = TextCodec::toUtf8(text);
    return file;
}

QString AttachmentFile::sizeText(qint64 bytes)
{
    // Binary units, as the providers count them (Anthropic's "5 MB" is 5,242,880 bytes).
    constexpr qint64 mb = 1024 * 1024;
    if (bytes >= mb)
        return QStringLiteral("%1 MB").arg(double(bytes) / mb, 0, 'f', bytes % mb == 0 ? 0 : 1);
    if (bytes >= 1024)
        return QStringLiteral("%1 KB").arg((bytes + 512) / 1024);
    return bytes == 1 ? QStringLiteral("1 byte") : QStringLiteral("%1 bytes").arg(bytes);
}
