// SPDX-License-Identifier: MIT
#include "StatsPanel.h"

#include "CellDelegate.h"
#include "JudgeRequestsPanel.h"
#include "JudgingState.h"
#include "QuickCheckRunner.h"
#include "Scheduler.h"

#include <QHeaderView>
#include <QIcon>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
QString milliseconds(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'f', 0) : QStringLiteral("–");
}
} // namespace

StatsPanel::StatsPanel(Scheduler *scheduler, QWidget *parent)
    : QWidget(parent)
    , m_scheduler(scheduler)
{
    setAccessibleName(tr("Statistics per model"));
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setAccessibleName(tr("Statistics per model"));
    m_table->setHorizontalHeaderLabels({tr("Model"), tr("Cells"), tr("Errors"), tr("Latency p50 (ms)"), tr("Latency p95 (ms)"),
                                        tr("TTFT p50 (ms)"), tr("TTFT p95 (ms)"), tr("Tokens/s"), tr("Cost (USD)"),
                                        tr("Reasoning tokens"), tr("Checks passed"), tr("Valid JSON"),
                                        tr("Judge score (95% CI)"), tr("Judge cost (USD)")});
    m_table->horizontalHeaderItem(JudgeScoreColumn)
        ->setToolTip(tr("The judge model's mean score of the column's answers, with the 95% confidence interval of the mean"));
    m_table->horizontalHeaderItem(JudgeCostColumn)
        ->setToolTip(tr("What the judge's requests about this column cost; not part of the column's own cost"));
    m_table->horizontalHeaderItem(ValidColumn)
        ->setToolTip(tr("Share of the answers that fit their JSON Schema (or JSON mode) and tool parameters"));
    m_table->horizontalHeaderItem(ReasoningTokensColumn)
        ->setToolTip(tr("Output tokens spent reasoning, summed over the cells that reported them (and their mean)"));
    m_table->horizontalHeaderItem(TokensPerSecondColumn)->setToolTip(tr("Mean output tokens per second after the first token"));
    m_table->horizontalHeaderItem(ErrorsColumn)->setToolTip(tr("Errors, timeouts, incomplete and interrupted cells"));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ModelColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(false);
    m_table->setColumnHidden(ChecksColumn, true);
    m_table->setColumnHidden(ValidColumn, true);
    m_table->setColumnHidden(ReasoningTokensColumn, true);
    m_table->setColumnHidden(JudgeScoreColumn, true);
    m_table->setColumnHidden(JudgeCostColumn, true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(500);
    connect(&m_refresh, &QTimer::timeout, this, &StatsPanel::refresh);
    connect(m_scheduler, &Scheduler::planReset, this, &StatsPanel::refresh);
    connect(m_scheduler, &Scheduler::cellFinished, this, &StatsPanel::scheduleRefresh);
    connect(m_scheduler, &Scheduler::countsChanged, this, &StatsPanel::scheduleRefresh);
    refresh();
}

void StatsPanel::setQuickCheckRunner(QuickCheckRunner *runner)
{
    if (m_checks)
        disconnect(m_checks, nullptr, this, nullptr);
    m_checks = runner;
    if (runner)
        connect(runner, &QuickCheckRunner::outcomesChanged, this, &StatsPanel::scheduleRefresh);
    refresh();
}

void StatsPanel::setJudging(const JudgingState *state)
{
    if (m_judging)
        disconnect(m_judging, nullptr, this, nullptr);
    m_judging = state;
    if (state)
        connect(state, &JudgingState::ratingsChanged, this, &StatsPanel::scheduleRefresh);
    refresh();
}

QString StatsPanel::judgeScoreText(const JudgeScoreStats &stats, double scaleMax)
{
    if (!stats.mean)
        return stats.errors > 0 ? tr("no score") : QStringLiteral("–");
    const auto number = [](double value) { return QString::number(value, 'f', 1); };
    QString text = QStringLiteral("%1/%2").arg(number(*stats.mean), QString::number(scaleMax, 'g', 4));
    if (stats.low && stats.high)
        text += QStringLiteral(" (%1–%2)").arg(number(*stats.low), number(*stats.high));
    return text;
}

void StatsPanel::scheduleRefresh()
{
    if (!m_refresh.isActive())
        m_refresh.start();
}

void StatsPanel::refresh()
{
    m_refresh.stop();
    m_stats = ColumnStats::compute(*m_scheduler);
    const QList<CheckSummary> checks = m_checks ? m_checks->summary() : QList<CheckSummary>();
    bool anyChecks = false;
    for (const CheckSummary &summary : checks)
        anyChecks = anyChecks || summary.answersChecked > 0;
    m_table->setColumnHidden(ChecksColumn, !anyChecks);
    bool anyValidated = false;
    for (const CheckSummary &summary : checks)
        anyValidated = anyValidated || summary.answersValidated > 0;
    m_table->setColumnHidden(ValidColumn, !anyValidated);
    // Shown once a model reports reasoning tokens: most runs have none.
    bool anyReasoning = false;
    for (const ColumnStats &s : m_stats)
        anyReasoning = anyReasoning || s.reasoningCells > 0;
    m_table->setColumnHidden(ReasoningTokensColumn, !anyReasoning);
    const int columnCount = int(m_scheduler->plan().columns.size());
    m_judgeStats = m_judging ? JudgeScoreStats::compute(m_judging->ratings(), columnCount) : QList<JudgeScoreStats>();
    m_judgeCostUsd = QList<double>(columnCount, 0.0);
    m_judgePriced = QList<int>(columnCount, 0);
    double judgeScaleMax = 10;
    if (m_judging) {
        const QHash<CellAddress, JudgeVerdict> &verdicts = m_judging->ratings().judgeVerdicts();
        for (auto it = verdicts.cbegin(); it != verdicts.cend(); ++it) {
            judgeScaleMax = it->scaleMax;
            if (it.key().column < 0 || it.key().column >= columnCount || !it->costUsd)
                continue;
            m_judgeCostUsd[it.key().column] += *it->costUsd;
            ++m_judgePriced[it.key().column];
        }
    }
    bool anyJudged = false;
    for (const JudgeScoreStats &j : std::as_const(m_judgeStats))
        anyJudged = anyJudged || j.scored + j.errors > 0;
    m_table->setColumnHidden(JudgeScoreColumn, !anyJudged);
    m_table->setColumnHidden(JudgeCostColumn, !anyJudged);
    m_table->setRowCount(int(m_stats.size()));
    for (int row = 0; row < m_stats.size(); ++row) {
        const ColumnStats &s = m_stats.at(row);
        const QStringList values = {
            s.label,
            QString::number(s.count),
            QString::number(s.errors),
            milliseconds(s.latencyP50Ms),
            milliseconds(s.latencyP95Ms),
            milliseconds(s.ttftP50Ms),
            milliseconds(s.ttftP95Ms),
            s.meanTokensPerSecond ? QString::number(*s.meanTokensPerSecond, 'f', 1) : QStringLiteral("–"),
            s.pricedCells > 0 ? QStringLiteral("$%1").arg(s.totalCostUsd, 0, 'f', s.totalCostUsd >= 0.01 ? 4 : 6)
                              : QStringLiteral("–"),
            s.reasoningCells > 0 ? tr("%1 (mean %2)").arg(s.reasoningTokens).arg(double(s.reasoningTokens) / s.reasoningCells, 0, 'f', 0)
                                 : QStringLiteral("–"),
            row < checks.size() && checks.at(row).answersChecked > 0
                ? (checks.at(row).answersPassed == checks.at(row).answersChecked ? tr("✓ %1 / %2") : tr("✗ %1 / %2"))
                      .arg(checks.at(row).answersPassed)
                      .arg(checks.at(row).answersChecked)
                : QStringLiteral("–"),
            row < checks.size() && checks.at(row).answersValidated > 0
                ? tr("%1% (%2 / %3)")
                      .arg(qRound(100.0 * checks.at(row).answersValid / checks.at(row).answersValidated))
                      .arg(checks.at(row).answersValid)
                      .arg(checks.at(row).answersValidated)
                : QStringLiteral("–"),
            row < m_judgeStats.size() ? judgeScoreText(m_judgeStats.at(row), judgeScaleMax) : QStringLiteral("–"),
            row < m_judgePriced.size() ? JudgeRequestsPanel::costText(m_judgeCostUsd.at(row), m_judgePriced.at(row) > 0)
                                       : QStringLiteral("–"),
        };
        for (int column = 0; column < ColumnCount; ++column) {
            QTableWidgetItem *item = m_table->item(row, column);
            if (!item) {
                item = new QTableWidgetItem;
                m_table->setItem(row, column, item);
            }
            item->setText(values.at(column));
            if (column != ModelColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        }
        // Pass or fail at a glance: in the cells' colours, with the style's icon and a mark, so
        // that colour is not the only sign.
        QTableWidgetItem *checksItem = m_table->item(row, ChecksColumn);
        if (row < checks.size() && checks.at(row).answersChecked > 0) {
            const bool allPassed = checks.at(row).answersPassed == checks.at(row).answersChecked;
            checksItem->setIcon(style()->standardIcon(allPassed ? QStyle::SP_DialogApplyButton : QStyle::SP_MessageBoxCritical));
            checksItem->setForeground(CellDelegate::statusTextColor(allPassed ? CellStatus::Ok : CellStatus::Error, palette(), QPalette::Base));
            checksItem->setToolTip(allPassed ? tr("Every checked answer passed") : tr("Some answers failed a check"));
        } else {
            checksItem->setIcon(QIcon());
            checksItem->setData(Qt::ForegroundRole, QVariant());
            checksItem->setToolTip(QString());
        }
        if (row < m_judgeStats.size()) {
            const JudgeScoreStats &j = m_judgeStats.at(row);
            QString tip = tr("%n answer(s) scored", nullptr, j.scored);
            if (j.errors > 0)
                tip += QLatin1Char('\n') + tr("%n judge error(s): no score", nullptr, j.errors);
            if (j.mean && !j.low)
                tip += QLatin1Char('\n') + tr("An interval needs at least two scores");
            m_table->item(row, JudgeScoreColumn)->setToolTip(tip);
        }
        if (s.errors > 0)
            m_table->item(row, ErrorsColumn)->setToolTip(tr("%1 of %2 cells failed").arg(s.errors).arg(s.count));
    }
}
