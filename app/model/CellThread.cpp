// SPDX-License-Identifier: MIT
#include "CellThread.h"

#include "JsonFields.h"
#include "TextCodec.h"

#include <QJsonArray>
#include <QJsonDocument>

// A turn after the first is the first turn's spec (the plan's, \a base) with the messages its
// thread added: only those are written, and the first of them (turn 1's prompt) without its
// attachments, which the run keeps once in its plan.
void CellThread::writeSpecJson(const CellSpec &spec, const CellSpec &base, QJsonObject *object)
{
    object->insert(QStringLiteral("prompt"), spec.prompt);
    QList<ChatMessage> added = spec.history.mid(base.history.size());
    if (!added.isEmpty())
        added.first().attachments.clear();
    object->insert(QStringLiteral("added"), ChatMessage::listToJson(added));
}

bool CellThread::readSpecJson(const QJsonObject &object, const CellSpec &base, const QString &where, CellSpec *spec,
                              QString *error)
{
    CellSpec read = base;
    read.prompt = object.value(QLatin1String("prompt")).toString();
    QList<ChatMessage> added;
    if (!ChatMessage::listFromJson(object.value(QLatin1String("added")), where + QStringLiteral(".added"), &added, error))
        return false;
    if (!added.isEmpty()) {
        added.first().attachments = base.attachments;
        read.history.append(added);
        read.attachments.clear();
    }
    *spec = read;
    return true;
}

QByteArray CellThread::toJson(const CellSpec &base) const
{
    QJsonArray turns;
    for (const CellTurn &turn : earlier) {
        QJsonObject object;
        writeSpecJson(turn.spec, base, &object);
        QJsonObject result;
        turn.result.writeJson(&result);
        object.insert(QStringLiteral("result"), result);
        turns.append(object);
    }
    QJsonObject latestObject;
    writeSpecJson(latest, base, &latestObject);
    const QJsonObject root{{QStringLiteral("turns"), turns}, {QStringLiteral("latest"), latestObject}};
    // Lone surrogates would be folded into their neighbours by SQLite.
    return QJsonDocument(TextCodec::withoutLoneSurrogates(root)).toJson(QJsonDocument::Compact);
}

std::optional<CellThread> CellThread::fromJson(const QByteArray &json, const CellSpec &base, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject()) {
        *error = QStringLiteral("the thread is not a JSON object (%1)").arg(parseError.errorString());
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    CellThread thread;
    const QJsonArray turns = root.value(QLatin1String("turns")).toArray();
    for (qsizetype i = 0; i < turns.size(); ++i) {
        const QJsonObject object = turns.at(i).toObject();
        const QString where = QStringLiteral("turn %1").arg(i + 1);
        JsonFields fields;
        const auto result = CellResult::readJson(object.value(QLatin1String("result")).toObject(), where, fields);
        if (!result) {
            *error = fields.error;
            return std::nullopt;
        }
        CellTurn turn{base, *result};
        if (!readSpecJson(object, base, where, &turn.spec, error))
            return std::nullopt;
        thread.earlier.append(turn);
    }
    if (!readSpecJson(root.value(QLatin1String("latest")).toObject(), base, QStringLiteral("latest turn"), &thread.latest, error))
        return std::nullopt;
    return thread;
}
