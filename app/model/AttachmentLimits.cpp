// SPDX-License-Identifier: MIT
#include "AttachmentLimits.h"

#include "AttachmentFile.h"
#include "ImageHeader.h"

#include <algorithm>

namespace {
constexpr qint64 kMB = 1024 * 1024;

qint64 base64Size(qint64 bytes)
{
    return (bytes + 2) / 3 * 4;
}
} // namespace

AttachmentLimits AttachmentLimits::forKind(ProviderKind kind)
{
    AttachmentLimits limits;
    switch (kind) {
    case ProviderKind::OpenAI:
    case ProviderKind::OpenAIResponses:
        limits.maxImageBytes = 20 * kMB;
        limits.maxTotalBytes = 50 * kMB;
        limits.maxImages = 500;
        limits.animatedGif = false;
        break;
    case ProviderKind::Anthropic:
        limits.maxImageBytes = 5 * kMB;
        limits.maxTotalBytes = 32 * kMB;
        limits.base64Sizes = true;
        limits.maxImages = 100;
        limits.maxImageSide = 8000;
        limits.manyImagesCount = 20;
        limits.manyImagesMaxSide = 2000;
        break;
    case ProviderKind::Gemini:
        // Inline data: 20 MB for the whole request (older and Vertex-style deployments).
        limits.maxImageBytes = 20 * kMB;
        limits.maxTotalBytes = 20 * kMB;
        limits.base64Sizes = true;
        limits.maxImages = 3000;
        limits.gif = false;
        break;
    case ProviderKind::Ollama:
    case ProviderKind::Demo:
        limits.maxImageBytes = 20 * kMB;
        limits.maxTotalBytes = 100 * kMB;
        limits.maxImages = 100;
        break;
    }
    return limits;
}

QString AttachmentLimits::serviceName(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAI: return QStringLiteral("OpenAI");
    case ProviderKind::OpenAIResponses: return QStringLiteral("the OpenAI Responses API");
    case ProviderKind::Anthropic: return QStringLiteral("Anthropic");
    case ProviderKind::Gemini: return QStringLiteral("Gemini");
    case ProviderKind::Ollama: return QStringLiteral("Ollama");
    case ProviderKind::Demo: return QStringLiteral("the Demo provider");
    }
    return {};
}

QString AttachmentLimits::problem(ProviderKind kind, const QString &provider, const QList<Attachment> &attachments)
{
    const AttachmentLimits limits = forKind(kind);
    const auto measured = [&limits](const Attachment &a) { return limits.base64Sizes ? base64Size(a.data.size()) : qint64(a.data.size()); };
    const QString measure = limits.base64Sizes ? QStringLiteral(" (measured after base64 encoding)") : QString();
    int images = 0;
    int texts = 0;
    qint64 total = 0;
    for (const Attachment &a : attachments) {
        if (a.kind == Attachment::Kind::Text) {
            ++texts;
            continue;
        }
        ++images;
        total += measured(a);
    }
    if (texts > limits.maxTextFiles)
        return QStringLiteral("%1 text files attached; at most %2 go in one request").arg(texts).arg(limits.maxTextFiles);
    if (images > limits.maxImages)
        return QStringLiteral("%1 images attached; %2 takes at most %3 per request").arg(images).arg(provider).arg(limits.maxImages);
    const bool many = limits.manyImagesCount > 0 && images > limits.manyImagesCount;
    for (const Attachment &a : attachments) {
        if (a.kind != Attachment::Kind::Image)
            continue;
        const ImageHeader header = ImageHeader::read(a.data);
        const QString what = QStringLiteral("Image \"%1\" (%2, %3)").arg(a.fileName, header.typeName(), AttachmentFile::sizeText(a.data.size()));
        if (header.type == ImageHeader::Type::Gif && !limits.gif)
            return QStringLiteral("%1: %2 does not accept GIF; convert it to PNG").arg(what, provider);
        if (header.type == ImageHeader::Type::Gif && header.animated && !limits.animatedGif)
            return QStringLiteral("%1 is animated; %2 takes only still GIFs: send one frame as PNG").arg(what, provider);
        if (measured(a) > limits.maxImageBytes)
            return QStringLiteral("%1 exceeds %2's %3 limit per image%4. Resize it or remove it.")
                .arg(what, provider, AttachmentFile::sizeText(limits.maxImageBytes), measure);
        const int side = std::max(header.width, header.height);
        if (many && side > limits.manyImagesMaxSide)
            return QStringLiteral("%1 is %2x%3 px; with more than %4 images in a request %5 takes at most %6 px a side")
                .arg(what).arg(header.width).arg(header.height).arg(limits.manyImagesCount).arg(provider).arg(limits.manyImagesMaxSide);
        if (limits.maxImageSide > 0 && side > limits.maxImageSide)
            return QStringLiteral("%1 is %2x%3 px; %4 takes at most %5 px a side")
                .arg(what).arg(header.width).arg(header.height).arg(provider).arg(limits.maxImageSide);
    }
    if (total > limits.maxTotalBytes)
        return QStringLiteral("the %1 images attached come to %2%3; %4 takes at most %5 of images per request")
            .arg(images).arg(AttachmentFile::sizeText(total), measure, provider, AttachmentFile::sizeText(limits.maxTotalBytes));
    return {};
}
