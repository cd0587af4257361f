// SPDX-License-Identifier: MIT
#include "MainWindow.h"

#include "ComparisonController.h"
#include "DetailPane.h"
#include "ExportJob.h"
#include "GridPanel.h"
#include "HistoryAlert.h"
#include "HistoryPanel.h"
#include "HistoryRecorder.h"
#include "JudgeMenu.h"
#include "MemoryReserve.h"
#include "ModelTree.h"
#include "PromptComposer.h"
#include "RatingShareActions.h"
#include "ProviderSetup.h"
#include "RequestSettingsDialog.h"
#include "ResultsTableModel.h"
#include "RunSession.h"
#include "ShortcutsDialog.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDropEvent>
#include <QFileDialog>
#include <QGuiApplication>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTimer>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QWindow>

namespace {
const QString kDemoProvider = QStringLiteral("demo");
// Dock layouts saved before the judge docks moved under the grid are not restored.
constexpr int kWindowStateVersion = 2;
}

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_session(new RunSession(RunSettings::Storage::Stored, this))
    , m_scheduler(m_session->scheduler())
    , m_model(new ResultsTableModel(m_scheduler, this))
    , m_providers(new ProviderSetup(m_scheduler, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("PromptGrid"));
    buildUi();
    buildMenus();

    connect(m_providers, &ProviderSetup::message, this, &MainWindow::showMessage);
    connect(m_providers, &ProviderSetup::registryChanged, this, [this](const ProviderRegistry &registry) {
        m_composer->setRegistry(registry);
        QStringList names;
        for (const ProviderConfig &provider : registry.providers())
            names.append(provider.name);
        m_comparison->setProviderNames(names);
    });
    connect(m_scheduler, &Scheduler::planReset, this, &MainWindow::updateActions);
    connect(m_scheduler, &Scheduler::countsChanged, this, &MainWindow::onCountsChanged);
    connect(m_scheduler, &Scheduler::runFinished, this, [this] {
        showMessage(tr("Run finished."), 5000);
        updateActions();
    });
    connect(m_scheduler, &Scheduler::descriptorLimitReached, this, [this](int running, int limit) {
        showMessage(tr("The open-files limit (%1) allows about %2 requests at once; the other cells wait their turn.")
                        .arg(limit)
                        .arg(running),
                    15000);
    });
    connect(MemoryReserve::instance(), &MemoryReserve::exhausted, this, [this] {
        m_scheduler->cancelAll();
        // The run is stopped: the block kept for writing gives the export the user is told to make room.
        MemoryReserve::releaseForWriting();
        showMessage(tr("Out of memory: the run was stopped; the finished cells are kept. Export them now."), 0);
    });
    // The grid's current cell, in full on the right.
    connect(m_gridPanel, &GridPanel::currentCellChanged, m_detail, &DetailPane::setCell);
    connect(m_gridPanel, &GridPanel::currentCellUpdated, this, [this](int cell) {
        if (cell != m_detail->cell())
            m_detail->setCell(cell);
        else
            m_detail->refresh();
    });
    connect(m_gridPanel, &GridPanel::message, this, &MainWindow::showMessage);
    // Own thread: each cell's model goes on with its own answers; a cell whose turn failed says why.
    connect(m_gridPanel, &GridPanel::followUpRequested, this, [this](const QList<int> &cells, const QString &text) {
        const QList<int> taken = m_session->followUp(cells, text);
        int notSent = 0;
        for (const int cell : taken)
            notSent += m_scheduler->result(cell).status == CellStatus::Cancelled ? 1 : 0;
        showMessage(notSent > 0 ? tr("Follow-up sent to %1 cells; %2 not sent, as their previous turn failed")
                                      .arg(taken.size() - notSent)
                                      .arg(notSent)
                                : tr("Follow-up sent to %1 cells, each in its own thread").arg(taken.size()),
                    5000);
        m_detail->refresh();
        updateActions();
    });
    // Double-click or Enter on a cell: its full answer, even when the detail pane was shut.
    connect(m_gridPanel, &GridPanel::cellActivated, this, [this] {
        if (isDetailVisible() || m_beforeFullScreen)
            return;
        setDetailVisible(true);
        // The narrower grid keeps the cell that was opened in sight (once its new width is laid out).
        QTimer::singleShot(0, m_gridPanel, [grid = m_gridPanel->view()] { grid->scrollTo(grid->currentIndex()); });
    });
    connect(m_composer, &PromptComposer::sendRequested, this, [this] { send(); });
    connect(m_composer, &PromptComposer::cancelAllRequested, this, &MainWindow::cancelAll);
    connect(m_composer, &PromptComposer::promptFileDropped, this, &MainWindow::importPromptsFrom);
    setAcceptDrops(true);

    readSettings();
    openHistory();
    offerLastRun();
    connect(history(), &HistoryDatabase::runsChanged, this, &MainWindow::offerLastRun);
    connect(m_gridPanel, &GridPanel::openLastRunRequested, this, [this] {
        const QList<HistoryRunInfo> runs = history()->runs();
        if (!runs.isEmpty())
            openRun(runs.first().id);
    });
    onCountsChanged(m_scheduler->counts());
    m_detail->setCell(m_gridPanel->currentCell());
    updateActions();
    // A local Ollama is offered without the user asking; the probe never blocks the window.
    m_providers->startOllamaProbe();
}

MainWindow::~MainWindow()
{
    // Abort what still runs while everything is alive, and save those cells as cancelled.
    m_session->shutdown();
}

void MainWindow::showMessage(const QString &text, int timeoutMs)
{
    statusBar()->showMessage(text, timeoutMs);
}

ProviderRegistry MainWindow::registry() const
{
    return m_providers->registry();
}

void MainWindow::setRegistry(const ProviderRegistry &registry)
{
    m_providers->setRegistry(registry);
}

OllamaProbe *MainWindow::ollamaProbe() const
{
    return m_providers->ollamaProbe();
}

std::optional<QStringList> MainWindow::ollamaModels() const
{
    return m_providers->ollamaModels();
}

CellDelegate *MainWindow::cellDelegate() const
{
    return m_gridPanel->delegate();
}

QTableView *MainWindow::grid() const
{
    return m_gridPanel->view();
}

ModelTree *MainWindow::modelTree() const
{
    return m_composer->modelTree();
}

QPlainTextEdit *MainWindow::promptEdit() const
{
    return m_composer->promptEdit();
}

QPlainTextEdit *MainWindow::systemEdit() const
{
    return m_composer->systemEdit();
}

PromptVariablesPanel *MainWindow::promptVariables() const
{
    return m_composer->promptVariables();
}

QSpinBox *MainWindow::repeatSpin() const
{
    return m_composer->repeatSpin();
}

QSpinBox *MainWindow::sampleSpin() const
{
    return m_gridPanel->sampleSpin();
}

QWidget *MainWindow::welcomePage() const
{
    return m_gridPanel->welcomePage();
}

HistoryDatabase *MainWindow::history() const
{
    return m_session->history();
}

HistoryRecorder *MainWindow::historyRecorder() const
{
    return m_session->recorder();
}

QMenu *MainWindow::createGridMenu(const QModelIndex &index, QWidget *parent)
{
    return m_gridPanel->createMenu(index, parent);
}

void MainWindow::openHistory()
{
    // A problem (a file that cannot be opened, damage found by the background check, a failed
    // write) shows in the history alert bar until dismissed. Attached even then: the cells it
    // cannot save are counted, and a new history started from the bar saves the current run.
    if (!m_session->openHistory(QString(), nullptr, HistoryDatabase::Check::InBackground))
        return;
    const int interrupted = history()->interruptedOnOpen();
    if (interrupted == 0)
        return;
    // The previous session ended mid-run: show what it had, ready for Retry Failed.
    const QList<HistoryRunInfo> runs = history()->runs();
    for (const HistoryRunInfo &run : runs) {
        if (run.interrupted > 0) {
            m_session->restore(run.id);
            break;
        }
    }
    showMessage(tr("The last run did not finish: %1 unfinished cell(s) are marked interrupted, "
                   "every finished cell is intact. Run > Retry Failed sends the rest again.")
                    .arg(interrupted),
                20000);
}

// After a restart the grid is empty, while History has the runs: the welcome page offers the
// newest rather than opening it unasked, as a start with a large saved run would be slow and a
// new session often means new prompts (an unfinished run is reopened by openHistory()).
void MainWindow::offerLastRun()
{
    if (m_scheduler->cellCount() > 0)
        return;
    const QList<HistoryRunInfo> runs = history()->runs();
    m_gridPanel->setLastRun(runs.isEmpty() ? QString() : HistoryPanel::summary(runs.first()));
}

bool MainWindow::openRun(qint64 runId)
{
    QString error;
    if (!m_session->restore(runId, &error)) {
        showMessage(tr("Could not open that run: %1").arg(error), 10000);
        return false;
    }
    m_comparison->showRun(m_session->grid()->plan());
    showMessage(tr("Opened a saved run; its prompts and models are in the composer."), 5000);
    return true;
}

bool MainWindow::rerun(qint64 runId)
{
    QString error;
    if (!m_session->rerun(runId, &error)) {
        showMessage(tr("Could not read that run: %1").arg(error), 10000);
        return false;
    }
    m_comparison->showRun(m_session->grid()->plan());
    m_pauseAction->setChecked(false);
    return true;
}

void MainWindow::buildUi()
{
    // Left: what to ask and whom, the history and the comparison.
    m_composer = new PromptComposer(this);
    m_gridPanel = new GridPanel(m_scheduler, m_model, this);
    // Right: the selected cell in full.
    m_detail = new DetailPane(m_scheduler, this);
    m_detail->setJudging(m_session->judging());
    m_detailHolder = new QWidget(this);
    m_detailHolder->setObjectName(QStringLiteral("detailPanel"));
    auto *detailLayout = new QVBoxLayout(m_detailHolder);
    detailLayout->setContentsMargins(4, 8, 8, 8);
    detailLayout->addWidget(m_detail);

    m_leftTabs = new QTabWidget(this);
    m_leftTabs->setObjectName(QStringLiteral("leftTabs"));
    m_leftTabs->setDocumentMode(true);
    m_leftTabs->addTab(m_composer, tr("Prompts"));
    m_historyPanel = new HistoryPanel(m_session->recorder(), m_leftTabs);
    auto *historyHolder = new QWidget(m_leftTabs);
    auto *historyLayout = new QVBoxLayout(historyHolder);
    historyLayout->setContentsMargins(8, 8, 4, 8);
    historyLayout->addWidget(m_historyPanel);
    m_leftTabs->addTab(historyHolder, tr("History"));
    connect(m_historyPanel, &HistoryPanel::openRequested, this, &MainWindow::openRun);
    connect(m_historyPanel, &HistoryPanel::rerunRequested, this, &MainWindow::rerun);
    connect(m_historyPanel, &HistoryPanel::exportFinished, this, [this](const QString &path, const QString &error) {
        if (error.isEmpty())
            showMessage(tr("Exported the saved run to %1").arg(QDir::toNativeSeparators(path)), 8000);
        else
            showMessage(tr("Export failed: %1").arg(error), 12000);
    });

    // The matrix: templates, test cases and model configurations, kept in .promptgrid files.
    // The same document as the Prompts tab: two views, one prompt list, one run.
    m_comparison = new ComparisonController(m_session, this, RecentFiles(), m_composer->document());
    // Next to the Prompts tab, named short enough that the three tabs fit a 1024 px window.
    m_leftTabs->insertTab(1, m_comparison->panel(), tr("Matrix"));
    m_leftTabs->setTabToolTip(1, tr("The comparison matrix: templates, test cases and model configurations of the same prompts"));
    m_comparison->setSelectionProvider([this] {
        QList<int> cells;
        const QModelIndexList selected = grid()->selectionModel()->selectedIndexes();
        for (const QModelIndex &index : selected)
            cells.append(m_model->cellAt(index));
        return cells;
    });
    connect(m_comparison, &ComparisonController::message, this, [this](const QString &text) { showMessage(text, 8000); });
    connect(m_comparison, &ComparisonController::currentPathChanged, this, &QWidget::setWindowFilePath);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_leftTabs);
    m_splitter->addWidget(m_gridPanel);
    m_splitter->addWidget(m_detailHolder);
    // The grid is the window: it takes every pixel the window gains or loses, the side panels
    // keep their widths, and dragging a side panel's edge far enough collapses it.
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    m_splitter->setChildrenCollapsible(true);
    m_splitter->setCollapsible(1, false);
    connect(m_splitter, &QSplitter::splitterMoved, this, &MainWindow::onSplitterMoved);
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    m_historyAlert = new HistoryAlert(m_session->recorder(), central);
    centralLayout->addWidget(m_historyAlert);
    centralLayout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    m_countsLabel = new QLabel(this);
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    m_countsLabel->setAccessibleName(tr("Cells by state"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progressBar"));
    m_progress->setAccessibleName(tr("Run progress"));
    m_progress->setMaximumWidth(160); // the counts beside it need the room
    // No text over the bar: drawn across the fill it is unreadable in some styles and palettes;
    // the counts are in the label beside it.
    m_progress->setTextVisible(false);
    m_countsLabel->setToolTip(tr("Failed counts errors, timeouts, incomplete and interrupted cells"));
    statusBar()->addPermanentWidget(m_countsLabel);
    statusBar()->addPermanentWidget(m_progress);
    // No size here: the window is placed on its screen when it first shows (placeOnScreen).
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *import = file->addAction(tr("&Import Prompts…"), this, &MainWindow::importPrompts);
    import->setObjectName(QStringLiteral("importPromptsAction"));
    import->setShortcut(QKeySequence::Open);
    m_exportAction = file->addAction(tr("&Export CSV…"), this, &MainWindow::chooseExportFile);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    m_comparison->addFileActions(file);
    file->addSeparator();
    // A colleague rates the run's blind battles in their PromptGrid; their verdicts merge back.
    auto *sharing = new RatingShareActions(m_session, this);
    sharing->addFileActions(file);
    connect(sharing, &RatingShareActions::message, this, [this](const QString &text) { showMessage(text, 10000); });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    m_sendAction = run->addAction(tr("&Send"), this, [this] { send(); });
    m_sendAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_cancelAllAction = run->addAction(tr("&Cancel All"), this, &MainWindow::cancelAll);
    // Esc is the foundation's Cancel All; Shift+Esc too, as the judging issue lists it.
    m_cancelAllAction->setShortcuts({QKeySequence(Qt::Key_Escape), QKeySequence(Qt::SHIFT | Qt::Key_Escape)});
    run->addSeparator();
    m_pauseAction = run->addAction(tr("&Pause"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_pauseAction->setToolTip(tr("Start no new cell until resumed; running cells go on"));
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        if (paused)
            m_scheduler->pause();
        else
            m_scheduler->resume();
        m_pauseAction->setText(paused ? tr("&Resume") : tr("&Pause"));
        showMessage(paused ? tr("Paused: no new cell starts until you resume.") : tr("Resumed."), 4000);
    });
    m_retryFailedAction = run->addAction(tr("Retry &Failed"), this, [this] { m_scheduler->retryFailed(); });
    m_retryFailedAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    auto *retrySelected = run->addAction(tr("&Retry Selected Cells"), this, [this] {
        for (int cell : m_gridPanel->selectedCells())
            m_scheduler->retryCell(cell);
    });
    retrySelected->setObjectName(QStringLiteral("retrySelectedAction"));
    retrySelected->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    // Window-wide, so that Ctrl+Enter sends from the prompt editor and Esc works everywhere.
    addAction(m_sendAction);
    addAction(m_cancelAllAction);

    m_copyAction = new QAction(tr("&Copy Answer"), this);
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyAction, &QAction::triggered, m_gridPanel, &GridPanel::copyAnswers);
    grid()->addAction(m_copyAction);
    m_gridPanel->setMenuActions({m_retryFailedAction}, {m_copyAction});

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    m_providersAction = settings->addAction(tr("&Providers…"), this, &MainWindow::editProviders);
    m_providersAction->setObjectName(QStringLiteral("providersAction"));
    QAction *requests = settings->addAction(tr("&Requests…"), this, &MainWindow::editRequestSettings);
    requests->setObjectName(QStringLiteral("requestSettingsAction"));

    // Judging: word diff, similarity, focus view, blind mode, quick checks, stats, charts, cost.
    m_judge = new JudgeMenu(this, m_session, m_model, grid());
    m_judge->setPlanProvider([this]() -> std::optional<RunPlan> {
        QString ignored;
        return m_composer->composePlan(&ignored);
    });
    connect(m_judge->judgeRun(), &JudgeRun::countsChanged, this, &MainWindow::updateActions);
    connect(m_judge->judgeRun(), &JudgeRun::finished, this, &MainWindow::updateActions);
    buildViewMenu();
    menuBar()->addMenu(m_judge->menu());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *shortcuts = help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    shortcuts->setObjectName(QStringLiteral("shortcutsAction"));
    shortcuts->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    QAction *about = help->addAction(tr("&About PromptGrid"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::buildViewMenu()
{
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    m_composerAction = view->addAction(tr("&Composer"));
    m_composerAction->setObjectName(QStringLiteral("showComposerAction"));
    m_composerAction->setCheckable(true);
    m_composerAction->setChecked(true);
    m_composerAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_composerAction->setToolTip(tr("Show or hide the prompts, models, history and comparison on the left"));
    connect(m_composerAction, &QAction::triggered, this, &MainWindow::setComposerVisible);
    m_detailAction = view->addAction(tr("&Detail Pane"));
    m_detailAction->setObjectName(QStringLiteral("showDetailAction"));
    m_detailAction->setCheckable(true);
    m_detailAction->setChecked(true);
    m_detailAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_B));
    m_detailAction->setToolTip(tr("Show or hide the selected cell's full answer on the right"));
    connect(m_detailAction, &QAction::triggered, this, &MainWindow::setDetailVisible);
    view->addSeparator();
    m_focusGridAction = view->addAction(tr("Focus the &Grid"), this, [this] {
        QWidget *target = m_gridPanel->view()->isVisibleTo(m_gridPanel) ? static_cast<QWidget *>(m_gridPanel->view())
                                                                        : m_gridPanel->welcomePage();
        target->setFocus(Qt::ShortcutFocusReason);
    });
    m_focusGridAction->setObjectName(QStringLiteral("focusGridAction"));
    m_focusGridAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    m_fullScreenGridAction = view->addAction(tr("&Full-Screen Grid"));
    m_fullScreenGridAction->setObjectName(QStringLiteral("fullScreenGridAction"));
    m_fullScreenGridAction->setCheckable(true);
    m_fullScreenGridAction->setShortcut(QKeySequence(Qt::Key_F11));
    m_fullScreenGridAction->setToolTip(tr("The grid alone on the whole screen; again to bring the panels back"));
    connect(m_fullScreenGridAction, &QAction::triggered, this, &MainWindow::setGridFullScreen);
    view->addSeparator();
    m_gridPanel->addRowHeightActions(view);
    // Window-wide, like Send: they work wherever the focus is, the grid full screen too.
    addActions({m_composerAction, m_detailAction, m_focusGridAction, m_fullScreenGridAction});
}

bool MainWindow::isComposerVisible() const
{
    return !m_leftTabs->isHidden();
}

bool MainWindow::isDetailVisible() const
{
    return !m_detailHolder->isHidden();
}

WindowLayout::Panels MainWindow::panels() const
{
    return {isComposerVisible() ? m_composerWidth : 0, isDetailVisible() ? m_detailWidth : 0};
}

int MainWindow::panelHandles(const WindowLayout::Panels &panels) const
{
    return m_splitter->handleWidth() * ((panels.composer > 0) + (panels.detail > 0));
}

void MainWindow::applyPanels(const WindowLayout::Panels &panels)
{
    // Keyboard focus does not stay in a panel that goes away.
    const bool focusLeaves = (panels.composer == 0 && m_leftTabs->isAncestorOf(focusWidget()))
        || (panels.detail == 0 && m_detailHolder->isAncestorOf(focusWidget()));
    if (panels.composer > 0)
        m_composerWidth = panels.composer;
    if (panels.detail > 0)
        m_detailWidth = panels.detail;
    m_leftTabs->setVisible(panels.composer > 0);
    m_detailHolder->setVisible(panels.detail > 0);
    // The grid gets what is left; the splitter keeps the side panels' widths exact.
    const int grid = std::max(0, m_splitter->width() - panelHandles(panels) - panels.composer - panels.detail);
    m_splitter->setSizes({panels.composer, grid, panels.detail});
    if (focusLeaves)
        m_focusGridAction->trigger();
    syncPanelActions();
}

void MainWindow::setComposerVisible(bool visible)
{
    WindowLayout::Panels wanted = panels();
    wanted.composer = visible ? std::max(m_composerWidth, m_leftTabs->minimumSizeHint().width()) : 0;
    applyPanels(wanted);
}

void MainWindow::setDetailVisible(bool visible)
{
    WindowLayout::Panels wanted = panels();
    wanted.detail = visible ? std::max(m_detailWidth, m_detailHolder->minimumSizeHint().width()) : 0;
    applyPanels(wanted);
}

void MainWindow::onSplitterMoved()
{
    // A panel dragged shut is hidden, so that the keyboard cannot wander into it; the View
    // menu (or its shortcut) opens it again at the width it had.
    const QList<int> sizes = m_splitter->sizes();
    if (sizes.value(0) > 0)
        m_composerWidth = sizes.value(0);
    else if (isComposerVisible())
        setComposerVisible(false);
    if (sizes.value(2) > 0)
        m_detailWidth = sizes.value(2);
    else if (isDetailVisible())
        setDetailVisible(false);
    syncPanelActions();
}

void MainWindow::syncPanelActions()
{
    const QSignalBlocker composerBlocker(m_composerAction);
    const QSignalBlocker detailBlocker(m_detailAction);
    m_composerAction->setChecked(isComposerVisible());
    m_detailAction->setChecked(isDetailVisible());
}

void MainWindow::setGridFullScreen(bool fullScreen)
{
    {
        const QSignalBlocker blocker(m_fullScreenGridAction);
        m_fullScreenGridAction->setChecked(fullScreen);
    }
    if (fullScreen == m_beforeFullScreen.has_value())
        return;
    if (fullScreen) {
        m_beforeFullScreen = panels();
        m_stateBeforeFullScreen = windowState();
        m_docksBeforeFullScreen.clear();
        const QList<QDockWidget *> docks = findChildren<QDockWidget *>();
        for (QDockWidget *dock : docks) {
            if (dock->isVisible()) {
                m_docksBeforeFullScreen.append(dock);
                dock->hide();
            }
        }
        applyPanels({0, 0});
        setWindowState(windowState() | Qt::WindowFullScreen);
        m_focusGridAction->trigger();
        showMessage(tr("The grid fills the screen: F11 brings the panels back."), 5000);
        return;
    }
    // Taken first: the state change below reaches changeEvent(), which must see it done.
    const WindowLayout::Panels before = *m_beforeFullScreen;
    m_beforeFullScreen.reset();
    setWindowState(m_stateBeforeFullScreen);
    applyPanels(before);
    for (QWidget *dock : std::as_const(m_docksBeforeFullScreen))
        dock->show();
    m_docksBeforeFullScreen.clear();
}

void MainWindow::setVisible(bool visible)
{
    if (visible && !m_placed) {
        m_placed = true;
        QScreen *target = m_savedFrame ? QGuiApplication::screenAt(m_savedFrame->center()) : nullptr;
        placeOnScreen(target ? target : screen());
    }
    QMainWindow::setVisible(visible);
}

void MainWindow::placeOnScreen(QScreen *screen)
{
    m_placed = true;
    const QRect available = screen->availableGeometry();
    // The platform window, for its frame margins (known at once where there is no window
    // manager; a window manager's are only known once it decorates the window).
    create();
    if (windowHandle())
        windowHandle()->setScreen(screen);
    const QMargins margins = windowHandle() ? windowHandle()->frameMargins() : QMargins();
    QRect client;
    bool maximized = false;
    if (testAttribute(Qt::WA_Resized)) {
        // Sized by the caller before it was shown: kept as it is.
        client = geometry();
    } else if (m_savedFrame && m_savedClient) {
        const QRect frame = WindowLayout::clampFrame(*m_savedFrame, available);
        const QMargins saved(m_savedClient->left() - m_savedFrame->left(), m_savedClient->top() - m_savedFrame->top(),
                             m_savedFrame->right() - m_savedClient->right(),
                             m_savedFrame->bottom() - m_savedClient->bottom());
        client = frame.marginsRemoved(saved);
        maximized = m_savedMaximized;
    } else {
        client = WindowLayout::initialFrame(available).marginsRemoved(margins);
        maximized = WindowLayout::opensMaximized(available);
    }
    setGeometry(client);
    m_normalClient = client;
    m_normalFrame = client.marginsAdded(margins);
    if (maximized)
        setWindowState(windowState() | Qt::WindowMaximized);

    // The panels, for the width the splitter will have: the side panels keep exactly these
    // widths, so a restart with the same settings lays out alike.
    const int width = maximized ? available.width() - margins.left() - margins.right() : client.width();
    m_splitter->resize(width, m_splitter->height());
    const int composerMinimum = m_leftTabs->minimumSizeHint().width();
    const int detailMinimum = m_detailHolder->minimumSizeHint().width();
    const int handles = 2 * m_splitter->handleWidth();
    WindowLayout::Panels wanted;
    if (m_hasSavedPanels) {
        const int composer = std::max(m_composerWidth, composerMinimum);
        const int detail = std::max(m_detailWidth, detailMinimum);
        wanted = WindowLayout::fitPanels({m_savedComposerOpen ? composer : 0, m_savedDetailOpen ? detail : 0}, width,
                                         handles, composerMinimum, detailMinimum);
    } else {
        wanted = WindowLayout::defaultPanels(width, handles, composerMinimum, detailMinimum);
    }
    // A panel that starts collapsed opens at its usual width.
    if (m_composerWidth <= 0)
        m_composerWidth = WindowLayout::preferredComposerWidth(composerMinimum);
    if (m_detailWidth <= 0)
        m_detailWidth = WindowLayout::preferredDetailWidth(detailMinimum);
    applyPanels(wanted);
}

void MainWindow::rememberNormalFrame()
{
    if (!isVisible() || (windowState() & (Qt::WindowMaximized | Qt::WindowFullScreen | Qt::WindowMinimized)))
        return;
    m_normalFrame = frameGeometry();
    m_normalClient = geometry();
}

void MainWindow::moveEvent(QMoveEvent *event)
{
    QMainWindow::moveEvent(event);
    rememberNormalFrame();
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    rememberNormalFrame();
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    // Leaving full screen by the window manager's own means brings the panels back too.
    if (event->type() == QEvent::WindowStateChange && m_beforeFullScreen && !(windowState() & Qt::WindowFullScreen))
        setGridFullScreen(false);
}

QList<QAction *> MainWindow::shortcutActions() const
{
    QList<QAction *> actions;
    const QList<QAction *> all = findChildren<QAction *>();
    for (QAction *action : all) {
        if (!action->shortcuts().isEmpty() && !action->text().isEmpty() && !actions.contains(action))
            actions.append(action);
    }
    return actions;
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog(shortcutActions(), this);
    dialog.exec();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About PromptGrid"),
                       tr("<h3>PromptGrid %1</h3>"
                          "<p>Send prompts to many language models at once and compare the answers side by side.</p>"
                          "<p>Released under the MIT licence.</p>"
                          "<p>Built with Qt %2 and QCoro.</p>")
                           .arg(QStringLiteral(PROMPTGRID_VERSION), QString::fromLatin1(qVersion())));
}

bool MainWindow::send()
{
    QString error;
    // The Prompts tab's own words for what is missing; then the one run of the one document.
    if (!m_composer->composePlan(&error)) {
        showMessage(error, 15000);
        m_composer->focusProblem();
        return false;
    }
    if (!m_comparison->run(&error)) {
        showMessage(error, 15000);
        return false;
    }
    m_pauseAction->setChecked(false);
    writeSettings();
    return true;
}

void MainWindow::cancelAll()
{
    const bool judging = m_judge && m_judge->judgeRun()->isActive();
    if (!m_scheduler->isActive() && !judging)
        return;
    m_session->cancelAll();
    showMessage(judging ? tr("Cancelled every unfinished cell and the judge.") : tr("Cancelled every unfinished cell."), 5000);
}

QFuture<QString> MainWindow::exportCsvTo(const QString &path)
{
    CsvWriter::Options options;
    options.byteOrderMark = true;
    options.protectFormulas = true;
    // The snapshot is taken now, on the GUI thread; formatting and writing happen elsewhere.
    ExportJob *job = m_session->exportTo(path, ExportJob::Format::Csv, options, this);
    ++m_exportsRunning;
    updateActions();
    const qsizetype count = job->recordCount();
    connect(job, &ExportJob::finished, this, [this, job, count](const QString &path, const QString &error) {
        job->deleteLater();
        --m_exportsRunning;
        updateActions();
        if (error.isEmpty())
            showMessage(tr("Exported %n cell(s) to %1", nullptr, int(count)).arg(QDir::toNativeSeparators(path)), 8000);
        else
            showMessage(tr("Export failed: %1").arg(error), 12000);
        Q_EMIT exportFinished(path, error);
    });
    return job->future();
}

void MainWindow::chooseExportFile()
{
    if (m_scheduler->cellCount() == 0) {
        showMessage(tr("Nothing to export yet."), 5000);
        return;
    }
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("export/lastDir"),
                                       QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).toString();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export CSV"), QDir(dir).filePath(QStringLiteral("promptgrid-results.csv")),
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("export/lastDir"), QFileInfo(path).absolutePath());
    exportCsvTo(path);
}

void MainWindow::importPrompts()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Prompts"), QString(),
                                                      tr("Prompt files (*.txt *.csv *.jsonl);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    QString summary;
    if (!m_composer->loadPromptFile(path, &error, &summary)) {
        QMessageBox::warning(this, tr("Import Prompts"), tr("Could not read %1: %2").arg(QDir::toNativeSeparators(path), error));
        return;
    }
    m_leftTabs->setCurrentWidget(m_composer);
    showMessage(summary, 8000);
}

bool MainWindow::importPromptsFrom(const QString &path)
{
    QString error;
    QString summary;
    if (!m_composer->loadPromptFile(path, &error, &summary)) {
        showMessage(tr("Could not read %1: %2").arg(QDir::toNativeSeparators(path), error), 10000);
        return false;
    }
    m_leftTabs->setCurrentWidget(m_composer);
    showMessage(summary, 8000);
    return true;
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!PromptComposer::promptFileIn(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent *event)
{
    if (!PromptComposer::promptFileIn(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = PromptComposer::promptFileIn(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    importPromptsFrom(path);
}

void MainWindow::editProviders()
{
    if (!m_providers->edit())
        return;
    writeSettings();
    showMessage(tr("Providers saved."), 4000);
}

void MainWindow::editRequestSettings()
{
    if (RequestSettingsDialog::edit(m_session->settings(), this))
        showMessage(tr("Request settings saved; they apply to cells that start from now on."), 5000);
}

void MainWindow::onCountsChanged(const RunCounts &counts)
{
    m_countsLabel->setText(counts.total() > 0 ? counts.summary() : QString());
    m_progress->setRange(0, std::max(1, counts.total()));
    m_progress->setValue(counts.total() ? counts.done() : 0);
    m_progress->setToolTip(tr("%1 of %2 cells finished").arg(counts.done()).arg(counts.total()));
    updateActions();
}

void MainWindow::updateActions()
{
    // Cancel All stops a judge pass as well.
    const bool active = m_scheduler->isActive() || (m_judge && m_judge->judgeRun()->isActive());
    m_composer->cancelAllButton()->setEnabled(active);
    m_cancelAllAction->setEnabled(active);
    m_pauseAction->setEnabled(active || m_pauseAction->isChecked());
    const RunCounts counts = m_scheduler->counts();
    m_retryFailedAction->setEnabled(counts.failed + counts.cancelled > 0);
    m_exportAction->setEnabled(m_scheduler->cellCount() > 0);
}

void MainWindow::readSettings()
{
    QSettings settings;
    m_providers->readSettings(settings);
    QStringList demoModels;
    for (const QString &model : registry().find(kDemoProvider)->models)
        demoModels.append(kDemoProvider + QLatin1Char('/') + model);
    if (m_composer->readSettings(settings, demoModels))
        showMessage(tr("Welcome! The Demo models work offline: press Send (Ctrl+Enter) to try them."), 15000);
    m_detail->setRawText(settings.value(QStringLiteral("detail/raw"), false).toBool());
    RequestSettingsDialog::apply(m_session->settings());

    // The frame and the panels as they were; placeOnScreen() fits them to the screen.
    const QRect frame = settings.value(QStringLiteral("window/frame")).toRect();
    const QRect client = settings.value(QStringLiteral("window/client")).toRect();
    if (frame.isValid() && client.isValid() && frame.contains(client)) {
        m_savedFrame = frame;
        m_savedClient = client;
        m_savedMaximized = settings.value(QStringLiteral("window/maximized"), false).toBool();
    }
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), kWindowStateVersion);
    m_hasSavedPanels = settings.contains(QStringLiteral("layout/composerOpen"));
    m_savedComposerOpen = settings.value(QStringLiteral("layout/composerOpen"), true).toBool();
    m_savedDetailOpen = settings.value(QStringLiteral("layout/detailOpen"), true).toBool();
    m_composerWidth = settings.value(QStringLiteral("layout/composerWidth"), 0).toInt();
    m_detailWidth = settings.value(QStringLiteral("layout/detailWidth"), 0).toInt();
    m_gridPanel->readSettings(settings);
}

void MainWindow::writeSettings() const
{
    QSettings settings;
    // Older versions' geometry and splitter blobs made the layout depend on them; not kept.
    settings.remove(QStringLiteral("window/geometry"));
    settings.remove(QStringLiteral("window/splitter"));
    if (m_placed) {
        settings.setValue(QStringLiteral("window/frame"), m_normalFrame);
        settings.setValue(QStringLiteral("window/client"), m_normalClient);
        const Qt::WindowStates state = m_beforeFullScreen ? m_stateBeforeFullScreen : windowState();
        settings.setValue(QStringLiteral("window/maximized"), bool(state & Qt::WindowMaximized));
        // Full screen is for now; the panels as they were before it are what is kept.
        const WindowLayout::Panels open = m_beforeFullScreen ? *m_beforeFullScreen : panels();
        settings.setValue(QStringLiteral("layout/composerOpen"), open.composer > 0);
        settings.setValue(QStringLiteral("layout/detailOpen"), open.detail > 0);
        settings.setValue(QStringLiteral("layout/composerWidth"), m_composerWidth);
        settings.setValue(QStringLiteral("layout/detailWidth"), m_detailWidth);
    }
    settings.setValue(QStringLiteral("window/state"), saveState(kWindowStateVersion));
    m_gridPanel->writeSettings(settings);
    m_composer->writeSettings(settings);
    settings.setValue(QStringLiteral("detail/raw"), m_detail->isRawText());
    m_providers->writeSettings(settings);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    writeSettings();
    m_session->cancelAll();
    m_session->recorder()->flush();
    event->accept();
}
