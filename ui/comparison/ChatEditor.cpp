// SPDX-License-Identifier: MIT
#include "ChatEditor.h"

#include "AttachmentFile.h"
#include "ComparisonDocument.h"
#include "ConversationImport.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QFileDialog>
#include <QIcon>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
QToolButton *rowButton(QStyle::StandardPixmap icon, const QString &objectName, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(objectName);
    button->setIcon(parent->style()->standardIcon(icon));
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::StrongFocus);
    return button;
}
} // namespace

ChatEditor::ChatEditor(ComparisonDocument *document, int promptIndex, QWidget *parent)
    : QDialog(parent)
    , m_document(document)
    , m_promptIndex(promptIndex)
    , m_systemEdit(new QPlainTextEdit(this))
    , m_addButton(new QPushButton(tr("&Add Message"), this))
    , m_pasteButton(new QPushButton(tr("&Paste Conversation"), this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("chatEditor"));
    setWindowTitle(tr("Conversation of prompt #%1").arg(promptIndex + 1));
    setSizeGripEnabled(true);

    m_systemEdit->setObjectName(QStringLiteral("chatSystemEdit"));
    m_systemEdit->setAccessibleName(tr("This conversation's system prompt"));
    m_systemEdit->setTabChangesFocus(true);
    m_systemEdit->setFixedHeight(QFontMetrics(m_systemEdit->font()).lineSpacing() * 3 + 14);
    m_systemEdit->installEventFilter(this);
    const QString shared = document->comparison().system.simplified();
    m_systemEdit->setPlaceholderText(shared.isEmpty() ? tr("Empty: the comparison's system prompt (none)")
                                                      : tr("Empty: the comparison's system prompt (\"%1\")").arg(shared.left(80)));
    auto *systemLabel = new QLabel(tr("S&ystem prompt:"), this);
    systemLabel->setBuddy(m_systemEdit);

    auto *hint = new QLabel(tr("Messages, oldest first. The <b>last one must be the user's</b>: it is the prompt every "
                               "model answers. Paste a conversation (a JSONL line {\"messages\":[...]} or a messages "
                               "array) into any field to fill them."),
                            this);
    hint->setWordWrap(true);

    auto *rows = new QWidget(this);
    m_rowsLayout = new QVBoxLayout(rows);
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("chatMessagesScroll"));
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(rows);
    scroll->setFocusPolicy(Qt::NoFocus);

    m_addButton->setObjectName(QStringLiteral("addChatMessage"));
    m_addButton->setToolTip(tr("Add a message; the role alternates with the last one"));
    m_pasteButton->setObjectName(QStringLiteral("pasteConversation"));
    m_pasteButton->setToolTip(tr("Replace the messages with the conversation on the clipboard"));
    m_status->setObjectName(QStringLiteral("chatEditorStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Room kept for two lines: the buttons above do not jump when a problem shows.
    m_status->setMinimumHeight(m_status->fontMetrics().lineSpacing() * 2);
    m_status->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);

    auto *actions = new QHBoxLayout;
    actions->addWidget(m_addButton);
    actions->addWidget(m_pasteButton);
    actions->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(systemLabel);
    layout->addWidget(m_systemEdit);
    layout->addWidget(hint);
    layout->addWidget(scroll, 1);
    layout->addLayout(actions);
    layout->addWidget(m_status);
    layout->addWidget(close);

    connect(m_addButton, &QPushButton::clicked, this, &ChatEditor::addMessage);
    connect(m_pasteButton, &QPushButton::clicked, this, [this] {
        const QString text = QApplication::clipboard()->text();
        if (ConversationImport::looksLikeConversation(text))
            pasteConversation(text);
        else
            showState(tr("The clipboard holds no conversation (a JSONL line {\"messages\":[...]} or a messages array); "
                         "plain text is pasted into a message with Ctrl+V."));
    });
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_systemEdit, &QPlainTextEdit::textChanged, this, &ChatEditor::writeBack);
    // Another view, or a file, changed the prompt: show it as it now is.
    connect(m_document, &ComparisonDocument::promptsChanged, this, [this] {
        ComparisonPrompt shown;
        if (m_loading || (composed(&shown) && m_promptIndex < m_document->comparison().prompts.size()
                          && shown == m_document->comparison().prompts.at(m_promptIndex)))
            return;
        load();
    });
    resize(640, 560);
    load();
}

QComboBox *ChatEditor::roleCombo(int message) const
{
    return message >= 0 && message < m_rows.size() ? m_rows.at(message).role : nullptr;
}

QPlainTextEdit *ChatEditor::messageEdit(int message) const
{
    return message >= 0 && message < m_rows.size() ? m_rows.at(message).text : nullptr;
}

void ChatEditor::load()
{
    const QList<ComparisonPrompt> &prompts = m_document->comparison().prompts;
    const bool exists = m_promptIndex >= 0 && m_promptIndex < prompts.size();
    const ComparisonPrompt prompt = exists ? prompts.at(m_promptIndex) : ComparisonPrompt();
    m_messages = prompt.history;
    // The prompt's text is the last user message, unless the conversation waits for one.
    if (!prompt.text.isEmpty() || prompt.history.isEmpty())
        m_messages.append(ChatMessage{ChatMessage::Role::User, prompt.text, prompt.attachments});
    const bool wasLoading = std::exchange(m_loading, true);
    m_systemEdit->setPlainText(prompt.system.value_or(QString()));
    m_loading = wasLoading;
    for (QWidget *widget : {static_cast<QWidget *>(m_systemEdit), static_cast<QWidget *>(m_addButton),
                            static_cast<QWidget *>(m_pasteButton)})
        widget->setEnabled(exists);
    rebuildRows();
    showState(exists ? QString() : tr("This prompt no longer exists."));
}

void ChatEditor::rebuildRows()
{
    const bool wasLoading = std::exchange(m_loading, true);
    // Later: the clicked button or the field that took the paste may be among them.
    for (const Row &row : std::as_const(m_rows)) {
        row.widget->hide();
        row.widget->deleteLater();
    }
    m_rows.clear();
    auto *container = m_rowsLayout->parentWidget();
    for (qsizetype i = 0; i < m_messages.size(); ++i) {
        Row row;
        row.widget = new QWidget(container);
        row.widget->setObjectName(QStringLiteral("chatMessage"));
        auto *grid = new QGridLayout(row.widget);
        grid->setContentsMargins(0, 4, 0, 4);
        row.number = new QLabel(row.widget);
        row.role = new QComboBox(row.widget);
        row.role->setObjectName(QStringLiteral("chatRole"));
        row.role->addItem(tr("User"), int(ChatMessage::Role::User));
        row.role->addItem(tr("Assistant"), int(ChatMessage::Role::Assistant));
        row.role->setCurrentIndex(row.role->findData(int(m_messages.at(i).role)));
        row.up = rowButton(QStyle::SP_ArrowUp, QStringLiteral("chatMoveUp"), row.widget);
        row.down = rowButton(QStyle::SP_ArrowDown, QStringLiteral("chatMoveDown"), row.widget);
        row.remove = rowButton(QStyle::SP_DialogDiscardButton, QStringLiteral("chatRemove"), row.widget);
        row.text = new QPlainTextEdit(row.widget);
        row.text->setObjectName(QStringLiteral("chatText"));
        row.text->setTabChangesFocus(true);
        row.text->setPlainText(m_messages.at(i).text);
        row.text->setFixedHeight(QFontMetrics(row.text->font()).lineSpacing() * 4 + 14);
        row.text->installEventFilter(this);
        // Files go with a user message (providers take images from the user only).
        row.attach = rowButton(QStyle::SP_FileIcon, QStringLiteral("chatAttach"), row.widget);
        row.attach->setIcon(QIcon::fromTheme(QStringLiteral("mail-attachment"), row.attach->icon()));
        row.attach->setVisible(m_messages.at(i).role == ChatMessage::Role::User);
        row.files = new QLabel(row.widget);
        row.files->setObjectName(QStringLiteral("chatFiles"));
        row.files->setWordWrap(true);
        row.clearFiles = rowButton(QStyle::SP_DialogResetButton, QStringLiteral("chatClearFiles"), row.widget);
        grid->addWidget(row.number, 0, 0);
        grid->addWidget(row.role, 0, 1);
        grid->setColumnStretch(2, 1);
        grid->addWidget(row.attach, 0, 3);
        grid->addWidget(row.up, 0, 4);
        grid->addWidget(row.down, 0, 5);
        grid->addWidget(row.remove, 0, 6);
        grid->addWidget(row.text, 1, 0, 1, 7);
        grid->addWidget(row.files, 2, 0, 1, 6);
        grid->addWidget(row.clearFiles, 2, 6);
        m_rowsLayout->insertWidget(m_rowsLayout->count() - 1, row.widget);
        row.widget->show(); // now, not when the layout gets round to it: the new message takes the focus

        connect(row.role, &QComboBox::currentIndexChanged, this, [this, combo = row.role] {
            const int at = rowOf(combo);
            if (m_loading || at < 0)
                return;
            m_messages[at].role = ChatMessage::Role(combo->currentData().toInt());
            m_rows.at(at).attach->setVisible(m_messages.at(at).role == ChatMessage::Role::User);
            writeBack();
        });
        connect(row.text, &QPlainTextEdit::textChanged, this, [this, edit = row.text] {
            const int at = rowOf(edit);
            if (m_loading || at < 0)
                return;
            m_messages[at].text = edit->toPlainText();
            writeBack();
        });
        connect(row.up, &QToolButton::clicked, this, [this, button = row.up] {
            const int at = rowOf(button);
            moveMessage(at, at - 1);
        });
        connect(row.down, &QToolButton::clicked, this, [this, button = row.down] {
            const int at = rowOf(button);
            moveMessage(at, at + 1);
        });
        connect(row.remove, &QToolButton::clicked, this, [this, button = row.remove] { removeMessage(rowOf(button)); });
        connect(row.attach, &QToolButton::clicked, this, [this, button = row.attach] {
            const int at = rowOf(button);
            const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Attach files to message %1").arg(at + 1), QString(),
                                                                    tr("Images and text (*.png *.jpg *.jpeg *.webp *.gif *.txt *.md *.csv *.json);;All files (*)"));
            if (!paths.isEmpty())
                attachFiles(at, paths);
        });
        connect(row.clearFiles, &QToolButton::clicked, this, [this, button = row.clearFiles] { clearAttachments(rowOf(button)); });
        m_rows.append(row);
    }
    renumber();
    // New rows join the focus chain at its end: put them between the system prompt and the buttons.
    QWidget *previous = m_systemEdit;
    for (const Row &row : std::as_const(m_rows)) {
        for (QWidget *next : {static_cast<QWidget *>(row.role), static_cast<QWidget *>(row.attach), static_cast<QWidget *>(row.up),
                              static_cast<QWidget *>(row.down), static_cast<QWidget *>(row.remove), static_cast<QWidget *>(row.text),
                              static_cast<QWidget *>(row.clearFiles)}) {
            setTabOrder(previous, next);
            previous = next;
        }
    }
    setTabOrder(previous, m_addButton);
    m_loading = wasLoading;
}

void ChatEditor::renumber()
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        const int n = int(i + 1);
        row.number->setText(tr("%1.").arg(n));
        row.role->setAccessibleName(tr("Role of message %1").arg(n));
        row.text->setAccessibleName(tr("Message %1").arg(n));
        row.up->setAccessibleName(tr("Move message %1 up").arg(n));
        row.up->setToolTip(row.up->accessibleName());
        row.down->setAccessibleName(tr("Move message %1 down").arg(n));
        row.down->setToolTip(row.down->accessibleName());
        row.remove->setAccessibleName(tr("Remove message %1").arg(n));
        row.remove->setToolTip(row.remove->accessibleName());
        row.attach->setAccessibleName(tr("Attach files to message %1").arg(n));
        row.attach->setToolTip(row.attach->accessibleName());
        row.clearFiles->setAccessibleName(tr("Remove the files of message %1").arg(n));
        row.clearFiles->setToolTip(row.clearFiles->accessibleName());
        row.up->setEnabled(i > 0);
        row.down->setEnabled(i + 1 < m_rows.size());
        const QString files = attachmentsText(int(i));
        row.files->setText(files);
        row.files->setVisible(!files.isEmpty());
        row.clearFiles->setVisible(!files.isEmpty());
    }
}

QString ChatEditor::attachmentsText(int message) const
{
    if (message < 0 || message >= m_messages.size() || m_messages.at(message).attachments.isEmpty())
        return {};
    QStringList names;
    for (const Attachment &file : m_messages.at(message).attachments)
        names.append(file.fileName);
    return tr("Sent with: %1").arg(names.join(QStringLiteral(", ")));
}

QToolButton *ChatEditor::attachButton(int message) const
{
    return message >= 0 && message < m_rows.size() ? m_rows.at(message).attach : nullptr;
}

bool ChatEditor::attachFiles(int message, const QStringList &paths)
{
    if (message < 0 || message >= m_messages.size() || m_messages.at(message).role != ChatMessage::Role::User)
        return false;
    QList<Attachment> files;
    for (const QString &path : paths) {
        QString error;
        const std::optional<Attachment> file = AttachmentFile::load(path, &error);
        if (!file) {
            showState(tr("Not attached, nothing changed: %1").arg(error));
            return false;
        }
        files.append(*file);
    }
    m_messages[message].attachments += files;
    renumber();
    writeBack();
    return true;
}

void ChatEditor::clearAttachments(int message)
{
    if (message < 0 || message >= m_messages.size() || m_messages.at(message).attachments.isEmpty())
        return;
    m_messages[message].attachments.clear();
    renumber();
    writeBack();
}

int ChatEditor::rowOf(QObject *widget) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        if (widget == row.role || widget == row.text || widget == row.up || widget == row.down || widget == row.remove
            || widget == row.attach || widget == row.clearFiles)
            return int(i);
    }
    return -1;
}

void ChatEditor::addMessage()
{
    const bool afterUser = !m_messages.isEmpty() && m_messages.last().role == ChatMessage::Role::User;
    m_messages.append(ChatMessage{afterUser ? ChatMessage::Role::Assistant : ChatMessage::Role::User, QString(), {}});
    rebuildRows();
    writeBack();
    m_rows.last().text->setFocus();
}

void ChatEditor::removeMessage(int message)
{
    if (message < 0 || message >= m_messages.size())
        return;
    m_messages.removeAt(message);
    rebuildRows();
    writeBack();
    if (!m_rows.isEmpty())
        m_rows.at(std::min(message, int(m_rows.size()) - 1)).text->setFocus();
    else
        m_addButton->setFocus();
}

void ChatEditor::moveMessage(int from, int to)
{
    if (from < 0 || from >= m_messages.size() || to < 0 || to >= m_messages.size() || from == to)
        return;
    m_messages.move(from, to);
    rebuildRows();
    writeBack();
    // The keyboard stays on the moved message's button, to move it again.
    QToolButton *again = to < from ? m_rows.at(to).up : m_rows.at(to).down;
    if (again->isEnabled())
        again->setFocus();
    else
        m_rows.at(to).text->setFocus();
}

bool ChatEditor::pasteConversation(const QString &text)
{
    ComparisonPrompt conversation;
    QString error;
    if (!ConversationImport::fromPastedText(text, &conversation, &error)) {
        showState(tr("Not pasted, nothing changed: %1.").arg(error));
        return false;
    }
    m_messages = conversation.history;
    m_messages.append(ChatMessage{ChatMessage::Role::User, conversation.text, {}});
    if (conversation.system) {
        const bool wasLoading = std::exchange(m_loading, true);
        m_systemEdit->setPlainText(*conversation.system);
        m_loading = wasLoading;
    }
    rebuildRows();
    writeBack();
    showState({}, tr("Pasted a conversation of %n message(s).", nullptr, int(m_messages.size())));
    return true;
}

bool ChatEditor::composed(ComparisonPrompt *out) const
{
    const QList<ComparisonPrompt> &prompts = m_document->comparison().prompts;
    if (m_promptIndex < 0 || m_promptIndex >= prompts.size())
        return false;
    ComparisonPrompt prompt = prompts.at(m_promptIndex);
    QList<ChatMessage> messages = m_messages;
    if (!messages.isEmpty() && messages.last().role == ChatMessage::Role::User) {
        const ChatMessage last = messages.takeLast();
        prompt.text = last.text;
        prompt.attachments = last.attachments;
    } else {
        // Waiting for the user's message: the plan refuses to send it until then.
        prompt.text.clear();
        prompt.attachments.clear();
    }
    prompt.history = messages;
    const QString system = m_systemEdit->toPlainText();
    // An empty field is the comparison's system prompt, unless the prompt kept an empty one of its own.
    if (!system.isEmpty())
        prompt.system = system;
    else if (prompt.system && !prompt.system->isEmpty())
        prompt.system.reset();
    *out = prompt;
    return true;
}

void ChatEditor::writeBack()
{
    if (m_loading)
        return;
    ComparisonPrompt prompt;
    if (composed(&prompt)) {
        QList<ComparisonPrompt> prompts = m_document->comparison().prompts;
        prompts[m_promptIndex] = prompt;
        const bool wasLoading = std::exchange(m_loading, true);
        m_document->setPrompts(prompts);
        m_loading = wasLoading;
    }
    showState();
}

void ChatEditor::showState(const QString &pasteProblem, const QString &notice)
{
    QString problem = pasteProblem;
    if (problem.isEmpty()) {
        if (m_messages.isEmpty())
            problem = tr("Add a user message: it is the prompt every model answers.");
        else if (m_messages.first().role != ChatMessage::Role::User)
            problem = tr("Message 1 is an answer: a conversation starts with the user's message. Not sent until it does.");
        else if (m_messages.last().role != ChatMessage::Role::User || m_messages.last().text.trimmed().isEmpty())
            problem = tr("The last message must be the user's, with text: it is the prompt every model answers. "
                         "Not sent until it is.");
    }
    m_status->setProperty("problem", !problem.isEmpty());
    m_status->setText(problem.isEmpty() ? notice : problem);
}

QString ChatEditor::problemText() const
{
    return m_status->property("problem").toBool() ? m_status->text() : QString();
}

bool ChatEditor::eventFilter(QObject *watched, QEvent *event)
{
    // Ctrl+V of a conversation fills the messages; any other text is pasted where the cursor is.
    if (event->type() == QEvent::KeyPress && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Paste)
        && (watched == m_systemEdit || rowOf(watched) >= 0)) {
        const QString text = QApplication::clipboard()->text();
        if (ConversationImport::looksLikeConversation(text)) {
            pasteConversation(text);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}
