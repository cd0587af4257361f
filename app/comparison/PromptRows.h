// SPDX-License-Identifier: MIT
#pragma once

#include "VariablesTable.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

/// Prompts that bring their own test case: a prompts CSV with a "prompt" column and more
/// columns, each row one prompt rendered with the values of its own row.
class PromptRows
{
public:
    /// Reads a prompts CSV; every column but "prompt" is a variable, and \a variables gets one
    /// row per prompt (no columns when the file has only "prompt"). Rows without a prompt
    /// are skipped.
    static bool fromCsv(const QByteArray &data, QStringList *prompts, VariablesTable *variables, QString *error);
    /// Like PromptImport::fromFile, plus the variable columns of a .csv file.
    static bool fromFile(const QString &path, QStringList *prompts, VariablesTable *variables, QString *error);
};
