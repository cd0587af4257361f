// SPDX-License-Identifier: MIT
#include "ModelColumnsEditor.h"

#include "FlowLayout.h"
#include "ModelConfigDialog.h"

#include <QComboBox>
#include <QHeaderView>
#include <QInputDialog>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
QString parameterSummary(const ModelColumn &column)
{
    const RequestParams &p = column.params;
    QStringList parts{column.provider + QLatin1Char('/') + column.model};
    if (p.temperature)
        parts.append(QStringLiteral("T=%1").arg(*p.temperature));
    if (p.topP)
        parts.append(QStringLiteral("top_p=%1").arg(*p.topP));
    if (p.maxTokens)
        parts.append(QStringLiteral("max=%1").arg(*p.maxTokens));
    if (p.seed)
        parts.append(QStringLiteral("seed=%1").arg(*p.seed));
    if (p.reasoning)
        parts.append(QObject::tr("reasoning %1").arg(reasoningLevelName(*p.reasoning)));
    if (p.reasoningBudget)
        parts.append(QObject::tr("thinking budget %1").arg(*p.reasoningBudget));
    if (p.systemOverride)
        parts.append(QObject::tr("own system prompt"));
    if (!p.stop.isEmpty())
        parts.append(QObject::tr("%n stop sequence(s)", nullptr, int(p.stop.size())));
    return parts.join(QStringLiteral(" · "));
}
} // namespace

ModelColumnsEditor::ModelColumnsEditor(QWidget *parent, ModelSetStore store)
    : QWidget(parent)
    , m_store(store)
    , m_tree(new QTreeWidget(this))
    , m_add(new QPushButton(tr("Add…"), this))
    , m_edit(new QPushButton(tr("Edit…"), this))
    , m_duplicate(new QPushButton(tr("Duplicate"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_sets(new QComboBox(this))
    , m_loadSet(new QPushButton(tr("Use set"), this))
    , m_saveSet(new QPushButton(tr("Save as set…"), this))
{
    m_tree->setObjectName(QStringLiteral("modelColumns"));
    m_tree->setHeaderLabels({tr("Column label"), tr("Model and parameters")});
    m_tree->setRootIsDecorated(false);
    m_tree->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->setToolTip(tr("Double-click a label to rename the column, elsewhere to edit its parameters"));
    m_sets->setObjectName(QStringLiteral("modelSets"));
    m_sets->setPlaceholderText(tr("Model sets"));

    // Wrapped, not scrolled: the panel may be narrower than one row of buttons.
    auto *buttons = new FlowLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    for (QPushButton *button : {m_add, m_edit, m_duplicate, m_remove})
        buttons->addWidget(button);
    // The set list takes the whole width, its buttons wrap under it: in one row the three
    // needed more than the panel's default width and the matrix editor scrolled sideways.
    auto *setButtons = new FlowLayout;
    setButtons->setContentsMargins(0, 0, 0, 0);
    setButtons->addWidget(m_loadSet);
    setButtons->addWidget(m_saveSet);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_sets);
    layout->addLayout(setButtons);

    connect(m_add, &QPushButton::clicked, this, [this] { editColumn(-1); });
    connect(m_edit, &QPushButton::clicked, this, [this] { editColumn(currentIndex()); });
    connect(m_duplicate, &QPushButton::clicked, this, [this] { duplicateColumn(currentIndex()); });
    connect(m_remove, &QPushButton::clicked, this, [this] { removeColumn(currentIndex()); });
    connect(m_loadSet, &QPushButton::clicked, this, [this] { loadModelSet(m_sets->currentText()); });
    connect(m_saveSet, &QPushButton::clicked, this, &ModelColumnsEditor::askSaveSet);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &ModelColumnsEditor::updateButtons);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item, int column) {
        if (column == 0)
            m_tree->editItem(item, 0);
        else
            editColumn(m_tree->indexOfTopLevelItem(item));
    });
    connect(m_tree, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
        if (m_rebuilding || column != 0)
            return;
        setLabel(m_tree->indexOfTopLevelItem(item), item->text(0));
    });
    refreshSets();
    updateButtons();
}

void ModelColumnsEditor::setColumns(const QList<ModelColumn> &columns)
{
    m_columns = columns;
    rebuild();
    Q_EMIT columnsChanged();
}

void ModelColumnsEditor::setProviderNames(const QStringList &names)
{
    m_providers = names;
}

void ModelColumnsEditor::fillItem(QTreeWidgetItem *item, const ModelColumn &column) const
{
    item->setText(0, column.displayName());
    item->setText(1, parameterSummary(column));
    item->setToolTip(1, parameterSummary(column));
    item->setFlags(item->flags() | Qt::ItemIsEditable);
}

void ModelColumnsEditor::rebuild()
{
    const int current = currentIndex();
    m_rebuilding = true;
    m_tree->clear();
    for (const ModelColumn &column : std::as_const(m_columns)) {
        auto *item = new QTreeWidgetItem(m_tree);
        fillItem(item, column);
    }
    m_rebuilding = false;
    if (!m_columns.isEmpty())
        setCurrentIndex(std::clamp(current, 0, int(m_columns.size()) - 1));
    updateButtons();
}

int ModelColumnsEditor::addColumn(const ModelColumn &column)
{
    m_columns.append(column);
    rebuild();
    setCurrentIndex(int(m_columns.size()) - 1);
    Q_EMIT columnsChanged();
    return int(m_columns.size()) - 1;
}

void ModelColumnsEditor::replaceColumn(int index, const ModelColumn &column)
{
    if (index < 0 || index >= m_columns.size())
        return;
    m_columns[index] = column;
    rebuild();
    Q_EMIT columnsChanged();
}

int ModelColumnsEditor::duplicateColumn(int index)
{
    if (index < 0 || index >= m_columns.size())
        return -1;
    ModelColumn copy = m_columns.at(index);
    // Two columns with one name would be hard to tell apart in the grid and the exports.
    QStringList taken;
    for (const ModelColumn &column : std::as_const(m_columns))
        taken.append(column.displayName());
    const QString base = copy.displayName();
    for (int n = 2; taken.contains(copy.displayName()); ++n)
        copy.label = QStringLiteral("%1 (%2)").arg(base).arg(n);
    m_columns.insert(index + 1, copy);
    rebuild();
    setCurrentIndex(index + 1);
    Q_EMIT columnsChanged();
    return index + 1;
}

void ModelColumnsEditor::removeColumn(int index)
{
    if (index < 0 || index >= m_columns.size())
        return;
    m_columns.removeAt(index);
    rebuild();
    Q_EMIT columnsChanged();
}

void ModelColumnsEditor::setLabel(int index, const QString &label)
{
    if (index < 0 || index >= m_columns.size())
        return;
    ModelColumn &column = m_columns[index];
    const QString trimmed = label.trimmed();
    // Typing the automatic "provider/model" back means "no label of its own".
    column.label = trimmed == column.provider + QLatin1Char('/') + column.model ? QString() : trimmed;
    m_rebuilding = true;
    fillItem(m_tree->topLevelItem(index), column);
    m_rebuilding = false;
    Q_EMIT columnsChanged();
}

int ModelColumnsEditor::currentIndex() const
{
    return m_tree->currentItem() ? m_tree->indexOfTopLevelItem(m_tree->currentItem()) : -1;
}

void ModelColumnsEditor::setCurrentIndex(int index)
{
    m_tree->setCurrentItem(m_tree->topLevelItem(index));
}

bool ModelColumnsEditor::saveModelSet(const QString &name)
{
    if (!m_store.save(name, m_columns))
        return false;
    refreshSets();
    m_sets->setCurrentText(name.trimmed());
    return true;
}

bool ModelColumnsEditor::loadModelSet(const QString &name)
{
    if (name.isEmpty() || !m_store.contains(name))
        return false;
    setColumns(m_store.load(name));
    return true;
}

void ModelColumnsEditor::editColumn(int index)
{
    auto *dialog = new ModelConfigDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setProviderNames(m_providers);
    if (index >= 0 && index < m_columns.size())
        dialog->setColumn(m_columns.at(index));
    else if (!m_providers.isEmpty())
        dialog->setColumn(ModelColumn{m_providers.first(), QString(), QString(), {}});
    connect(dialog, &QDialog::accepted, this, [this, dialog, index] {
        if (index >= 0 && index < m_columns.size())
            replaceColumn(index, dialog->column());
        else
            addColumn(dialog->column());
    });
    dialog->open();
}

void ModelColumnsEditor::askSaveSet()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save model set"), tr("Name of the set:"), QLineEdit::Normal,
                                               m_sets->currentText(), &ok);
    if (ok)
        saveModelSet(name);
}

void ModelColumnsEditor::refreshSets()
{
    const QString current = m_sets->currentText();
    m_sets->clear();
    m_sets->addItems(m_store.names());
    m_sets->setCurrentIndex(m_sets->findText(current));
    m_loadSet->setEnabled(m_sets->count() > 0);
}

void ModelColumnsEditor::updateButtons()
{
    const bool hasCurrent = currentIndex() >= 0;
    m_edit->setEnabled(hasCurrent);
    m_duplicate->setEnabled(hasCurrent);
    m_remove->setEnabled(hasCurrent);
    m_saveSet->setEnabled(!m_columns.isEmpty());
}
