// SPDX-License-Identifier: MIT
#include "PromptListWidget.h"

#include "FlowLayout.h"
#include "PromptImport.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QVBoxLayout>

namespace {
enum Role {
    TextRole = Qt::UserRole + 1,
    NameRole,
    HasSystemRole,
    SystemRole,
    HasFormatRole,
    FormatRole, ///< OutputFormat: the prompt's own answer format
    PromptRole, ///< the whole prompt: what the list does not edit (history, attachments) rides along
};

QString autoLabel(const QString &text)
{
    const QString firstLine = text.trimmed().section(QLatin1Char('\n'), 0, 0).simplified();
    if (firstLine.isEmpty())
        return QObject::tr("(empty prompt)");
    return firstLine.size() > 60 ? firstLine.left(59) + QChar(0x2026) : firstLine;
}
} // namespace

PromptListWidget::PromptListWidget(QWidget *parent)
    : QWidget(parent)
    , m_list(new QListWidget(this))
    , m_add(new QPushButton(tr("Add"), this))
    , m_duplicate(new QPushButton(tr("Duplicate"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_import(new QPushButton(tr("Import…"), this))
    , m_paste(new QPushButton(tr("Paste"), this))
    , m_status(new QLabel(this))
{
    m_list->setObjectName(QStringLiteral("promptList"));
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_list->setAlternatingRowColors(true);
    m_list->viewport()->installEventFilter(this);
    m_list->setToolTip(tr("Double-click to rename, drag to reorder, drop .txt/.csv/.jsonl files to import"));
    m_add->setToolTip(tr("Add an empty prompt"));
    m_paste->setToolTip(tr("Add the clipboard's text; lines holding only --- separate prompts"));
    m_import->setToolTip(tr("Import prompts from .txt (--- separated), .csv (a prompt column) or .jsonl"));
    m_status->setWordWrap(true);
    m_status->setVisible(false);
    setAcceptDrops(true);

    // Wrapped, not scrolled: the panel may be narrower than one row of buttons.
    auto *buttons = new FlowLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    for (QPushButton *button : {m_add, m_duplicate, m_remove, m_paste, m_import})
        buttons->addWidget(button);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    // Keyboard: Ctrl+V pastes prompts, Delete removes the current one, while the list has focus.
    auto *paste = new QAction(tr("Paste Prompts"), m_list);
    paste->setShortcut(QKeySequence::Paste);
    paste->setShortcutContext(Qt::WidgetShortcut);
    connect(paste, &QAction::triggered, this, &PromptListWidget::pasteFromClipboard);
    auto *remove = new QAction(tr("Remove Prompt"), m_list);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    connect(remove, &QAction::triggered, this, &PromptListWidget::removeCurrent);
    m_list->addActions({paste, remove});
    m_list->setAccessibleName(tr("Prompt list"));

    connect(m_add, &QPushButton::clicked, this, [this] { addPrompt(); });
    connect(m_duplicate, &QPushButton::clicked, this, &PromptListWidget::duplicateCurrent);
    connect(m_remove, &QPushButton::clicked, this, &PromptListWidget::removeCurrent);
    connect(m_import, &QPushButton::clicked, this, &PromptListWidget::chooseFile);
    connect(m_paste, &QPushButton::clicked, this, &PromptListWidget::pasteFromClipboard);
    connect(m_list, &QListWidget::itemChanged, this, &PromptListWidget::onItemChanged);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        updateButtons();
        Q_EMIT currentPromptChanged(row);
    });
    // A drag inside the list moves rows through the model.
    connect(m_list->model(), &QAbstractItemModel::rowsMoved, this, [this] { Q_EMIT promptsChanged(); });
    updateButtons();
}

QListWidgetItem *PromptListWidget::makeItem(const ComparisonPrompt &prompt)
{
    auto *item = new QListWidgetItem;
    item->setFlags(item->flags() | Qt::ItemIsEditable | Qt::ItemIsDragEnabled);
    item->setData(TextRole, prompt.text);
    item->setData(NameRole, prompt.name);
    item->setData(HasSystemRole, prompt.system.has_value());
    item->setData(SystemRole, prompt.system.value_or(QString()));
    item->setData(HasFormatRole, prompt.outputFormat.has_value());
    item->setData(FormatRole, QVariant::fromValue(prompt.outputFormat.value_or(OutputFormat())));
    item->setData(PromptRole, QVariant::fromValue(prompt));
    return item;
}

ComparisonPrompt PromptListWidget::promptOf(const QListWidgetItem *item)
{
    ComparisonPrompt prompt = item->data(PromptRole).value<ComparisonPrompt>();
    prompt.text = item->data(TextRole).toString();
    prompt.name = item->data(NameRole).toString();
    prompt.system.reset();
    if (item->data(HasSystemRole).toBool())
        prompt.system = item->data(SystemRole).toString();
    prompt.outputFormat.reset();
    if (item->data(HasFormatRole).toBool())
        prompt.outputFormat = item->data(FormatRole).value<OutputFormat>();
    return prompt;
}

void PromptListWidget::updateItem(QListWidgetItem *item)
{
    const bool wasUpdating = std::exchange(m_updating, true);
    const QString name = item->data(NameRole).toString();
    const QString text = item->data(TextRole).toString();
    item->setText(name.isEmpty() ? autoLabel(text) : name);
    QFont font = item->font();
    font.setItalic(name.isEmpty());
    item->setFont(font);
    item->setToolTip(text.left(2000));
    m_updating = wasUpdating;
}

QList<ComparisonPrompt> PromptListWidget::prompts() const
{
    QList<ComparisonPrompt> prompts;
    for (int i = 0; i < m_list->count(); ++i)
        prompts.append(promptOf(m_list->item(i)));
    return prompts;
}

void PromptListWidget::setPrompts(const QList<ComparisonPrompt> &prompts)
{
    m_updating = true;
    m_list->clear();
    for (const ComparisonPrompt &prompt : prompts) {
        QListWidgetItem *item = makeItem(prompt);
        m_list->addItem(item);
        updateItem(item);
    }
    m_updating = false;
    m_list->setCurrentRow(prompts.isEmpty() ? -1 : 0);
    updateButtons();
    Q_EMIT promptsChanged();
}

int PromptListWidget::count() const
{
    return m_list->count();
}

int PromptListWidget::currentIndex() const
{
    return m_list->currentRow();
}

void PromptListWidget::setCurrentIndex(int index)
{
    m_list->setCurrentRow(index);
}

ComparisonPrompt PromptListWidget::prompt(int index) const
{
    const QListWidgetItem *item = m_list->item(index);
    return item ? promptOf(item) : ComparisonPrompt();
}

void PromptListWidget::setCurrentText(const QString &text)
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item || item->data(TextRole).toString() == text)
        return;
    const bool wasUpdating = std::exchange(m_updating, true);
    item->setData(TextRole, text);
    m_updating = wasUpdating;
    updateItem(item);
    Q_EMIT promptsChanged();
}

void PromptListWidget::setCurrentSystem(const std::optional<QString> &system)
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    const bool wasUpdating = std::exchange(m_updating, true);
    item->setData(HasSystemRole, system.has_value());
    item->setData(SystemRole, system.value_or(QString()));
    m_updating = wasUpdating;
    Q_EMIT promptsChanged();
}

void PromptListWidget::setCurrentOutputFormat(const std::optional<OutputFormat> &format)
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item || promptOf(item).outputFormat == format)
        return;
    const bool wasUpdating = std::exchange(m_updating, true);
    item->setData(HasFormatRole, format.has_value());
    item->setData(FormatRole, QVariant::fromValue(format.value_or(OutputFormat())));
    m_updating = wasUpdating;
    Q_EMIT promptsChanged();
}

int PromptListWidget::addPrompt(const QString &text, const QString &name)
{
    QListWidgetItem *item = makeItem({name, text, std::nullopt});
    const bool wasUpdating = std::exchange(m_updating, true);
    m_list->addItem(item);
    m_updating = wasUpdating;
    updateItem(item);
    m_list->setCurrentItem(item);
    updateButtons();
    Q_EMIT promptsChanged();
    return m_list->row(item);
}

void PromptListWidget::removeCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0)
        return;
    delete m_list->takeItem(row);
    m_list->setCurrentRow(std::min(row, m_list->count() - 1));
    updateButtons();
    Q_EMIT promptsChanged();
}

void PromptListWidget::duplicateCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0)
        return;
    ComparisonPrompt copy = promptOf(m_list->item(row));
    if (!copy.name.isEmpty())
        copy.name = tr("%1 (copy)").arg(copy.name);
    QListWidgetItem *item = makeItem(copy);
    const bool wasUpdating = std::exchange(m_updating, true);
    m_list->insertItem(row + 1, item);
    m_updating = wasUpdating;
    updateItem(item);
    m_list->setCurrentItem(item);
    updateButtons();
    Q_EMIT promptsChanged();
}

void PromptListWidget::renamePrompt(int index, const QString &name)
{
    QListWidgetItem *item = m_list->item(index);
    if (!item)
        return;
    const bool wasUpdating = std::exchange(m_updating, true);
    item->setData(NameRole, name.trimmed());
    m_updating = wasUpdating;
    updateItem(item);
    Q_EMIT promptsChanged();
}

void PromptListWidget::movePrompt(int from, int to)
{
    if (from < 0 || from >= m_list->count() || to < 0 || to >= m_list->count() || from == to)
        return;
    const bool wasUpdating = std::exchange(m_updating, true);
    QListWidgetItem *item = m_list->takeItem(from);
    m_list->insertItem(to, item);
    m_list->setCurrentItem(item);
    m_updating = wasUpdating;
    Q_EMIT promptsChanged();
}

int PromptListWidget::pasteText(const QString &text)
{
    const QStringList pieces = PromptImport::splitPrompts(text);
    if (pieces.isEmpty()) {
        showStatus(tr("Nothing to paste: the text holds no prompt."));
        return 0;
    }
    for (const QString &piece : pieces)
        addPrompt(piece);
    showStatus(tr("Added %n prompt(s).", nullptr, int(pieces.size())));
    return int(pieces.size());
}

bool PromptListWidget::importFile(const QString &path, QString *error)
{
    QStringList imported;
    if (!PromptImport::fromFile(path, &imported, error)) {
        showStatus(*error);
        return false;
    }
    for (const QString &text : imported)
        addPrompt(text);
    showStatus(tr("Imported %n prompt(s) from %1.", nullptr, int(imported.size())).arg(QFileInfo(path).fileName()));
    return true;
}

QString PromptListWidget::statusText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

void PromptListWidget::showStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void PromptListWidget::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import prompts"), QString(),
                                                      tr("Prompts (*.txt *.csv *.jsonl);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    importFile(path, &error);
}

void PromptListWidget::pasteFromClipboard()
{
    pasteText(QApplication::clipboard()->text());
}

void PromptListWidget::onItemChanged(QListWidgetItem *item)
{
    if (m_updating)
        return;
    // The user renamed the item in place. Keeping the automatic label means "no name".
    const QString edited = item->text().trimmed();
    const QString name = edited == autoLabel(item->data(TextRole).toString()) ? QString() : edited;
    const bool wasUpdating = std::exchange(m_updating, true);
    item->setData(NameRole, name);
    m_updating = wasUpdating;
    updateItem(item);
    Q_EMIT promptsChanged();
}

void PromptListWidget::updateButtons()
{
    const bool hasCurrent = m_list->currentRow() >= 0;
    m_duplicate->setEnabled(hasCurrent);
    m_remove->setEnabled(hasCurrent);
}

bool PromptListWidget::eventFilter(QObject *watched, QEvent *event)
{
    // Files dropped on the list are imported; drags of rows inside it reorder them.
    if (watched == m_list->viewport()) {
        if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
            auto *drag = static_cast<QDropEvent *>(event);
            if (drag->mimeData()->hasUrls()) {
                drag->acceptProposedAction();
                return true;
            }
        } else if (event->type() == QEvent::Drop) {
            auto *drop = static_cast<QDropEvent *>(event);
            if (drop->mimeData()->hasUrls()) {
                for (const QUrl &url : drop->mimeData()->urls()) {
                    QString error;
                    if (url.isLocalFile())
                        importFile(url.toLocalFile(), &error);
                }
                drop->acceptProposedAction();
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}
