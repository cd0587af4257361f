// SPDX-License-Identifier: MIT
#include "PromptRows.h"

#include "Comparison.h"
#include "CsvReader.h"
#include "PromptImport.h"
#include "TemplateRenderer.h"

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

std::optional<RunPlan> PromptRows::buildPlan(const QStringList &prompts, const VariablesTable &variables,
                                             const QString &system, const QList<ModelColumn> &columns, int samples,
                                             QString *error)
{
    RunPlan plan;
    plan.columns = columns;
    plan.samples = std::max(1, samples);
    for (qsizetype i = 0; i < prompts.size(); ++i) {
        const int testCase = i < variables.rowCount() ? int(i) : -1;
        const QHash<QString, QString> values = variables.rowValues(testCase);
        RunRow row;
        row.promptIndex = int(i);
        row.testCase = testCase;
        row.label = Comparison::rowLabel(int(i), QString(), testCase);
        row.variables = variables.orderedRowValues(testCase);
        QString missing;
        const bool promptOk = TemplateRenderer::render(prompts.at(i), values, &row.prompt, &missing);
        if (!promptOk || !TemplateRenderer::render(system, values, &row.system, &missing)) {
            *error = QStringLiteral("%1 uses the variable \"%2\", which row %3 of the prompts file does not define")
                         .arg(promptOk ? QStringLiteral("the system prompt") : QStringLiteral("prompt #%1").arg(i + 1),
                              missing)
                         .arg(i + 1);
            return std::nullopt;
        }
        plan.rows.append(row);
    }
    return plan;
}
