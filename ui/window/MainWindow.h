// SPDX-License-Identifier: MIT
#pragma once

#include "ProviderRegistry.h"
#include "Scheduler.h"

#include <QFuture>
#include <QMainWindow>
#include <QTimer>

class CellDelegate;
class ComparisonController;
class DetailPane;
class JudgeMenu;
class HistoryAlert;
class HistoryPanel;
class HistoryDatabase;
class HistoryRecorder;
class KeychainStore;
class ModelTree;
class OllamaProbe;
class PromptVariablesPanel;
class QAction;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTableView;
class ResultsTableModel;
class RunSession;

/// The PromptGrid window: prompts and models on the left, the grid in the middle, the selected
/// cell on the right. All engine work is asynchronous; nothing here blocks.
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

    ProviderRegistry registry() const { return m_registry; }
    /// Uses \a registry for the model picker and the engine; the Demo provider is always kept.
    void setRegistry(const ProviderRegistry &registry);

    /// The run's owner: scheduler, history, judging and settings.
    RunSession *session() const { return m_session; }
    Scheduler *scheduler() const { return m_scheduler; }
    ResultsTableModel *resultsModel() const { return m_model; }
    CellDelegate *cellDelegate() const { return m_delegate; }
    QTableView *grid() const { return m_grid; }
    ModelTree *modelTree() const { return m_modelTree; }
    DetailPane *detailPane() const { return m_detail; }
    /// The Judge menu: diff, heat map, focus view, blind judging, checks, stats, charts, cost.
    JudgeMenu *judgeMenu() const { return m_judge; }
    QPlainTextEdit *promptEdit() const { return m_promptEdit; }
    QPlainTextEdit *systemEdit() const { return m_systemEdit; }
    /// Variables per prompt, from an imported prompts CSV (hidden when there are none).
    PromptVariablesPanel *promptVariables() const { return m_promptVariables; }
    QSpinBox *repeatSpin() const { return m_repeatSpin; }
    QSpinBox *sampleSpin() const { return m_sampleSpin; }
    QLabel *countsLabel() const { return m_countsLabel; }
    /// The panel shown instead of the grid before the first run.
    QWidget *welcomePage() const { return m_welcome; }
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
    OllamaProbe *ollamaProbe() const { return m_ollamaProbe; }
    /// What the Ollama probe found, nullopt while none answered.
    std::optional<QStringList> ollamaModels() const { return m_ollamaModels; }

Q_SIGNALS:
    /// An export finished; \a error is empty on success.
    void exportFinished(const QString &path, const QString &error);

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildUi();
    void buildMenus();
    void openHistory();
    void readSettings();
    void writeSettings() const;
    void onPlanReset();
    void onCountsChanged(const RunCounts &counts);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void onCurrentChanged(const QModelIndex &current);
    void showGridMenu(const QPoint &pos);
    void copyAnswer();
    /// The selected cells in grid order (the current cell when nothing is selected).
    QList<int> selectedCells() const;
    void chooseExportFile();
    void importPrompts();
    bool loadPromptFile(const QString &path, QString *error);
    /// The run the Prompts tab describes; nullopt with \a error when it cannot be built
    /// (no prompt, no model, a placeholder without a value).
    std::optional<RunPlan> composePlan(QString *error) const;
    void editProvidersDialog();
    void onOllamaProbed(bool found, const QStringList &models);
    void editRequestSettings();
    void applyRequestSettings();
    void fitColumns();
    void updateActions();
    void showShortcuts();
    void showAbout();
    QWidget *buildWelcomePage(QWidget *parent);

    RunSession *m_session;
    Scheduler *m_scheduler;
    ResultsTableModel *m_model;
    CellDelegate *m_delegate;
    ProviderRegistry m_registry;
    KeychainStore *m_keychain;

    QSplitter *m_splitter = nullptr;
    QTabWidget *m_leftTabs = nullptr;
    HistoryPanel *m_historyPanel = nullptr;
    HistoryAlert *m_historyAlert = nullptr;
    ComparisonController *m_comparison = nullptr;
    QPlainTextEdit *m_promptEdit = nullptr;
    QPlainTextEdit *m_systemEdit = nullptr;
    PromptVariablesPanel *m_promptVariables = nullptr;
    ModelTree *m_modelTree = nullptr;
    QSpinBox *m_repeatSpin = nullptr;
    QPushButton *m_sendButton = nullptr;
    QPushButton *m_cancelAllButton = nullptr;
    QLabel *m_runTitle = nullptr;
    QSpinBox *m_sampleSpin = nullptr;
    QLabel *m_sampleLabel = nullptr;
    QTableView *m_grid = nullptr;
    QStackedWidget *m_gridStack = nullptr;
    QWidget *m_welcome = nullptr;
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
    int m_exportsRunning = 0;
    OllamaProbe *m_ollamaProbe = nullptr;
    std::optional<QStringList> m_ollamaModels;
    // Queue places shift whenever a cell starts, without those queued cells changing: the
    // visible grid is repainted a few times a second while anything waits.
    QTimer m_queueRepaint;
};
