// SPDX-License-Identifier: MIT
#include "JsonText.h"

#include "OutputFile.h"

#include <QChar>

#include <cstring>

namespace {
constexpr char kHex[] = "0123456789abcdef";

// Calls put(bytes, size) for the escaped UTF-8 of \a text, in order.
template<typename Put>
void escape(QStringView text, Put &&put)
{
    char buffer[6];
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t c = text[i].unicode();
        if (c < 0x80) {
            const char *escaped = nullptr;
            switch (c) {
            case '"': escaped = "\\\""; break;
            case '\\': escaped = "\\\\"; break;
            case '\b': escaped = "\\b"; break;
            case '\f': escaped = "\\f"; break;
            case '\n': escaped = "\\n"; break;
            case '\r': escaped = "\\r"; break;
            case '\t': escaped = "\\t"; break;
            default: break;
            }
            if (escaped) {
                put(escaped, 2);
            } else if (c < 0x20) {
                const char code[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
                put(code, 6);
            } else {
                buffer[0] = char(c);
                put(buffer, 1);
            }
            continue;
        }
        char32_t code = c;
        if (QChar::isHighSurrogate(c) && i + 1 < size && QChar::isLowSurrogate(text[i + 1].unicode()))
            code = QChar::surrogateToUcs4(c, text[++i].unicode());
        else if (QChar::isSurrogate(c))
            code = 0xFFFD; // a lone surrogate has no UTF-8 form
        if (code < 0x800) {
            buffer[0] = char(0xC0 | (code >> 6));
            buffer[1] = char(0x80 | (code & 0x3F));
            put(buffer, 2);
        } else if (code < 0x10000) {
            buffer[0] = char(0xE0 | (code >> 12));
            buffer[1] = char(0x80 | ((code >> 6) & 0x3F));
            buffer[2] = char(0x80 | (code & 0x3F));
            put(buffer, 3);
        } else {
            buffer[0] = char(0xF0 | (code >> 18));
            buffer[1] = char(0x80 | ((code >> 12) & 0x3F));
            buffer[2] = char(0x80 | ((code >> 6) & 0x3F));
            buffer[3] = char(0x80 | (code & 0x3F));
            put(buffer, 4);
        }
    }
}
} // namespace

qsizetype JsonText::escapedSize(QStringView text)
{
    qsizetype size = 0;
    escape(text, [&size](const char *, qsizetype n) { size += n; });
    return size;
}

void JsonText::escapeInto(QStringView text, char *out)
{
    escape(text, [&out](const char *bytes, qsizetype n) {
        std::memcpy(out, bytes, size_t(n));
        out += n;
    });
}

QByteArray JsonText::escaped(QStringView text)
{
    QByteArray out(escapedSize(text), Qt::Uninitialized);
    escapeInto(text, out.data());
    return out;
}

bool JsonText::write(QIODevice *device, QStringView text)
{
    constexpr qsizetype kBuffer = 64 * 1024;
    char buffer[kBuffer];
    qsizetype used = 0;
    bool ok = true;
    escape(text, [&](const char *bytes, qsizetype n) {
        if (used + n > kBuffer) {
            ok = ok && OutputFile::writeAll(device, QByteArrayView(buffer, used));
            used = 0;
        }
        std::memcpy(buffer + used, bytes, size_t(n));
        used += n;
    });
    return ok && OutputFile::writeAll(device, QByteArrayView(buffer, used));
}
