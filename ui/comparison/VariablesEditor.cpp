// SPDX-License-Identifier: MIT
#include "VariablesEditor.h"

#include "FlowLayout.h"
#include "TemplateRenderer.h"

#include <QDropEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

VariablesEditor::VariablesEditor(QWidget *parent)
    : QWidget(parent)
    , m_grid(new QTableWidget(this))
    , m_addRow(new QPushButton(tr("Add test case"), this))
    , m_removeRow(new QPushButton(tr("Remove test case"), this))
    , m_addColumn(new QPushButton(tr("Add variable…"), this))
    , m_removeColumn(new QPushButton(tr("Remove variable"), this))
    , m_import(new QPushButton(tr("Import CSV…"), this))
    , m_status(new QLabel(this))
    , m_previewTitle(new QLabel(this))
    , m_preview(new QPlainTextEdit(this))
{
    m_grid->setObjectName(QStringLiteral("variablesGrid"));
    m_grid->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_grid->horizontalHeader()->setStretchLastSection(true);
    m_grid->horizontalHeader()->setToolTip(tr("Double-click a variable's name to rename it"));
    m_preview->setObjectName(QStringLiteral("variablesPreview"));
    m_preview->setReadOnly(true);
    // The side panel scrolls down through everything: the preview needs a few lines, not a page.
    m_preview->setMaximumHeight(QFontMetrics(m_preview->font()).lineSpacing() * 8 + 14);
    m_preview->setMaximumBlockCount(0);
    m_status->setWordWrap(true);
    m_status->setVisible(false);
    m_import->setToolTip(tr("Replace the table with a CSV file whose header row names the variables"));

    // Wrapped, not scrolled: the panel may be narrower than one row of buttons.
    auto *buttons = new FlowLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    for (QPushButton *button : {m_addRow, m_removeRow, m_addColumn, m_removeColumn, m_import})
        buttons->addWidget(button);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_grid, 2);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(m_previewTitle);
    layout->addWidget(m_preview, 1);

    m_grid->setAccessibleName(tr("Test cases"));
    m_preview->setAccessibleName(tr("Rendered prompt preview"));
    // A CSV file dropped on the table replaces the test cases.
    m_grid->viewport()->installEventFilter(this);
    m_grid->viewport()->setAcceptDrops(true);

    connect(m_addRow, &QPushButton::clicked, this, [this] { addTestCase(); });
    connect(m_removeRow, &QPushButton::clicked, this, &VariablesEditor::removeCurrentTestCase);
    connect(m_addColumn, &QPushButton::clicked, this, &VariablesEditor::askAddVariable);
    connect(m_removeColumn, &QPushButton::clicked, this, [this] { removeVariable(m_grid->currentColumn()); });
    connect(m_import, &QPushButton::clicked, this, &VariablesEditor::chooseCsv);
    connect(m_grid->horizontalHeader(), &QHeaderView::sectionDoubleClicked, this, &VariablesEditor::askRenameVariable);
    connect(m_grid, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (m_rebuilding)
            return;
        m_table.setValue(item->row(), item->column(), item->text());
        updatePreview();
        Q_EMIT tableChanged();
    });
    connect(m_grid, &QTableWidget::currentCellChanged, this, [this] {
        updatePreview();
        updateButtons();
    });
    rebuild();
}

void VariablesEditor::setTable(const VariablesTable &table)
{
    m_table = table;
    rebuild();
    Q_EMIT tableChanged();
}

void VariablesEditor::rebuild()
{
    const int row = std::max(0, m_grid->currentRow());
    const int column = std::max(0, m_grid->currentColumn());
    m_rebuilding = true;
    m_grid->clear();
    m_grid->setColumnCount(m_table.columnCount());
    m_grid->setRowCount(m_table.rowCount());
    m_grid->setHorizontalHeaderLabels(m_table.names());
    QStringList rowLabels;
    for (int r = 0; r < m_table.rowCount(); ++r) {
        rowLabels.append(tr("case %1").arg(r + 1));
        for (int c = 0; c < m_table.columnCount(); ++c)
            m_grid->setItem(r, c, new QTableWidgetItem(m_table.value(r, c)));
    }
    m_grid->setVerticalHeaderLabels(rowLabels);
    if (m_table.rowCount() > 0 && m_table.columnCount() > 0)
        m_grid->setCurrentCell(std::min(row, m_table.rowCount() - 1), std::min(column, m_table.columnCount() - 1));
    m_rebuilding = false;
    updatePreview();
    updateButtons();
}

void VariablesEditor::setTemplate(const QString &prompt, const QString &system)
{
    m_prompt = prompt;
    m_system = system;
    updatePreview();
}

int VariablesEditor::currentTestCase() const
{
    return m_table.rowCount() > 0 ? std::max(0, m_grid->currentRow()) : -1;
}

void VariablesEditor::setCurrentTestCase(int row)
{
    m_grid->setCurrentCell(row, std::max(0, m_grid->currentColumn()));
    updatePreview();
}

void VariablesEditor::updatePreview()
{
    const int row = currentTestCase();
    const QHash<QString, QString> values = m_table.rowValues(row);
    m_previewTitle->setText(row >= 0 ? tr("Preview of test case %1").arg(row + 1) : tr("Preview (no test cases)"));
    QString prompt;
    QString system;
    QString missing;
    const bool promptOk = TemplateRenderer::render(m_prompt, values, &prompt, &missing);
    const bool ok = promptOk && TemplateRenderer::render(m_system, values, &system, &missing);
    m_previewError = !ok;
    if (!ok) {
        const QString where = promptOk ? tr("The system prompt") : tr("The prompt");
        m_preview->setPlainText(row >= 0 ? tr("%1 uses the variable \"%2\", which test case %3 does not define.")
                                               .arg(where, missing)
                                               .arg(row + 1)
                                         : tr("%1 uses the variable \"%2\" but there are no test cases.").arg(where, missing));
        return;
    }
    m_preview->setPlainText(system.isEmpty() ? prompt : tr("System: %1\n\n%2").arg(system, prompt));
}

QString VariablesEditor::previewText() const
{
    return m_preview->toPlainText();
}

int VariablesEditor::addTestCase()
{
    const int row = m_table.insertRow(m_table.rowCount() > 0 ? currentTestCase() + 1 : -1);
    rebuild();
    m_grid->setCurrentCell(row, 0);
    Q_EMIT tableChanged();
    return row;
}

void VariablesEditor::removeCurrentTestCase()
{
    const int row = currentTestCase();
    if (row < 0)
        return;
    m_table.removeRow(row);
    rebuild();
    Q_EMIT tableChanged();
}

bool VariablesEditor::addVariable(const QString &name)
{
    if (!m_table.addColumn(name)) {
        showStatus(name.trimmed().isEmpty() ? tr("A variable needs a name.")
                                            : tr("There is already a variable called \"%1\".").arg(name.trimmed()));
        return false;
    }
    // A table with variables but no test case renders nothing useful: start the first one.
    if (m_table.rowCount() == 0)
        m_table.insertRow();
    showStatus({});
    rebuild();
    m_grid->setCurrentCell(currentTestCase(), m_table.columnCount() - 1);
    Q_EMIT tableChanged();
    return true;
}

bool VariablesEditor::renameVariable(int column, const QString &name)
{
    if (!m_table.renameColumn(column, name)) {
        showStatus(tr("Cannot rename the variable to \"%1\": the name is blank or taken.").arg(name.trimmed()));
        return false;
    }
    showStatus({});
    rebuild();
    Q_EMIT tableChanged();
    return true;
}

void VariablesEditor::removeVariable(int column)
{
    if (column < 0 || column >= m_table.columnCount())
        return;
    m_table.removeColumn(column);
    rebuild();
    Q_EMIT tableChanged();
}

void VariablesEditor::setValue(int row, int column, const QString &value)
{
    if (QTableWidgetItem *item = m_grid->item(row, column))
        item->setText(value); // itemChanged updates the table and the preview
}

bool VariablesEditor::importCsv(const QString &path, QString *error)
{
    auto table = VariablesTable::fromFile(path, error);
    if (!table) {
        showStatus(*error);
        return false;
    }
    showStatus(tr("Imported %n test case(s).", nullptr, table->rowCount()));
    setTable(*table);
    return true;
}

QString VariablesEditor::statusText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

void VariablesEditor::showStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void VariablesEditor::updateButtons()
{
    m_removeRow->setEnabled(m_table.rowCount() > 0);
    m_removeColumn->setEnabled(m_table.columnCount() > 0 && m_grid->currentColumn() >= 0);
    m_addRow->setEnabled(m_table.columnCount() > 0);
}

void VariablesEditor::askAddVariable()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Add variable"), tr("Name (used as {{name}}):"),
                                               QLineEdit::Normal, QString(), &ok);
    if (ok)
        addVariable(name);
}

void VariablesEditor::askRenameVariable(int column)
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename variable"), tr("New name:"), QLineEdit::Normal,
                                               m_table.names().value(column), &ok);
    if (ok)
        renameVariable(column, name);
}

void VariablesEditor::chooseCsv()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import test cases"), QString(),
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    importCsv(path, &error);
}

bool VariablesEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_grid->viewport()
        && (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove || event->type() == QEvent::Drop)) {
        auto *drop = static_cast<QDropEvent *>(event);
        const QList<QUrl> urls = drop->mimeData()->urls();
        if (urls.size() == 1 && urls.first().isLocalFile()) {
            if (event->type() == QEvent::Drop) {
                QString error;
                importCsv(urls.first().toLocalFile(), &error);
            }
            drop->acceptProposedAction();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
