// SPDX-License-Identifier: MIT
#include "PlanBuilder.h"

#include "TemplateRenderer.h"

#include <algorithm>

namespace {
// The comparison's files go with every row's prompt.
void withAttachments(RunPlan &plan, const Comparison &comparison)
{
    if (comparison.attachments.isEmpty())
        return;
    const QList<Attachment> files = comparison.attachmentList();
    for (RunRow &row : plan.rows)
        row.attachments = files;
}

// The answer's shape and the tools, the comparison's for every row, a prompt's own format first.
void withStructure(RunPlan &plan, const Comparison &comparison)
{
    plan.outputFormat = comparison.outputFormat;
    plan.tools = comparison.tools;
    plan.toolChoice = comparison.toolChoice;
    for (RunRow &row : plan.rows)
        row.outputFormat = comparison.prompts.at(row.promptIndex).outputFormat;
}
} // namespace

RunPlan PlanBuilder::fromPrompts(const QStringList &prompts, const QList<ModelColumn> &columns, int samples,
                                 const QString &system)
{
    RunPlan plan;
    plan.columns = columns;
    plan.samples = std::max(1, samples);
    for (int i = 0; i < prompts.size(); ++i) {
        RunRow row;
        row.promptIndex = i;
        row.prompt = prompts.at(i);
        row.system = system;
        row.label = rowLabel(i, QString(), -1);
        plan.rows.append(row);
    }
    return plan;
}

std::optional<RunPlan> PlanBuilder::fromPromptRows(const QStringList &prompts, const VariablesTable &variables,
                                                   const QString &system, const QList<ModelColumn> &columns,
                                                   int samples, QString *error)
{
    // No templates asked for: prompts go out exactly as written, braces and all.
    if (variables.columnCount() == 0)
        return fromPrompts(prompts, columns, samples, system);
    RunPlan plan;
    plan.columns = columns;
    plan.samples = std::max(1, samples);
    for (qsizetype i = 0; i < prompts.size(); ++i) {
        const int testCase = i < variables.rowCount() ? int(i) : -1;
        const QHash<QString, QString> values = variables.rowValues(testCase);
        RunRow row;
        row.promptIndex = int(i);
        row.testCase = testCase;
        row.label = rowLabel(int(i), QString(), testCase);
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

std::optional<RunPlan> PlanBuilder::fromComparison(const Comparison &comparison, QString *error)
{
    RunPlan plan;
    plan.columns = comparison.models;
    plan.samples = std::max(1, comparison.settings.repeats);
    if (const QString problem = comparison.toolChoice.problemWith(comparison.tools); !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    // The scheduler sends a column's system override as it is, so it cannot be a template.
    for (qsizetype c = 0; c < comparison.models.size(); ++c) {
        const auto &override = comparison.models.at(c).params.systemOverride;
        if (override && TemplateRenderer::hasPlaceholders(*override)) {
            *error = QStringLiteral("model \"%1\": its system prompt override cannot use {{%2}}; "
                                    "use variables in the prompt or the comparison's system prompt")
                         .arg(comparison.models.at(c).displayName(), TemplateRenderer::placeholders(*override).first());
            return std::nullopt;
        }
    }
    // The rules ConversationImport holds a file to, for conversations typed in the chat editor.
    for (qsizetype p = 0; p < comparison.prompts.size(); ++p) {
        const ComparisonPrompt &prompt = comparison.prompts.at(p);
        if (prompt.history.isEmpty())
            continue;
        if (prompt.history.first().role != ChatMessage::Role::User) {
            *error = QStringLiteral("prompt #%1: message 1 is an answer before any user message; a conversation starts with the user")
                         .arg(p + 1);
            return std::nullopt;
        }
        if (awaitsUserMessage(prompt)) {
            *error = QStringLiteral("prompt #%1: the last message must be from the user, with text (it is the prompt the models answer)")
                         .arg(p + 1);
            return std::nullopt;
        }
    }
    // As a prompts file without variables: prompts and system prompts go out as written.
    if (comparison.variablesPerPrompt && comparison.variables.columnCount() == 0) {
        for (qsizetype p = 0; p < comparison.prompts.size(); ++p) {
            const ComparisonPrompt &prompt = comparison.prompts.at(p);
            RunRow row;
            row.promptIndex = int(p);
            row.prompt = prompt.text;
            row.system = prompt.system.value_or(comparison.system);
            row.label = rowLabel(int(p), prompt.name, -1);
            row.history = prompt.history;
            row.attachments = prompt.attachments;
            plan.rows.append(row);
        }
        withAttachments(plan, comparison);
        withStructure(plan, comparison);
        return plan;
    }
    const int cases = comparison.variables.rowCount();
    // Paired: prompt p runs once, with test case p (none past the table's end), as the CLI
    // reads a prompts CSV; otherwise every prompt once per test case.
    const bool paired = comparison.variablesPerPrompt && comparison.variables.columnCount() > 0;
    for (qsizetype p = 0; p < comparison.prompts.size(); ++p) {
        const ComparisonPrompt &prompt = comparison.prompts.at(p);
        const QString systemTemplate = prompt.system.value_or(comparison.system);
        const int first = paired ? (p < cases ? int(p) : -1) : (cases > 0 ? 0 : -1);
        const int end = paired ? first + 1 : cases;
        for (int t = first; t < end; ++t) {
            const QHash<QString, QString> values = comparison.variables.rowValues(t);
            RunRow row;
            row.promptIndex = int(p);
            row.testCase = t;
            row.label = rowLabel(int(p), prompt.name, t);
            row.variables = comparison.variables.orderedRowValues(t);
            row.attachments = prompt.attachments;
            QString missing;
            const bool promptOk = TemplateRenderer::render(prompt.text, values, &row.prompt, &missing);
            const bool systemOk = promptOk && TemplateRenderer::render(systemTemplate, values, &row.system, &missing);
            // A conversation's earlier messages are templates too, rendered with the same case.
            qsizetype badMessage = -1;
            for (qsizetype m = 0; systemOk && m < prompt.history.size() && badMessage < 0; ++m) {
                ChatMessage message = prompt.history.at(m);
                if (TemplateRenderer::render(prompt.history.at(m).text, values, &message.text, &missing))
                    row.history.append(message);
                else
                    badMessage = m;
            }
            if (!promptOk || !systemOk || badMessage >= 0) {
                const QString where = !promptOk ? QStringLiteral("prompt #%1").arg(p + 1)
                    : !systemOk ? QStringLiteral("the system prompt of prompt #%1").arg(p + 1)
                                : QStringLiteral("message %1 of prompt #%2").arg(badMessage + 1).arg(p + 1);
                if (t < 0 && paired)
                    *error = QStringLiteral("%1 uses the variable \"%2\", but the variables have no row %3 for it")
                                 .arg(where, missing)
                                 .arg(p + 1);
                else if (t < 0)
                    *error = QStringLiteral("%1 uses the variable \"%2\" but there are no test cases to fill it")
                                 .arg(where, missing);
                else
                    *error = QStringLiteral("%1 uses the variable \"%2\", which test case %3 does not define")
                                 .arg(where, missing)
                                 .arg(t + 1);
                return std::nullopt;
            }
            plan.rows.append(row);
        }
    }
    withAttachments(plan, comparison);
    withStructure(plan, comparison);
    return plan;
}

bool PlanBuilder::awaitsUserMessage(const ComparisonPrompt &prompt)
{
    return !prompt.history.isEmpty() && prompt.text.trimmed().isEmpty();
}

PlanSize PlanBuilder::sizeOf(const QStringList &prompts, const QString &system, qsizetype columns, int samples)
{
    return PlanSize::of(prompts, system, columns, samples);
}

PlanSize PlanBuilder::sizeOf(const Comparison &comparison)
{
    const bool paired = comparison.variablesPerPrompt;
    const qint64 cases = paired ? 1 : std::max(1, comparison.variables.rowCount());
    qint64 characters = 0;
    for (const ComparisonPrompt &prompt : comparison.prompts) {
        characters = PlanSize::plus(characters, PlanSize::plus(prompt.text.size(), prompt.system.value_or(comparison.system).size()));
        for (const ChatMessage &message : prompt.history)
            characters = PlanSize::plus(characters, message.text.size());
    }
    const qint64 samples = std::max(1, comparison.settings.repeats);
    PlanSize size = PlanSize::of(PlanSize::times(comparison.prompts.size(), cases), 0, comparison.models.size(), samples);
    size.promptCharacters = PlanSize::times(PlanSize::times(PlanSize::times(characters, cases), comparison.models.size()), samples);
    return size;
}

QString PlanBuilder::rowLabel(int promptIndex, const QString &name, int testCase)
{
    QString label = QStringLiteral("#%1").arg(promptIndex + 1);
    if (!name.isEmpty())
        label += QLatin1Char(' ') + name;
    if (testCase >= 0)
        label += QStringLiteral(" · case %1").arg(testCase + 1);
    return label;
}

CellSpec PlanBuilder::nextTurn(const CellSpec &previous, const CellResult &answer, const QString &followUp)
{
    CellSpec next = previous;
    next.history.append(ChatMessage{ChatMessage::Role::User, previous.prompt, previous.attachments});
    next.history.append(ChatMessage{ChatMessage::Role::Assistant, answer.text, {}});
    next.prompt = followUp;
    next.attachments.clear();
    return next;
}

QString PlanBuilder::followUpBlocker(const CellResult &previous, int turn)
{
    if (previous.status == CellStatus::Ok)
        return {};
    QString why = QStringLiteral("not sent: turn %1 ended %2").arg(turn).arg(cellStatusName(previous.status));
    if (!previous.error.isEmpty())
        why += QStringLiteral(" (%1)").arg(previous.error.size() > 200 ? previous.error.left(200) + QStringLiteral("…") : previous.error);
    return why + QStringLiteral(", so this model has no answer to follow up on");
}
