// SPDX-License-Identifier: MIT
#include "JudgeRequestsPanel.h"

#include "CellDelegate.h"
#include "JudgeRun.h"
#include "JudgingState.h"
#include "ResultsTableModel.h"
#include "Scheduler.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QPointF>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace {
// What the cells of \a grid have cost, and whether any of them had a known price.
std::pair<double, bool> knownCost(const ResultGrid &grid)
{
    double usd = 0;
    bool priced = false;
    for (int cell = 0; cell < grid.cellCount(); ++cell) {
        if (const std::optional<double> cost = grid.result(cell).costUsd) {
            usd += *cost;
            priced = true;
        }
    }
    return {usd, priced};
}
// The judge's requests, each with the grade it gave the answer it judged (Grade mode), so
// the dock's cells carry the same judge chip as the graded cell.
class GradesModel : public QIdentityProxyModel
{
public:
    GradesModel(JudgeRun *run, const Scheduler *graded, const JudgingState *judging, QObject *parent)
        : QIdentityProxyModel(parent)
        , m_run(run)
        , m_graded(graded)
        , m_judging(judging)
    {
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role != ResultsTableModel::JudgeScoreRole && role != ResultsTableModel::JudgeScaleRole
            && role != ResultsTableModel::JudgeErrorRole && role != ResultsTableModel::JudgeReasonRole)
            return QIdentityProxyModel::data(index, role);
        const std::optional<JudgeVerdict> verdict = verdictAt(index);
        if (!verdict)
            return {};
        switch (role) {
        case ResultsTableModel::JudgeScoreRole:
            return verdict->score && verdict->error.isEmpty() ? QVariant(*verdict->score) : QVariant();
        case ResultsTableModel::JudgeScaleRole:
            return QPointF(verdict->scaleMin, verdict->scaleMax);
        case ResultsTableModel::JudgeErrorRole:
            return verdict->error;
        default:
            return verdict->reason;
        }
    }

    void gradesChanged()
    {
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    }

private:
    std::optional<JudgeVerdict> verdictAt(const QModelIndex &index) const
    {
        const int judgeCell = index.data(ResultsTableModel::CellIndexRole).isValid() ? index.data(ResultsTableModel::CellIndexRole).toInt() : -1;
        const int cell = m_run && judgeCell >= 0 ? m_run->gradedCell(judgeCell) : -1;
        // Only once the request has settled: a verdict of an earlier pass is not this one's.
        if (cell < 0 || !m_graded || !m_judging || cell >= m_graded->cellCount()
            || !isFinalStatus(CellStatus(index.data(ResultsTableModel::StatusRole).toInt())))
            return std::nullopt;
        return m_judging->ratings().judgeVerdict(m_graded->address(cell));
    }

    QPointer<JudgeRun> m_run;
    QPointer<const Scheduler> m_graded;
    QPointer<const JudgingState> m_judging;
};
} // namespace

JudgeRequestsPanel::JudgeRequestsPanel(JudgeRun *run, Scheduler *graded, const JudgingState *judging, QWidget *parent)
    : QWidget(parent)
    , m_run(run)
    , m_graded(graded)
    , m_judging(judging)
{
    setAccessibleName(tr("Judge requests"));
    m_summary = new QLabel(tr("No judge has run yet: Judge > Grade with a Judge Model…"), this);
    m_summary->setObjectName(QStringLiteral("judgeSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cost = new QLabel(this);
    m_cost->setObjectName(QStringLiteral("judgeCost"));
    m_cost->setAccessibleName(tr("The judge's own cost"));
    m_cost->setToolTip(tr("What the judge's requests cost, counted apart from the graded models' cost"));
    m_rerun = new QPushButton(tr("&Re-run Judge…"), this);
    m_rerun->setObjectName(QStringLiteral("judgeRerunButton"));
    m_rerun->setToolTip(tr("Judge again; the new verdicts replace this judge's earlier ones"));
    m_cancel = new QPushButton(tr("Cancel &Judge"), this);
    m_cancel->setObjectName(QStringLiteral("judgeCancelButton"));
    m_cancel->setToolTip(tr("Stop every judge request still queued or running; the graded answers are untouched"));
    connect(m_rerun, &QPushButton::clicked, this, &JudgeRequestsPanel::rerunRequested);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_run)
            m_run->cancelAll();
    });
    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_cost);
    top->addWidget(m_rerun);
    top->addWidget(m_cancel);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("judgeRequestsView"));
    m_view->setAccessibleName(tr("Judge requests, one per graded answer or battle"));
    m_delegate = new CellDelegate(m_view);
    m_view->setItemDelegate(m_delegate);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    // Two lines of the judge's answer: the score and the start of the reason.
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().lineSpacing() * 2 + 44);
    m_view->verticalHeader()->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 40);
    connect(m_delegate, &CellDelegate::cancelRequested, this, [this](int cell) {
        if (m_attached)
            m_attached->cancelCell(cell);
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    if (m_run) {
        connect(m_run, &JudgeRun::countsChanged, this, &JudgeRequestsPanel::refresh);
        connect(m_run, &JudgeRun::finished, this, &JudgeRequestsPanel::refresh);
    }
    refresh();
}

QString JudgeRequestsPanel::countsText(const RunCounts &counts)
{
    QString text = tr("%n judge request(s): %1 answered", nullptr, counts.total()).arg(counts.ok);
    if (counts.failed > 0)
        text += tr(", %1 failed").arg(counts.failed);
    if (counts.cancelled > 0)
        text += tr(", %1 cancelled").arg(counts.cancelled);
    if (counts.running > 0)
        text += tr(", %1 running").arg(counts.running);
    if (counts.queued > 0)
        text += tr(", %1 queued").arg(counts.queued);
    return text;
}

QString JudgeRequestsPanel::costText(double usd, bool priced)
{
    return priced ? QStringLiteral("$%1").arg(usd, 0, 'f', usd >= 0.01 ? 4 : 6) : QStringLiteral("–");
}

void JudgeRequestsPanel::attach(Scheduler *scheduler)
{
    if (scheduler == m_attached)
        return;
    m_attached = scheduler;
    delete m_model; // and its grades proxy
    m_model = nullptr;
    m_grades = nullptr;
    if (!scheduler)
        return;
    m_model = new ResultsTableModel(scheduler, this);
    auto *grades = new GradesModel(m_run, m_graded, m_judging, m_model);
    grades->setSourceModel(m_model);
    m_grades = grades;
    if (m_judging)
        connect(m_judging, &JudgingState::ratingsChanged, grades, &GradesModel::gradesChanged);
    m_view->setModel(grades);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        const int judgeCell = m_model ? m_model->cellAt(current) : -1;
        const int graded = m_run && judgeCell >= 0 ? m_run->gradedCell(judgeCell) : -1;
        if (graded >= 0)
            Q_EMIT gradedCellSelected(graded);
    });
    connect(scheduler, &Scheduler::countsChanged, this, &JudgeRequestsPanel::updateSummary);
    connect(scheduler, &Scheduler::planReset, this, &JudgeRequestsPanel::updateSummary);
}

QAbstractItemModel *JudgeRequestsPanel::viewModel() const
{
    return m_grades;
}

void JudgeRequestsPanel::refresh()
{
    attach(m_run ? m_run->scheduler() : nullptr);
    updateSummary();
}

void JudgeRequestsPanel::updateSummary()
{
    const bool active = m_run && m_run->isActive();
    m_cancel->setEnabled(active);
    m_rerun->setEnabled(m_run && m_attached && !active);
    if (!m_run || !m_attached) {
        m_cost->setText(tr("Judge cost: %1").arg(costText(0, false)));
        return;
    }
    const JudgeRun::Request &request = m_run->request();
    const QString mode = request.mode == JudgeRun::Mode::Pairwise ? tr("pairwise") : tr("grading");
    const QString scale = request.mode == JudgeRun::Mode::Grade
                              ? tr(" on %1-%2").arg(request.rubric.scaleMin).arg(request.rubric.scaleMax)
                              : QString();
    m_summary->setText(tr("<b>%1</b> %2 by <i>%3</i>%4 · %5")
                           .arg(request.judge.displayName().toHtmlEscaped(), mode,
                                JudgeRubric::presetName(request.rubric.preset).toHtmlEscaped(), scale,
                                countsText(m_attached->counts()).toHtmlEscaped()));
    if (request.mode == JudgeRun::Mode::Pairwise) {
        // Both orders of a battle make one verdict: a tie when they disagree.
        int settled = 0, decided = 0, ties = 0, failed = 0;
        for (const JudgeRun::PairResult &pair : m_run->pairResults()) {
            if (!pair.settled)
                continue;
            ++settled;
            if (!pair.outcome)
                ++failed;
            else if (*pair.outcome == BattleVerdict::Tie)
                ++ties;
            else
                ++decided;
        }
        m_summary->setText(m_summary->text()
                           + tr("<br>Battles judged: %1 of %2 · a winner in %3 · tie in %4 · no verdict in %5 (kept as %6's "
                                "verdicts, apart from yours)")
                                 .arg(settled)
                                 .arg(m_run->pairResults().size())
                                 .arg(decided)
                                 .arg(ties)
                                 .arg(failed)
                                 .arg(JudgeRun::judgeRater(request.judge).toHtmlEscaped()));
        // The judge's own order effect: how often its pick followed the side, not the answer.
        const JudgeRun::PositionBias bias = m_run->positionBias();
        if (bias.battles > 0)
            m_summary->setText(m_summary->text()
                               + tr("<br>Position bias: the judge's pick changed with the side in %1 of %2 battles (%3%)")
                                     .arg(bias.changed)
                                     .arg(bias.battles)
                                     .arg(qRound(100.0 * bias.changed / bias.battles)));
    }
    const auto [judgeUsd, judgePriced] = knownCost(*m_attached);
    QString cost = tr("Judge cost: %1").arg(costText(m_run->spentUsd() > 0 ? m_run->spentUsd() : judgeUsd, judgePriced));
    if (m_graded) {
        const auto [gradedUsd, gradedPriced] = knownCost(*m_graded);
        cost += tr(" · graded models: %1").arg(costText(gradedUsd, gradedPriced));
    }
    m_cost->setText(cost);
}
