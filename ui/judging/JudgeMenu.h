// SPDX-License-Identifier: MIT
#pragma once

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
/// view, blind judging, statistics, charts, quick checks, cost estimate and spend cap. The
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
    int currentCell() const;

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

    DiffView *m_diff = nullptr;
    SimilarityHeatmap *m_heatmap = nullptr;
    FocusView *m_focus = nullptr;
    BlindModePanel *m_blind = nullptr;
    ArenaView *m_arena = nullptr;
    StatsPanel *m_stats = nullptr;
    ChartsPanel *m_charts = nullptr;
};
