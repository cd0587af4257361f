// SPDX-License-Identifier: MIT
#pragma once

#include "ProviderRegistry.h"
#include "Scheduler.h"
#include "WindowLayout.h"

#include <QFuture>
#include <QMainWindow>

#include <optional>

class CellDelegate;
class ComparisonController;
class DetailPane;
class GridPanel;
class HistoryAlert;
class HistoryDatabase;
class HistoryPanel;
class HistoryRecorder;
class JudgeMenu;
class ModelTree;
class OllamaProbe;
class PromptComposer;
class PromptVariablesPanel;
class ProviderSetup;
class QAction;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QSpinBox;
class QScreen;
class QSplitter;
class QTabWidget;
class QTableView;
class ResultsTableModel;
class RunSession;

/// The PromptGrid window: prompts and models on the left, the grid in the middle, the selected
/// cell on the right. It wires the panels together (they never see the window); all engine
/// work is asynchronous and nothing here blocks.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Starts a run from the editor, the ticked models and the repeat count. Returns false
    /// (and says why in the status bar) when there is nothing to run.
    bool send();
    void cancelAll();
    /// Writes the whole grid as CSV (BOM and formula guard on) on a worker thread. The future
    /// holds an error message, empty on success; exportFinished() is emitted too.
    QFuture<QString> exportCsvTo(const QString &path);

    /// Shows saved run \a runId in the grid (its cells as they were; retries are saved into it).
    bool openRun(qint64 runId);
    /// Puts the prompts of a .txt/.csv/.jsonl file into the editor (File > Import Prompts and
    /// files dropped on the window), read as `promptgrid-cli --prompts` reads them: a .csv's
    /// other columns go to promptVariables(). Says why in the status bar and returns false on
    /// failure.
    bool importPromptsFrom(const QString &path);
    /// Starts saved run \a runId's prompts and models again as a new run.
    bool rerun(qint64 runId);

    ProviderRegistry registry() const;
    /// Uses \a registry for the model picker and the engine; the Demo provider is always kept.
    void setRegistry(const ProviderRegistry &registry);

    /// The run's owner: scheduler, history, judging and settings.
    RunSession *session() const { return m_session; }
    Scheduler *scheduler() const { return m_scheduler; }
    ResultsTableModel *resultsModel() const { return m_model; }
    CellDelegate *cellDelegate() const;
    QTableView *grid() const;
    GridPanel *gridPanel() const { return m_gridPanel; }
    /// The Prompts tab.
    PromptComposer *composer() const { return m_composer; }
    ModelTree *modelTree() const;
    DetailPane *detailPane() const { return m_detail; }
    /// The Judge menu: diff, heat map, focus view, blind judging, checks, stats, charts, cost.
    JudgeMenu *judgeMenu() const { return m_judge; }
    QPlainTextEdit *promptEdit() const;
    QPlainTextEdit *systemEdit() const;
    /// Variables per prompt, from an imported prompts CSV (hidden when there are none).
    PromptVariablesPanel *promptVariables() const;
    QSpinBox *repeatSpin() const;
    QSpinBox *sampleSpin() const;
    QLabel *countsLabel() const { return m_countsLabel; }
    /// The panel shown instead of the grid before the first run.
    QWidget *welcomePage() const;
    /// Every window action with a shortcut, for the shortcuts dialog.
    QList<QAction *> shortcutActions() const;
    QProgressBar *progressBar() const { return m_progress; }
    QAction *providersAction() const { return m_providersAction; }
    /// The run history file, and the recorder that saves the grid into it.
    HistoryDatabase *history() const;
    HistoryRecorder *historyRecorder() const;
    QAction *pauseAction() const { return m_pauseAction; }
    QAction *retryFailedAction() const { return m_retryFailedAction; }
    QAction *copyAction() const { return m_copyAction; }
    /// The grid's context menu for \a index (cancel/retry cell, row, column; copy). The caller
    /// owns it.
    QMenu *createGridMenu(const QModelIndex &index, QWidget *parent);
    HistoryPanel *historyPanel() const { return m_historyPanel; }
    /// The bar that shows a run-history problem (damaged file, failed write, lock) until dismissed.
    HistoryAlert *historyAlert() const { return m_historyAlert; }
    QTabWidget *leftTabs() const { return m_leftTabs; }
    /// The Comparison tab: templates, test cases, model configurations, .promptgrid files.
    ComparisonController *comparisonController() const { return m_comparison; }
    /// Looks for a local Ollama once when the window opens; its finished() signal offers the
    /// models it found (an "ollama" provider in the model tree and the Providers dialog).
    OllamaProbe *ollamaProbe() const;
    /// What the Ollama probe found, nullopt while none answered.
    std::optional<QStringList> ollamaModels() const;

    /// The splitter holding the composer (left tabs), the grid and the detail pane.
    QSplitter *mainSplitter() const { return m_splitter; }
    /// The right-hand panel around the detail pane (what View > Detail Pane shows and hides).
    QWidget *detailPanel() const { return m_detailHolder; }
    /// View menu: the composer and the detail pane open or collapsed (kept across restarts),
    /// the grid focused, the grid alone on the whole screen.
    QAction *composerAction() const { return m_composerAction; }
    QAction *detailAction() const { return m_detailAction; }
    QAction *focusGridAction() const { return m_focusGridAction; }
    QAction *fullScreenGridAction() const { return m_fullScreenGridAction; }
    void setComposerVisible(bool visible);
    void setDetailVisible(bool visible);
    bool isComposerVisible() const;
    bool isDetailVisible() const;
    /// The grid alone on the whole screen (side panels and docks out of the way), or back.
    void setGridFullScreen(bool fullScreen);
    /// Places the window on \a screen's available area (the saved frame clamped to it, or the
    /// first launch's default) and lays the panels out; done when the window first shows.
    void placeOnScreen(QScreen *screen);
    void setVisible(bool visible) override;

Q_SIGNALS:
    /// An export finished; \a error is empty on success.
    void exportFinished(const QString &path, const QString &error);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void moveEvent(QMoveEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildUi();
    void buildMenus();
    void buildViewMenu();
    WindowLayout::Panels panels() const;
    void applyPanels(const WindowLayout::Panels &panels);
    void onSplitterMoved();
    void syncPanelActions();
    int panelHandles(const WindowLayout::Panels &panels) const;
    void rememberNormalFrame();
    void openHistory();
    void offerLastRun();
    void readSettings();
    void writeSettings() const;
    void onCountsChanged(const RunCounts &counts);
    void showMessage(const QString &text, int timeoutMs);
    void chooseExportFile();
    void importPrompts();
    void editProviders();
    void editRequestSettings();
    void updateActions();
    void showShortcuts();
    void showAbout();

    RunSession *m_session;
    Scheduler *m_scheduler;
    ResultsTableModel *m_model;
    ProviderSetup *m_providers;

    QSplitter *m_splitter = nullptr;
    QWidget *m_detailHolder = nullptr;
    QTabWidget *m_leftTabs = nullptr;
    PromptComposer *m_composer = nullptr;
    GridPanel *m_gridPanel = nullptr;
    HistoryPanel *m_historyPanel = nullptr;
    HistoryAlert *m_historyAlert = nullptr;
    ComparisonController *m_comparison = nullptr;
    DetailPane *m_detail = nullptr;
    JudgeMenu *m_judge = nullptr;
    QLabel *m_countsLabel = nullptr;
    QProgressBar *m_progress = nullptr;

    QAction *m_sendAction = nullptr;
    QAction *m_cancelAllAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_retryFailedAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_providersAction = nullptr;
    QAction *m_composerAction = nullptr;
    QAction *m_detailAction = nullptr;
    QAction *m_focusGridAction = nullptr;
    QAction *m_fullScreenGridAction = nullptr;
    int m_exportsRunning = 0;

    // Layout: what was saved (read once), what the panels are when reopened, the normal
    // (not maximized) frame and client rectangles to save.
    bool m_placed = false;
    bool m_hasSavedPanels = false;
    bool m_savedComposerOpen = true;
    bool m_savedDetailOpen = true;
    std::optional<QRect> m_savedFrame;
    std::optional<QRect> m_savedClient;
    bool m_savedMaximized = false;
    int m_composerWidth = 0;
    int m_detailWidth = 0;
    QRect m_normalFrame;
    QRect m_normalClient;
    // Before the grid went full screen: the panels and the docks that were open.
    std::optional<WindowLayout::Panels> m_beforeFullScreen;
    QList<QWidget *> m_docksBeforeFullScreen;
    Qt::WindowStates m_stateBeforeFullScreen;
};
