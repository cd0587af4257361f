// SPDX-License-Identifier: MIT
#pragma once

#include "Comparison.h"
#include "ModelSetStore.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class AnswerFormatEditor;
class AttachmentStrip;
class ChatEditor;
class ComparisonDocument;
class ModelColumnsEditor;
class PromptListWidget;
class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class ToolsEditor;
class VariablesEditor;

/// The matrix view of the window's one comparison (ComparisonDocument, shared with the Prompts
/// tab): the prompt list above the prompt editor (with an optional per-prompt system prompt),
/// the comparison's system prompt, the test cases with their preview, the model configurations
/// the answer format (a JSON Schema, or one of the prompt's own), the tools and the run settings. Stacked, so that it fits a narrow side panel without scrolling sideways.
class ComparisonEditor : public QWidget
{
    Q_OBJECT
public:
    /// Edits \a document, or a document of its own when none is given.
    explicit ComparisonEditor(QWidget *parent = nullptr, ModelSetStore modelSets = ModelSetStore(),
                              ComparisonDocument *document = nullptr);

    ComparisonDocument *document() const { return m_document; }
    /// The document as edited (results are not kept here).
    Comparison comparison() const;
    /// Replaces the document; says which values the fields had to clamp (errorText()).
    void setComparison(const Comparison &comparison);
    /// Renders the plan; on a missing variable shows the error and returns nothing.
    std::optional<RunPlan> buildPlan(QString *error);
    void setProviderNames(const QStringList &names);

    PromptListWidget *promptList() const { return m_prompts; }
    QPlainTextEdit *promptEdit() const { return m_promptEdit; }
    QPlainTextEdit *systemEdit() const { return m_systemEdit; }
    /// The files sent with every prompt: the same strip, and document, as the Prompts tab's.
    AttachmentStrip *attachments() const { return m_attachments; }
    /// Opens the chat editor on the selected prompt.
    QPushButton *conversationButton() const { return m_conversationButton; }
    /// The open chat editor, if any.
    ChatEditor *chatEditor() const;
    VariablesEditor *variablesEditor() const { return m_variables; }
    ModelColumnsEditor *modelColumns() const { return m_models; }
    QSpinBox *repeatSpin() const { return m_repeats; }
    /// Checked: test case N belongs to prompt N alone (Comparison::variablesPerPrompt).
    QCheckBox *perPromptCheck() const { return m_perPrompt; }
    /// The comparison's answer format (Comparison::outputFormat).
    AnswerFormatEditor *formatEditor() const { return m_format; }
    /// Checked: the selected prompt has an answer format of its own (ComparisonPrompt::outputFormat).
    QCheckBox *ownFormatCheck() const { return m_ownFormat; }
    AnswerFormatEditor *ownFormatEditor() const { return m_ownFormatEdit; }
    ToolsEditor *toolsEditor() const { return m_tools; }
    /// Why the answer formats or the tools as typed cannot be sent (a schema that does not
    /// parse, with its line and column), or empty.
    QString structureProblem() const;
    /// The last problem shown (empty when none): a plan that cannot be built, or values of an
    /// opened file that the fields had to clamp.
    QString errorText() const;
    void showError(const QString &error);

Q_SIGNALS:
    /// Anything in the document changed.
    void comparisonChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showPrompts();
    void showVariables();
    void showSettings();
    void writeSettings();
    void onCurrentPromptChanged(int index);
    void onPromptEdited();
    void onOwnSystemEdited();
    void onOwnFormatEdited();
    void showOutputFormat();
    void showTools();
    void openChatEditor();
    void updatePreview();

    ComparisonDocument *m_document;
    PromptListWidget *m_prompts;
    QPlainTextEdit *m_promptEdit;
    QCheckBox *m_ownSystem;
    QPlainTextEdit *m_ownSystemEdit;
    QCheckBox *m_ownFormat;
    AnswerFormatEditor *m_ownFormatEdit;
    QPushButton *m_conversationButton;
    QPointer<ChatEditor> m_chatEditor;
    AttachmentStrip *m_attachments;
    QPlainTextEdit *m_systemEdit;
    VariablesEditor *m_variables;
    QCheckBox *m_perPrompt;
    ModelColumnsEditor *m_models;
    AnswerFormatEditor *m_format;
    ToolsEditor *m_tools;
    QSpinBox *m_repeats;
    QSpinBox *m_concurrency;
    QSpinBox *m_timeout;
    QLabel *m_error;
    bool m_loading = false; ///< writing the document into the fields: their signals are echoes
};
