// SPDX-License-Identifier: MIT
#pragma once

#include "ModelColumn.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

/// One row of the grid: a prompt, rendered for one test case.
struct RunRow {
    int promptIndex = 0;
    int testCase = -1; ///< -1 when the comparison has no variables
    QString prompt;
    QString system;
    QString label; ///< shown as the row header
    /// The test case's variable values, in the variables table's column order (for exports).
    QList<QPair<QString, QString>> variables;

    bool operator==(const RunRow &other) const = default;
};

/// What to run: rows x columns x samples.
struct RunPlan {
    QList<RunRow> rows;
    QList<ModelColumn> columns;
    int samples = 1;

    /// One row per prompt, all sharing \a system.
    static RunPlan fromPrompts(const QStringList &prompts, const QList<ModelColumn> &columns,
                               int samples, const QString &system);
    qsizetype cellCount() const { return rows.size() * columns.size() * samples; }
    bool operator==(const RunPlan &other) const = default;

    /// Everything the plan holds as compact JSON (the run history stores it with each run):
    /// rows with prompt index, test case, prompt, system, label and variables in order;
    /// columns with every parameter (ModelColumn::writeJson); samples.
    QByteArray toJson() const;
    /// Reads what toJson() wrote, and the history's first format (parameters under "params",
    /// no variables). Fails with \a error on invalid JSON or without rows and columns.
    static std::optional<RunPlan> fromJson(const QByteArray &json, QString *error);
};
