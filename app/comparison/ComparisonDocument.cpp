// SPDX-License-Identifier: MIT
#include "ComparisonDocument.h"

#include "PlanBuilder.h"

#include <utility>

ComparisonDocument::ComparisonDocument(QObject *parent)
    : QObject(parent)
{
}

void ComparisonDocument::setComparison(const Comparison &comparison)
{
    Comparison next = comparison;
    next.results.clear();
    next.ratings = Ratings();
    next.checks = QuickCheckSet();
    if (next == m_comparison)
        return;
    const Comparison previous = std::exchange(m_comparison, next);
    if (previous.prompts != next.prompts)
        Q_EMIT promptsChanged();
    if (previous.system != next.system)
        Q_EMIT systemChanged();
    if (previous.variables != next.variables || previous.variablesPerPrompt != next.variablesPerPrompt)
        Q_EMIT variablesChanged();
    if (previous.models != next.models)
        Q_EMIT modelsChanged();
    if (previous.settings != next.settings)
        Q_EMIT settingsChanged();
    if (previous.attachments != next.attachments)
        Q_EMIT attachmentsChanged();
    if (previous.outputFormat != next.outputFormat)
        Q_EMIT outputFormatChanged();
    if (previous.tools != next.tools || previous.toolChoice != next.toolChoice)
        Q_EMIT toolsChanged();
    Q_EMIT changed();
}

void ComparisonDocument::setPrompts(const QList<ComparisonPrompt> &prompts)
{
    if (prompts == m_comparison.prompts)
        return;
    m_comparison.prompts = prompts;
    Q_EMIT promptsChanged();
    Q_EMIT changed();
}

void ComparisonDocument::setPromptTexts(const QStringList &texts)
{
    QList<ComparisonPrompt> prompts;
    qsizetype next = 0;
    for (const ComparisonPrompt &prompt : m_comparison.prompts) {
        if (PlanBuilder::awaitsUserMessage(prompt)) {
            prompts.append(prompt); // not shown, so not edited
        } else if (next < texts.size()) {
            prompts.append(prompt);
            prompts.last().text = texts.at(next++);
        }
    }
    for (; next < texts.size(); ++next)
        prompts.append(ComparisonPrompt{QString(), texts.at(next), std::nullopt});
    setPrompts(prompts);
}

QStringList ComparisonDocument::promptTexts() const
{
    QStringList texts;
    for (const ComparisonPrompt &prompt : m_comparison.prompts) {
        if (!PlanBuilder::awaitsUserMessage(prompt))
            texts.append(prompt.text);
    }
    return texts;
}

int ComparisonDocument::promptIndexOfText(int textIndex) const
{
    int shown = -1;
    for (qsizetype i = 0; i < m_comparison.prompts.size(); ++i) {
        if (!PlanBuilder::awaitsUserMessage(m_comparison.prompts.at(i)) && ++shown == textIndex)
            return int(i);
    }
    return -1;
}

void ComparisonDocument::setAttachments(const QList<ComparisonAttachment> &attachments)
{
    if (attachments == m_comparison.attachments)
        return;
    m_comparison.attachments = attachments;
    Q_EMIT attachmentsChanged();
    Q_EMIT changed();
}

void ComparisonDocument::setSystem(const QString &system)
{
    if (system == m_comparison.system)
        return;
    m_comparison.system = system;
    Q_EMIT systemChanged();
    Q_EMIT changed();
}

void ComparisonDocument::setVariables(const VariablesTable &variables, bool perPrompt)
{
    if (variables == m_comparison.variables && perPrompt == m_comparison.variablesPerPrompt)
        return;
    m_comparison.variables = variables;
    m_comparison.variablesPerPrompt = perPrompt;
    Q_EMIT variablesChanged();
    Q_EMIT changed();
}

void ComparisonDocument::setVariables(const VariablesTable &variables)
{
    setVariables(variables, m_comparison.variablesPerPrompt);
}

void ComparisonDocument::setVariablesPerPrompt(bool perPrompt)
{
    setVariables(m_comparison.variables, perPrompt);
}

void ComparisonDocument::setModels(const QList<ModelColumn> &models)
{
    if (models == m_comparison.models)
        return;
    m_comparison.models = models;
    Q_EMIT modelsChanged();
    Q_EMIT changed();
}

void ComparisonDocument::setSettings(const ComparisonSettings &settings)
{
    if (settings == m_comparison.settings)
        return;
    m_comparison.settings = settings;
    Q_EMIT settingsChanged();
    Q_EMIT changed();
}

void ComparisonDocument::setRepeats(int repeats)
{
    ComparisonSettings settings = m_comparison.settings;
    settings.repeats = repeats;
    setSettings(settings);
}

void ComparisonDocument::setOutputFormat(const OutputFormat &format)
{
    if (format == m_comparison.outputFormat)
        return;
    m_comparison.outputFormat = format;
    Q_EMIT outputFormatChanged();
    Q_EMIT changed();
}

void ComparisonDocument::setTools(const QList<ToolDefinition> &tools, const ToolChoice &choice)
{
    if (tools == m_comparison.tools && choice == m_comparison.toolChoice)
        return;
    m_comparison.tools = tools;
    m_comparison.toolChoice = choice;
    Q_EMIT toolsChanged();
    Q_EMIT changed();
}

void ComparisonDocument::setTools(const QList<ToolDefinition> &tools)
{
    setTools(tools, m_comparison.toolChoice);
}

void ComparisonDocument::setToolChoice(const ToolChoice &choice)
{
    setTools(m_comparison.tools, choice);
}
