// SPDX-License-Identifier: MIT
#include "ChatTranscript.h"

#include "CellSpec.h"

#include <QJsonObject>

QList<ChatMessage> ChatTranscript::messages(const QList<ChatMessage> &history, const QString &prompt,
                                            const QList<Attachment> &attachments, Merge merge)
{
    QList<ChatMessage> all;
    all.reserve(history.size() + 1);
    for (const ChatMessage &message : history) {
        if (!message.text.isEmpty() || !message.attachments.isEmpty())
            all.append(message);
    }
    all.append(ChatMessage{ChatMessage::Role::User, prompt, attachments});
    if (merge == Merge::None)
        return all;
    QList<ChatMessage> merged;
    merged.reserve(all.size());
    for (const ChatMessage &message : all) {
        if (merged.isEmpty() || merged.last().role != message.role) {
            merged.append(message);
            continue;
        }
        ChatMessage &last = merged.last();
        if (last.text.isEmpty())
            last.text = message.text;
        else if (!message.text.isEmpty())
            last.text += QStringLiteral("\n\n") + message.text;
        last.attachments += message.attachments;
    }
    return merged;
}

QJsonArray ChatTranscript::toJson(const CellSpec &spec, const std::function<QString(const QString &)> &text)
{
    const auto content = [&text](const QString &original) { return text ? text(original) : original; };
    QJsonArray array;
    if (!spec.system.isEmpty())
        array.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")}, {QStringLiteral("content"), content(spec.system)}});
    // As messages() with Merge::None, but from the spec's own strings.
    const auto append = [&](const ChatMessage &message, const QString &original) {
        QJsonObject object = message.toJson();
        object.insert(QStringLiteral("content"), content(original));
        array.append(object);
    };
    for (const ChatMessage &message : spec.history) {
        if (!message.text.isEmpty() || !message.attachments.isEmpty())
            append(ChatMessage{message.role, QString(), message.attachments}, message.text);
    }
    append(ChatMessage{ChatMessage::Role::User, QString(), spec.attachments}, spec.prompt);
    return array;
}
