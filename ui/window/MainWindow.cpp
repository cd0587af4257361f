// SPDX-License-Identifier: MIT
#include "MainWindow.h"

#include "CellDelegate.h"
#include "ComparisonController.h"
#include "DetailPane.h"
#include "HistoryAlert.h"
#include "ExportJob.h"
#include "HistoryPanel.h"
#include "HistoryRecorder.h"
#include "JudgeMenu.h"
#include "KeychainStore.h"
#include "MemoryReserve.h"
#include "ModelTree.h"
#include "OllamaProbe.h"
#include "PlanConfirmation.h"
#include "PresetCatalog.h"
#include "PriceTable.h"
#include "PlanBuilder.h"
#include "PromptImport.h"
#include "PromptRows.h"
#include "PromptVariablesPanel.h"
#include "ProviderEditing.h"
#include "RequestSettingsDialog.h"
#include "ResultsTableModel.h"
#include "RunSession.h"
#include "SecretMask.h"
#include "ShortcutsDialog.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace {
constexpr int kRowHeight = 140;
constexpr int kMinColumnWidth = 200;

const QString kDemoProvider = QStringLiteral("demo");

QString defaultPrompts()
{
    return QStringLiteral("Explain what a hash map is in two sentences.\n---\n"
                          "Write a haiku about streaming answers.\n---\n"
                          "List three ways to make a slow test fast.");
}

QLabel *sectionLabel(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setBuddy(buddy);
    return label;
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_session(new RunSession(RunSettings::Storage::Stored, this))
    , m_scheduler(m_session->scheduler())
    , m_model(new ResultsTableModel(m_scheduler, this))
    , m_delegate(new CellDelegate(this))
    , m_registry(ProviderRegistry::withDemo())
    , m_keychain(new KeychainStore(&m_scheduler->keys(), this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("PromptGrid"));
    buildUi();
    buildMenus();

    connect(m_scheduler, &Scheduler::planReset, this, &MainWindow::onPlanReset);
    connect(m_scheduler, &Scheduler::countsChanged, this, &MainWindow::onCountsChanged);
    connect(m_scheduler, &Scheduler::runFinished, this, [this] {
        statusBar()->showMessage(tr("Run finished."), 5000);
        updateActions();
    });
    connect(m_scheduler, &Scheduler::descriptorLimitReached, this, [this](int running, int limit) {
        statusBar()->showMessage(tr("The open-files limit (%1) allows about %2 requests at once; the other cells wait their turn.")
                                     .arg(limit)
                                     .arg(running),
                                 15000);
    });
    connect(MemoryReserve::instance(), &MemoryReserve::exhausted, this, [this] {
        m_scheduler->cancelAll();
        // The run is stopped: the block kept for writing gives the export the user is told to make room.
        MemoryReserve::releaseForWriting();
        statusBar()->showMessage(tr("Out of memory: the run was stopped; the finished cells are kept. Export them now."), 0);
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MainWindow::onDataChanged);
    m_queueRepaint.setSingleShot(true);
    m_queueRepaint.setInterval(150);
    connect(&m_queueRepaint, &QTimer::timeout, m_grid->viewport(), qOverload<>(&QWidget::update));
    connect(m_keychain, &KeychainStore::keysLoaded, this,
            [this] { SecretMask::setLogSecrets(m_scheduler->keys().keys(m_registry.providers())); });
    connect(m_keychain, &KeychainStore::unavailable, this, [this](const QString &reason) {
        statusBar()->showMessage(tr("No system keychain (%1): keys typed in are kept for this session only.").arg(reason), 10000);
    });
    connect(m_delegate, &CellDelegate::cancelRequested, m_scheduler, &Scheduler::cancelCell);
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });

    setAcceptDrops(true);
    m_promptEdit->viewport()->installEventFilter(this);
    m_systemEdit->viewport()->installEventFilter(this);

    readSettings();
    openHistory();
    onCountsChanged(m_scheduler->counts());
    onPlanReset();

    // A local Ollama is offered without the user asking; the probe never blocks the window.
    m_ollamaProbe = new OllamaProbe(this);
    connect(m_ollamaProbe, &OllamaProbe::finished, this, &MainWindow::onOllamaProbed);
    m_ollamaProbe->start();
}

void MainWindow::onOllamaProbed(bool found, const QStringList &models)
{
    if (!found || models.isEmpty())
        return;
    m_ollamaModels = models;
    const QString name = QStringLiteral("ollama");
    const bool haveOther = std::any_of(m_registry.providers().begin(), m_registry.providers().end(),
                                       [&name](const ProviderConfig &p) {
                                           return p.kind == ProviderKind::Ollama && p.name != name;
                                       });
    const ProviderConfig *existing = m_registry.find(name);
    // A user's own Ollama entry (or a non-Ollama provider called "ollama") is left alone.
    if (haveOther || (existing && existing->kind != ProviderKind::Ollama))
        return;
    ProviderConfig config;
    if (existing)
        config = *existing;
    config.name = name;
    config.kind = ProviderKind::Ollama;
    if (config.baseUrl.isEmpty())
        config.baseUrl = OllamaProbe::defaultBaseUrl();
    QStringList merged = config.models;
    for (const QString &model : models) {
        if (!merged.contains(model))
            merged.append(model);
    }
    if (existing && merged == existing->models)
        return;
    config.models = merged;
    const QStringList checked = m_modelTree->checkedModels();
    ProviderRegistry registry = m_registry;
    registry.upsert(config);
    setRegistry(registry);
    m_modelTree->setCheckedModels(checked);
    statusBar()->showMessage(tr("Found a local Ollama with %n model(s): tick them under \"ollama\".", nullptr,
                                int(models.size())),
                             8000);
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
    statusBar()->showMessage(tr("The last run did not finish: %1 unfinished cell(s) are marked interrupted, "
                                "every finished cell is intact. Run > Retry Failed sends the rest again.")
                                 .arg(interrupted),
                             20000);
}

bool MainWindow::openRun(qint64 runId)
{
    QString error;
    if (!m_session->restore(runId, &error)) {
        statusBar()->showMessage(tr("Could not open that run: %1").arg(error), 10000);
        return false;
    }
    statusBar()->showMessage(tr("Opened a saved run."), 5000);
    return true;
}

bool MainWindow::rerun(qint64 runId)
{
    QString error;
    if (!m_session->rerun(runId, &error)) {
        statusBar()->showMessage(tr("Could not read that run: %1").arg(error), 10000);
        return false;
    }
    m_pauseAction->setChecked(false);
    return true;
}

MainWindow::~MainWindow()
{
    // Abort what still runs while everything is alive, and save those cells as cancelled.
    m_session->shutdown();
}

HistoryDatabase *MainWindow::history() const
{
    return m_session->history();
}

HistoryRecorder *MainWindow::historyRecorder() const
{
    return m_session->recorder();
}

void MainWindow::buildUi()
{
    // Left: what to ask and whom.
    auto *compose = new QWidget(this);
    compose->setObjectName(QStringLiteral("composePanel"));
    auto *composeLayout = new QVBoxLayout(compose);
    composeLayout->setContentsMargins(8, 8, 4, 8);

    m_promptEdit = new QPlainTextEdit(compose);
    m_promptEdit->setObjectName(QStringLiteral("promptEdit"));
    m_promptEdit->setAccessibleName(tr("Prompts"));
    m_promptEdit->setPlaceholderText(tr("Type a prompt. Several prompts: separate them with a line holding only ---"));
    m_promptEdit->setTabChangesFocus(true);
    composeLayout->addWidget(sectionLabel(tr("&Prompts"), m_promptEdit, compose));
    auto *hint = new QLabel(tr("One row per prompt; separate prompts with a line holding only <b>---</b>"), compose);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    composeLayout->addWidget(hint);
    composeLayout->addWidget(m_promptEdit, 3);
    // An imported prompts CSV's other columns: each row fills its own prompt, as in the CLI.
    m_promptVariables = new PromptVariablesPanel(compose);
    composeLayout->addWidget(m_promptVariables, 2);

    m_systemEdit = new QPlainTextEdit(compose);
    m_systemEdit->setObjectName(QStringLiteral("systemEdit"));
    m_systemEdit->setAccessibleName(tr("System prompt"));
    m_systemEdit->setPlaceholderText(tr("Optional instructions sent to every model"));
    m_systemEdit->setTabChangesFocus(true);
    m_systemEdit->setFixedHeight(QFontMetrics(m_systemEdit->font()).lineSpacing() * 3 + 14);
    composeLayout->addWidget(sectionLabel(tr("S&ystem prompt"), m_systemEdit, compose));
    composeLayout->addWidget(m_systemEdit);

    m_modelTree = new ModelTree(compose);
    composeLayout->addWidget(sectionLabel(tr("&Models"), m_modelTree, compose));
    composeLayout->addWidget(m_modelTree, 2);

    auto *repeatRow = new QHBoxLayout;
    m_repeatSpin = new QSpinBox(compose);
    m_repeatSpin->setObjectName(QStringLiteral("repeatSpin"));
    m_repeatSpin->setAccessibleName(tr("Samples per cell"));
    m_repeatSpin->setRange(1, 100);
    m_repeatSpin->setToolTip(tr("How many times each prompt is sent to each model"));
    auto *repeatLabel = new QLabel(tr("Samples per &cell:"), compose);
    repeatLabel->setBuddy(m_repeatSpin);
    repeatRow->addWidget(repeatLabel);
    repeatRow->addWidget(m_repeatSpin);
    repeatRow->addStretch(1);
    composeLayout->addLayout(repeatRow);

    auto *buttons = new QHBoxLayout;
    m_sendButton = new QPushButton(tr("&Send"), compose);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    m_sendButton->setAccessibleName(tr("Send"));
    m_sendButton->setToolTip(tr("Send every prompt to every ticked model (Ctrl+Enter)"));
    m_sendButton->setDefault(true);
    m_cancelAllButton = new QPushButton(tr("Cancel &All"), compose);
    m_cancelAllButton->setObjectName(QStringLiteral("cancelAllButton"));
    m_cancelAllButton->setAccessibleName(tr("Cancel all"));
    m_cancelAllButton->setToolTip(tr("Stop every queued and running cell (Esc)"));
    buttons->addWidget(m_sendButton, 1);
    buttons->addWidget(m_cancelAllButton, 1);
    composeLayout->addLayout(buttons);
    connect(m_sendButton, &QPushButton::clicked, this, [this] { send(); });
    connect(m_cancelAllButton, &QPushButton::clicked, this, &MainWindow::cancelAll);

    // Middle: the grid.
    auto *gridPanel = new QWidget(this);
    auto *gridLayout = new QVBoxLayout(gridPanel);
    gridLayout->setContentsMargins(4, 8, 4, 8);
    auto *gridBar = new QHBoxLayout;
    m_runTitle = new QLabel(tr("No run yet: type prompts, tick models, press Send."), gridPanel);
    m_runTitle->setObjectName(QStringLiteral("runTitle"));
    QFont titleFont = m_runTitle->font();
    titleFont.setBold(true);
    m_runTitle->setFont(titleFont);
    gridBar->addWidget(m_runTitle, 1);
    m_sampleSpin = new QSpinBox(gridPanel);
    m_sampleSpin->setObjectName(QStringLiteral("sampleSpin"));
    m_sampleSpin->setAccessibleName(tr("Shown sample"));
    m_sampleSpin->setToolTip(tr("Which repeat of each cell the grid shows"));
    m_sampleSpin->setRange(1, 1);
    m_sampleLabel = new QLabel(tr("Sam&ple:"), gridPanel);
    m_sampleLabel->setBuddy(m_sampleSpin);
    gridBar->addWidget(m_sampleLabel);
    gridBar->addWidget(m_sampleSpin);
    gridLayout->addLayout(gridBar);
    connect(m_sampleSpin, &QSpinBox::valueChanged, this, [this](int value) {
        m_model->setSample(value - 1);
        onCurrentChanged(m_grid->currentIndex());
    });

    m_grid = new QTableView(gridPanel);
    m_grid->setObjectName(QStringLiteral("grid"));
    m_grid->setAccessibleName(tr("Results grid"));
    m_grid->setModel(m_model);
    m_grid->setItemDelegate(m_delegate);
    // Several cells at once: export selected, Focus view, Delete and Ctrl+C act on all of them.
    m_grid->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_grid->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_grid->setWordWrap(false);
    m_grid->setMouseTracking(true);
    m_grid->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_grid->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_grid->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_grid->verticalHeader()->setDefaultSectionSize(kRowHeight);
    m_grid->horizontalHeader()->setMinimumSectionSize(120);
    m_grid->horizontalHeader()->setDefaultSectionSize(kMinColumnWidth + 60);
    m_grid->horizontalHeader()->setTextElideMode(Qt::ElideMiddle);
    m_grid->setContextMenuPolicy(Qt::CustomContextMenu);
    m_grid->viewport()->installEventFilter(this);
    m_grid->installEventFilter(this);
    connect(m_grid, &QWidget::customContextMenuRequested, this, &MainWindow::showGridMenu);
    m_gridStack = new QStackedWidget(gridPanel);
    m_welcome = buildWelcomePage(m_gridStack);
    m_gridStack->addWidget(m_welcome);
    m_gridStack->addWidget(m_grid);
    gridLayout->addWidget(m_gridStack, 1);

    // Right: the selected cell in full.
    m_detail = new DetailPane(m_scheduler, this);
    auto *detailHolder = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detailHolder);
    detailLayout->setContentsMargins(4, 8, 8, 8);
    detailLayout->addWidget(m_detail);

    m_leftTabs = new QTabWidget(this);
    m_leftTabs->setObjectName(QStringLiteral("leftTabs"));
    m_leftTabs->setDocumentMode(true);
    m_leftTabs->addTab(compose, tr("Prompts"));
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
            statusBar()->showMessage(tr("Exported the saved run to %1").arg(QDir::toNativeSeparators(path)), 8000);
        else
            statusBar()->showMessage(tr("Export failed: %1").arg(error), 12000);
    });

    // The matrix: templates, test cases and model configurations, kept in .promptgrid files.
    m_comparison = new ComparisonController(m_session, this);
    // The comparison editor is wide; a scroll area keeps it from forcing the left panel open.
    auto *comparisonScroll = new QScrollArea;
    comparisonScroll->setObjectName(QStringLiteral("comparisonScroll"));
    comparisonScroll->setWidgetResizable(true);
    comparisonScroll->setFrameShape(QFrame::NoFrame);
    comparisonScroll->setWidget(m_comparison->panel());
    m_leftTabs->addTab(comparisonScroll, tr("Comparison"));
    m_comparison->setSelectionProvider([this] {
        QList<int> cells;
        const QModelIndexList selected = m_grid->selectionModel()->selectedIndexes();
        for (const QModelIndex &index : selected)
            cells.append(m_model->cellAt(index));
        return cells;
    });
    connect(m_comparison, &ComparisonController::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_comparison, &ComparisonController::currentPathChanged, this, &QWidget::setWindowFilePath);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_leftTabs);
    m_splitter->addWidget(gridPanel);
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
    m_countsLabel->setAccessibleName(tr("Run progress"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progressBar"));
    m_progress->setAccessibleName(tr("Run progress"));
    m_progress->setMaximumWidth(220);
    m_progress->setFormat(tr("%v / %m"));
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
        statusBar()->showMessage(paused ? tr("Paused: no new cell starts until you resume.") : tr("Resumed."), 4000);
    });
    m_retryFailedAction = run->addAction(tr("Retry &Failed"), this, [this] { m_scheduler->retryFailed(); });
    m_retryFailedAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    auto *retrySelected = run->addAction(tr("&Retry Selected Cells"), this, [this] {
        for (int cell : selectedCells())
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
    connect(m_copyAction, &QAction::triggered, this, &MainWindow::copyAnswer);
    m_grid->addAction(m_copyAction);
    // The keyboard's way to the × button of the selected cell.
    auto *cancelSelected = new QAction(tr("Cancel Selected Cells"), this);
    cancelSelected->setObjectName(QStringLiteral("cancelSelectedAction"));
    cancelSelected->setShortcut(QKeySequence::Delete);
    cancelSelected->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(cancelSelected, &QAction::triggered, this, [this] {
        for (int cell : selectedCells())
            m_scheduler->cancelCell(cell);
    });
    m_grid->addAction(cancelSelected);

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    m_providersAction = settings->addAction(tr("&Providers…"), this, &MainWindow::editProvidersDialog);
    m_providersAction->setObjectName(QStringLiteral("providersAction"));
    QAction *requests = settings->addAction(tr("&Requests…"), this, &MainWindow::editRequestSettings);
    requests->setObjectName(QStringLiteral("requestSettingsAction"));

    // Judging: word diff, similarity, focus view, blind mode, quick checks, stats, charts, cost.
    m_judge = new JudgeMenu(this, m_session, m_model, m_grid);
    m_judge->setPlanProvider([this]() -> std::optional<RunPlan> {
        QString ignored;
        return composePlan(&ignored);
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

QWidget *MainWindow::buildWelcomePage(QWidget *parent)
{
    auto *page = new QWidget(parent);
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
    layout->addStretch(2);
    return page;
}

void MainWindow::setRegistry(const ProviderRegistry &registry)
{
    m_registry = registry;
    if (!m_registry.find(kDemoProvider))
        m_registry.upsert(*ProviderRegistry::withDemo().find(kDemoProvider));
    m_scheduler->setProviders(m_registry);
    m_modelTree->setRegistry(m_registry);
    QStringList providerNames;
    for (const ProviderConfig &provider : m_registry.providers())
        providerNames.append(provider.name);
    m_comparison->setProviderNames(providerNames);
    // Keys saved in the system keychain by an earlier session; the Demo provider needs none.
    QStringList keyed;
    for (const ProviderConfig &provider : m_registry.providers()) {
        if (provider.kind != ProviderKind::Demo && !m_scheduler->keys().hasStoredKey(provider.name))
            keyed.append(provider.name);
    }
    if (!keyed.isEmpty())
        m_keychain->loadKeys(keyed);
    SecretMask::setLogSecrets(m_scheduler->keys().keys(m_registry.providers()));
}

std::optional<RunPlan> MainWindow::composePlan(QString *error) const
{
    const QStringList prompts = PromptImport::splitPrompts(m_promptEdit->toPlainText());
    if (prompts.isEmpty()) {
        *error = tr("Type a prompt first.");
        return std::nullopt;
    }
    QList<ModelColumn> columns;
    for (const QString &reference : m_modelTree->checkedModels()) {
        ModelColumn column;
        if (ModelColumn::parseReference(reference, &column))
            columns.append(column);
    }
    if (columns.isEmpty()) {
        *error = tr("Tick at least one model.");
        return std::nullopt;
    }
    const QString system = m_systemEdit->toPlainText().trimmed();
    // With variables, exactly what `promptgrid-cli --prompts FILE.csv` builds; without them,
    // prompts go out as written, braces and all.
    auto plan = PlanBuilder::fromPromptRows(prompts, m_promptVariables->table(), system, columns, m_repeatSpin->value(), error);
    if (!plan)
        *error = tr("Not sent: %1.").arg(*error);
    return plan;
}

bool MainWindow::send()
{
    QString error;
    const std::optional<RunPlan> plan = composePlan(&error);
    if (!plan) {
        statusBar()->showMessage(error, 15000);
        // Focus where the fix goes: the prompts, the models, or a missing value.
        if (PromptImport::splitPrompts(m_promptEdit->toPlainText()).isEmpty())
            m_promptEdit->setFocus();
        else if (m_modelTree->checkedModels().isEmpty())
            m_modelTree->setFocus();
        else
            m_promptVariables->view()->setFocus();
        return false;
    }
    // From the counts, before a single cell is allocated.
    if (!PlanConfirmation::confirm(PlanSize::of(*plan), this)) {
        statusBar()->showMessage(tr("Not sent."), 5000);
        return false;
    }
    m_pauseAction->setChecked(false);
    m_session->start(*plan);
    const QString unpriced = m_session->settings()->unpricedNote(*plan, m_scheduler->providers());
    if (!unpriced.isEmpty())
        statusBar()->showMessage(unpriced, 15000);
    writeSettings();
    return true;
}

void MainWindow::cancelAll()
{
    if (!m_scheduler->isActive())
        return;
    m_scheduler->cancelAll();
    statusBar()->showMessage(tr("Cancelled every unfinished cell."), 5000);
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
            statusBar()->showMessage(tr("Exported %n cell(s) to %1", nullptr, int(count)).arg(QDir::toNativeSeparators(path)), 8000);
        else
            statusBar()->showMessage(tr("Export failed: %1").arg(error), 12000);
        Q_EMIT exportFinished(path, error);
    });
    return job->future();
}

void MainWindow::chooseExportFile()
{
    if (m_scheduler->cellCount() == 0) {
        statusBar()->showMessage(tr("Nothing to export yet."), 5000);
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
    if (!loadPromptFile(path, &error))
        QMessageBox::warning(this, tr("Import Prompts"), tr("Could not read %1: %2").arg(QDir::toNativeSeparators(path), error));
}

bool MainWindow::importPromptsFrom(const QString &path)
{
    QString error;
    if (!loadPromptFile(path, &error)) {
        statusBar()->showMessage(tr("Could not read %1: %2").arg(QDir::toNativeSeparators(path), error), 10000);
        return false;
    }
    return true;
}

bool MainWindow::loadPromptFile(const QString &path, QString *error)
{
    // The CLI's reader: a .csv's columns besides "prompt" are each row's variables.
    QStringList prompts;
    VariablesTable variables;
    if (!PromptRows::fromFile(path, &prompts, &variables, error))
        return false;
    const QString text = prompts.join(QStringLiteral("\n---\n"));
    // The editor separates prompts by "---" lines: a prompt holding one would become two and
    // pair the following prompts with the wrong variables.
    if (PromptImport::splitPrompts(text) != prompts) {
        for (qsizetype i = 0; i < prompts.size(); ++i) {
            if (PromptImport::splitPrompts(prompts.at(i)) != QStringList{prompts.at(i)}) {
                *error = tr("prompt #%1 holds a line with only --- (or blank edges), which the Prompts tab cannot keep as one prompt")
                             .arg(i + 1);
                return false;
            }
        }
    }
    m_promptEdit->setPlainText(text);
    m_promptVariables->setTable(variables, QFileInfo(path).fileName());
    m_leftTabs->setCurrentIndex(m_leftTabs->indexOf(m_promptEdit->parentWidget()));
    const QString imported = tr("Imported %n prompt(s) from %1", nullptr, int(prompts.size())).arg(QFileInfo(path).fileName());
    statusBar()->showMessage(variables.columnCount() > 0
                                 ? tr("%1, with the variables %2 (under the prompts).").arg(imported, variables.names().join(QStringLiteral(", ")))
                                 : imported + QLatin1Char('.'),
                             8000);
    return true;
}

namespace {
/// The first local .txt/.csv/.jsonl file among \a mime's URLs, or an empty string.
QString droppedPromptFile(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl &url : mime->urls()) {
        if (!url.isLocalFile())
            continue;
        const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
        if (suffix == QLatin1String("txt") || suffix == QLatin1String("csv") || suffix == QLatin1String("jsonl"))
            return url.toLocalFile();
    }
    return {};
}
} // namespace

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppedPromptFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent *event)
{
    if (!droppedPromptFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = droppedPromptFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    importPromptsFrom(path);
}

void MainWindow::editProvidersDialog()
{
    const auto edited = editProviders(m_registry, &m_scheduler->keys(), m_keychain, this, m_ollamaModels);
    if (!edited)
        return;
    setRegistry(*edited);
    writeSettings();
    statusBar()->showMessage(tr("Providers saved."), 4000);
}

void MainWindow::applyRequestSettings()
{
    const RequestSettingsDialog::Values values = RequestSettingsDialog::load();
    // The spend cap is the settings' own (shared with the Judge menu), read as they were made.
    m_session->settings()->setLimits(values.limits);
    m_session->settings()->setGlobalConcurrency(values.globalConcurrency);
}

void MainWindow::editRequestSettings()
{
    RunSettings *settings = m_session->settings();
    RequestSettingsDialog::Values values = RequestSettingsDialog::load();
    values.spendCapUsd = settings->spendCapUsd();
    RequestSettingsDialog dialog(values, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    RequestSettingsDialog::save(dialog.values());
    settings->setSpendCapUsd(dialog.values().spendCapUsd);
    applyRequestSettings();
    statusBar()->showMessage(tr("Request settings saved; they apply to cells that start from now on."), 5000);
}

void MainWindow::onPlanReset()
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
        m_runTitle->setText(tr("No run yet: type prompts, tick models, press Send."));
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
    m_gridStack->setCurrentWidget(plan.rows.isEmpty() || plan.columns.isEmpty() ? m_welcome : static_cast<QWidget *>(m_grid));
    fitColumns();
    if (m_model->rowCount() > 0 && m_model->columnCount() > 0)
        m_grid->setCurrentIndex(m_model->index(0, 0));
    else
        m_detail->setCell(-1);
    onCurrentChanged(m_grid->currentIndex());
    updateActions();
}

void MainWindow::fitColumns()
{
    const int columns = m_model->columnCount();
    if (columns == 0)
        return;
    QHeaderView *header = m_grid->horizontalHeader();
    // Stretch while every column gets a readable width; beyond that, scroll.
    const int available = m_grid->viewport()->width();
    header->setSectionResizeMode(available / columns >= kMinColumnWidth ? QHeaderView::Stretch : QHeaderView::Interactive);
    // Few rows share the height so that more of each answer shows; many rows scroll.
    const int rows = m_model->rowCount();
    m_grid->verticalHeader()->setSectionResizeMode(rows > 0 && m_grid->viewport()->height() / rows >= kRowHeight
                                                       ? QHeaderView::Stretch
                                                       : QHeaderView::Fixed);
}

void MainWindow::onCountsChanged(const RunCounts &counts)
{
    QString text = tr("Running %1 · Queued %2 · Done %3 · Failed %4")
                       .arg(counts.running)
                       .arg(counts.queued)
                       .arg(counts.done())
                       .arg(counts.failed);
    if (counts.cancelled > 0)
        text += tr(" · Cancelled %1").arg(counts.cancelled);
    m_countsLabel->setText(text);
    m_progress->setRange(0, std::max(1, counts.total()));
    m_progress->setValue(counts.total() ? counts.done() : 0);
    m_progress->setTextVisible(counts.total() > 0);
    if (counts.queued > 0 && !m_queueRepaint.isActive())
        m_queueRepaint.start();
    updateActions();
}

void MainWindow::updateActions()
{
    const bool active = m_scheduler->isActive();
    m_cancelAllButton->setEnabled(active);
    m_cancelAllAction->setEnabled(active);
    m_pauseAction->setEnabled(active || m_pauseAction->isChecked());
    const RunCounts counts = m_scheduler->counts();
    m_retryFailedAction->setEnabled(counts.failed + counts.cancelled > 0);
    m_exportAction->setEnabled(m_scheduler->cellCount() > 0);
}

void MainWindow::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    const QModelIndex current = m_grid->currentIndex();
    if (!current.isValid())
        return;
    if (current.row() < topLeft.row() || current.row() > bottomRight.row() || current.column() < topLeft.column()
        || current.column() > bottomRight.column())
        return;
    const int cell = m_model->cellAt(current);
    if (cell != m_detail->cell())
        m_detail->setCell(cell);
    else
        m_detail->refresh();
}

void MainWindow::onCurrentChanged(const QModelIndex &current)
{
    m_detail->setCell(m_model->cellAt(current));
}

QList<int> MainWindow::selectedCells() const
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
        const int current = m_model->cellAt(m_grid->currentIndex());
        if (current >= 0)
            cells.append(current);
    }
    return cells;
}

void MainWindow::copyAnswer()
{
    QList<int> cells = selectedCells();
    if (cells.size() <= 1) {
        const int current = m_model->cellAt(m_grid->currentIndex());
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
    statusBar()->showMessage(cells.size() == 1 ? tr("Answer copied.") : tr("%n answers copied.", nullptr, int(cells.size())), 3000);
}

void MainWindow::showGridMenu(const QPoint &pos)
{
    const QModelIndex index = m_grid->indexAt(pos);
    if (!index.isValid())
        return;
    // A right click inside a multi-cell selection keeps it.
    if (m_grid->selectionModel()->isSelected(index))
        m_grid->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    else
        m_grid->setCurrentIndex(index);
    QMenu *menu = createGridMenu(index, this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_grid->viewport()->mapToGlobal(pos));
}

QMenu *MainWindow::createGridMenu(const QModelIndex &index, QWidget *parent)
{
    const int cell = m_model->cellAt(index);
    const int row = index.row();
    const int column = index.column();
    const bool cellRunning = cell >= 0 && !isFinalStatus(m_scheduler->result(cell).status);
    const bool cellFinished = cell >= 0 && isFinalStatus(m_scheduler->result(cell).status);

    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("gridMenu"));
    const auto add = [menu](const QString &name, const QString &text, auto &&slot) {
        QAction *action = menu->addAction(text);
        action->setObjectName(name);
        QObject::connect(action, &QAction::triggered, menu, slot);
        return action;
    };
    add(QStringLiteral("cancelCell"), tr("Cancel Cell"), [this, cell] { m_scheduler->cancelCell(cell); })->setEnabled(cellRunning);
    add(QStringLiteral("cancelRow"), tr("Cancel Row"), [this, row] { m_scheduler->cancelRow(row); });
    add(QStringLiteral("cancelColumn"), tr("Cancel Column"), [this, column] { m_scheduler->cancelColumn(column); });
    menu->addSeparator();
    add(QStringLiteral("retryCell"), tr("Retry Cell"), [this, cell] { m_scheduler->retryCell(cell); })->setEnabled(cellFinished);
    add(QStringLiteral("retryRow"), tr("Retry Row"), [this, row] { m_scheduler->retryRow(row); });
    add(QStringLiteral("retryColumn"), tr("Retry Column"), [this, column] { m_scheduler->retryColumn(column); });
    menu->addAction(m_retryFailedAction);
    menu->addSeparator();
    menu->addAction(m_copyAction);
    return menu;
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_grid->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    // The editors would paste a dropped file's URL as text: a prompt file is the window's.
    if ((watched == m_promptEdit->viewport() || watched == m_systemEdit->viewport())
        && (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove || event->type() == QEvent::Drop)) {
        auto *drop = static_cast<QDropEvent *>(event);
        if (!droppedPromptFile(drop->mimeData()).isEmpty()) {
            if (event->type() == QEvent::Drop)
                dropEvent(drop);
            else
                drop->acceptProposedAction();
            return true;
        }
    }
    // The view claims Ctrl+C for itself and would copy the shortened display text.
    if (watched == m_grid && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        copyAnswer();
        return true;
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::readSettings()
{
    QSettings settings;
    ProviderRegistry registry = ProviderRegistry::withDemo();
    const QByteArray json = settings.value(QStringLiteral("providers/json")).toByteArray();
    if (!json.isEmpty()) {
        QString error;
        if (auto loaded = ProviderRegistry::fromJson(json, &error)) {
            registry = *loaded;
        } else {
            // Stricter checks (a base_url with a query, a price of 1e308) may refuse what an
            // older version saved: keep a copy, as writeSettings() replaces the original.
            settings.setValue(QStringLiteral("providers/unreadableJson"), json);
            statusBar()->showMessage(tr("Saved providers could not be read (%1); using the Demo provider. A copy is kept "
                                        "under providers/unreadableJson in the settings file.")
                                         .arg(error),
                                     20000);
        }
    }
    // Known endpoints get their built-in prices and the user's edits now, so that cost shows
    // without a visit to the Providers dialog.
    PriceTable prices = PriceTable::builtIn();
    prices.loadUserPrices(settings);
    PresetCatalog::load().applyPrices(registry, prices, PriceTable::ApplyMode::FillMissing);
    setRegistry(registry);

    const bool firstRun = !settings.contains(QStringLiteral("compose/models"));
    m_promptEdit->setPlainText(settings.value(QStringLiteral("compose/prompts"), defaultPrompts()).toString());
    m_systemEdit->setPlainText(settings.value(QStringLiteral("compose/system")).toString());
    {
        QString ignored;
        const QJsonDocument variables = QJsonDocument::fromJson(settings.value(QStringLiteral("compose/promptVariables")).toByteArray());
        m_promptVariables->setTable(VariablesTable::fromJson(variables.object(), &ignored).value_or(VariablesTable()));
    }
    QStringList models = settings.value(QStringLiteral("compose/models")).toStringList();
    if (firstRun) {
        // A newcomer with no key and no network still sees the grid fill up.
        models.clear();
        for (const QString &model : m_registry.find(kDemoProvider)->models)
            models.append(kDemoProvider + QLatin1Char('/') + model);
        statusBar()->showMessage(tr("Welcome! The Demo models work offline: press Send (Ctrl+Enter) to try them."), 15000);
    }
    m_modelTree->setCheckedModels(models);
    m_repeatSpin->setValue(settings.value(QStringLiteral("compose/repeat"), 1).toInt());
    m_detail->setRawText(settings.value(QStringLiteral("detail/raw"), false).toBool());
    applyRequestSettings();

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
    settings.setValue(QStringLiteral("compose/prompts"), m_promptEdit->toPlainText());
    settings.setValue(QStringLiteral("compose/system"), m_systemEdit->toPlainText());
    if (m_promptVariables->isActive())
        settings.setValue(QStringLiteral("compose/promptVariables"),
                          QJsonDocument(m_promptVariables->table().toJson()).toJson(QJsonDocument::Compact));
    else
        settings.remove(QStringLiteral("compose/promptVariables"));
    settings.setValue(QStringLiteral("compose/models"), m_modelTree->checkedModels());
    settings.setValue(QStringLiteral("compose/repeat"), m_repeatSpin->value());
    settings.setValue(QStringLiteral("detail/raw"), m_detail->isRawText());
    // Provider settings only: ProviderRegistry::toJson() never holds a key.
    settings.setValue(QStringLiteral("providers/json"), m_registry.toJson());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    writeSettings();
    m_scheduler->cancelAll();
    m_session->recorder()->flush();
    event->accept();
}
