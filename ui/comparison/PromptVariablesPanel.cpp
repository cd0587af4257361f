// SPDX-License-Identifier: MIT
#include "PromptVariablesPanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

PromptVariablesPanel::PromptVariablesPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_view(new QTableWidget(this))
    , m_clear(new QPushButton(tr("C&lear Variables"), this))
{
    setObjectName(QStringLiteral("promptVariablesPanel"));
    m_title->setObjectName(QStringLiteral("promptVariablesTitle"));
    m_title->setWordWrap(true);
    m_view->setObjectName(QStringLiteral("promptVariablesView"));
    m_view->setAccessibleName(tr("Variables of each prompt"));
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_clear->setObjectName(QStringLiteral("clearPromptVariablesButton"));
    m_clear->setToolTip(tr("Send the prompts exactly as written, placeholders and all"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_title, 1);
    bar->addWidget(m_clear);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view);

    connect(m_view, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (m_rebuilding)
            return;
        m_table.setValue(item->row(), item->column(), item->text());
        Q_EMIT tableChanged();
    });
    connect(m_clear, &QPushButton::clicked, this, [this] { setTable(VariablesTable()); });
    setVisible(false);
}

void PromptVariablesPanel::setTable(const VariablesTable &table, const QString &source)
{
    m_table = table.columnCount() > 0 ? table : VariablesTable();
    m_source = source;
    updateTitle();
    rebuild();
    setVisible(isActive());
    Q_EMIT tableChanged();
}

void PromptVariablesPanel::rebuild()
{
    m_rebuilding = true;
    m_view->clear();
    m_view->setColumnCount(m_table.columnCount());
    m_view->setRowCount(m_table.rowCount());
    m_view->setHorizontalHeaderLabels(m_table.names());
    QStringList rowLabels;
    for (int row = 0; row < m_table.rowCount(); ++row) {
        rowLabels.append(QStringLiteral("#%1").arg(row + 1));
        for (int column = 0; column < m_table.columnCount(); ++column)
            m_view->setItem(row, column, new QTableWidgetItem(m_table.value(row, column)));
    }
    m_view->setVerticalHeaderLabels(rowLabels);
    m_rebuilding = false;
}

void PromptVariablesPanel::setPerPrompt(bool perPrompt)
{
    m_perPrompt = perPrompt;
    updateTitle();
}

void PromptVariablesPanel::updateTitle()
{
    if (!m_perPrompt)
        m_title->setText(tr("Test cases: every prompt runs once per row (more in the Matrix tab)"));
    else if (m_source.isEmpty())
        m_title->setText(tr("Variables: row N fills the {{placeholders}} of prompt N"));
    else
        m_title->setText(tr("Variables from %1: row N fills the {{placeholders}} of prompt N").arg(m_source));
}
