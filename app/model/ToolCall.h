// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

/// One tool call a model streamed, as it sent it: the arguments are its JSON text, which may
/// not even parse (the validation says so).
struct ToolCall {
    QString id;
    QString name;
    QString arguments;

    /// {"id","name","arguments"}: the arguments as their JSON value when they parse as an object
    /// or array, else as the raw text (a string).
    QJsonObject toJson() const;
    /// Reads toJson()'s form; a JSON value for "arguments" becomes its compact text.
    static bool fromJson(const QJsonValue &value, const QString &where, ToolCall *call, QString *error);
    static QJsonArray listToJson(const QList<ToolCall> &calls);
    static bool listFromJson(const QJsonValue &value, const QString &where, QList<ToolCall> *calls, QString *error);
    /// The calls as they were streamed, arguments as raw text (the history keeps them so).
    static QString listToRawText(const QList<ToolCall> &calls);
    /// Reads listToRawText(); an empty or unreadable text is no calls.
    static QList<ToolCall> listFromRawText(const QString &text);
    /// "name(arguments)" on one line, for a short summary.
    QString summary() const;

    bool operator==(const ToolCall &other) const = default;
};
