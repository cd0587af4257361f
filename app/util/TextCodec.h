// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringView>

/// The one Unicode policy for text that enters PromptGrid from files and leaves it in outputs.
/// Files are decoded by their byte-order mark (UTF-8 without one); bytes that are not text are
/// refused. A lone UTF-16 surrogate (from a JSON "\ud800" escape, say) becomes U+FFFD in
/// every writer (CSV, JSON, JSONL, Markdown, the history), never '?' or a neighbour's bits.
class TextCodec
{
public:
    /// Share of invalid UTF-8 sequences (per decoded character) above which a file without a
    /// byte-order mark is not text: a few stray bytes in a long file become U+FFFD instead.
    static constexpr double kMaxInvalidShare = 0.01;

    /// Decodes a file's bytes: UTF-8 (byte-order mark optional, removed), UTF-16 LE or BE with
    /// its byte-order mark. False with \a error when the bytes are not text: NUL bytes without a
    /// UTF-16 byte-order mark, NUL characters, or too much invalid UTF-8.
    static bool decode(const QByteArray &bytes, QString *text, QString *error);
    /// Reads and decodes \a path; an error starts with the path.
    static bool readFile(const QString &path, QString *text, QString *error);

    static bool hasLoneSurrogate(QStringView text);
    /// \a text with every lone surrogate replaced by U+FFFD (shared, not copied, when it has none).
    static QString withoutLoneSurrogates(const QString &text);
    /// The same for every string (keys too) in \a object, nested arrays and objects included.
    static QJsonObject withoutLoneSurrogates(const QJsonObject &object);
    /// UTF-8 with lone surrogates as U+FFFD (QString::toUtf8() would write '?').
    static QByteArray toUtf8(const QString &text);
};
