// SPDX-License-Identifier: MIT
#include "FocusView.h"

#include "AnswerMarkdown.h"
#include "DetailPane.h"
#include "ResultsTableModel.h"
#include "ResultGrid.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

FocusView::FocusView(const ResultGrid *grid, QWidget *parent)
    : QWidget(parent)
    , m_grid(grid)
{
    setAccessibleName(tr("Focus view"));
    m_markdown = new QCheckBox(tr("Render &Markdown"), this);
    m_markdown->setAccessibleName(tr("Render answers as Markdown"));
    m_markdown->setChecked(true);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    auto *options = new QHBoxLayout;
    options->addWidget(m_markdown);
    options->addStretch(1);
    layout->addLayout(options);
    layout->addWidget(m_splitter, 1);

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(250);
    connect(&m_refresh, &QTimer::timeout, this, &FocusView::refreshText);
    connect(m_markdown, &QCheckBox::toggled, this, [this] {
        m_shownTexts.fill(QString());
        for (QTextBrowser *reader : std::as_const(m_readers))
            reader->clear();
        refreshText();
    });
    connect(m_grid, &ResultGrid::planReset, this, [this] { setCells({}); });
    connect(m_grid, &ResultGrid::cellsChanged, this, [this](const QList<int> &changed) {
        for (int cell : changed) {
            if (m_cells.contains(cell)) {
                if (!m_refresh.isActive())
                    m_refresh.start();
                return;
            }
        }
    });
}

void FocusView::setCells(const QList<int> &cells)
{
    m_cells.clear();
    for (int cell : cells) {
        if (cell >= 0 && cell < m_grid->cellCount() && !m_cells.contains(cell) && m_cells.size() < kMaxCells)
            m_cells.append(cell);
    }
    rebuild();
}

void FocusView::setMarkdown(bool on)
{
    m_markdown->setChecked(on);
}

bool FocusView::isMarkdown() const
{
    return m_markdown->isChecked();
}

void FocusView::rebuild()
{
    // The splitter's widgets only: its handles belong to it and go with them.
    while (m_splitter->count() > 0)
        delete m_splitter->widget(0);
    m_readers.clear();
    m_titles.clear();
    m_shownTexts = QList<QString>(m_cells.size());
    for (int i = 0; i < m_cells.size(); ++i) {
        auto *box = new QWidget(m_splitter);
        auto *column = new QVBoxLayout(box);
        column->setContentsMargins(2, 0, 2, 0);
        auto *title = new QLabel(box);
        title->setWordWrap(true);
        title->setTextFormat(Qt::PlainText);
        auto *reader = new QTextBrowser(box);
        reader->setOpenExternalLinks(true);
        column->addWidget(title);
        column->addWidget(reader, 1);
        m_splitter->addWidget(box);
        m_titles.append(title);
        m_readers.append(reader);
        connect(reader->verticalScrollBar(), &QScrollBar::valueChanged, this, [this, i] { syncScroll(i); });
    }
    refreshText();
}

void FocusView::refreshText()
{
    for (int i = 0; i < m_cells.size(); ++i) {
        const int cell = m_cells.at(i);
        const CellSpec &spec = m_grid->spec(cell);
        const CellResult &result = m_grid->result(cell);
        const QString title = tr("%1 · row %2 · %3").arg(spec.model.displayName()).arg(spec.row + 1).arg(cellStatusName(result.status));
        m_titles[i]->setText(title);
        m_readers[i]->setAccessibleName(tr("Answer of %1").arg(spec.model.displayName()));
        m_titles[i]->setToolTip(ResultsTableModel::metricsSummary(result));
        QString text = result.text.isEmpty() && !result.error.isEmpty() ? result.error : result.text;
        // The calls after the text, as the detail pane shows them (a code block when rendered).
        if (!result.toolCalls.isEmpty()) {
            const QString calls = DetailPane::toolCallsText(result.toolCalls);
            if (!text.isEmpty())
                text += QStringLiteral("\n\n");
            text += m_markdown->isChecked() ? QStringLiteral("```\n%1\n```\n").arg(calls) : calls;
        }
        if (text == m_shownTexts.at(i))
            continue;
        m_shownTexts[i] = text;
        QScrollBar *bar = m_readers[i]->verticalScrollBar();
        const int position = bar->value();
        const QSignalBlocker blocker(bar);
        if (m_markdown->isChecked())
            AnswerMarkdown::render(m_readers[i]->document(), text);
        else
            m_readers[i]->setPlainText(text);
        bar->setValue(position);
    }
}

void FocusView::syncScroll(int source)
{
    if (m_syncing)
        return;
    m_syncing = true;
    const QScrollBar *from = m_readers.at(source)->verticalScrollBar();
    const double fraction = from->maximum() > 0 ? double(from->value()) / from->maximum() : 0.0;
    for (int i = 0; i < m_readers.size(); ++i) {
        if (i == source)
            continue;
        QScrollBar *to = m_readers.at(i)->verticalScrollBar();
        to->setValue(qRound(fraction * to->maximum()));
    }
    m_syncing = false;
}
