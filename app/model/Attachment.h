// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

/// A file attached to a prompt or to a message: an image sent in each provider's image form, or
/// a text file sent as a text part before the message's text. The MIME type is detected from
/// the bytes, never from the name.
struct Attachment {
    enum class Kind { Image, Text };

    Kind kind = Kind::Text;
    QString fileName; ///< the name shown and sent with a text file; no folders
    QString mimeType; ///< "image/png", "text/plain", ...
    QByteArray data;  ///< the file's bytes

    static QString kindName(Kind kind);
    static bool kindFromName(const QString &name, Kind *kind);

    /// {"kind":"image"|"text","name":...,"mime_type":...,"data":BASE64}, as run histories and
    /// exports hold it.
    QJsonObject toJson() const;
    /// Reads what toJson() wrote; false with \a error naming \a where and the field when one is
    /// missing or wrong.
    static bool fromJson(const QJsonValue &value, const QString &where, Attachment *attachment, QString *error);

    bool operator==(const Attachment &other) const = default;
};
