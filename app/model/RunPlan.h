// SPDX-License-Identifier: MIT
#pragma once

#include "CellAddress.h"
#include "CellSpec.h"
#include "ModelColumn.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

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

    qsizetype cellCount() const { return rows.size() * columns.size() * samples; }
    /// The index of the cell at \a address in grid order (CellAddress::index).
    int cellIndex(const CellAddress &address) const;
    CellAddress address(int cell) const;
    /// What the cell at \a address asks: its row's prompt, sent to its column's model with the
    /// column's system override or else the row's system prompt.
    CellSpec cellSpec(const CellAddress &address) const;
    /// Every cell's spec, in grid order.
    std::vector<CellSpec> cellSpecs() const;
    bool operator==(const RunPlan &other) const = default;

    /// Everything the plan holds as compact JSON (the run history stores it with each run):
    /// rows with prompt index, test case, prompt, system, label and variables in order;
    /// columns with every parameter (ModelColumn::writeJson); samples.
    QByteArray toJson() const;
    /// Reads what toJson() wrote, and the history's first format (parameters under "params",
    /// no variables). Fails with \a error on invalid JSON or without rows and columns.
    static std::optional<RunPlan> fromJson(const QByteArray &json, QString *error);
};
