// SPDX-License-Identifier: MIT
#include "ConversationImport.h"

#include "TextCodec.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
// A message's content: a string, or the texts of an array of {"type":"text"} parts, in order.
bool readContent(const QJsonValue &content, QString *text, QString *problem)
{
    if (content.isString()) {
        *text = content.toString();
        return true;
    }
    if (!content.isArray()) {
        *problem = QStringLiteral("has no \"content\" string or array of text parts");
        return false;
    }
    QStringList texts;
    for (const QJsonValue &part : content.toArray()) {
        const QJsonObject object = part.toObject();
        const QString type = object.value(QLatin1String("type")).toString();
        if (type != QLatin1String("text") || !object.value(QLatin1String("text")).isString()) {
            *problem = type.isEmpty() ? QStringLiteral("has a content part that is not {\"type\":\"text\",\"text\":...}")
                                      : QStringLiteral("has a \"%1\" content part; only text parts are read").arg(type);
            return false;
        }
        texts.append(object.value(QLatin1String("text")).toString());
    }
    *text = texts.join(QLatin1Char('\n'));
    return true;
}

bool readLine(QStringView line, ComparisonPrompt *conversation, QString *problem)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &parseError);
    if (doc.isNull()) {
        *problem = QStringLiteral("not valid JSON (%1 at character %2)").arg(parseError.errorString()).arg(parseError.offset + 1);
        return false;
    }
    const QJsonValue messagesValue = doc.object().value(QLatin1String("messages"));
    if (!doc.isObject() || !messagesValue.isArray() || messagesValue.toArray().isEmpty()) {
        *problem = QStringLiteral("expected {\"messages\":[...]} with at least one message");
        return false;
    }
    const QJsonArray messages = messagesValue.toArray();
    QStringList system;
    QList<ChatMessage> turns;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QString where = QStringLiteral("message %1").arg(i + 1);
        const QJsonObject object = messages.at(i).toObject();
        if (!messages.at(i).isObject()) {
            *problem = where + QStringLiteral(" is not an object");
            return false;
        }
        const QString role = object.value(QLatin1String("role")).toString();
        const bool isSystem = role == QLatin1String("system") || role == QLatin1String("developer");
        ChatMessage message;
        if (!isSystem && !ChatMessage::roleFromName(role, &message.role)) {
            *problem = QStringLiteral("%1 has role \"%2\"; supported roles are system, developer, user, assistant")
                           .arg(where, role);
            return false;
        }
        QString text;
        if (!readContent(object.value(QLatin1String("content")), &text, problem)) {
            *problem = where + QLatin1Char(' ') + *problem;
            return false;
        }
        if (text.trimmed().isEmpty()) {
            *problem = QStringLiteral("%1 (%2) has empty content").arg(where, role);
            return false;
        }
        if (isSystem) {
            if (!turns.isEmpty()) {
                *problem = QStringLiteral("%1 is a %2 message after the conversation started; put it first").arg(where, role);
                return false;
            }
            system.append(text);
            continue;
        }
        if (turns.isEmpty() && message.role != ChatMessage::Role::User) {
            *problem = QStringLiteral("%1 is an answer before any user message; a conversation starts with the user").arg(where);
            return false;
        }
        message.text = text;
        turns.append(message);
    }
    if (turns.isEmpty()) {
        *problem = QStringLiteral("has no user message");
        return false;
    }
    if (turns.last().role != ChatMessage::Role::User) {
        *problem = QStringLiteral("the last message must be from the user (it is the prompt the models answer)");
        return false;
    }
    ComparisonPrompt read;
    read.text = turns.takeLast().text;
    read.history = turns;
    if (!system.isEmpty())
        read.system = system.join(QStringLiteral("\n\n"));
    *conversation = read;
    return true;
}
} // namespace

bool ConversationImport::fromJsonl(const QByteArray &data, QList<ComparisonPrompt> *conversations, QString *error)
{
    QString text;
    if (!TextCodec::decode(data, &text, error))
        return false;
    QList<ComparisonPrompt> read;
    int lineNumber = 0;
    for (const QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
        ++lineNumber;
        if (line.trimmed().isEmpty())
            continue;
        ComparisonPrompt conversation;
        QString problem;
        if (!readLine(line, &conversation, &problem)) {
            *error = QStringLiteral("line %1: %2").arg(lineNumber).arg(problem);
            return false;
        }
        read.append(conversation);
    }
    conversations->append(read);
    return true;
}

bool ConversationImport::fromFile(const QString &path, QList<ComparisonPrompt> *conversations, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    QList<ComparisonPrompt> read;
    if (!fromJsonl(file.readAll(), &read, error)) {
        *error = path + (error->startsWith(QLatin1String("line ")) ? QStringLiteral(" ") : QStringLiteral(": ")) + *error;
        return false;
    }
    if (read.isEmpty()) {
        *error = path + QStringLiteral(": no conversations found");
        return false;
    }
    conversations->append(read);
    return true;
}

bool ConversationImport::looksLikeConversation(const QString &text)
{
    const QString trimmed = text.trimmed();
    return (trimmed.startsWith(QLatin1Char('{')) || trimmed.startsWith(QLatin1Char('[')))
        && (trimmed.contains(QLatin1String("\"messages\"")) || trimmed.contains(QLatin1String("\"role\"")));
}

bool ConversationImport::fromPastedText(const QString &text, ComparisonPrompt *conversation, QString *error)
{
    // One JSON value over several lines (pretty-printed, or a bare array) becomes the one line
    // fromJsonl() reads; anything else is read as JSONL, so that its errors name the line.
    QByteArray jsonl = text.toUtf8();
    QJsonParseError parseError;
    const QJsonDocument whole = QJsonDocument::fromJson(jsonl, &parseError);
    if (whole.isArray())
        jsonl = QJsonDocument(QJsonObject{{QStringLiteral("messages"), whole.array()}}).toJson(QJsonDocument::Compact);
    else if (whole.isObject())
        jsonl = whole.toJson(QJsonDocument::Compact);
    QList<ComparisonPrompt> read;
    if (!fromJsonl(jsonl, &read, error))
        return false;
    if (read.size() != 1) {
        *error = read.isEmpty() ? QStringLiteral("no conversation found")
                                : QStringLiteral("%1 conversations; paste one here (File > Import Prompts reads several)").arg(read.size());
        return false;
    }
    *conversation = read.first();
    return true;
}
