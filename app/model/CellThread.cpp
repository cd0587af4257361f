// SPDX-License-Identifier: MIT
#include "CellThread.h"

#include "JsonFields.h"
#include "TextCodec.h"

#include <QJsonArray>
#include <QJsonDocument>

void CellThread::writeSpecJson(const CellSpec &spec, QJsonObject *object)
{
    object->insert(QStringLiteral("prompt"), spec.prompt);
    object->insert(QStringLiteral("system"), spec.system);
}

CellSpec CellThread::readSpecJson(const QJsonObject &object, const CellSpec &base)
{
    CellSpec spec = base;
    spec.prompt = object.value(QLatin1String("prompt")).toString();
    spec.system = object.value(QLatin1String("system")).toString();
    return spec;
}

QByteArray CellThread::toJson() const
{
    QJsonArray turns;
    for (const CellTurn &turn : earlier) {
        QJsonObject object;
        writeSpecJson(turn.spec, &object);
        QJsonObject result;
        turn.result.writeJson(&result);
        object.insert(QStringLiteral("result"), result);
        turns.append(object);
    }
    QJsonObject latestObject;
    writeSpecJson(latest, &latestObject);
    const QJsonObject root{{QStringLiteral("turns"), turns}, {QStringLiteral("latest"), latestObject}};
    // Lone surrogates would be folded into their neighbours by SQLite.
    return TextCodec::withoutLoneSurrogates(QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Compact))).toUtf8();
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
        JsonFields fields;
        const auto result = CellResult::readJson(object.value(QLatin1String("result")).toObject(),
                                                 QStringLiteral("turn %1").arg(i + 1), fields);
        if (!result) {
            *error = fields.error;
            return std::nullopt;
        }
        thread.earlier.append(CellTurn{readSpecJson(object, base), *result});
    }
    thread.latest = readSpecJson(root.value(QLatin1String("latest")).toObject(), base);
    return thread;
}
