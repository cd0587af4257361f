// SPDX-License-Identifier: MIT
#pragma once

#include "ChatMessage.h"

#include <QDialog>
#include <QList>

#include <optional>

class ComparisonDocument;
struct ComparisonPrompt;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;
class QVBoxLayout;

/// Edits one prompt of the document as a conversation: its own system prompt (empty: the
/// comparison's), then its messages oldest first, each with a role. The last message is the
/// user's and is the prompt's text; the editor says so while it is not, and the plan refuses
/// to run it (PlanBuilder). Every edit goes straight into the document, so both tabs, Send,
/// saving and a restart see it. A conversation pasted into any field (a JSONL line, a messages
/// array) replaces the messages, read by ConversationImport; other text is pasted as text.
class ChatEditor : public QDialog
{
    Q_OBJECT
public:
    ChatEditor(ComparisonDocument *document, int promptIndex, QWidget *parent = nullptr);

    int promptIndex() const { return m_promptIndex; }
    QPlainTextEdit *systemEdit() const { return m_systemEdit; }
    int messageCount() const { return int(m_rows.size()); }
    QComboBox *roleCombo(int message) const;
    QPlainTextEdit *messageEdit(int message) const;
    /// Adds a message with the role that alternates with the last one (the user's first).
    void addMessage();
    void removeMessage(int message);
    void moveMessage(int from, int to);
    /// Reads the conversation in \a text (ConversationImport::fromPastedText); on success it
    /// replaces the messages (and the system prompt, when it has one). False, with the problem
    /// shown and nothing changed, when it is malformed.
    bool pasteConversation(const QString &text);
    /// Attaches the files at \a paths to user message \a message (types checked by content,
    /// AttachmentFile); false, with the first unreadable file named and nothing attached, otherwise.
    bool attachFiles(int message, const QStringList &paths);
    void clearAttachments(int message);
    /// "Sent with: a.png, b.txt" under a message with files, empty without.
    QString attachmentsText(int message) const;
    QToolButton *attachButton(int message) const;
    QPushButton *addButton() const { return m_addButton; }
    QPushButton *pasteButton() const { return m_pasteButton; }
    /// What is wrong with the conversation or the last paste (empty when nothing is).
    QString problemText() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Row {
        QWidget *widget = nullptr;
        QLabel *number = nullptr;
        QComboBox *role = nullptr;
        QPlainTextEdit *text = nullptr;
        QToolButton *up = nullptr;
        QToolButton *down = nullptr;
        QToolButton *remove = nullptr;
        QToolButton *attach = nullptr;
        QLabel *files = nullptr;
        QToolButton *clearFiles = nullptr;
    };

    void load();
    void rebuildRows();
    void renumber();
    /// The document's prompt with the editor's conversation in it; false when it is gone.
    bool composed(ComparisonPrompt *out) const;
    void writeBack();
    void showState(const QString &pasteProblem = {}, const QString &notice = {});
    int rowOf(QObject *widget) const;

    ComparisonDocument *m_document;
    int m_promptIndex;
    QList<ChatMessage> m_messages; ///< all of them, the last user message (the prompt's text) included
    bool m_loading = false;
    QPlainTextEdit *m_systemEdit;
    QVBoxLayout *m_rowsLayout;
    QList<Row> m_rows;
    QPushButton *m_addButton;
    QPushButton *m_pasteButton;
    QLabel *m_status;
};
