// SPDX-License-Identifier: MIT
#include "TextCodec.h"

#include <QFile>
#include <QJsonArray>
#include <QStringDecoder>

#include <algorithm>

namespace {
constexpr char16_t kReplacement = 0xFFFD;

bool isHighSurrogate(char16_t c)
{
    return c >= 0xD800 && c <= 0xDBFF;
}

bool isLowSurrogate(char16_t c)
{
    return c >= 0xDC00 && c <= 0xDFFF;
}

qsizetype countReplacements(QStringView text)
{
    return text.count(QChar(kReplacement));
}

QJsonValue cleanValue(const QJsonValue &value);

QJsonArray cleanArray(const QJsonArray &array)
{
    QJsonArray out;
    for (const QJsonValue &value : array)
        out.append(cleanValue(value));
    return out;
}

QJsonValue cleanValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return TextCodec::withoutLoneSurrogates(value.toString());
    case QJsonValue::Array:
        return cleanArray(value.toArray());
    case QJsonValue::Object:
        return TextCodec::withoutLoneSurrogates(value.toObject());
    default:
        return value;
    }
}

bool hasLoneSurrogateIn(const QJsonValue &value);

bool hasLoneSurrogateIn(const QJsonObject &object)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (TextCodec::hasLoneSurrogate(it.key()) || hasLoneSurrogateIn(it.value()))
            return true;
    }
    return false;
}

bool hasLoneSurrogateIn(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return TextCodec::hasLoneSurrogate(value.toString());
    case QJsonValue::Array:
        for (const QJsonValue &item : value.toArray()) {
            if (hasLoneSurrogateIn(item))
                return true;
        }
        return false;
    case QJsonValue::Object:
        return hasLoneSurrogateIn(value.toObject());
    default:
        return false;
    }
}
} // namespace

bool TextCodec::decode(const QByteArray &bytes, QString *text, QString *error)
{
    const auto fail = [error](const QString &why) {
        *error = why;
        return false;
    };
    QStringConverter::Encoding encoding = QStringConverter::Utf8;
    qsizetype bomSize = 0;
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        bomSize = 3;
    } else if (bytes.startsWith("\xFF\xFE")) {
        encoding = QStringConverter::Utf16LE;
        bomSize = 2;
    } else if (bytes.startsWith("\xFE\xFF")) {
        encoding = QStringConverter::Utf16BE;
        bomSize = 2;
    }
    const QByteArrayView body = QByteArrayView(bytes).sliced(bomSize);
    if (encoding == QStringConverter::Utf8) {
        if (body.contains('\0'))
            return fail(QStringLiteral("this is not a text file (it holds NUL bytes; a UTF-16 file needs a byte-order mark)"));
        QString decoded = QString::fromUtf8(body);
        // U+FFFD that were in the file are fine; the others replace invalid bytes.
        const qsizetype invalid = countReplacements(decoded) - body.count(QByteArrayView("\xEF\xBF\xBD"));
        if (invalid > 0 && double(invalid) > kMaxInvalidShare * double(std::max<qsizetype>(1, decoded.size())))
            return fail(QStringLiteral("this is not UTF-8 text (%1 invalid byte sequences in %2 characters); "
                                       "save it as UTF-8 or UTF-16 with a byte-order mark")
                            .arg(invalid)
                            .arg(decoded.size()));
        *text = std::move(decoded);
        return true;
    }
    QStringDecoder decoder(encoding, QStringConverter::Flag::Stateless);
    QString decoded = decoder(body);
    if (decoder.hasError() || body.size() % 2 != 0)
        return fail(QStringLiteral("this UTF-16 file is cut short or holds invalid UTF-16"));
    if (decoded.contains(QChar(0)))
        return fail(QStringLiteral("this is not a text file (it holds NUL characters)"));
    *text = withoutLoneSurrogates(decoded);
    return true;
}

bool TextCodec::readFile(const QString &path, QString *text, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    if (!decode(file.readAll(), text, error)) {
        *error = path + QStringLiteral(": ") + *error;
        return false;
    }
    return true;
}

bool TextCodec::hasLoneSurrogate(QStringView text)
{
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = text.at(i).unicode();
        if (c < 0xD800 || c > 0xDFFF)
            continue;
        if (isHighSurrogate(c) && i + 1 < n && isLowSurrogate(text.at(i + 1).unicode())) {
            ++i;
            continue;
        }
        return true;
    }
    return false;
}

QString TextCodec::withoutLoneSurrogates(const QString &text)
{
    if (!hasLoneSurrogate(text))
        return text;
    QString out = text;
    const qsizetype n = out.size();
    QChar *data = out.data();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = data[i].unicode();
        if (c < 0xD800 || c > 0xDFFF)
            continue;
        if (isHighSurrogate(c) && i + 1 < n && isLowSurrogate(data[i + 1].unicode())) {
            ++i;
            continue;
        }
        data[i] = QChar(kReplacement);
    }
    return out;
}

QJsonObject TextCodec::withoutLoneSurrogates(const QJsonObject &object)
{
    if (!hasLoneSurrogateIn(object))
        return object;
    QJsonObject out;
    for (auto it = object.begin(); it != object.end(); ++it)
        out.insert(withoutLoneSurrogates(it.key()), cleanValue(it.value()));
    return out;
}

QByteArray TextCodec::toUtf8(const QString &text)
{
    return withoutLoneSurrogates(text).toUtf8();
}
