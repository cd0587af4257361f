// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

/// One difference between two JSON values, at a JSON pointer ("/items/0/name"; "" = the root).
struct JsonChange {
    enum Kind {
        Added,   ///< only in the second value
        Removed, ///< only in the first value
        Changed, ///< in both, with another value (or another type)
    };
    Kind kind = Changed;
    QString path;
    QJsonValue before; ///< Removed, Changed
    QJsonValue after;  ///< Added, Changed

    bool operator==(const JsonChange &other) const = default;
};

/// The structural comparison of two JSON values.
struct JsonDiffResult {
    /// In document order: object keys sorted, array elements by index.
    QList<JsonChange> changes;
    qsizetype equalLeaves = 0; ///< leaf paths with the same value in both
    qsizetype unionLeaves = 0; ///< leaf paths in either

    /// Leaf paths with equal values over the union of leaf paths; 1 for two equal values.
    double similarity() const;
    qsizetype count(JsonChange::Kind kind) const;
};

/// Structural diff of two JSON values: objects by key, arrays by index, so key order and
/// layout never count. A leaf is a scalar, an empty object or an empty array. Pure functions:
/// safe on a worker thread.
class JsonDiff
{
public:
    static JsonDiffResult diff(const QJsonValue &a, const QJsonValue &b);
    /// diff() of two answers when both hold JSON (JsonAnswer), else nullopt.
    static std::optional<JsonDiffResult> diffAnswers(const QString &a, const QString &b);
    /// diffAnswers(a, b)'s similarity, else nullopt.
    static std::optional<double> similarity(const QString &a, const QString &b);
    /// \a path as shown: "(root)" for "".
    static QString pathText(const QString &path);
};
