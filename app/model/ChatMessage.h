// SPDX-License-Identifier: MIT
#pragma once

#include "Attachment.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

/// One earlier message of a conversation (the system prompt lives beside the history, in the
/// row's system). Each wire format turns a list of them into its own history form.
struct ChatMessage {
    enum class Role { User, Assistant };

    Role role = Role::User;
    QString text;
    QList<Attachment> attachments;

    static QString roleName(Role role);
    static bool roleFromName(const QString &name, Role *role);

    /// {"role":"user"|"assistant","content":TEXT} plus "attachments" when there are any.
    QJsonObject toJson() const;
    /// Reads what toJson() wrote; false with \a error naming \a where and the field.
    static bool fromJson(const QJsonValue &value, const QString &where, ChatMessage *message, QString *error);

    static QJsonArray listToJson(const QList<ChatMessage> &messages);
    static bool listFromJson(const QJsonValue &value, const QString &where, QList<ChatMessage> *messages, QString *error);

    bool operator==(const ChatMessage &other) const = default;
};
