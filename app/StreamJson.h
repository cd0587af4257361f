// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonDocument>

/// JSON parsing for streamed events, tolerant of bytes that are not UTF-8.
class StreamJson
{
public:
    /// Like QJsonDocument::fromJson, but invalid UTF-8 inside the document becomes U+FFFD
    /// instead of failing the whole event (Qt rejects it with "invalid UTF8 string"), so one
    /// bad byte costs one character, not a chunk of the answer.
    static QJsonDocument parse(const QByteArray &data, QJsonParseError *error);
};
