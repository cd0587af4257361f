// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

/// Attachments are stored once per run, in the history's attachments table keyed by the SHA-256
/// of their bytes: the saved plan refers to each by "sha256" instead of carrying its "data",
/// however many rows (and so cells) it goes with.
class HistoryAttachments
{
public:
    /// Hex SHA-256 -> the file's bytes.
    using Blobs = QHash<QString, QByteArray>;

    /// \a planJson with each attachment's base64 "data" emptied and its "sha256" added; the bytes,
    /// once each, added to \a blobs.
    static QByteArray externalize(const QByteArray &planJson, Blobs *blobs);
    /// The reverse; false with \a error naming the hash when a blob is missing.
    static bool internalize(const QByteArray &planJson, const Blobs &blobs, QByteArray *out, QString *error);
    /// Whether \a planJson refers to stored attachments at all (nothing to look up otherwise).
    static bool refersToBlobs(const QByteArray &planJson);
};
