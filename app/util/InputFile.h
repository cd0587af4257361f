// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

/// Reading a file the user gave, with errors that start with its path, so a message names the
/// file before it says what is wrong ("/home/a/x.json: battles[3]: no answer for one side").
class InputFile
{
public:
    /// The whole of \a path; nullopt with \a error "PATH: cause" when it cannot be opened or read.
    static std::optional<QByteArray> readAll(const QString &path, QString *error);
    /// \a problem prefixed with \a path as the user would write it.
    static QString located(const QString &path, const QString &problem);
};
