// SPDX-License-Identifier: MIT
#pragma once

#include "Attachment.h"
#include "ProviderConfig.h"

#include <QList>
#include <QString>

/// What each provider takes in one request, checked before it is sent (README: Attachments).
/// Sizes are of the raw file unless base64Sizes says they are of the base64 text.
struct AttachmentLimits {
    qint64 maxImageBytes = 0;  ///< per image
    qint64 maxTotalBytes = 0;  ///< all images of the request
    int maxImages = 0;         ///< per request
    int maxImageSide = 0;      ///< pixels, 0: none stated
    int manyImagesCount = 0;   ///< more images than this ...
    int manyImagesMaxSide = 0; ///< ... and each side must be at most this
    bool base64Sizes = false;  ///< Anthropic measures the base64 string
    bool gif = true;           ///< Gemini has no GIF
    bool animatedGif = true;   ///< OpenAI takes only still GIFs
    int maxTextFiles = 20;     ///< per request, every provider

    static AttachmentLimits forKind(ProviderKind kind);
    /// "OpenAI", "Anthropic", "Gemini", "Ollama", "Demo": whose limits they are, for messages.
    static QString serviceName(ProviderKind kind);
    /// Why \a attachments (every message's, the prompt's included) cannot go in one request to
    /// \a provider (a name for the message, e.g. "Anthropic"); empty when they can.
    static QString problem(ProviderKind kind, const QString &provider, const QList<Attachment> &attachments);
};
