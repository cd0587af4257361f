// SPDX-License-Identifier: MIT
#include "AttachmentParts.h"

#include <QJsonObject>

#include <algorithm>
#include <functional>

namespace {
QString base64(const Attachment &a)
{
    return QString::fromLatin1(a.data.toBase64());
}

// Chat, Responses and Anthropic share one shape: a plain string without images, else the image
// parts, then the text (with its documents) as a part of type \a textType unless it is empty
// (Anthropic rejects an empty text block).
QJsonValue imagesThenText(const QString &text, const QList<Attachment> &attachments, const QString &textType,
                          const std::function<QJsonObject(const Attachment &)> &imagePart)
{
    const QString full = AttachmentParts::withDocuments(text, attachments);
    if (!AttachmentParts::hasImages(attachments))
        return full;
    QJsonArray parts;
    for (const Attachment &a : attachments) {
        if (a.kind == Attachment::Kind::Image)
            parts.append(imagePart(a));
    }
    if (!full.isEmpty())
        parts.append(QJsonObject{{QStringLiteral("type"), textType}, {QStringLiteral("text"), full}});
    return parts;
}
} // namespace

QString AttachmentParts::withDocuments(const QString &text, const QList<Attachment> &attachments)
{
    QString documents;
    for (const Attachment &a : attachments) {
        if (a.kind != Attachment::Kind::Text)
            continue;
        documents += QStringLiteral("<document>\n<source>%1</source>\n<document_content>\n%2\n</document_content>\n</document>\n\n")
                         .arg(a.fileName, QString::fromUtf8(a.data));
    }
    return documents.isEmpty() ? text : documents + text;
}

bool AttachmentParts::hasImages(const QList<Attachment> &attachments)
{
    return std::any_of(attachments.begin(), attachments.end(), [](const Attachment &a) { return a.kind == Attachment::Kind::Image; });
}

QString AttachmentParts::dataUrl(const Attachment &image)
{
    return QStringLiteral("data:%1;base64,%2").arg(image.mimeType, base64(image));
}

QJsonValue AttachmentParts::openAiChatContent(const QString &text, const QList<Attachment> &attachments)
{
    return imagesThenText(text, attachments, QStringLiteral("text"), [](const Attachment &a) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("image_url")},
                           {QStringLiteral("image_url"),
                            QJsonObject{{QStringLiteral("url"), dataUrl(a)}, {QStringLiteral("detail"), QStringLiteral("auto")}}}};
    });
}

QJsonValue AttachmentParts::responsesContent(const QString &text, const QList<Attachment> &attachments)
{
    return imagesThenText(text, attachments, QStringLiteral("input_text"), [](const Attachment &a) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("input_image")},
                           {QStringLiteral("image_url"), dataUrl(a)},
                           {QStringLiteral("detail"), QStringLiteral("auto")}};
    });
}

QJsonValue AttachmentParts::anthropicContent(const QString &text, const QList<Attachment> &attachments)
{
    return imagesThenText(text, attachments, QStringLiteral("text"), [](const Attachment &a) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("image")},
                           {QStringLiteral("source"), QJsonObject{{QStringLiteral("type"), QStringLiteral("base64")},
                                                                  {QStringLiteral("media_type"), a.mimeType},
                                                                  {QStringLiteral("data"), base64(a)}}}};
    });
}

QJsonArray AttachmentParts::geminiParts(const QString &text, const QList<Attachment> &attachments)
{
    const QString full = withDocuments(text, attachments);
    QJsonArray parts;
    for (const Attachment &a : attachments) {
        if (a.kind == Attachment::Kind::Image)
            parts.append(QJsonObject{{QStringLiteral("inlineData"), QJsonObject{{QStringLiteral("mimeType"), a.mimeType},
                                                                                {QStringLiteral("data"), base64(a)}}}});
    }
    // Gemini rejects an empty text part; a message with images alone needs none.
    if (!full.isEmpty() || parts.isEmpty())
        parts.append(QJsonObject{{QStringLiteral("text"), full}});
    return parts;
}

QJsonArray AttachmentParts::ollamaImages(const QList<Attachment> &attachments)
{
    QJsonArray images;
    for (const Attachment &a : attachments) {
        if (a.kind == Attachment::Kind::Image)
            images.append(base64(a));
    }
    return images;
}

void AttachmentParts::appendRoleContent(QJsonArray *messages, const QList<ChatMessage> &transcript, UserContent userContent)
{
    for (const ChatMessage &message : transcript)
        messages->append(QJsonObject{{QStringLiteral("role"), ChatMessage::roleName(message.role)},
                                     {QStringLiteral("content"), message.role == ChatMessage::Role::User
                                                                     ? userContent(message.text, message.attachments)
                                                                     : QJsonValue(message.text)}});
}
