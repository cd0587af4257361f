// SPDX-License-Identifier: MIT
#include "PromptRows.h"

#include "CsvReader.h"
#include "PromptImport.h"

#include <QFile>
#include <QFileInfo>

bool PromptRows::fromCsv(const QByteArray &data, QStringList *prompts, VariablesTable *variables, QString *error)
{
    QList<QStringList> rows;
    if (!CsvReader::parse(data, &rows, error))
        return false;
    if (rows.isEmpty()) {
        *error = QStringLiteral("the CSV file is empty");
        return false;
    }
    const QStringList header = rows.first();
    const qsizetype promptColumn = header.indexOf(QStringLiteral("prompt"));
    if (promptColumn < 0) {
        *error = QStringLiteral("the CSV file has no \"prompt\" column in its header row");
        return false;
    }
    QList<int> variableColumns;
    VariablesTable table;
    for (qsizetype c = 0; c < header.size(); ++c) {
        if (c == promptColumn)
            continue;
        const QString name = header.at(c).trimmed();
        if (name.isEmpty()) {
            *error = QStringLiteral("column %1 of the header row has no name").arg(c + 1);
            return false;
        }
        if (!table.addColumn(name)) {
            *error = QStringLiteral("the column \"%1\" is named twice in the header row").arg(name);
            return false;
        }
        variableColumns.append(int(c));
    }
    for (qsizetype r = 1; r < rows.size(); ++r) {
        const QString prompt = rows.at(r).value(promptColumn).trimmed();
        if (prompt.isEmpty())
            continue;
        prompts->append(prompt);
        if (variableColumns.isEmpty())
            continue;
        const int row = table.insertRow();
        for (qsizetype v = 0; v < variableColumns.size(); ++v)
            table.setValue(row, int(v), rows.at(r).value(variableColumns.at(v)));
    }
    *variables = table;
    return true;
}

bool PromptRows::fromFile(const QString &path, QStringList *prompts, VariablesTable *variables, QString *error)
{
    if (QFileInfo(path).suffix().toLower() != QLatin1String("csv")) {
        *variables = VariablesTable();
        return PromptImport::fromFile(path, prompts, error);
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    if (!fromCsv(file.readAll(), prompts, variables, error)) {
        *error = path + QStringLiteral(": ") + *error;
        return false;
    }
    if (prompts->isEmpty()) {
        *error = path + QStringLiteral(": no prompts found");
        return false;
    }
    return true;
}
