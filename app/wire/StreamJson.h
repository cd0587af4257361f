// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonValue>

#include <optional>

/// JSON parsing for streamed events, tolerant of bytes that are not UTF-8.
class StreamJson
{
public:
    /// Like QJsonDocument::fromJson, but invalid UTF-8 inside the document becomes U+FFFD
    /// instead of failing the whole event (Qt rejects it with "invalid UTF8 string"), so one
    /// bad byte costs one character, not a chunk of the answer. A U+FEFF at the start of a
    /// string is kept (Qt's parser drops it there, as if it were a byte-order mark).
    static QJsonDocument parse(const QByteArray &data, QJsonParseError *error);
    /// A token count a server reported: a whole number >= 0, or unknown (a negative, fractional
    /// or non-numeric count is never recorded, so it can never give a negative cost).
    static std::optional<qint64> tokenCount(const QJsonValue &value);
};
