// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

/// Test cases for templates: rows are test cases, columns are variable names.
class VariablesTable
{
public:
    VariablesTable() = default;
    VariablesTable(const QStringList &names, const QList<QStringList> &rows);

    const QStringList &names() const { return m_names; }
    int rowCount() const { return int(m_rows.size()); }
    int columnCount() const { return int(m_names.size()); }
    bool isEmpty() const { return m_names.isEmpty() && m_rows.isEmpty(); }

    QString value(int row, int column) const;
    QString value(int row, const QString &name) const;
    void setValue(int row, int column, const QString &value);
    /// The values of test case \a row by variable name.
    QHash<QString, QString> rowValues(int row) const;
    /// The values of test case \a row in column order.
    QList<QPair<QString, QString>> orderedRowValues(int row) const;

    /// Appends a column; false when \a name is empty or already used.
    bool addColumn(const QString &name);
    bool renameColumn(int column, const QString &name);
    void removeColumn(int column);
    /// Inserts an empty test case before \a row (-1: at the end); returns its index.
    int insertRow(int row = -1);
    void removeRow(int row);
    void clear();

    /// A header row of names, then one row per test case. Blank lines are skipped.
    static std::optional<VariablesTable> fromCsv(const QByteArray &data, QString *error);
    static std::optional<VariablesTable> fromFile(const QString &path, QString *error);
    QByteArray toCsv() const;

    /// {"names":[...],"rows":[[...],...]}
    QJsonObject toJson() const;
    static std::optional<VariablesTable> fromJson(const QJsonObject &object, QString *error);

    bool operator==(const VariablesTable &other) const = default;

private:
    QStringList m_names;
    QList<QStringList> m_rows; ///< each exactly m_names.size() long
};
