// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

/// Request bodies checked against the providers' published schemas (../shared/reference/specs)
/// by tests/schemas/validate_request.py, the one schema check.
class OfficialSchemas
{
public:
    /// Empty when the specs and python3's jsonschema are there; otherwise what is missing.
    static QString missing();
    /// Writes \a body into \a folder and checks it against \a component of \a spec (a file name
    /// in the specs folder); \a relaxInputItem passes --relax-oneof InputItem. The script's exit
    /// status (0 valid, 1 invalid; -1 when it did not run) and its output.
    static int validate(const QString &folder, const QString &spec, const QString &component, const QJsonObject &body,
                        QString *output, bool relaxInputItem = false);
};
