// SPDX-License-Identifier: MIT
#include "Attachment.h"

#include <QJsonValue>

QString Attachment::kindName(Kind kind)
{
    return kind == Kind::Image ? QStringLiteral("image") : QStringLiteral("text");
}

bool Attachment::kindFromName(const QString &name, Kind *kind)
{
    if (name == QLatin1String("image"))
        *kind = Kind::Image;
    else if (name == QLatin1String("text"))
        *kind = Kind::Text;
    else
        return false;
    return true;
}

QJsonObject Attachment::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kindName(kind)},
                       {QStringLiteral("name"), fileName},
                       {QStringLiteral("mime_type"), mimeType},
                       {QStringLiteral("data"), QString::fromLatin1(data.toBase64())}};
}

bool Attachment::fromJson(const QJsonValue &value, const QString &where, Attachment *attachment, QString *error)
{
    if (!value.isObject()) {
        *error = QStringLiteral("%1 must be an object").arg(where);
        return false;
    }
    const QJsonObject o = value.toObject();
    Attachment read;
    if (!kindFromName(o.value(QLatin1String("kind")).toString(), &read.kind)) {
        *error = QStringLiteral("%1.kind must be \"image\" or \"text\"").arg(where);
        return false;
    }
    read.fileName = o.value(QLatin1String("name")).toString();
    read.mimeType = o.value(QLatin1String("mime_type")).toString();
    const QJsonValue data = o.value(QLatin1String("data"));
    if (!data.isString()) {
        *error = QStringLiteral("%1.data must be a base64 string").arg(where);
        return false;
    }
    const auto decoded = QByteArray::fromBase64Encoding(data.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        *error = QStringLiteral("%1.data is not valid base64").arg(where);
        return false;
    }
    read.data = *decoded;
    *attachment = read;
    return true;
}
