// SPDX-License-Identifier: MIT
#pragma once

#include "ModelColumn.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

/// One row of the grid: a prompt, rendered for one test case.
struct RunRow {
    int promptIndex = 0;
    int testCase = -1; ///< -1 when the comparison has no variables
    QString prompt;
    QString system;
    QString label; ///< shown as the row header
    /// The test case's variable values, in the variables table's column order (for exports).
    QList<QPair<QString, QString>> variables;
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
};
