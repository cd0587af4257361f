// SPDX-License-Identifier: MIT
#pragma once

#include "Comparison.h"

#include <QObject>

/// The one comparison the window edits, observed by every view of it (the Prompts tab's simple
/// view and the Comparison tab's matrix editor): each view writes what the user changed and
/// redraws on the signals, so both always show, and a run always sends, the same document.
/// A setter that changes nothing emits nothing, which ends the echo between two views.
/// Results are not kept here (the run session holds the grid).
class ComparisonDocument : public QObject
{
    Q_OBJECT
public:
    explicit ComparisonDocument(QObject *parent = nullptr);

    const Comparison &comparison() const { return m_comparison; }
    /// Replaces everything (an opened file, a restored run, a restart); results are dropped.
    void setComparison(const Comparison &comparison);

    void setPrompts(const QList<ComparisonPrompt> &prompts);
    /// Replaces the texts promptTexts() gives, keeping each remaining prompt's name, own system
    /// prompt and history (the simple view edits texts only); a conversation waiting for its
    /// user message keeps its place.
    void setPromptTexts(const QStringList &texts);
    void setSystem(const QString &system);
    void setVariables(const VariablesTable &variables, bool perPrompt);
    void setVariables(const VariablesTable &variables);
    void setVariablesPerPrompt(bool perPrompt);
    void setModels(const QList<ModelColumn> &models);
    void setSettings(const ComparisonSettings &settings);
    void setRepeats(int repeats);
    /// The files sent with every prompt (the composer's attachment strip).
    void setAttachments(const QList<ComparisonAttachment> &attachments);
    /// The answer shape every prompt asks for unless it has its own.
    void setOutputFormat(const OutputFormat &format);
    /// The tools every model is offered, and whether it must call one.
    void setTools(const QList<ToolDefinition> &tools, const ToolChoice &choice);
    void setTools(const QList<ToolDefinition> &tools);
    void setToolChoice(const ToolChoice &choice);

    /// The texts the simple view shows, in order: one per prompt but a conversation waiting
    /// for its user message (PlanBuilder::awaitsUserMessage()), which has none yet.
    QStringList promptTexts() const;
    /// The prompt that promptTexts()[\a textIndex] is the text of (-1 when there is none).
    int promptIndexOfText(int textIndex) const;

Q_SIGNALS:
    void promptsChanged();
    void systemChanged();
    /// The table or its pairing (Comparison::variablesPerPrompt) changed.
    void variablesChanged();
    void modelsChanged();
    void settingsChanged();
    void attachmentsChanged();
    void outputFormatChanged();
    /// The tools or the tool choice changed.
    void toolsChanged();
    /// After any of the above.
    void changed();

private:
    Comparison m_comparison;
};
