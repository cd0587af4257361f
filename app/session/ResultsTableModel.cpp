// SPDX-License-Identifier: MIT
#include "ResultsTableModel.h"

#include "CellResult.h"
#include "JudgingState.h"
#include "QuickCheckRunner.h"
#include "ResultGrid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointF>

#include <algorithm>

namespace {
constexpr qsizetype kPreviewChars = 4000;
}

ResultsTableModel::ResultsTableModel(const ResultGrid *grid, QObject *parent)
    : QAbstractTableModel(parent)
    , m_grid(grid)
{
    connect(grid, &ResultGrid::cellsChanged, this, &ResultsTableModel::onCellsChanged);
    connect(grid, &ResultGrid::planReset, this, &ResultsTableModel::reset);
    reset();
}

void ResultsTableModel::reset()
{
    beginResetModel();
    m_rows = int(m_grid->plan().rows.size());
    m_columns = int(m_grid->plan().columns.size());
    m_sample = std::clamp(m_sample, 0, std::max(0, m_grid->plan().samples - 1));
    endResetModel();
}

int ResultsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int ResultsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columns;
}

int ResultsTableModel::cellAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.row() >= m_rows || index.column() >= m_columns)
        return -1;
    const int cell = m_grid->cellIndex(index.row(), index.column(), m_sample);
    return cell < m_grid->cellCount() ? cell : -1;
}

void ResultsTableModel::setSample(int sample)
{
    sample = std::clamp(sample, 0, std::max(0, m_grid->plan().samples - 1));
    if (sample == m_sample)
        return;
    m_sample = sample;
    if (m_rows > 0 && m_columns > 0)
        Q_EMIT dataChanged(index(0, 0), index(m_rows - 1, m_columns - 1));
}

QString ResultsTableModel::metricsSummary(const CellResult &r)
{
    QStringList parts;
    if (r.ttftMs)
        parts << tr("TTFT %1 ms").arg(*r.ttftMs);
    if (r.latencyMs && isFinalStatus(r.status))
        parts << tr("%1 ms").arg(*r.latencyMs);
    if (r.inputTokens || r.outputTokens)
        parts << tr("%1→%2 tok").arg(r.inputTokens ? QString::number(*r.inputTokens) : QStringLiteral("?"),
                                     r.outputTokens ? QString::number(*r.outputTokens) : QStringLiteral("?"));
    // Part of the output tokens, not more of them.
    if (r.reasoningTokens)
        parts << tr("%1 reasoning").arg(*r.reasoningTokens);
    if (r.costUsd)
        parts << QStringLiteral("$%1").arg(*r.costUsd, 0, 'f', 5);
    if (r.attempts > 1)
        parts << tr("attempt %1").arg(r.attempts);
    return parts.join(QStringLiteral(" · "));
}

QString ResultsTableModel::toolCallsSummary(const QList<ToolCall> &calls)
{
    QStringList lines;
    for (const ToolCall &call : calls) {
        const QJsonDocument arguments = QJsonDocument::fromJson(call.arguments.toUtf8());
        QString shown;
        if (arguments.isObject()) {
            QStringList pairs;
            const QJsonObject object = arguments.object();
            for (auto it = object.begin(); it != object.end(); ++it) {
                // One value as compact JSON: wrap it in an array and drop the brackets.
                const QByteArray value = QJsonDocument(QJsonArray{it.value()}).toJson(QJsonDocument::Compact);
                pairs.append(QStringLiteral("%1: %2").arg(it.key(), QString::fromUtf8(value.mid(1, value.size() - 2))));
            }
            shown = pairs.join(QStringLiteral(", "));
        } else {
            shown = call.arguments.simplified();
        }
        lines.append(QStringLiteral("%1(%2)").arg(call.name, shown));
    }
    return lines.join(QLatin1Char('\n'));
}

QVariant ResultsTableModel::data(const QModelIndex &index, int role) const
{
    const int cell = cellAt(index);
    if (cell < 0)
        return {};
    const CellResult &r = m_grid->result(cell);
    switch (role) {
    case Qt::DisplayRole:
        if (r.text.isEmpty() && !r.toolCalls.isEmpty())
            return toolCallsSummary(r.toolCalls).left(kPreviewChars);
        return r.text.isEmpty() ? (r.error.isEmpty() ? cellStatusName(r.status) : r.error) : r.text.left(kPreviewChars);
    case Qt::ToolTipRole: {
        QString tip = r.error.isEmpty() ? metricsSummary(r) : r.error;
        // The judge chip's why: its reason, or why there is no score.
        if (const std::optional<JudgeVerdict> judge = judgeVerdict(cell)) {
            const QString judged = judge->error.isEmpty() ? tr("Judge %1: %2").arg(judge->judgeModel, judge->reason)
                                                          : tr("Judge error (%1): %2").arg(judge->judgeModel, judge->error);
            tip = tip.isEmpty() ? judged : tip + QLatin1Char('\n') + judged;
        }
        return tip;
    }
    case CellIndexRole:
        return cell;
    case StatusRole:
        return int(r.status);
    case StatusNameRole:
        return cellStatusName(r.status);
    case AnswerRole:
        return r.text;
    case ReasoningRole:
        return r.reasoning;
    case ErrorRole:
        return r.error;
    case MetricsRole:
        return metricsSummary(r);
    case QueuePositionRole:
        return m_grid->queuePosition(cell);
    case AttemptsRole:
        return r.attempts;
    case RefusedRole:
        return r.isRefusal();
    case TurnRole:
        return m_grid->turn(cell);
    case ToolCallsRole:
        return toolCallsSummary(r.toolCalls);
    case ChecksPassedRole:
    case ChecksTotalRole: {
        const auto outcome = m_checks ? m_checks->outcome(cell) : std::nullopt;
        if (!outcome)
            return {};
        return role == ChecksPassedRole ? outcome->passed : outcome->total();
    }
    case SchemaValidRole:
    case SchemaErrorRole: {
        const auto verdict = m_checks ? m_checks->verdict(cell) : std::nullopt;
        if (!verdict)
            return {};
        return role == SchemaValidRole ? QVariant(verdict->valid) : QVariant(verdict->errorText());
    }
    case JudgeScoreRole:
    case JudgeScaleRole:
    case JudgeErrorRole:
    case JudgeReasonRole: {
        const std::optional<JudgeVerdict> judge = judgeVerdict(cell);
        if (!judge)
            return {};
        switch (role) {
        case JudgeScoreRole:
            return judge->score && judge->error.isEmpty() ? QVariant(*judge->score) : QVariant();
        case JudgeScaleRole:
            return QPointF(judge->scaleMin, judge->scaleMax);
        case JudgeErrorRole:
            return judge->error;
        default:
            return judge->reason;
        }
    }
    default:
        return {};
    }
}

QVariant ResultsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    const RunPlan &plan = m_grid->plan();
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= plan.columns.size())
            return {};
        return plan.columns.at(section).displayName();
    }
    if (section < 0 || section >= plan.rows.size())
        return {};
    const RunRow &row = plan.rows.at(section);
    // A conversation's row names its mode: the answers continue a history.
    const QString mode = row.history.isEmpty() ? QString() : conversationModeTitle(plan.mode).toLower();
    if (role == Qt::ToolTipRole)
        return mode.isEmpty() ? row.prompt.left(500)
                              : tr("%1 after %n earlier message(s):\n", nullptr, int(row.history.size())).arg(mode) + row.prompt.left(500);
    return mode.isEmpty() ? row.label : row.label + QStringLiteral(" · ") + mode;
}

void ResultsTableModel::setQuickCheckRunner(QuickCheckRunner *runner)
{
    if (m_checks)
        disconnect(m_checks, nullptr, this, nullptr);
    m_checks = runner;
    if (runner)
        connect(runner, &QuickCheckRunner::outcomesChanged, this, &ResultsTableModel::onCellsChanged);
    if (m_rows > 0 && m_columns > 0)
        Q_EMIT dataChanged(index(0, 0), index(m_rows - 1, m_columns - 1));
}

void ResultsTableModel::setJudgingState(const JudgingState *state)
{
    if (m_judging)
        disconnect(m_judging, nullptr, this, nullptr);
    m_judging = state;
    // Grades arrive one at a time as the judge's requests settle: one repaint request each.
    if (state) {
        connect(state, &JudgingState::ratingsChanged, this, [this] {
            if (m_rows > 0 && m_columns > 0)
                Q_EMIT dataChanged(index(0, 0), index(m_rows - 1, m_columns - 1));
        });
    }
    if (m_rows > 0 && m_columns > 0)
        Q_EMIT dataChanged(index(0, 0), index(m_rows - 1, m_columns - 1));
}

std::optional<JudgeVerdict> ResultsTableModel::judgeVerdict(int cell) const
{
    if (!m_judging)
        return std::nullopt;
    return m_judging->ratings().judgeVerdict(m_grid->address(cell));
}

void ResultsTableModel::onCellsChanged(const QList<int> &cells)
{
    if (m_rows == 0 || m_columns == 0)
        return;
    int top = m_rows, left = m_columns, bottom = -1, right = -1;
    for (int cell : cells) {
        if (cell >= m_grid->cellCount())
            continue;
        const CellSpec &spec = m_grid->spec(cell);
        if (spec.sample != m_sample)
            continue;
        top = std::min(top, spec.row);
        bottom = std::max(bottom, spec.row);
        left = std::min(left, spec.column);
        right = std::max(right, spec.column);
    }
    if (bottom >= 0)
        Q_EMIT dataChanged(index(top, left), index(bottom, right));
}
