// SPDX-License-Identifier: MIT
#pragma once

#include "ProviderRegistry.h"
#include "RunPlan.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class AttachmentStrip;
class ChatEditor;
class ComparisonDocument;
class ModelTree;
class PromptVariablesPanel;
class QLabel;
class QMimeData;
class QComboBox;
class QPlainTextEdit;
class QPushButton;
class QSettings;
class QSpinBox;

/// The Prompts tab, the simple view of the window's one comparison (document()): the prompt
/// editor (prompts separated by lines holding only "---"), the variables, the system prompt,
/// the model tree (a ticked model is a configuration without parameters), samples per cell,
/// one reasoning effort for the ticked models,
/// and the Send and Cancel All buttons. The Comparison tab's matrix editor edits the same
/// document. It composes the run (composePlan()) and keeps the document across restarts
/// (readSettings(), writeSettings()).
class PromptComposer : public QWidget
{
    Q_OBJECT
public:
    explicit PromptComposer(QWidget *parent = nullptr);

    /// The comparison this view edits, shared with the matrix editor.
    ComparisonDocument *document() const { return m_document; }
    /// Fills the model tree from \a registry, ticking the document's models.
    void setRegistry(const ProviderRegistry &registry);
    /// Says which of the document's configurations the tree cannot show (empty when none).
    QLabel *modelsNote() const { return m_modelsNote; }
    /// One line naming the answer format and tools the Matrix tab set (hidden for plain text
    /// without tools), so that a Send from here is not a surprise.
    QLabel *structureNote() const { return m_structureNote; }

    QPlainTextEdit *promptEdit() const { return m_promptEdit; }
    QPlainTextEdit *systemEdit() const { return m_systemEdit; }
    PromptVariablesPanel *promptVariables() const { return m_promptVariables; }
    ModelTree *modelTree() const { return m_modelTree; }
    QSpinBox *repeatSpin() const { return m_repeatSpin; }
    /// The reasoning effort of every ticked model ("provider's default": none sent).
    QComboBox *reasoningCombo() const { return m_reasoningCombo; }
    QPushButton *sendButton() const { return m_sendButton; }
    QPushButton *cancelAllButton() const { return m_cancelAllButton; }
    /// The files sent with every prompt (button, drop on the prompt editor, pasted image).
    AttachmentStrip *attachments() const { return m_attachments; }
    /// Opens the chat editor on the prompt under the cursor (conversationPromptIndex()).
    QPushButton *conversationButton() const { return m_conversationButton; }
    /// The document's prompt the text cursor is in (past the last when the editor is empty).
    int conversationPromptIndex() const;
    /// Opens (window-modal, not blocking) the chat editor on prompt \a index; past the last
    /// prompt, on a new one. The editor closes itself.
    ChatEditor *openChatEditor(int index);
    /// The open chat editor, if any.
    ChatEditor *chatEditor() const;

    /// The run this tab describes; nullopt with \a error when it cannot be built (no prompt,
    /// no model, a placeholder without a value).
    std::optional<RunPlan> composePlan(QString *error) const;
    /// Gives the keyboard focus to where the last composePlan() problem is fixed.
    void focusProblem();
    /// Puts the prompts of a .txt/.csv/.jsonl file into the document, read as
    /// `promptgrid-cli --prompts` reads them: a .csv's other columns become each prompt's own
    /// variables (Comparison::variablesPerPrompt).
    /// On success \a summary says what was imported.
    bool loadPromptFile(const QString &path, QString *error, QString *summary);

    /// The first local .txt/.csv/.jsonl file among \a mime's URLs, or an empty string.
    static QString promptFileIn(const QMimeData *mime);

    /// Reads what writeSettings() kept; the first time (nothing kept), ticks \a firstRunModels.
    /// Returns true on that first run. Call after the model tree has its registry.
    bool readSettings(const QSettings &settings, const QStringList &firstRunModels);
    void writeSettings(QSettings &settings) const;

Q_SIGNALS:
    void sendRequested();
    void cancelAllRequested();
    /// A prompt file was dropped on one of the editors (they would paste its URL as text).
    void promptFileDropped(const QString &path);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showPrompts();
    void showVariables();
    void showModels();
    void showStructure();
    void onTicksChanged();
    void onReasoningChosen();
    /// A column as a tick makes it: no label, no parameters but the combo's reasoning effort.
    static bool isPlainTick(const ModelColumn &column);

    ComparisonDocument *m_document;
    QString m_variablesSource; ///< the file the variables were imported from
    bool m_syncing = false; ///< writing the document into the widgets: their signals are echoes
    QLabel *m_modelsNote;
    QLabel *m_structureNote;
    QPlainTextEdit *m_promptEdit;
    AttachmentStrip *m_attachments;
    QPushButton *m_conversationButton;
    QLabel *m_conversationNote;
    QPointer<ChatEditor> m_chatEditor;
    QPlainTextEdit *m_systemEdit;
    PromptVariablesPanel *m_promptVariables;
    ModelTree *m_modelTree;
    QSpinBox *m_repeatSpin;
    QComboBox *m_reasoningCombo;
    QPushButton *m_sendButton;
    QPushButton *m_cancelAllButton;
};
