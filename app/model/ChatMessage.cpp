// SPDX-License-Identifier: MIT
#include "ChatMessage.h"

#include <QJsonValue>

QString ChatMessage::roleName(Role role)
{
    return role == Role::User ? QStringLiteral("user") : QStringLiteral("assistant");
}

bool ChatMessage::roleFromName(const QString &name, Role *role)
{
    if (name == QLatin1String("user"))
        *role = Role::User;
    else if (name == QLatin1String("assistant"))
        *role = Role::Assistant;
    else
        return false;
    return true;
}

QJsonObject ChatMessage::toJson() const
{
    QJsonObject object{{QStringLiteral("role"), roleName(role)}, {QStringLiteral("content"), text}};
    if (!attachments.isEmpty()) {
        QJsonArray array;
        for (const Attachment &attachment : attachments)
            array.append(attachment.toJson());
        object.insert(QStringLiteral("attachments"), array);
    }
    return object;
}

bool ChatMessage::fromJson(const QJsonValue &value, const QString &where, ChatMessage *message, QString *error)
{
    if (!value.isObject()) {
        *error = QStringLiteral("%1 must be an object").arg(where);
        return false;
    }
    const QJsonObject o = value.toObject();
    ChatMessage read;
    if (!roleFromName(o.value(QLatin1String("role")).toString(), &read.role)) {
        *error = QStringLiteral("%1.role must be \"user\" or \"assistant\"").arg(where);
        return false;
    }
    if (!o.value(QLatin1String("content")).isString()) {
        *error = QStringLiteral("%1.content must be a string").arg(where);
        return false;
    }
    read.text = o.value(QLatin1String("content")).toString();
    const QJsonArray attachments = o.value(QLatin1String("attachments")).toArray();
    for (qsizetype i = 0; i < attachments.size(); ++i) {
        Attachment attachment;
        if (!Attachment::fromJson(attachments.at(i), QStringLiteral("%1.attachments[%2]").arg(where).arg(i), &attachment, error))
            return false;
        read.attachments.append(attachment);
    }
    *message = read;
    return true;
}

QJsonArray ChatMessage::listToJson(const QList<ChatMessage> &messages)
{
    QJsonArray array;
    for (const ChatMessage &message : messages)
        array.append(message.toJson());
    return array;
}

bool ChatMessage::listFromJson(const QJsonValue &value, const QString &where, QList<ChatMessage> *messages, QString *error)
{
    if (value.isUndefined() || value.isNull()) {
        messages->clear();
        return true;
    }
    if (!value.isArray()) {
        *error = QStringLiteral("%1 must be an array").arg(where);
        return false;
    }
    const QJsonArray array = value.toArray();
    QList<ChatMessage> read;
    for (qsizetype i = 0; i < array.size(); ++i) {
        ChatMessage message;
        if (!fromJson(array.at(i), QStringLiteral("%1[%2]").arg(where).arg(i), &message, error))
            return false;
        read.append(message);
    }
    *messages = read;
    return true;
}
