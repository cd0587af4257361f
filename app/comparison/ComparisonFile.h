// SPDX-License-Identifier: MIT
#pragma once

#include "Comparison.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

/// Reads and writes `.promptgrid` files: indented JSON that people can read and diff,
/// `{"format":"promptgrid-comparison","version":1, ...}`.
class ComparisonFile
{
public:
    static constexpr int kVersion = 1;
    static QString formatName() { return QStringLiteral("promptgrid-comparison"); }
    static QString extension() { return QStringLiteral("promptgrid"); }

    /// How attachments are kept: by a path relative to the file (a pasted image, which has
    /// none, is embedded all the same), or embedded as base64.
    enum class AttachmentStorage { Reference, Embedded };

    /// Results are written only when \a withResults is true and the comparison has some.
    /// References are made relative to \a folder (the file's).
    static QByteArray toJson(const Comparison &comparison, bool withResults = true,
                             AttachmentStorage storage = AttachmentStorage::Embedded, const QString &folder = {});
    /// On a malformed file returns nothing and an \a error that says what and where; referenced
    /// attachments are read from \a folder (a missing one is named).
    static std::optional<Comparison> fromJson(const QByteArray &data, QString *error, const QString &folder = {});

    static bool save(const Comparison &comparison, const QString &path, QString *error, bool withResults = true,
                     AttachmentStorage storage = AttachmentStorage::Embedded);
    static std::optional<Comparison> load(const QString &path, QString *error);
};
