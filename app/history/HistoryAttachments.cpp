// SPDX-License-Identifier: MIT
#include "HistoryAttachments.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
const QString kData = QStringLiteral("data");
const QString kHash = QStringLiteral("sha256");

// An attachment as Attachment::toJson writes it.
bool isAttachment(const QJsonObject &o)
{
    return o.contains(QLatin1String("kind")) && o.contains(QLatin1String("mime_type")) && o.value(kData).isString();
}

template<typename Visit>
QJsonValue walk(const QJsonValue &value, const Visit &visit)
{
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = walk(array.at(i), visit);
        return array;
    }
    if (!value.isObject())
        return value;
    QJsonObject object = value.toObject();
    if (isAttachment(object))
        return visit(object);
    for (auto it = object.begin(); it != object.end(); ++it)
        it.value() = walk(it.value(), visit);
    return object;
}
} // namespace

QByteArray HistoryAttachments::externalize(const QByteArray &planJson, Blobs *blobs)
{
    if (!planJson.contains("\"mime_type\""))
        return planJson;
    const QJsonDocument doc = QJsonDocument::fromJson(planJson);
    if (!doc.isObject())
        return planJson;
    const QJsonValue plan = walk(doc.object(), [blobs](QJsonObject o) {
        if (o.contains(kHash))
            return QJsonValue(o);
        const QByteArray bytes = QByteArray::fromBase64(o.value(kData).toString().toLatin1());
        const QString hash = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
        blobs->insert(hash, bytes);
        // An empty "data" keeps the plan readable (the History list) without the blobs.
        o.insert(kData, QString());
        o.insert(kHash, hash);
        return QJsonValue(o);
    });
    return QJsonDocument(plan.toObject()).toJson(QJsonDocument::Compact);
}

bool HistoryAttachments::internalize(const QByteArray &planJson, const Blobs &blobs, QByteArray *out, QString *error)
{
    if (!refersToBlobs(planJson)) {
        *out = planJson;
        return true;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(planJson);
    QString missing;
    const QJsonValue plan = walk(doc.object(), [&blobs, &missing](QJsonObject o) {
        if (!o.value(kHash).isString())
            return QJsonValue(o);
        const QString hash = o.value(kHash).toString();
        const auto found = blobs.constFind(hash);
        if (found == blobs.constEnd()) {
            if (missing.isEmpty())
                missing = QStringLiteral("attachment \"%1\" (sha256 %2) is missing from the history")
                              .arg(o.value(QLatin1String("name")).toString(), hash);
            return QJsonValue(o);
        }
        o.remove(kHash);
        o.insert(kData, QString::fromLatin1(found->toBase64()));
        return QJsonValue(o);
    });
    if (!missing.isEmpty()) {
        *error = missing;
        return false;
    }
    *out = QJsonDocument(plan.toObject()).toJson(QJsonDocument::Compact);
    return true;
}

bool HistoryAttachments::refersToBlobs(const QByteArray &planJson)
{
    return planJson.contains("\"sha256\"");
}
