// SPDX-License-Identifier: MIT
#include "StreamJson.h"

#include <QString>

namespace {
constexpr char kBom[] = "\xEF\xBB\xBF";

// Qt decodes a string's bytes with QString::fromUtf8, which takes a leading EF BB BF for a
// byte-order mark and drops it; as the escape \ufeff it stays. Outside strings JSON allows
// no U+FEFF, so escaping every occurrence changes nothing else.
QByteArray escapeBoms(const QByteArray &data)
{
    QByteArray escaped = data;
    escaped.replace(QByteArrayView(kBom, 3), QByteArrayView("\\ufeff"));
    return escaped;
}
} // namespace

QJsonDocument StreamJson::parse(const QByteArray &data, QJsonParseError *error)
{
    // A byte-order mark before the document is framing: Qt skips it, and so do we.
    const QByteArrayView body = QByteArrayView(data).startsWith(QByteArrayView(kBom, 3)) ? QByteArrayView(data).sliced(3)
                                                                                         : QByteArrayView(data);
    const bool hasBom = body.contains(QByteArrayView(kBom, 3));
    const QByteArray &source = hasBom ? escapeBoms(body.toByteArray()) : data;
    QJsonDocument doc = QJsonDocument::fromJson(source, error);
    if (error->error != QJsonParseError::IllegalUTF8String)
        return doc;
    // Decoding replaces every invalid sequence with U+FFFD; encoding gives valid UTF-8 back.
    return QJsonDocument::fromJson(QString::fromUtf8(source).toUtf8(), error);
}

std::optional<qint64> StreamJson::tokenCount(const QJsonValue &value)
{
    // toInteger() falls back to its default for anything that is not a whole number.
    const qint64 count = value.toInteger(-1);
    return count >= 0 ? std::optional<qint64>(count) : std::nullopt;
}
