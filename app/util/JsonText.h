// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QStringView>

class QIODevice;

/// The inside of a JSON string, written without QJsonDocument: straight from UTF-16 to
/// escaped UTF-8, so that a text of hundreds of megabytes costs no copy of its own (the
/// request body of a huge prompt, a huge answer in an export). Escapes as QJsonDocument does:
/// \" \\ \b \f \n \r \t, other control characters as \u00XX; a lone surrogate becomes U+FFFD.
class JsonText
{
public:
    static qsizetype escapedSize(QStringView text);
    static QByteArray escaped(QStringView text);
    /// Writes escapedSize(text) bytes at \a out.
    static void escapeInto(QStringView text, char *out);
    /// Streams the escaped text to \a device through a small buffer; false when a write failed.
    static bool write(QIODevice *device, QStringView text);

    /// Strings at least this long (UTF-16 code units) are worth writing this way.
    static constexpr qsizetype kLargeText = 256 * 1024;
};
