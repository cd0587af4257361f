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

    /// Results are written only when \a withResults is true and the comparison has some.
    static QByteArray toJson(const Comparison &comparison, bool withResults = true);
    /// On a malformed file returns nothing and an \a error that says what and where.
    static std::optional<Comparison> fromJson(const QByteArray &data, QString *error);

    static bool save(const Comparison &comparison, const QString &path, QString *error, bool withResults = true);
    static std::optional<Comparison> load(const QString &path, QString *error);
};
