// SPDX-License-Identifier: MIT
#include "JudgeRun.h"

#include "BattleSchedule.h"
#include "JudgePrompt.h"
#include "JudgeVerdictParser.h"
#include "JudgingState.h"
#include "RunSession.h"
#include "Scheduler.h"

#include <QSet>

namespace {
bool answered(const CellResult &result)
{
    return result.status == CellStatus::Ok && !result.text.trimmed().isEmpty();
}

QString variable(const RunRow &row, const QString &name)
{
    for (const auto &value : row.variables) {
        if (value.first == name)
            return value.second;
    }
    return {};
}

QStringList variableNames(const RunPlan &plan)
{
    QStringList names;
    for (const RunRow &row : plan.rows) {
        for (const auto &value : row.variables) {
            if (!names.contains(value.first))
                names.append(value.first);
        }
    }
    return names;
}

/// Why a judge request gave no verdict: "judge request not sent: the run's spend cap ...",
/// "judge request error: HTTP 500 ...".
QString failureText(const CellResult &result)
{
    if (result.error.startsWith(QLatin1String("not sent: ")))
        return QStringLiteral("judge request ") + result.error;
    return QStringLiteral("judge request %1: %2")
        .arg(cellStatusName(result.status), result.error.isEmpty() ? QStringLiteral("no answer") : result.error);
}

RunRow judgeRow(const JudgeQuestion &question, const QString &label)
{
    RunRow row;
    row.prompt = question.prompt;
    row.system = question.system;
    row.label = label;
    row.outputFormat = question.format;
    row.attachments = question.attachments;
    return row;
}

/// What the graded model was sent besides text: the conversation's files, then the prompt's.
QList<Attachment> sentFiles(const QList<ChatMessage> &history, const QList<Attachment> &prompt)
{
    QList<Attachment> all;
    for (const ChatMessage &message : history)
        all.append(message.attachments);
    all.append(prompt);
    return all;
}
} // namespace

JudgeRun::JudgeRun(RunSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    if (!session)
        return;
    // Verdicts address the grid's cells by place: a new grid ends the pass, and its cap starts
    // again from what the new run spends.
    connect(session->scheduler(), &ResultGrid::planReset, this, [this] {
        m_earlierPassesUsd = 0;
        m_passOnThisGrid = false;
        if (m_scheduler && m_scheduler->isActive())
            cancelAll();
    });
    connect(session->settings(), &RunSettings::changed, this, &JudgeRun::applySettings);
    // Cancel All (Esc, the window closing) stops the judge too.
    connect(session, &RunSession::cancellingAll, this, [this] {
        if (isActive())
            cancelAll();
    });
}

QString JudgeRun::judgeRater(const ModelColumn &judge)
{
    return QStringLiteral("judge:") + judge.displayName();
}

Scheduler *JudgeRun::scheduler() const
{
    return m_scheduler;
}

bool JudgeRun::isActive() const
{
    return m_scheduler && m_scheduler->isActive();
}

double JudgeRun::spentUsd() const
{
    return m_earlierPassesUsd + (m_scheduler && m_passOnThisGrid ? m_scheduler->spentUsd() : 0);
}

JudgeRun::PositionBias JudgeRun::positionBias() const
{
    PositionBias bias;
    if (m_request.mode != Mode::Pairwise)
        return bias;
    for (const PairResult &pair : m_pairs) {
        if (!pair.settled || !pair.outcome)
            continue; // an order failed: nothing to compare
        ++bias.battles;
        bias.changed += pair.ordersDisagreed ? 1 : 0;
    }
    return bias;
}

QString JudgeRun::PositionBias::text() const
{
    return QStringLiteral("the judge's pick changed with the side in %1 of %2 battles (%3%)")
        .arg(changed)
        .arg(battles)
        .arg(battles > 0 ? qRound(100.0 * changed / battles) : 0);
}

int JudgeRun::gradedCell(int judgeCell) const
{
    return m_request.mode == Mode::Grade ? m_gradedCells.value(judgeCell, -1) : -1;
}

void JudgeRun::applySettings()
{
    if (!m_scheduler || !m_session)
        return;
    const RunSettings *settings = m_session->settings();
    m_scheduler->setLimits(settings->limits());
    m_scheduler->setGlobalConcurrency(settings->globalConcurrency());
    m_scheduler->setConcurrencyOverride(settings->concurrencyOverride());
    m_scheduler->setSpendCap(settings->spendCap());
}

bool JudgeRun::start(const Request &request, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (!m_session)
        return fail(QStringLiteral("there is no run to judge"));
    if (isActive())
        return fail(QStringLiteral("a judge pass is still running: cancel it first"));
    const Scheduler *grid = m_session->scheduler();
    if (!grid->providers().find(request.judge.provider))
        return fail(QStringLiteral("unknown judge provider \"%1\"").arg(request.judge.provider));
    if (request.judge.model.isEmpty())
        return fail(QStringLiteral("the judge has no model"));
    if (request.rubric.text.trimmed().isEmpty())
        return fail(QStringLiteral("the rubric is empty"));
    if (!(request.rubric.scaleMin < request.rubric.scaleMax))
        return fail(QStringLiteral("the judge's scale %1 is empty")
                        .arg(JudgePrompt::scaleText(request.rubric.scaleMin, request.rubric.scaleMax)));
    const QString reference = request.rubric.referenceColumn;
    if (!reference.isEmpty()) {
        const QStringList names = variableNames(grid->plan());
        if (!names.contains(reference)) {
            return fail(names.isEmpty()
                            ? QStringLiteral("the reference column \"%1\" is not a variable of the run: it has no variables").arg(reference)
                            : QStringLiteral("the reference column \"%1\" is not a variable of the run (its variables: %2)")
                                  .arg(reference, names.join(QStringLiteral(", "))));
        }
    }

    m_request = request;
    m_gradedCells.clear();
    m_judgeRowsOfCell.clear();
    m_orders.clear();
    m_pairs.clear();
    m_pairRows.clear();
    m_cancelledRows.clear();
    m_cancelledAll = false;
    RunPlan judgePlan;
    const bool built = request.mode == Mode::Grade ? buildGradePlan(&judgePlan, error) : buildPairwisePlan(&judgePlan, error);
    if (!built)
        return false;
    if (m_scheduler && m_passOnThisGrid)
        m_earlierPassesUsd += m_scheduler->spentUsd();
    m_passOnThisGrid = true;

    if (!m_scheduler) {
        m_scheduler = new Scheduler(this);
        connect(m_scheduler, &ResultGrid::cellFinished, this, &JudgeRun::onJudgeCellFinished);
        connect(m_scheduler, &Scheduler::countsChanged, this, &JudgeRun::countsChanged);
        connect(m_scheduler, &ResultGrid::runFinished, this, &JudgeRun::finished);
    }
    m_scheduler->setProviders(grid->providers());
    m_scheduler->keys() = m_session->scheduler()->keys();
    applySettings();
    // One spend cap per run: the graded run's spending and earlier judge passes count.
    m_scheduler->setSpentElsewhereUsd(grid->spentUsd() + m_earlierPassesUsd);
    m_scheduler->start(judgePlan);
    return true;
}

bool JudgeRun::buildGradePlan(RunPlan *judgePlanOut, QString *error)
{
    const Scheduler *grid = m_session->scheduler();
    const RunPlan &plan = grid->plan();
    QList<int> cells = m_request.cells.isEmpty() ? grid->allCells() : m_request.cells;
    RunPlan judgePlan;
    judgePlan.columns = {m_request.judge};
    QList<CellAddress> judged;
    for (const int cell : std::as_const(cells)) {
        if (cell < 0 || cell >= grid->cellCount() || !answered(grid->result(cell)) || m_judgeRowsOfCell.contains(cell))
            continue;
        const CellSpec &spec = grid->spec(cell);
        JudgeContext context{spec.system, spec.history, spec.prompt, {}, sentFiles(spec.history, spec.attachments)};
        if (!m_request.rubric.referenceColumn.isEmpty())
            context.reference = variable(plan.rows.value(spec.row), m_request.rubric.referenceColumn);
        const JudgeQuestion question = JudgePrompt::grade(m_request.rubric, context, grid->result(cell).text);
        m_judgeRowsOfCell[cell].append(int(judgePlan.rows.size()));
        m_gradedCells.append(cell);
        judgePlan.rows.append(judgeRow(question, plan.rows.value(spec.row).label + QStringLiteral(" · ")
                                                     + spec.model.displayName()));
        judged.append(spec.address());
    }
    if (judgePlan.rows.isEmpty()) {
        if (error)
            *error = QStringLiteral("nothing to judge: no cell has an answer");
        return false;
    }
    // A re-run replaces this judge's grades: all of them, or those of the cells asked for.
    const QString judgeName = m_request.judge.displayName();
    m_session->judging()->clearJudgeVerdicts(judgeName, m_request.cells.isEmpty() ? QList<CellAddress>() : judged);
    *judgePlanOut = judgePlan;
    return true;
}

bool JudgeRun::buildPairwisePlan(RunPlan *judgePlanOut, QString *error)
{
    const Scheduler *grid = m_session->scheduler();
    const RunPlan &plan = grid->plan();
    if (plan.columns.size() < 2) {
        if (error)
            *error = QStringLiteral("pairwise judging needs two columns or more");
        return false;
    }
    QList<int> columns;
    for (int column = 0; column < plan.columns.size(); ++column)
        columns.append(column);
    QList<Battle> battles;
    for (int sample = 0; sample < std::max(1, plan.samples); ++sample) {
        BattleSchedule::Request schedule;
        schedule.rowCount = int(plan.rows.size());
        schedule.columns = columns;
        schedule.sample = sample;
        schedule.bothOrders = true;
        schedule.available = BattleSchedule::answeredCells(*grid, sample);
        battles.append(BattleSchedule(schedule).battles());
    }
    RunPlan judgePlan;
    judgePlan.columns = {m_request.judge};
    QSet<int> paired;
    for (qsizetype i = 0; i < battles.size(); ++i) {
        if (paired.contains(int(i)))
            continue;
        const Battle first = battles.at(i);
        const Battle swapped{first.row, first.sample, first.right, first.left};
        const qsizetype j = battles.indexOf(swapped, i + 1);
        if (j < 0)
            continue; // both orders or none: a battle asked one way cannot be combined
        paired.insert(int(i));
        paired.insert(int(j));
        const int pair = int(m_pairs.size());
        m_pairs.append(PairResult{first, std::nullopt, {}, {}, false});
        const RunRow &row = plan.rows.at(first.row);
        JudgeContext context{row.system, row.history, row.prompt, {}, sentFiles(row.history, row.attachments)};
        if (!m_request.rubric.referenceColumn.isEmpty())
            context.reference = variable(row, m_request.rubric.referenceColumn);
        const auto answerOf = [&](int column) {
            return grid->result(grid->cellIndex({first.row, column, first.sample})).text;
        };
        const QString label = row.label + QStringLiteral(" · ") + plan.columns.at(first.left).displayName()
            + QStringLiteral(" vs ") + plan.columns.at(first.right).displayName();
        m_pairRows.append({int(judgePlan.rows.size()), int(judgePlan.rows.size()) + 1});
        judgePlan.rows.append(judgeRow(JudgePrompt::pairwise(m_request.rubric, context, answerOf(first.left), answerOf(first.right)), label));
        m_orders.append(Order{pair, false});
        judgePlan.rows.append(judgeRow(JudgePrompt::pairwise(m_request.rubric, context, answerOf(first.right), answerOf(first.left)),
                                       label + QStringLiteral(" (swapped)")));
        m_orders.append(Order{pair, true});
    }
    if (judgePlan.rows.isEmpty()) {
        if (error)
            *error = QStringLiteral("nothing to judge: no row has two answers to compare");
        return false;
    }
    m_session->judging()->clearBattleVerdicts(judgeRater(m_request.judge));
    *judgePlanOut = judgePlan;
    return true;
}

void JudgeRun::cancelAll()
{
    if (!m_scheduler)
        return;
    m_cancelledAll = true;
    m_scheduler->cancelAll();
}

void JudgeRun::cancelCell(int cell)
{
    if (!m_scheduler)
        return;
    for (const int judgeCell : m_judgeRowsOfCell.value(cell)) {
        m_cancelledRows.insert(judgeCell);
        m_scheduler->cancelCell(judgeCell);
    }
}

void JudgeRun::onJudgeCellFinished(int judgeCell)
{
    // A cancel means no verdict: not even "cancelled" in place of the one that was there.
    if (m_cancelledAll || m_cancelledRows.contains(judgeCell) || !m_session)
        return;
    if (m_request.mode == Mode::Grade)
        settleGrade(judgeCell);
    else
        settlePair(judgeCell);
}

void JudgeRun::settleGrade(int judgeCell)
{
    const int cell = m_gradedCells.value(judgeCell, -1);
    const Scheduler *grid = m_session->scheduler();
    if (cell < 0 || cell >= grid->cellCount())
        return;
    const CellResult &result = m_scheduler->result(judgeCell);
    JudgeVerdict verdict;
    verdict.judgeModel = m_request.judge.displayName();
    verdict.scaleMin = m_request.rubric.scaleMin;
    verdict.scaleMax = m_request.rubric.scaleMax;
    verdict.answer = result.text;
    verdict.costUsd = result.costUsd;
    if (result.status != CellStatus::Ok) {
        verdict.error = failureText(result);
    } else {
        const JudgeVerdictParser::Grade grade = JudgeVerdictParser::readGrade(result.text, verdict.scaleMin, verdict.scaleMax);
        verdict.score = grade.score;
        verdict.reason = grade.reason;
        verdict.error = grade.error;
    }
    m_session->judging()->setJudgeVerdict(grid->spec(cell).address(), verdict);
    Q_EMIT verdictChanged(cell);
}

void JudgeRun::settlePair(int judgeCell)
{
    if (judgeCell < 0 || judgeCell >= m_orders.size())
        return;
    const int pair = m_orders.at(judgeCell).pair;
    const QList<int> rows = m_pairRows.value(pair);
    if (rows.size() != 2 || !isFinalStatus(m_scheduler->result(rows[0]).status)
        || !isFinalStatus(m_scheduler->result(rows[1]).status))
        return; // the other order is still on its way
    const auto pick = [this](int row) {
        const CellResult &result = m_scheduler->result(row);
        if (result.status != CellStatus::Ok) {
            JudgeVerdictParser::Pick failed;
            failed.error = failureText(result);
            return failed;
        }
        return JudgeVerdictParser::readPick(result.text);
    };
    const JudgeVerdictParser::Pick first = pick(rows[0]);
    const JudgeVerdictParser::Pick swapped = pick(rows[1]);
    const JudgeVerdictParser::Pick combined = JudgeVerdictParser::combineOrders(first, swapped);
    PairResult &result = m_pairs[pair];
    result.settled = true;
    result.ordersDisagreed = JudgeVerdictParser::ordersDisagree(first, swapped);
    result.reason = combined.reason;
    result.error = combined.error;
    result.outcome.reset();
    if (combined.winner) {
        result.outcome = *combined.winner == JudgeVerdictParser::Winner::A   ? BattleVerdict::Left
            : *combined.winner == JudgeVerdictParser::Winner::B              ? BattleVerdict::Right
                                                                             : BattleVerdict::Tie;
        m_session->judging()->setBattleVerdict(BattleVerdict{result.battle, judgeRater(m_request.judge), *result.outcome});
    }
    const Scheduler *grid = m_session->scheduler();
    Q_EMIT verdictChanged(grid->cellIndex({result.battle.row, result.battle.left, result.battle.sample}));
    Q_EMIT verdictChanged(grid->cellIndex({result.battle.row, result.battle.right, result.battle.sample}));
}
