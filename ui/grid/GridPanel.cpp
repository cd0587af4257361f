// SPDX-License-Identifier: MIT
#include "GridPanel.h"

#include "CellDelegate.h"
#include "ReplyBar.h"
#include "ResultsTableModel.h"
#include "RowHeaderView.h"
#include "Scheduler.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QLabel>
#include <QMenu>
#include <QMetaEnum>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace {
// Lines of answer a row shows in each mode.
constexpr int kCompactLines = 3;
constexpr int kComfortableLines = 7;
constexpr int kTallLines = 14;
constexpr int kMinRowHeight = 48;
} // namespace

GridPanel::GridPanel(Scheduler *scheduler, ResultsTableModel *model, QWidget *parent)
    : QWidget(parent)
    , m_scheduler(scheduler)
    , m_model(model)
    , m_delegate(new CellDelegate(this))
{
    setObjectName(QStringLiteral("gridPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 8, 4, 8);
    auto *bar = new QHBoxLayout;
    m_runTitle = new QLabel(tr("No run yet: type prompts, tick models, press Send."), this);
    m_runTitle->setObjectName(QStringLiteral("runTitle"));
    QFont titleFont = m_runTitle->font();
    titleFont.setBold(true);
    m_runTitle->setFont(titleFont);
    bar->addWidget(m_runTitle, 1);
    m_sampleSpin = new QSpinBox(this);
    m_sampleSpin->setObjectName(QStringLiteral("sampleSpin"));
    m_sampleSpin->setAccessibleName(tr("Shown sample"));
    m_sampleSpin->setToolTip(tr("Which repeat of each cell the grid shows"));
    m_sampleSpin->setRange(1, 1);
    m_sampleLabel = new QLabel(tr("Sam&ple:"), this);
    m_sampleLabel->setBuddy(m_sampleSpin);
    bar->addWidget(m_sampleLabel);
    bar->addWidget(m_sampleSpin);
    layout->addLayout(bar);
    connect(m_sampleSpin, &QSpinBox::valueChanged, this, [this](int value) {
        m_model->setSample(value - 1);
        Q_EMIT currentCellChanged(currentCell());
    });

    m_grid = new QTableView(this);
    m_grid->setObjectName(QStringLiteral("grid"));
    m_grid->setAccessibleName(tr("Results grid"));
    m_grid->setModel(m_model);
    m_grid->setItemDelegate(m_delegate);
    // Several cells at once: export selected, Focus view, Delete and Ctrl+C act on all of them.
    m_grid->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_grid->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Arrows move between cells; Tab moves on to the next control instead of wrapping round
    // the grid for ever (a keyboard trap).
    m_grid->setTabKeyNavigation(false);
    m_grid->setWordWrap(false);
    m_grid->setMouseTracking(true);
    m_grid->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_grid->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_rowHeader = new RowHeaderView(scheduler, m_grid);
    m_grid->setVerticalHeader(m_rowHeader);
    // Interactive: dragging one row's edge sets the height of every row (onRowResized).
    m_rowHeader->setSectionResizeMode(QHeaderView::Interactive);
    m_rowHeader->setMinimumSectionSize(kMinRowHeight);
    m_rowHeader->setDefaultSectionSize(rowHeightFor(RowHeight::Comfortable));
    connect(m_rowHeader, &QHeaderView::sectionResized, this, &GridPanel::onRowResized);
    m_grid->horizontalHeader()->setMinimumSectionSize(120);
    m_grid->horizontalHeader()->setDefaultSectionSize(minimumColumnWidth());
    m_grid->horizontalHeader()->setTextElideMode(Qt::ElideMiddle);
    m_grid->setContextMenuPolicy(Qt::CustomContextMenu);
    m_grid->viewport()->installEventFilter(this);
    m_grid->installEventFilter(this);
    connect(m_grid, &QWidget::customContextMenuRequested, this, &GridPanel::showMenu);
    m_stack = new QStackedWidget(this);
    m_welcome = buildWelcomePage();
    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_grid);
    layout->addWidget(m_stack, 1);
    m_replyBar = new ReplyBar(this);
    layout->addWidget(m_replyBar);
    connect(m_replyBar, &ReplyBar::replyRequested, this, [this](int column, const QString &text) {
        Q_EMIT followUpRequested(cellsOfColumn(column), text);
        refreshMode();
    });
    QHeaderView *columnHeader = m_grid->horizontalHeader();
    columnHeader->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(columnHeader, &QWidget::customContextMenuRequested, this, &GridPanel::showColumnMenu);

    // The keyboard's way to the × button of the selected cells.
    auto *cancelSelected = new QAction(tr("Cancel Selected Cells"), this);
    cancelSelected->setObjectName(QStringLiteral("cancelSelectedAction"));
    cancelSelected->setShortcut(QKeySequence::Delete);
    cancelSelected->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(cancelSelected, &QAction::triggered, this, [this] {
        for (int cell : selectedCells())
            m_scheduler->cancelCell(cell);
    });
    m_grid->addAction(cancelSelected);

    connect(m_delegate, &CellDelegate::cancelRequested, m_scheduler, &Scheduler::cancelCell);
    connect(m_grid, &QAbstractItemView::activated, this,
            [this](const QModelIndex &index) { Q_EMIT cellActivated(m_model->cellAt(index)); });
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { Q_EMIT currentCellChanged(m_model->cellAt(current)); });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &GridPanel::onDataChanged);
    connect(m_scheduler, &Scheduler::planReset, this, &GridPanel::onPlanReset);
    m_queueRepaint.setSingleShot(true);
    m_queueRepaint.setInterval(150);
    connect(&m_queueRepaint, &QTimer::timeout, m_grid->viewport(), qOverload<>(&QWidget::update));
    connect(m_scheduler, &Scheduler::countsChanged, this, [this](const RunCounts &counts) {
        if (counts.queued > 0 && !m_queueRepaint.isActive())
            m_queueRepaint.start();
    });
    onPlanReset();
}

QWidget *GridPanel::buildWelcomePage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("welcomePage"));
    auto *layout = new QVBoxLayout(page);
    layout->addStretch(1);
    auto *text = new QLabel(page);
    text->setObjectName(QStringLiteral("welcomeText"));
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    text->setMaximumWidth(560);
    text->setText(tr("<h2>Welcome to PromptGrid</h2>"
                     "<p>Every prompt becomes a row, every ticked model a column, and every cell streams "
                     "its own answer.</p>"
                     "<p><b>Try it now, offline:</b> the built-in <i>Demo</i> models need no key and no "
                     "network. The example prompts on the left are ready: press <b>Send</b> "
                     "(Ctrl+Enter).</p>"
                     "<p><b>Use your own models:</b> open <i>Settings &gt; Providers…</i>, add an "
                     "OpenAI-compatible, Anthropic, Gemini or Ollama endpoint, and give its API key "
                     "through an environment variable (for example <tt>OPENAI_API_KEY</tt>) or type it "
                     "in the dialog. Keys are never written to PromptGrid's settings file.</p>"
                     "<p>Cancel one cell with the × in its corner, everything with Esc, and save the "
                     "grid with <i>File &gt; Export CSV</i> (Ctrl+E).</p>"));
    // Centred by stretches, not by an alignment flag: an aligned word-wrapped label gets the
    // height of its unwrapped text and is cut off.
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(text, 4);
    row->addStretch(1);
    layout->addLayout(row);
    // After a restart: the run the user saw last, one click away (History has them all).
    m_lastRun = new QLabel(page);
    m_lastRun->setObjectName(QStringLiteral("lastRunLabel"));
    m_lastRun->setWordWrap(true);
    m_openLastRun = new QPushButton(tr("&Open Last Run"), page);
    m_openLastRun->setObjectName(QStringLiteral("openLastRunButton"));
    m_openLastRun->setAccessibleName(tr("Open the last run from the history"));
    connect(m_openLastRun, &QPushButton::clicked, this, &GridPanel::openLastRunRequested);
    // In the text's column, under it.
    auto *lastRun = new QWidget(page);
    lastRun->setMaximumWidth(text->maximumWidth());
    auto *lastRow = new QHBoxLayout(lastRun);
    lastRow->setContentsMargins(0, 0, 0, 0);
    lastRow->addWidget(m_lastRun, 1);
    lastRow->addWidget(m_openLastRun, 0, Qt::AlignVCenter);
    auto *lastColumn = new QHBoxLayout;
    lastColumn->addStretch(1);
    lastColumn->addWidget(lastRun, 4);
    lastColumn->addStretch(1);
    layout->addSpacing(text->fontMetrics().lineSpacing());
    layout->addLayout(lastColumn);
    m_lastRun->setVisible(false);
    m_openLastRun->setVisible(false);
    layout->addStretch(2);
    return page;
}

void GridPanel::setLastRun(const QString &summary)
{
    m_lastRun->setText(summary.isEmpty() ? QString() : tr("<b>Last run:</b> %1").arg(summary.toHtmlEscaped()));
    m_lastRun->setVisible(!summary.isEmpty());
    m_openLastRun->setVisible(!summary.isEmpty());
    if (m_scheduler->plan().rows.isEmpty() || m_scheduler->plan().columns.isEmpty())
        m_runTitle->setText(emptyTitle());
}

QString GridPanel::emptyTitle() const
{
    return m_openLastRun->isVisibleTo(m_welcome) ? tr("The grid is empty: open the last run below, or type prompts, tick models, press Send.")
                                                 : tr("No run yet: type prompts, tick models, press Send.");
}

void GridPanel::onPlanReset()
{
    const RunPlan &plan = m_scheduler->plan();
    {
        const QSignalBlocker blocker(m_sampleSpin);
        m_sampleSpin->setRange(1, std::max(1, plan.samples));
        m_sampleSpin->setValue(m_model->sample() + 1);
    }
    m_sampleSpin->setVisible(plan.samples > 1);
    m_sampleLabel->setVisible(plan.samples > 1);
    if (plan.rows.isEmpty() || plan.columns.isEmpty()) {
        m_runTitle->setText(emptyTitle());
    } else {
        const auto count = [](qsizetype n, const QString &one, const QString &many) {
            return (n == 1 ? one : many).arg(n);
        };
        QString title = count(plan.rows.size(), tr("%1 prompt"), tr("%1 prompts")) + QStringLiteral(" × ")
            + count(plan.columns.size(), tr("%1 model"), tr("%1 models"));
        if (plan.samples > 1)
            title += QStringLiteral(" × ") + count(plan.samples, tr("%1 samples each"), tr("%1 samples each"));
        m_runTitle->setText(title);
    }
    m_stack->setCurrentWidget(plan.rows.isEmpty() || plan.columns.isEmpty() ? m_welcome : static_cast<QWidget *>(m_grid));
    m_replyBar->setVisible(!plan.rows.isEmpty() && !plan.columns.isEmpty());
    m_replyBar->setTargetColumn(-1);
    refreshMode();
    fitColumns();
    if (m_model->rowCount() > 0 && m_model->columnCount() > 0)
        m_grid->setCurrentIndex(m_model->index(0, 0));
    Q_EMIT currentCellChanged(currentCell());
}

int GridPanel::minimumColumnWidth() const
{
    // About 21 characters a line.
    return std::max(150, m_grid->fontMetrics().averageCharWidth() * 21);
}

void GridPanel::fitColumns()
{
    const int columns = m_model->columnCount();
    if (columns == 0)
        return;
    QHeaderView *header = m_grid->horizontalHeader();
    // The columns share the width while each gets a readable one; beyond that, they keep
    // that width (or what the user drags them to) and the grid scrolls sideways.
    const int available = m_grid->viewport()->width();
    const bool stretch = available / columns >= minimumColumnWidth();
    if (stretch) {
        header->setSectionResizeMode(QHeaderView::Stretch);
    } else if (m_columnsStretch || header->sectionResizeMode(0) == QHeaderView::Stretch) {
        header->setSectionResizeMode(QHeaderView::Interactive);
        header->setDefaultSectionSize(minimumColumnWidth());
    }
    m_columnsStretch = stretch;
    fitRows();
}

int GridPanel::rowHeightFor(RowHeight mode) const
{
    const QFontMetrics metrics(m_grid->font());
    // Around the answer: margins, the status chip and the metrics line (see CellDelegate).
    const int chrome = 12 + 20 + 5 + metrics.height() + 4;
    const auto height = [&](int lines) { return chrome + lines * metrics.lineSpacing(); };
    switch (mode) {
    case RowHeight::Compact:
        return height(kCompactLines);
    case RowHeight::Comfortable:
        return height(kComfortableLines);
    case RowHeight::Tall:
        return height(kTallLines);
    case RowHeight::Custom:
        return std::max(kMinRowHeight, m_customRowHeight > 0 ? m_customRowHeight : height(kComfortableLines));
    case RowHeight::Fit:
        break;
    }
    const int rows = m_model->rowCount();
    const int available = m_grid->viewport()->height();
    return std::max(height(kCompactLines), rows > 0 ? available / rows : available);
}

void GridPanel::fitRows()
{
    const int height = rowHeightFor(m_rowHeightMode);
    if (height == m_rowHeader->defaultSectionSize() && m_rowHeader->count() > 0
        && m_rowHeader->sectionSize(0) == height && m_rowHeader->sectionSize(m_rowHeader->count() - 1) == height)
        return;
    m_applyingRowHeight = true;
    // Resizes every row alike.
    m_rowHeader->setDefaultSectionSize(height);
    m_applyingRowHeight = false;
}

void GridPanel::onRowResized(int row, int oldSize, int newSize)
{
    Q_UNUSED(row)
    Q_UNUSED(oldSize)
    if (m_applyingRowHeight)
        return;
    // The user dragged one row's edge: every row takes that height.
    setCustomRowHeight(newSize);
}

void GridPanel::setCustomRowHeight(int pixels)
{
    m_customRowHeight = std::max(kMinRowHeight, pixels);
    m_rowHeightMode = RowHeight::Custom;
    fitRows();
    syncRowHeightActions();
}

void GridPanel::setRowHeightMode(RowHeight mode)
{
    m_rowHeightMode = mode;
    fitRows();
    syncRowHeightActions();
}

void GridPanel::addRowHeightActions(QMenu *menu)
{
    QMenu *rows = menu->addMenu(tr("Row &Height"));
    rows->setObjectName(QStringLiteral("rowHeightMenu"));
    m_rowHeightGroup = new QActionGroup(this);
    m_rowHeightGroup->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional);
    const auto add = [&](RowHeight mode, const QString &text, const QString &name, Qt::Key key) {
        QAction *action = rows->addAction(text);
        action->setObjectName(name);
        action->setCheckable(true);
        action->setData(int(mode));
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | key));
        m_rowHeightGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, mode] { setRowHeightMode(mode); });
    };
    add(RowHeight::Fit, tr("&Fit to Window"), QStringLiteral("rowHeightFitAction"), Qt::Key_0);
    add(RowHeight::Compact, tr("&Compact"), QStringLiteral("rowHeightCompactAction"), Qt::Key_1);
    add(RowHeight::Comfortable, tr("C&omfortable"), QStringLiteral("rowHeightComfortableAction"), Qt::Key_2);
    add(RowHeight::Tall, tr("&Tall"), QStringLiteral("rowHeightTallAction"), Qt::Key_3);
    syncRowHeightActions();
}

QList<QAction *> GridPanel::rowHeightActions() const
{
    return m_rowHeightGroup ? m_rowHeightGroup->actions() : QList<QAction *>();
}

void GridPanel::syncRowHeightActions()
{
    if (!m_rowHeightGroup)
        return;
    for (QAction *action : m_rowHeightGroup->actions()) {
        const QSignalBlocker blocker(action);
        action->setChecked(RowHeight(action->data().toInt()) == m_rowHeightMode);
    }
}

void GridPanel::readSettings(const QSettings &settings)
{
    const QMetaEnum modes = QMetaEnum::fromType<RowHeight>();
    bool known = false;
    const int mode = modes.keyToValue(settings.value(QStringLiteral("grid/rowHeight")).toString().toLatin1().constData(), &known);
    m_customRowHeight = settings.value(QStringLiteral("grid/customRowHeight"), 0).toInt();
    m_rowHeightMode = known ? RowHeight(mode) : RowHeight::Fit;
    const int headerWidth = settings.value(QStringLiteral("grid/rowHeaderWidth"), 0).toInt();
    if (headerWidth > 0)
        m_rowHeader->setHeaderWidth(headerWidth);
    fitRows();
    syncRowHeightActions();
}

void GridPanel::writeSettings(QSettings &settings) const
{
    settings.setValue(QStringLiteral("grid/rowHeight"),
                      QString::fromLatin1(QMetaEnum::fromType<RowHeight>().valueToKey(int(m_rowHeightMode))));
    settings.setValue(QStringLiteral("grid/customRowHeight"), m_customRowHeight);
    settings.setValue(QStringLiteral("grid/rowHeaderWidth"), m_rowHeader->headerWidth());
}

void GridPanel::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    const QModelIndex current = m_grid->currentIndex();
    if (!current.isValid())
        return;
    if (current.row() < topLeft.row() || current.row() > bottomRight.row() || current.column() < topLeft.column()
        || current.column() > bottomRight.column())
        return;
    Q_EMIT currentCellUpdated(m_model->cellAt(current));
}

int GridPanel::currentCell() const
{
    return m_model->cellAt(m_grid->currentIndex());
}

QList<int> GridPanel::selectedCells() const
{
    QModelIndexList indexes = m_grid->selectionModel()->selectedIndexes();
    std::sort(indexes.begin(), indexes.end(), [](const QModelIndex &a, const QModelIndex &b) {
        return a.row() != b.row() ? a.row() < b.row() : a.column() < b.column();
    });
    QList<int> cells;
    for (const QModelIndex &index : std::as_const(indexes)) {
        const int cell = m_model->cellAt(index);
        if (cell >= 0 && !cells.contains(cell))
            cells.append(cell);
    }
    // No selection (only a current cell) still means that cell.
    if (cells.isEmpty()) {
        const int current = currentCell();
        if (current >= 0)
            cells.append(current);
    }
    return cells;
}

void GridPanel::copyAnswers()
{
    QList<int> cells = selectedCells();
    if (cells.size() <= 1) {
        const int current = currentCell();
        cells = current >= 0 ? QList<int>{current} : cells;
    }
    if (cells.isEmpty())
        return;
    QStringList answers;
    for (int cell : std::as_const(cells)) {
        const CellResult &result = m_scheduler->result(cell);
        answers.append(result.text.isEmpty() ? result.error : result.text);
    }
    QGuiApplication::clipboard()->setText(answers.join(QStringLiteral("\n\n")));
    Q_EMIT message(cells.size() == 1 ? tr("Answer copied.") : tr("%n answers copied.", nullptr, int(cells.size())), 3000);
}

void GridPanel::setMenuActions(const QList<QAction *> &retry, const QList<QAction *> &copy)
{
    m_retryActions = retry;
    m_copyActions = copy;
}

void GridPanel::showMenu(const QPoint &pos)
{
    const QModelIndex index = m_grid->indexAt(pos);
    if (!index.isValid())
        return;
    // A right click inside a multi-cell selection keeps it.
    if (m_grid->selectionModel()->isSelected(index))
        m_grid->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    else
        m_grid->setCurrentIndex(index);
    QMenu *menu = createMenu(index, this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_grid->viewport()->mapToGlobal(pos));
}

QMenu *GridPanel::createMenu(const QModelIndex &index, QWidget *parent)
{
    const int cell = m_model->cellAt(index);
    const int row = index.row();
    const int column = index.column();
    const bool cellRunning = cell >= 0 && !isFinalStatus(m_scheduler->result(cell).status);
    const bool cellFinished = cell >= 0 && isFinalStatus(m_scheduler->result(cell).status);
    // Cancel Row and Cancel Column only where something of that row or column is still to come.
    bool rowRunning = false;
    bool columnRunning = false;
    for (int other = 0; other < m_scheduler->cellCount(); ++other) {
        if (isFinalStatus(m_scheduler->result(other).status))
            continue;
        const CellSpec &spec = m_scheduler->spec(other);
        rowRunning = rowRunning || spec.row == row;
        columnRunning = columnRunning || spec.column == column;
    }

    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("gridMenu"));
    const auto add = [menu](const QString &name, const QString &text, auto &&slot) {
        QAction *action = menu->addAction(text);
        action->setObjectName(name);
        QObject::connect(action, &QAction::triggered, menu, slot);
        return action;
    };
    add(QStringLiteral("cancelCell"), tr("Cancel Cell"), [this, cell] { m_scheduler->cancelCell(cell); })->setEnabled(cellRunning);
    add(QStringLiteral("cancelRow"), tr("Cancel Row"), [this, row] { m_scheduler->cancelRow(row); })->setEnabled(rowRunning);
    add(QStringLiteral("cancelColumn"), tr("Cancel Column"), [this, column] { m_scheduler->cancelColumn(column); })
        ->setEnabled(columnRunning);
    menu->addSeparator();
    add(QStringLiteral("retryCell"), tr("Retry Cell"), [this, cell] { m_scheduler->retryCell(cell); })->setEnabled(cellFinished);
    add(QStringLiteral("retryRow"), tr("Retry Row"), [this, row] { m_scheduler->retryRow(row); });
    add(QStringLiteral("retryColumn"), tr("Retry Column"), [this, column] { m_scheduler->retryColumn(column); });
    // Own thread: the cell's latest turn again, with the same earlier messages; the other
    // cells' threads are not touched.
    if (cell >= 0 && m_scheduler->turn(cell) > 1)
        add(QStringLiteral("retryTurn"), tr("Retry This Turn (turn %1)").arg(m_scheduler->turn(cell)),
            [this, cell] { m_scheduler->retryCell(cell); })
            ->setEnabled(cellFinished);
    add(QStringLiteral("replyToColumn"), tr("Reply to This Column…"), [this, column] { replyToColumn(column); })
        ->setEnabled(column >= 0);
    menu->addActions(m_retryActions);
    menu->addSeparator();
    menu->addActions(m_copyActions);
    return menu;
}

bool GridPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_grid->viewport() && event->type() == QEvent::Resize)
        fitColumns(); // and the rows
    // The view claims Ctrl+C for itself and would copy the shortened display text.
    if (watched == m_grid && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        copyAnswers();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

QList<int> GridPanel::cellsOfColumn(int column) const
{
    QList<int> cells;
    for (int cell = 0; cell < m_scheduler->cellCount(); ++cell) {
        if (column < 0 || m_scheduler->spec(cell).column == column)
            cells.append(cell);
    }
    return cells;
}

void GridPanel::refreshMode()
{
    m_replyBar->setMode(m_scheduler->mode());
}

void GridPanel::replyToColumn(int column)
{
    if (column < 0 || column >= m_scheduler->plan().columns.size())
        return;
    m_replyBar->setTargetColumn(column, m_scheduler->plan().columns.at(column).displayName());
    m_replyBar->editor()->setFocus();
}

void GridPanel::showColumnMenu(const QPoint &pos)
{
    QHeaderView *header = m_grid->horizontalHeader();
    const int column = header->logicalIndexAt(pos);
    if (column < 0)
        return;
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("columnMenu"));
    QAction *reply = menu->addAction(tr("Reply to This Column…"));
    reply->setObjectName(QStringLiteral("replyToColumn"));
    connect(reply, &QAction::triggered, this, [this, column] { replyToColumn(column); });
    QAction *retry = menu->addAction(tr("Retry Column"));
    retry->setObjectName(QStringLiteral("retryColumn"));
    connect(retry, &QAction::triggered, this, [this, column] { m_scheduler->retryColumn(column); });
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(header->viewport()->mapToGlobal(pos));
}
