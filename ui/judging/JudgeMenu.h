// SPDX-License-Identifier: MIT
#pragma once

#include "JudgeRun.h"
#include "JudgingState.h"
#include "QuickCheckRunner.h"
#include "Ratings.h"
#include "RunPlan.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class ArenaView;
class BlindModePanel;
class ChartsPanel;
class DiffView;
class FocusView;
class GridCover;
class JudgeRequestsPanel;
class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;
class QTableView;
class ResultsTableModel;
class RunSession;
class RunSettings;
class Scheduler;
class SimilarityHeatmap;
class StatsPanel;
struct ResultRecord;

/// The window's "Judge" menu and the docks behind it: word diff, similarity heat map, focus
/// view, blind judging, a judge model's grading (its dialog and the dock of its requests),
/// statistics, charts, quick checks, cost estimate and spend cap. The
/// ratings and quick checks live in the session's JudgingState, so exports and saved
/// comparisons include them without further wiring.
/// Everything is created on first use, so a window that never judges pays nothing.
class JudgeMenu : public QObject
{
    Q_OBJECT
public:
    /// \a grid (optional) gives the selected cells and the current row.
    JudgeMenu(QMainWindow *window, RunSession *session, ResultsTableModel *model, QTableView *grid);

    QMenu *menu() const { return m_menu; }
    QuickCheckRunner *quickChecks() const { return m_checks; }
    const Ratings &ratings() const { return m_state->ratings(); }
    /// The session's ratings and checks (exports and saved files read them).
    JudgingState *state() const { return m_state; }
    /// Replaces the ratings (for example from an opened comparison, after its results loaded).
    void setRatings(const Ratings &ratings);
    /// Fills each record's rating, note and quick-check counts, for export.
    void annotate(QList<ResultRecord> &records) const;
    /// What "Estimate Cost" estimates: the run about to start. Without it, the current plan.
    void setPlanProvider(std::function<std::optional<RunPlan>()> provider) { m_planProvider = std::move(provider); }

    QAction *diffAction() const { return m_diffAction; }
    QAction *heatmapAction() const { return m_heatmapAction; }
    QAction *focusAction() const { return m_focusAction; }
    QAction *blindAction() const { return m_blindAction; }
    QAction *checksAction() const { return m_checksAction; }
    QAction *statsAction() const { return m_statsAction; }
    QAction *chartsAction() const { return m_chartsAction; }
    QAction *estimateAction() const { return m_estimateAction; }
    QAction *spendCapAction() const { return m_spendCapAction; }
    /// Judge > Grade with a Judge Model… and Judge Pairs with a Judge Model…: the dialog, then a run.
    QAction *gradeAction() const { return m_gradeAction; }
    QAction *pairwiseAction() const { return m_pairwiseAction; }
    /// The last judge request again (the dialog opens on it).
    QAction *rerunJudgeAction() const { return m_rerunJudgeAction; }
    QAction *cancelJudgeAction() const { return m_cancelJudgeAction; }
    QAction *judgeRequestsAction() const { return m_judgeRequestsAction; }
    /// Every action with a shortcut, for the shortcuts dialog.
    QList<QAction *> shortcutActions() const;

    DiffView *diffView() const { return m_diff; }
    SimilarityHeatmap *heatmap() const { return m_heatmap; }
    FocusView *focusView() const { return m_focus; }
    BlindModePanel *blindPanel() const { return m_blind; }
    /// The blind arena (nullptr until first shown).
    ArenaView *arenaView() const { return m_arena; }
    StatsPanel *statsPanel() const { return m_stats; }
    ChartsPanel *chartsPanel() const { return m_charts; }
    /// The judge model's pass over the grid (one for the window; a new pass replaces the last).
    JudgeRun *judgeRun() const { return m_judgeRun; }
    /// The Judge dock: the judge's requests streaming; nullptr until first shown.
    JudgeRequestsPanel *judgeRequestsPanel() const { return m_judgeRequests; }

    /// Opens the diff of the selected cells (two), or of the current cell and its neighbour.
    void compareSelection();
    void showHeatmap();
    /// Opens the focus view on the selected cells (two to four), or on the current row.
    void focusSelection();
    void showBlindMode();
    /// Opens the blind arena on a balanced battle list (every pair both ways) of the grid.
    void showArena();
    void editQuickChecks();
    void showStats();
    void showCharts();
    /// The estimate as text, as shown by the Estimate Cost action.
    QString costEstimateText() const;
    void showCostEstimate();
    void editSpendCap();
    /// Opens the judge dialog in \a mode (on the last request, if any) and starts what it asks.
    void chooseJudge(JudgeRun::Mode mode);
    /// Starts \a request on the grid and shows its requests; false, saying why in the status
    /// bar and \a error, when the judge cannot start.
    bool startJudge(const JudgeRun::Request &request, QString *error = nullptr);
    void showJudgeRequests();
    /// Sets the spend cap of runs (0 = none) in the session's RunSettings.
    void setSpendCap(double usd);
    double spendCap() const;

Q_SIGNALS:
    /// Ratings or quick checks changed (the comparison has unsaved changes).
    void judgingChanged();

private:
    QDockWidget *dockFor(QWidget *widget, const QString &objectName, const QString &title, Qt::DockWidgetArea area);
    QList<int> selectedCells() const;
    /// Draws the arena's battles again from the grid's answers (keeping its place).
    void refreshArena();
    void ensureBlindCovers();
    /// Shows the covers over the grid and the detail pane while blind judging or the arena is in
    /// sight (unless the user cleared "Hide the grid while rating"), else hides them.
    void updateBlindCovers();
    int currentCell() const;
    void updateJudgeActions();
    void onJudgeFinished();

    QMainWindow *m_window;
    Scheduler *m_scheduler;
    ResultsTableModel *m_model;
    QPointer<QTableView> m_grid;
    QMenu *m_menu;
    QuickCheckRunner *m_checks;
    JudgingState *m_state;
    RunSettings *m_settings;
    std::function<std::optional<RunPlan>()> m_planProvider;

    QAction *m_diffAction;
    QAction *m_heatmapAction;
    QAction *m_focusAction;
    QAction *m_blindAction;
    QAction *m_arenaAction;
    QAction *m_checksAction;
    QAction *m_statsAction;
    QAction *m_chartsAction;
    QAction *m_estimateAction;
    QAction *m_spendCapAction;
    QAction *m_gradeAction;
    QAction *m_pairwiseAction;
    QAction *m_rerunJudgeAction;
    QAction *m_cancelJudgeAction;
    QAction *m_judgeRequestsAction;

    DiffView *m_diff = nullptr;
    SimilarityHeatmap *m_heatmap = nullptr;
    FocusView *m_focus = nullptr;
    BlindModePanel *m_blind = nullptr;
    ArenaView *m_arena = nullptr;
    QDockWidget *m_arenaDock = nullptr;
    QDockWidget *m_blindDock = nullptr;
    bool m_arenaShown = false; ///< the arena dock is open and its tab is the current one
    bool m_blindShown = false; ///< the same for blind judging
    /// Over the grid and the detail pane while blind judging or the arena is in sight.
    QList<GridCover *> m_blindCovers;
    int m_arenaMatchups = 0; ///< the arena's chosen length, 0 for every battle
    StatsPanel *m_stats = nullptr;
    ChartsPanel *m_charts = nullptr;
    RunSession *m_session;
    JudgeRun *m_judgeRun;
    JudgeRequestsPanel *m_judgeRequests = nullptr;
    bool m_judgeStarted = false;
};
