// SPDX-License-Identifier: MIT
#include "RunPlan.h"

#include "TextCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

int RunPlan::cellIndex(const CellAddress &address) const
{
    return address.index(int(columns.size()), std::max(1, samples));
}

CellAddress RunPlan::address(int cell) const
{
    return CellAddress::at(cell, std::max<int>(1, int(columns.size())), std::max(1, samples));
}

CellSpec RunPlan::cellSpec(const CellAddress &address) const
{
    CellSpec spec;
    spec.row = address.row;
    spec.column = address.column;
    spec.sample = address.sample;
    const RunRow &row = rows.at(address.row);
    spec.prompt = row.prompt;
    spec.history = row.history;
    spec.attachments = row.attachments;
    spec.mode = mode;
    spec.outputFormat = row.outputFormat.value_or(outputFormat);
    spec.tools = tools;
    spec.toolChoice = toolChoice;
    spec.model = columns.at(address.column);
    spec.system = spec.model.params.systemOverride.value_or(row.system);
    return spec;
}

std::vector<CellSpec> RunPlan::cellSpecs() const
{
    std::vector<CellSpec> specs;
    specs.reserve(size_t(cellCount()));
    for (int cell = 0; cell < cellCount(); ++cell)
        specs.push_back(cellSpec(address(cell)));
    return specs;
}

namespace {
// 1: the first history format; 2: columns laid out as in .promptgrid files, rows' variables.
constexpr int kJsonVersion = 2;
} // namespace

QByteArray RunPlan::toJson() const
{
    QJsonArray rowArray;
    for (const RunRow &row : rows) {
        QJsonArray variableArray;
        for (const auto &[name, value] : row.variables)
            variableArray.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
        QJsonObject object{{QStringLiteral("prompt_index"), row.promptIndex},
                           {QStringLiteral("test_case"), row.testCase},
                           {QStringLiteral("prompt"), row.prompt},
                           {QStringLiteral("system"), row.system},
                           {QStringLiteral("label"), row.label},
                           {QStringLiteral("variables"), variableArray}};
        // Only when set, so that a plan of single prompts is saved as before.
        if (!row.history.isEmpty())
            object.insert(QStringLiteral("history"), ChatMessage::listToJson(row.history));
        if (!row.attachments.isEmpty()) {
            QJsonArray attachmentArray;
            for (const Attachment &attachment : row.attachments)
                attachmentArray.append(attachment.toJson());
            object.insert(QStringLiteral("attachments"), attachmentArray);
        }
        if (row.outputFormat)
            object.insert(QStringLiteral("output_format"), row.outputFormat->toJson());
        rowArray.append(object);
    }
    QJsonArray columnArray;
    for (const ModelColumn &column : columns) {
        QJsonObject object;
        column.writeJson(&object);
        columnArray.append(object);
    }
    QJsonObject root{{QStringLiteral("version"), kJsonVersion},
                     {QStringLiteral("samples"), samples},
                     {QStringLiteral("rows"), rowArray},
                     {QStringLiteral("columns"), columnArray}};
    if (mode != ConversationMode::SharedTranscript)
        root.insert(QStringLiteral("mode"), conversationModeName(mode));
    if (!outputFormat.isText())
        root.insert(QStringLiteral("output_format"), outputFormat.toJson());
    if (!tools.isEmpty())
        root.insert(QStringLiteral("tools"), ToolDefinition::listToJson(tools));
    if (toolChoice != ToolChoice{})
        root.insert(QStringLiteral("tool_choice"), toolChoice.toJson());
    return QJsonDocument(TextCodec::withoutLoneSurrogates(root)).toJson(QJsonDocument::Compact);
}

std::optional<RunPlan> RunPlan::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        *error = QStringLiteral("the saved plan is not valid JSON (%1)").arg(parseError.errorString());
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    // Compared as a double: toInt() would read 2147483648 or 1e10 as 0.
    const double version = root.value(QLatin1String("version")).toDouble(1);
    if (version > kJsonVersion) {
        *error = QStringLiteral("this run was saved by a newer PromptGrid (plan version %1, this one reads %2)")
                     .arg(QString::number(version, 'f', 0))
                     .arg(kJsonVersion);
        return std::nullopt;
    }
    if (!root.value(QLatin1String("rows")).isArray() || !root.value(QLatin1String("columns")).isArray()) {
        *error = QStringLiteral("the saved plan has no rows or columns");
        return std::nullopt;
    }
    RunPlan plan;
    plan.samples = std::max(1, root.value(QLatin1String("samples")).toInt(1));
    if (root.contains(QLatin1String("mode"))
        && !conversationModeFromName(root.value(QLatin1String("mode")).toString(), &plan.mode)) {
        *error = QStringLiteral("the saved plan has an unknown mode \"%1\"").arg(root.value(QLatin1String("mode")).toString());
        return std::nullopt;
    }
    QString structuredError;
    if ((root.contains(QLatin1String("output_format"))
         && !OutputFormat::fromJson(root.value(QLatin1String("output_format")), QStringLiteral("output_format"), &plan.outputFormat, &structuredError))
        || !ToolDefinition::listFromJson(root.value(QLatin1String("tools")), QStringLiteral("tools"), &plan.tools, &structuredError)
        || (root.contains(QLatin1String("tool_choice"))
            && !ToolChoice::fromJson(root.value(QLatin1String("tool_choice")), QStringLiteral("tool_choice"), &plan.toolChoice, &structuredError))) {
        *error = QStringLiteral("the saved plan is damaged: %1").arg(structuredError);
        return std::nullopt;
    }
    const QJsonArray rowValues = root.value(QLatin1String("rows")).toArray();
    for (qsizetype index = 0; index < rowValues.size(); ++index) {
        const QJsonObject o = rowValues.at(index).toObject();
        RunRow row;
        row.promptIndex = o.value(QLatin1String("prompt_index")).toInt();
        row.testCase = o.value(QLatin1String("test_case")).toInt(-1);
        row.prompt = o.value(QLatin1String("prompt")).toString();
        row.system = o.value(QLatin1String("system")).toString();
        row.label = o.value(QLatin1String("label")).toString();
        for (const QJsonValue &variable : o.value(QLatin1String("variables")).toArray()) {
            const QJsonObject v = variable.toObject();
            row.variables.append({v.value(QLatin1String("name")).toString(), v.value(QLatin1String("value")).toString()});
        }
        const QString where = QStringLiteral("rows[%1]").arg(index);
        QString fieldError;
        if (!ChatMessage::listFromJson(o.value(QLatin1String("history")), where + QStringLiteral(".history"), &row.history, &fieldError)) {
            *error = QStringLiteral("the saved plan is damaged: %1").arg(fieldError);
            return std::nullopt;
        }
        const QJsonArray attachments = o.value(QLatin1String("attachments")).toArray();
        for (qsizetype i = 0; i < attachments.size(); ++i) {
            Attachment attachment;
            if (!Attachment::fromJson(attachments.at(i), QStringLiteral("%1.attachments[%2]").arg(where).arg(i), &attachment, &fieldError)) {
                *error = QStringLiteral("the saved plan is damaged: %1").arg(fieldError);
                return std::nullopt;
            }
            row.attachments.append(attachment);
        }
        if (o.contains(QLatin1String("output_format"))) {
            OutputFormat format;
            if (!OutputFormat::fromJson(o.value(QLatin1String("output_format")), where + QStringLiteral(".output_format"), &format, &fieldError)) {
                *error = QStringLiteral("the saved plan is damaged: %1").arg(fieldError);
                return std::nullopt;
            }
            row.outputFormat = format;
        }
        plan.rows.append(row);
    }
    for (const QJsonValue &value : root.value(QLatin1String("columns")).toArray())
        plan.columns.append(ModelColumn::readJson(value.toObject()));
    return plan;
}
