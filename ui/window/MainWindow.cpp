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
#include "ProviderSetup.h"
#include "RequestSettingsDialog.h"
#include "ResultsTableModel.h"
#include "RunSession.h"
#include "ShortcutsDialog.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDropEvent>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace {
const QString kDemoProvider = QStringLiteral("demo");
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
    auto *detailHolder = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detailHolder);
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
    m_leftTabs->addTab(m_comparison->panel(), tr("Comparison"));
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
    m_splitter->addWidget(detailHolder);
    // When the window shrinks, the side panels give up space too, not only the grid.
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 1);
    m_splitter->setSizes({300, 760, 360});
    m_splitter->setChildrenCollapsible(false);
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
    resize(1280, 820);
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
    menuBar()->addMenu(m_judge->menu());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *shortcuts = help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    shortcuts->setObjectName(QStringLiteral("shortcutsAction"));
    shortcuts->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    QAction *about = help->addAction(tr("&About PromptGrid"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
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
    if (!m_scheduler->isActive())
        return;
    m_scheduler->cancelAll();
    showMessage(tr("Cancelled every unfinished cell."), 5000);
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
    const bool active = m_scheduler->isActive();
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

    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    const QByteArray splitter = settings.value(QStringLiteral("window/splitter")).toByteArray();
    if (!splitter.isEmpty())
        m_splitter->restoreState(splitter);
}

void MainWindow::writeSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    m_composer->writeSettings(settings);
    settings.setValue(QStringLiteral("detail/raw"), m_detail->isRawText());
    m_providers->writeSettings(settings);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    writeSettings();
    m_scheduler->cancelAll();
    m_session->recorder()->flush();
    event->accept();
}
