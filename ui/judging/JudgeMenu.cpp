// SPDX-License-Identifier: MIT
#include "JudgeMenu.h"

#include "ArenaView.h"
#include "BattleSchedule.h"
#include "BlindModePanel.h"
#include "ChartsPanel.h"
#include "CostEstimator.h"
#include "DetailPane.h"
#include "DiffView.h"
#include "FocusView.h"
#include "GridCover.h"
#include "JudgeModelDialog.h"
#include "JudgeRequestsPanel.h"
#include "QuickChecksDialog.h"
#include "RatingShare.h"
#include "ResultRecord.h"
#include "ResultsTableModel.h"
#include "RunSession.h"
#include "Scheduler.h"
#include "SimilarityHeatmap.h"
#include "StatsPanel.h"

#include <QAction>
#include <QDockWidget>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QMainWindow>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QTableView>

#include <algorithm>

JudgeMenu::JudgeMenu(QMainWindow *window, RunSession *session, ResultsTableModel *model, QTableView *grid)
    : QObject(window)
    , m_window(window)
    , m_scheduler(session->scheduler())
    , m_model(model)
    , m_grid(grid)
    , m_session(session)
{
    m_menu = new QMenu(tr("&Judge"), window);
    m_state = session->judging();
    // The one spend cap, shared with Settings > Requests; the session applies it.
    m_settings = session->settings();
    // The session's runner evaluates the judging's checks on every answer.
    m_checks = session->quickChecks();
    if (m_model) {
        m_model->setQuickCheckRunner(m_checks);
        m_model->setJudgingState(m_state);
    }

    m_diffAction = m_menu->addAction(tr("&Compare Two Answers"), this, &JudgeMenu::compareSelection);
    m_diffAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_diffAction->setToolTip(tr("Word diff of the two selected answers, or of the current answer and its neighbour"));
    m_heatmapAction = m_menu->addAction(tr("Similarity &Heat Map"), this, &JudgeMenu::showHeatmap);
    m_heatmapAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    m_focusAction = m_menu->addAction(tr("&Focus View"), this, &JudgeMenu::focusSelection);
    m_focusAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_focusAction->setToolTip(tr("Read two to four selected answers side by side"));
    m_menu->addSeparator();
    m_blindAction = m_menu->addAction(tr("&Blind Judging"), this, &JudgeMenu::showBlindMode);
    m_blindAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    m_arenaAction = m_menu->addAction(tr("Blind &Arena…"), this, &JudgeMenu::showArena);
    m_arenaAction->setObjectName(QStringLiteral("blindArenaAction"));
    m_arenaAction->setToolTip(tr("Two answers at a time, models hidden: every pair equally often, each both ways round"));
    m_checksAction = m_menu->addAction(tr("&Quick Checks…"), this, &JudgeMenu::editQuickChecks);
    m_checksAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_menu->addSeparator();
    m_judgeRun = new JudgeRun(session, this);
    m_gradeAction = m_menu->addAction(tr("Grade with a &Judge Model…"), this, [this] { chooseJudge(JudgeRun::Mode::Grade); });
    m_gradeAction->setObjectName(QStringLiteral("judgeGradeAction"));
    m_gradeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J));
    m_gradeAction->setToolTip(tr("A model of your choice scores every answer by a rubric, with a short reason"));
    m_pairwiseAction = m_menu->addAction(tr("Judge &Pairs with a Judge Model…"), this, [this] { chooseJudge(JudgeRun::Mode::Pairwise); });
    m_pairwiseAction->setObjectName(QStringLiteral("judgePairwiseAction"));
    m_pairwiseAction->setToolTip(tr("A model of your choice picks the better of two answers of a row, asked both ways round"));
    m_rerunJudgeAction = m_menu->addAction(tr("Re-run &Judge…"), this, [this] { chooseJudge(m_judgeRun->request().mode); });
    m_rerunJudgeAction->setObjectName(QStringLiteral("judgeRerunAction"));
    m_cancelJudgeAction = m_menu->addAction(tr("Cancel J&udge"), this, [this] { m_judgeRun->cancelAll(); });
    m_cancelJudgeAction->setObjectName(QStringLiteral("judgeCancelAction"));
    m_judgeRequestsAction = m_menu->addAction(tr("Judge Re&quests"), this, &JudgeMenu::showJudgeRequests);
    m_judgeRequestsAction->setObjectName(QStringLiteral("judgeRequestsAction"));
    connect(m_judgeRun, &JudgeRun::countsChanged, this, &JudgeMenu::updateJudgeActions);
    connect(m_judgeRun, &JudgeRun::finished, this, &JudgeMenu::onJudgeFinished);
    updateJudgeActions();
    m_menu->addSeparator();
    m_statsAction = m_menu->addAction(tr("&Statistics"), this, &JudgeMenu::showStats);
    m_statsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_chartsAction = m_menu->addAction(tr("C&harts"), this, &JudgeMenu::showCharts);
    m_chartsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    m_menu->addSeparator();
    m_estimateAction = m_menu->addAction(tr("&Estimate Run Cost…"), this, &JudgeMenu::showCostEstimate);
    m_spendCapAction = m_menu->addAction(tr("Spend C&ap…"), this, &JudgeMenu::editSpendCap);
    // Window-wide shortcuts, whichever dock has the focus.
    for (QAction *action : shortcutActions())
        window->addAction(action);

    // Checks and ratings may also change from outside (an opened comparison).
    connect(m_state, &JudgingState::checksChanged, this, &JudgeMenu::judgingChanged);
    connect(m_state, &JudgingState::ratingsChanged, this, [this] {
        if (m_blind && !(m_blind->ratings() == m_state->ratings()))
            m_blind->setRatings(m_state->ratings());
        if (m_arena && !(m_arena->ratings() == m_state->ratings()))
            m_arena->setRatings(m_state->ratings());
        Q_EMIT judgingChanged();
    });
}

QList<QAction *> JudgeMenu::shortcutActions() const
{
    return {m_diffAction, m_heatmapAction, m_focusAction, m_blindAction, m_checksAction, m_gradeAction, m_statsAction, m_chartsAction};
}

QDockWidget *JudgeMenu::dockFor(QWidget *widget, const QString &objectName, const QString &title, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, m_window);
    dock->setObjectName(objectName);
    dock->setAccessibleName(title);
    dock->setWidget(widget);
    dock->setAttribute(Qt::WA_DeleteOnClose, false);
    // Under (or over) the grid, never beside it: a dock takes height, the grid keeps its width.
    dock->setAllowedAreas(Qt::BottomDockWidgetArea | Qt::TopDockWidgetArea);
    m_window->addDockWidget(area, dock);
    m_window->resizeDocks({dock}, {m_window->height() / 3}, Qt::Vertical);
    // Docks of one area share the space as tabs instead of squeezing each other.
    const QList<QDockWidget *> docks = m_window->findChildren<QDockWidget *>();
    for (QDockWidget *other : docks) {
        if (other != dock && m_window->dockWidgetArea(other) == area && !other->isFloating() && other->isVisible()) {
            m_window->tabifyDockWidget(other, dock);
            break;
        }
    }
    return dock;
}

static void raiseDock(QWidget *widget)
{
    if (auto *dock = qobject_cast<QDockWidget *>(widget->parentWidget())) {
        dock->show();
        dock->raise();
    }
    widget->setFocus();
}

QList<int> JudgeMenu::selectedCells() const
{
    QList<int> cells;
    if (!m_grid || !m_grid->selectionModel() || !m_model)
        return cells;
    QModelIndexList indexes = m_grid->selectionModel()->selectedIndexes();
    std::sort(indexes.begin(), indexes.end(), [](const QModelIndex &a, const QModelIndex &b) {
        return a.row() != b.row() ? a.row() < b.row() : a.column() < b.column();
    });
    for (const QModelIndex &index : std::as_const(indexes)) {
        const int cell = m_model->cellAt(index);
        if (cell >= 0)
            cells.append(cell);
    }
    return cells;
}

int JudgeMenu::currentCell() const
{
    if (!m_grid || !m_model)
        return -1;
    return m_model->cellAt(m_grid->currentIndex());
}

void JudgeMenu::compareSelection()
{
    if (!m_diff)
        dockFor(m_diff = new DiffView(m_scheduler), QStringLiteral("diffDock"), tr("Word Diff"), Qt::BottomDockWidgetArea);
    const QList<int> cells = selectedCells();
    int a = -1;
    int b = -1;
    if (cells.size() >= 2) {
        a = cells.at(0);
        b = cells.at(1);
    } else {
        a = cells.value(0, currentCell());
        if (a >= 0) {
            // The neighbour in the same row: the next column, or the previous one at the end.
            const CellSpec &spec = m_scheduler->spec(a);
            const int columns = int(m_scheduler->plan().columns.size());
            const int other = spec.column + 1 < columns ? spec.column + 1 : spec.column - 1;
            if (other >= 0)
                b = m_scheduler->cellIndex(spec.row, other, spec.sample);
        }
    }
    if (a >= 0 && b >= 0)
        m_diff->compareCells(a, b);
    raiseDock(m_diff);
}

void JudgeMenu::showHeatmap()
{
    if (!m_heatmap) {
        m_heatmap = new SimilarityHeatmap(m_scheduler);
        dockFor(m_heatmap, QStringLiteral("similarityDock"), tr("Similarity"), Qt::BottomDockWidgetArea);
        connect(m_heatmap, &SimilarityHeatmap::pairActivated, this, [this](int a, int b) {
            compareSelection();
            m_diff->compareCells(a, b);
        });
        if (m_grid && m_grid->selectionModel()) {
            connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, m_heatmap, [this](const QModelIndex &current) {
                if (current.isValid() && current.row() != m_heatmap->row())
                    m_heatmap->setRow(current.row(), m_model ? m_model->sample() : 0);
            });
        }
    }
    const int cell = currentCell();
    if (cell >= 0)
        m_heatmap->setRow(m_scheduler->spec(cell).row, m_scheduler->spec(cell).sample);
    raiseDock(m_heatmap);
}

void JudgeMenu::focusSelection()
{
    if (!m_focus)
        dockFor(m_focus = new FocusView(m_scheduler), QStringLiteral("focusDock"), tr("Focus"), Qt::BottomDockWidgetArea);
    QList<int> cells = selectedCells();
    if (cells.size() < 2) {
        // The whole row of the current cell.
        const int cell = cells.value(0, currentCell());
        cells.clear();
        if (cell >= 0) {
            const CellSpec &spec = m_scheduler->spec(cell);
            for (int column = 0; column < m_scheduler->plan().columns.size() && cells.size() < FocusView::kMaxCells; ++column)
                cells.append(m_scheduler->cellIndex(spec.row, column, spec.sample));
        }
    }
    m_focus->setCells(cells);
    raiseDock(m_focus);
}

void JudgeMenu::showBlindMode()
{
    if (!m_blind) {
        m_blind = new BlindModePanel(m_scheduler);
        m_blind->setRatings(m_state->ratings());
        m_blindDock = dockFor(m_blind, QStringLiteral("blindDock"), tr("Blind Judging"), Qt::BottomDockWidgetArea);
        ensureBlindCovers();
        connect(m_blindDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
            m_blindShown = visible;
            updateBlindCovers();
        });
        connect(m_blind, &BlindModePanel::ratingsChanged, this, [this] { m_state->setRatings(m_blind->ratings()); });
        // The panel starts a fresh session on a new grid, whose ratings the state has reset.
        connect(m_scheduler, &Scheduler::planReset, m_blind, [this] { m_blind->setRatings(m_state->ratings()); });
        connect(m_blind, &BlindModePanel::arenaRequested, this, &JudgeMenu::showArena);
    }
    raiseDock(m_blind);
    m_blindShown = m_blindDock->isVisible();
    updateBlindCovers();
}

void JudgeMenu::showArena()
{
    if (!m_arena) {
        m_arena = new ArenaView;
        m_arenaDock = dockFor(m_arena, QStringLiteral("arenaDock"), tr("Blind Arena"), Qt::BottomDockWidgetArea);
        ensureBlindCovers();
        connect(m_arenaDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
            m_arenaShown = visible;
            updateBlindCovers();
        });
        connect(m_arena, &ArenaView::hideGridChanged, this, &JudgeMenu::updateBlindCovers);
        connect(m_arena, &ArenaView::ratingsChanged, this, [this] { m_state->setRatings(m_arena->ratings()); });
        connect(m_arena, &ArenaView::sizeChosen, this, [this](int matchups) {
            m_arenaMatchups = matchups;
            refreshArena();
        });
        // A new grid, or answers that came in since: the battles are drawn again.
        connect(m_scheduler, &Scheduler::planReset, m_arena, [this] { refreshArena(); });
        connect(m_scheduler, &Scheduler::runFinished, m_arena, [this] { refreshArena(); });
    }
    refreshArena();
    raiseDock(m_arena);
    m_arenaShown = m_arenaDock->isVisible();
    updateBlindCovers();
}

void JudgeMenu::ensureBlindCovers()
{
    if (!m_blindCovers.isEmpty())
        return;
    // The grid and the detail pane name each answer's model: covered while blind judging or the
    // arena is in sight, so they stay blind (the layout under the covers does not move).
    const QString coverText = tr("Hidden while you rate blind: the grid shows whose answer is whose.\n"
                                 "It comes back when the blind dock is closed or behind another tab, or\n"
                                 "when \"Hide the grid while rating\" in the Blind Arena is cleared.");
    if (m_grid)
        m_blindCovers.append(new GridCover(m_grid, coverText));
    if (auto *detail = m_window->findChild<DetailPane *>())
        m_blindCovers.append(new GridCover(detail, coverText));
}

void JudgeMenu::updateBlindCovers()
{
    // The arena holds the one "Hide the grid while rating" setting; before it exists, on.
    const bool hide = !m_arena || m_arena->hidesGrid();
    const bool cover = hide && (m_arenaShown || m_blindShown);
    for (GridCover *sheet : std::as_const(m_blindCovers)) {
        sheet->setVisible(cover);
        if (cover)
            sheet->raise();
    }
}

void JudgeMenu::refreshArena()
{
    BattleSchedule::Request request;
    request.rowCount = int(m_scheduler->plan().rows.size());
    for (int column = 0; column < m_scheduler->plan().columns.size(); ++column)
        request.columns << column;
    request.bothOrders = true;
    // A fixed seed: the same grid draws the same list, so the arena opens where it was left.
    request.seed = 1;
    request.available = BattleSchedule::answeredCells(*m_scheduler);
    const QList<BattleSchedule::Size> sizes = BattleSchedule::balancedSizes(request);
    // A length this grid does not offer (a new grid, answers that failed): every battle.
    if (std::none_of(sizes.begin(), sizes.end(), [this](const BattleSchedule::Size &size) { return size.matchups == m_arenaMatchups; }))
        m_arenaMatchups = 0;
    request.matchups = m_arenaMatchups;
    m_arena->setSizes(sizes, m_arenaMatchups, request.bothOrders);
    const QList<Battle> battles = request.columns.size() >= 2 ? BattleSchedule(request).battles() : QList<Battle>();
    const RatingShare content = RatingShare::fromGrid(*m_scheduler, battles, {});
    if (content == m_arena->content() && m_arena->ratings() == m_state->ratings())
        return;
    QStringList names;
    for (const ModelColumn &column : m_scheduler->plan().columns)
        names << column.displayName();
    m_arena->setRatings(m_state->ratings());
    m_arena->setContent(content, names);
}

void JudgeMenu::setRatings(const Ratings &ratings)
{
    m_state->setRatings(ratings);
}

void JudgeMenu::annotate(QList<ResultRecord> &records) const
{
    m_state->annotate(records);
}

void JudgeMenu::editQuickChecks()
{
    QStringList names;
    for (const ModelColumn &column : m_scheduler->plan().columns)
        names << column.displayName();
    QuickChecksDialog dialog(names, m_checks->checks(), m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_state->setChecks(dialog.checks());
}

void JudgeMenu::showStats()
{
    if (!m_stats) {
        m_stats = new StatsPanel(m_scheduler);
        m_stats->setQuickCheckRunner(m_checks);
        m_stats->setJudging(m_state);
        dockFor(m_stats, QStringLiteral("statsDock"), tr("Statistics"), Qt::BottomDockWidgetArea);
    }
    m_stats->refresh();
    raiseDock(m_stats);
}

void JudgeMenu::showCharts()
{
    if (!m_charts)
        dockFor(m_charts = new ChartsPanel(m_scheduler), QStringLiteral("chartsDock"), tr("Charts"), Qt::BottomDockWidgetArea);
    m_charts->refresh();
    raiseDock(m_charts);
}

QString JudgeMenu::costEstimateText() const
{
    const std::optional<RunPlan> plan = m_planProvider ? m_planProvider() : std::optional<RunPlan>(m_scheduler->plan());
    if (!plan || plan->cellCount() == 0)
        return tr("Nothing to estimate: add prompts and tick models first.");
    const CostEstimate estimate = CostEstimator::estimate(*plan, m_scheduler->providers());
    QStringList lines;
    const QString requests = estimate.cells == 1 ? tr("1 request") : tr("%1 requests").arg(estimate.cells);
    lines << tr("%1, about %2 tokens in and at most %3 out.")
                 .arg(requests, QLocale().toString(estimate.inputTokens), QLocale().toString(estimate.outputTokens));
    for (const CostEstimate::Column &column : estimate.columns) {
        lines << (column.priced ? tr("%1: about $%2").arg(column.label).arg(column.costUsd, 0, 'f', 4)
                                : tr("%1: no price known").arg(column.label));
    }
    // Unknown stays unknown: no price is not a price of 0.
    const QString unpricedModels = estimate.unpricedLabels().join(QStringLiteral(", "));
    if (estimate.isComplete())
        lines << tr("Estimated total: about $%1").arg(estimate.totalUsd, 0, 'f', 4);
    else if (estimate.unpricedCells == estimate.cells)
        lines << tr("Estimated total: unknown: no price for %1.").arg(unpricedModels);
    else
        lines << tr("Estimated total: about $%1, not counting %2 (no price known).").arg(estimate.totalUsd, 0, 'f', 4).arg(unpricedModels);
    lines << tr("Input is estimated at %1 characters per token; output at each model's max tokens, or %2 tokens when unset.")
                 .arg(CostEstimator::kCharsPerToken)
                 .arg(CostEstimator::kDefaultOutputTokens);
    if (spendCap() > 0) {
        lines << tr("Spend cap: $%1 (a request is not sent when it would take the run past it).").arg(spendCap(), 0, 'f', 2);
        const QString unpriced = m_settings->unpricedNote(*plan, m_scheduler->providers());
        if (!unpriced.isEmpty())
            lines << unpriced;
    }
    return lines.join(QLatin1Char('\n'));
}

void JudgeMenu::showCostEstimate()
{
    QMessageBox::information(m_window, tr("Estimated Cost"), costEstimateText());
}

void JudgeMenu::setSpendCap(double usd)
{
    m_settings->setSpendCapUsd(usd);
}

double JudgeMenu::spendCap() const
{
    return m_settings->spendCapUsd();
}

void JudgeMenu::editSpendCap()
{
    bool ok = false;
    const double usd = QInputDialog::getDouble(m_window, tr("Spend Cap"),
                                               tr("Stop sending new requests once a run has cost (USD, 0 = no cap):"),
                                               spendCap(), 0, 1'000'000, 2, &ok);
    if (!ok)
        return;
    setSpendCap(usd);
    if (m_window->statusBar())
        m_window->statusBar()->showMessage(usd > 0 ? tr("Spend cap set to $%1 per run.").arg(usd, 0, 'f', 2) : tr("No spend cap."), 5000);
}

void JudgeMenu::updateJudgeActions()
{
    const bool active = m_judgeRun->isActive();
    m_cancelJudgeAction->setEnabled(active);
    m_rerunJudgeAction->setEnabled(m_judgeStarted && !active);
}

void JudgeMenu::chooseJudge(JudgeRun::Mode mode)
{
    const std::optional<JudgeRun::Request> previous = m_judgeStarted ? std::optional(m_judgeRun->request()) : std::nullopt;
    JudgeModelDialog dialog(m_scheduler->providers(), m_scheduler->plan(), mode, previous, m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    startJudge(dialog.request());
}

bool JudgeMenu::startJudge(const JudgeRun::Request &request, QString *error)
{
    QString why;
    if (m_judgeRun->isActive())
        m_judgeRun->cancelAll();
    if (!m_judgeRun->start(request, &why)) {
        if (m_window->statusBar())
            m_window->statusBar()->showMessage(tr("The judge did not start: %1").arg(why), 10000);
        if (error)
            *error = why;
        updateJudgeActions();
        return false;
    }
    m_judgeStarted = true;
    showJudgeRequests();
    if (m_window->statusBar()) {
        m_window->statusBar()->showMessage(request.mode == JudgeRun::Mode::Pairwise
                                               ? tr("%1 is judging pairs of answers…").arg(request.judge.displayName())
                                               : tr("%1 is grading the answers…").arg(request.judge.displayName()),
                                           5000);
    }
    updateJudgeActions();
    return true;
}

void JudgeMenu::showJudgeRequests()
{
    if (!m_judgeRequests) {
        m_judgeRequests = new JudgeRequestsPanel(m_judgeRun, m_scheduler, m_state);
        dockFor(m_judgeRequests, QStringLiteral("judgeDock"), tr("Judge"), Qt::BottomDockWidgetArea);
        connect(m_judgeRequests, &JudgeRequestsPanel::rerunRequested, this, [this] { chooseJudge(m_judgeRun->request().mode); });
        // A judge request picked in the dock shows the answer it grades.
        connect(m_judgeRequests, &JudgeRequestsPanel::gradedCellSelected, this, [this](int cell) {
            if (!m_grid || !m_model || cell < 0 || cell >= m_scheduler->cellCount())
                return;
            const CellSpec &spec = m_scheduler->spec(cell);
            if (spec.sample != m_model->sample())
                return; // another sample than the grid shows: its stepper stays the user's
            m_grid->setCurrentIndex(m_model->index(spec.row, spec.column));
            m_grid->scrollTo(m_grid->currentIndex());
        });
    }
    m_judgeRequests->refresh();
    raiseDock(m_judgeRequests);
}

void JudgeMenu::onJudgeFinished()
{
    updateJudgeActions();
    if (m_judgeRequests)
        m_judgeRequests->refresh();
    if (m_stats)
        m_stats->refresh();
    Scheduler *judge = m_judgeRun->scheduler();
    if (!judge || !m_window->statusBar())
        return;
    QString text = tr("The judge finished: %1.").arg(JudgeRequestsPanel::countsText(judge->counts()));
    if (m_judgeRun->request().mode == JudgeRun::Mode::Grade) {
        int scored = 0;
        int unscored = 0;
        const QString judgeName = m_judgeRun->request().judge.displayName();
        for (const JudgeVerdict &verdict : m_state->ratings().judgeVerdicts()) {
            if (verdict.judgeModel == judgeName)
                ++(verdict.score ? scored : unscored);
        }
        text += QLatin1Char(' ') + tr("%n answer(s) scored", nullptr, scored);
        if (unscored > 0)
            text += tr(", %n judge error(s)", nullptr, unscored);
        text += QLatin1Char('.');
    }
    // Cells the cap stopped say so in their error; the status bar says it once for all.
    for (int cell = 0; cell < judge->cellCount(); ++cell) {
        const CellResult &result = judge->result(cell);
        if (result.status == CellStatus::Cancelled && result.error.contains(QStringLiteral("spend cap"))) {
            text += QLatin1Char(' ') + tr("Stopped by the spend cap: %1").arg(result.error);
            break;
        }
    }
    m_window->statusBar()->showMessage(text, 15000);
    Q_EMIT judgingChanged();
}
