// SPDX-License-Identifier: MIT
#include "VariablesTable.h"

#include "CsvReader.h"
#include "CsvWriter.h"

#include <QFile>
#include <QJsonArray>

VariablesTable::VariablesTable(const QStringList &names, const QList<QStringList> &rows)
    : m_names(names)
{
    for (QStringList row : rows) {
        row.resize(m_names.size());
        m_rows.append(row);
    }
}

QString VariablesTable::value(int row, int column) const
{
    return m_rows.value(row).value(column);
}

QString VariablesTable::value(int row, const QString &name) const
{
    return value(row, int(m_names.indexOf(name)));
}

void VariablesTable::setValue(int row, int column, const QString &value)
{
    if (row < 0 || row >= m_rows.size() || column < 0 || column >= m_names.size())
        return;
    m_rows[row][column] = value;
}

QHash<QString, QString> VariablesTable::rowValues(int row) const
{
    QHash<QString, QString> values;
    if (row < 0 || row >= m_rows.size())
        return values;
    for (qsizetype c = 0; c < m_names.size(); ++c)
        values.insert(m_names.at(c), m_rows.at(row).at(c));
    return values;
}

QList<QPair<QString, QString>> VariablesTable::orderedRowValues(int row) const
{
    QList<QPair<QString, QString>> values;
    if (row < 0 || row >= m_rows.size())
        return values;
    for (qsizetype c = 0; c < m_names.size(); ++c)
        values.append({m_names.at(c), m_rows.at(row).at(c)});
    return values;
}

bool VariablesTable::addColumn(const QString &name)
{
    if (name.trimmed().isEmpty() || m_names.contains(name.trimmed()))
        return false;
    m_names.append(name.trimmed());
    for (QStringList &row : m_rows)
        row.append(QString());
    return true;
}

bool VariablesTable::renameColumn(int column, const QString &name)
{
    const QString trimmed = name.trimmed();
    if (column < 0 || column >= m_names.size() || trimmed.isEmpty())
        return false;
    if (m_names.at(column) == trimmed)
        return true;
    if (m_names.contains(trimmed))
        return false;
    m_names[column] = trimmed;
    return true;
}

void VariablesTable::removeColumn(int column)
{
    if (column < 0 || column >= m_names.size())
        return;
    m_names.removeAt(column);
    for (QStringList &row : m_rows)
        row.removeAt(column);
}

int VariablesTable::insertRow(int row)
{
    if (row < 0 || row > m_rows.size())
        row = int(m_rows.size());
    QStringList values;
    values.resize(m_names.size());
    m_rows.insert(row, values);
    return row;
}

void VariablesTable::removeRow(int row)
{
    if (row >= 0 && row < m_rows.size())
        m_rows.removeAt(row);
}

void VariablesTable::clear()
{
    m_names.clear();
    m_rows.clear();
}

std::optional<VariablesTable> VariablesTable::fromCsv(const QByteArray &data, QString *error)
{
    QList<QStringList> rows;
    if (!CsvReader::parse(data, &rows, error))
        return std::nullopt;
    if (rows.isEmpty()) {
        *error = QStringLiteral("the variables file is empty: its first row must name the variables");
        return std::nullopt;
    }
    QStringList names;
    for (qsizetype c = 0; c < rows.first().size(); ++c) {
        const QString name = rows.first().at(c).trimmed();
        if (name.isEmpty()) {
            *error = QStringLiteral("column %1 of the header row has no name").arg(c + 1);
            return std::nullopt;
        }
        if (names.contains(name)) {
            *error = QStringLiteral("the variable \"%1\" is named twice in the header row").arg(name);
            return std::nullopt;
        }
        names.append(name);
    }
    VariablesTable table;
    table.m_names = names;
    for (qsizetype r = 1; r < rows.size(); ++r) {
        QStringList row = rows.at(r);
        const bool blank = std::all_of(row.cbegin(), row.cend(), [](const QString &v) { return v.isEmpty(); });
        if (blank)
            continue;
        if (row.size() > names.size()) {
            *error = QStringLiteral("line %1 has %2 fields but the header names only %3 variables")
                         .arg(r + 1)
                         .arg(row.size())
                         .arg(names.size());
            return std::nullopt;
        }
        row.resize(names.size());
        table.m_rows.append(row);
    }
    return table;
}

std::optional<VariablesTable> VariablesTable::fromFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    auto table = fromCsv(file.readAll(), error);
    if (!table)
        *error = path + QStringLiteral(": ") + *error;
    return table;
}

QByteArray VariablesTable::toCsv() const
{
    CsvWriter writer;
    writer.addRow(m_names);
    for (const QStringList &row : m_rows)
        writer.addRow(row);
    return writer.takeData();
}

QJsonObject VariablesTable::toJson() const
{
    QJsonArray rows;
    for (const QStringList &row : m_rows)
        rows.append(QJsonArray::fromStringList(row));
    return QJsonObject{{QStringLiteral("names"), QJsonArray::fromStringList(m_names)},
                       {QStringLiteral("rows"), rows}};
}

std::optional<VariablesTable> VariablesTable::fromJson(const QJsonObject &object, QString *error)
{
    const QJsonValue names = object.value(QLatin1String("names"));
    const QJsonValue rows = object.value(QLatin1String("rows"));
    if (!names.isArray() || !(rows.isArray() || rows.isUndefined())) {
        *error = QStringLiteral("\"variables\" needs a \"names\" array and a \"rows\" array");
        return std::nullopt;
    }
    VariablesTable table;
    for (const QJsonValue &name : names.toArray()) {
        if (!name.isString() || !table.addColumn(name.toString())) {
            *error = QStringLiteral("\"variables.names\" must hold distinct, non-empty strings");
            return std::nullopt;
        }
    }
    const QJsonArray rowArray = rows.toArray();
    for (qsizetype r = 0; r < rowArray.size(); ++r) {
        const QJsonArray values = rowArray.at(r).toArray();
        if (!rowArray.at(r).isArray() || values.size() > table.m_names.size()) {
            *error = QStringLiteral("\"variables.rows[%1]\" must be an array of at most %2 strings")
                         .arg(r)
                         .arg(table.m_names.size());
            return std::nullopt;
        }
        QStringList row;
        for (const QJsonValue &value : values) {
            if (!value.isString()) {
                *error = QStringLiteral("\"variables.rows[%1]\" must hold only strings").arg(r);
                return std::nullopt;
            }
            row.append(value.toString());
        }
        row.resize(table.m_names.size());
        table.m_rows.append(row);
    }
    return table;
}
