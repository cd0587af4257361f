// SPDX-License-Identifier: MIT
#include "StreamJson.h"

#include <QString>

QJsonDocument StreamJson::parse(const QByteArray &data, QJsonParseError *error)
{
    QJsonDocument doc = QJsonDocument::fromJson(data, error);
    if (error->error != QJsonParseError::IllegalUTF8String)
        return doc;
    // Decoding replaces every invalid sequence with U+FFFD; encoding gives valid UTF-8 back.
    return QJsonDocument::fromJson(QString::fromUtf8(data).toUtf8(), error);
}
