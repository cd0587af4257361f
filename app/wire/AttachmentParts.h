// SPDX-License-Identifier: MIT
#pragma once

#include "Attachment.h"
#include "ChatMessage.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QString>

/// A user message's text and attachments in each wire format's own form. Text files become
/// `<document>` blocks before the text (Anthropic's long-document layout, which every format
/// takes as plain text); images go before the text, as the vision guides advise. A message
/// without images keeps its plain string content.
class AttachmentParts
{
public:
    /// \a text after every text file, each as
    /// <document><source>NAME</source><document_content>…</document_content></document>.
    static QString withDocuments(const QString &text, const QList<Attachment> &attachments);
    static bool hasImages(const QList<Attachment> &attachments);
    /// "data:image/png;base64,…"
    static QString dataUrl(const Attachment &image);

    /// Chat Completions "content": a string, or image_url parts {"url": data URL, "detail": "auto"}
    /// and a text part.
    static QJsonValue openAiChatContent(const QString &text, const QList<Attachment> &attachments);
    /// Responses "content": a string, or input_image parts (image_url a string, detail required)
    /// and an input_text part.
    static QJsonValue responsesContent(const QString &text, const QList<Attachment> &attachments);
    /// Anthropic "content": a string, or base64 image blocks with the detected media type and a
    /// text block.
    static QJsonValue anthropicContent(const QString &text, const QList<Attachment> &attachments);
    /// Appends {"role", "content"} for each message of \a transcript to \a messages: a user
    /// message's content built by \a userContent (one of the three above), an answer's as its text.
    using UserContent = QJsonValue (*)(const QString &text, const QList<Attachment> &attachments);
    static void appendRoleContent(QJsonArray *messages, const QList<ChatMessage> &transcript, UserContent userContent);
    /// Gemini "parts": inlineData {mimeType, data} parts and a text part.
    static QJsonArray geminiParts(const QString &text, const QList<Attachment> &attachments);
    /// Ollama's "images" of a message: raw base64, no data: prefix.
    static QJsonArray ollamaImages(const QList<Attachment> &attachments);
};
