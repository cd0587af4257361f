// SPDX-License-Identifier: MIT
#include "Ratings.h"

#include "QuickCheck.h"
#include "ResultRecord.h"

#include <QJsonArray>

#include <cmath>

namespace {
QString winnerName(Preference::Winner winner)
{
    switch (winner) {
    case Preference::A:
        return QStringLiteral("a");
    case Preference::B:
        return QStringLiteral("b");
    case Preference::Tie:
        break;
    }
    return QStringLiteral("tie");
}

const char *const kOutcomeNames[] = {"left", "right", "tie", "skip"};

std::optional<BattleVerdict::Outcome> outcomeFromName(const QString &name)
{
    for (int outcome = BattleVerdict::Left; outcome <= BattleVerdict::Skip; ++outcome) {
        if (name == QLatin1String(kOutcomeNames[outcome]))
            return BattleVerdict::Outcome(outcome);
    }
    return std::nullopt;
}
} // namespace

void Ratings::setRating(const CellAddress &key, int rating)
{
    if (rating < 1 || rating > 5) {
        clearRating(key);
        return;
    }
    m_cells[key].rating = rating;
}

void Ratings::clearRating(const CellAddress &key)
{
    const auto it = m_cells.find(key);
    if (it == m_cells.end())
        return;
    it->rating.reset();
    prune(key);
}

std::optional<int> Ratings::rating(const CellAddress &key) const
{
    const auto it = m_cells.constFind(key);
    return it == m_cells.constEnd() ? std::nullopt : it->rating;
}

void Ratings::setNote(const CellAddress &key, const QString &note)
{
    m_cells[key].note = note;
    prune(key);
}

QString Ratings::note(const CellAddress &key) const
{
    return m_cells.value(key).note;
}

void Ratings::prune(const CellAddress &key)
{
    const auto it = m_cells.find(key);
    if (it != m_cells.end() && !it->rating && it->note.isEmpty())
        m_cells.erase(it);
}

void Ratings::addPreference(const Preference &preference)
{
    m_preferences.append(preference);
}

bool Ratings::undoPreference(int row, int sample, int columnA, int columnB)
{
    for (qsizetype i = m_preferences.size() - 1; i >= 0; --i) {
        const Preference &p = m_preferences.at(i);
        if (p.row == row && p.sample == sample
            && ((p.columnA == columnA && p.columnB == columnB) || (p.columnA == columnB && p.columnB == columnA))) {
            m_preferences.removeAt(i);
            return true;
        }
    }
    return false;
}

QString Ratings::localRater()
{
    return QStringLiteral("me");
}

void Ratings::setBattleVerdict(const BattleVerdict &verdict)
{
    for (BattleVerdict &known : m_battleVerdicts) {
        if (known.battle == verdict.battle && known.rater == verdict.rater) {
            known.outcome = verdict.outcome;
            return;
        }
    }
    m_battleVerdicts.append(verdict);
}

std::optional<BattleVerdict::Outcome> Ratings::battleVerdict(const Battle &battle, const QString &rater) const
{
    for (const BattleVerdict &known : m_battleVerdicts) {
        if (known.battle == battle && known.rater == rater)
            return known.outcome;
    }
    return std::nullopt;
}

bool Ratings::clearBattleVerdict(const Battle &battle, const QString &rater)
{
    return m_battleVerdicts.removeIf([&](const BattleVerdict &known) {
               return known.battle == battle && known.rater == rater;
           }) > 0;
}

QList<BattleVerdict> Ratings::battleVerdicts(const QString &rater) const
{
    QList<BattleVerdict> verdicts;
    for (const BattleVerdict &known : m_battleVerdicts) {
        if (known.rater == rater)
            verdicts.append(known);
    }
    return verdicts;
}

QStringList Ratings::battleRaters() const
{
    QStringList raters;
    for (const BattleVerdict &known : m_battleVerdicts) {
        if (!raters.contains(known.rater))
            raters.append(known.rater);
    }
    return raters;
}

void Ratings::setJudgeVerdict(const CellAddress &key, const JudgeVerdict &verdict)
{
    m_judgeVerdicts.insert(key, verdict);
}

std::optional<JudgeVerdict> Ratings::judgeVerdict(const CellAddress &key) const
{
    const auto it = m_judgeVerdicts.constFind(key);
    return it == m_judgeVerdicts.constEnd() ? std::nullopt : std::optional<JudgeVerdict>(*it);
}

bool Ratings::clearJudgeVerdict(const CellAddress &key)
{
    return m_judgeVerdicts.remove(key);
}

bool Ratings::clearJudgeVerdicts(const QString &judgeModel)
{
    bool removed = false;
    for (auto it = m_judgeVerdicts.begin(); it != m_judgeVerdicts.end();) {
        if (judgeModel.isEmpty() || it->judgeModel == judgeModel) {
            it = m_judgeVerdicts.erase(it);
            removed = true;
        } else {
            ++it;
        }
    }
    return removed;
}

void Ratings::clear()
{
    m_cells.clear();
    m_preferences.clear();
    m_battleVerdicts.clear();
    m_judgeVerdicts.clear();
}

double Ratings::eloExpected(double ra, double rb)
{
    return 1.0 / (1.0 + std::pow(10.0, (rb - ra) / 400.0));
}

QList<double> Ratings::eloScores(int columnCount) const
{
    QList<double> elo(qMax(0, columnCount), kEloStart);
    for (const Preference &p : m_preferences) {
        if (p.columnA < 0 || p.columnB < 0 || p.columnA >= columnCount || p.columnB >= columnCount
            || p.columnA == p.columnB)
            continue;
        const double ea = eloExpected(elo[p.columnA], elo[p.columnB]);
        const double sa = p.winner == Preference::A ? 1.0 : p.winner == Preference::B ? 0.0 : 0.5;
        const double delta = kEloK * (sa - ea);
        elo[p.columnA] += delta;
        elo[p.columnB] -= delta;
    }
    return elo;
}

QList<ModelScore> Ratings::scoreTable(int columnCount) const
{
    QList<ModelScore> table(qMax(0, columnCount));
    QList<double> sums(table.size(), 0.0);
    for (int column = 0; column < table.size(); ++column)
        table[column].column = column;
    for (auto it = m_cells.constBegin(); it != m_cells.constEnd(); ++it) {
        const int column = it.key().column;
        if (!it->rating || column < 0 || column >= table.size())
            continue;
        table[column].ratingCount++;
        sums[column] += *it->rating;
    }
    for (const Preference &p : m_preferences) {
        if (p.columnA < 0 || p.columnB < 0 || p.columnA >= table.size() || p.columnB >= table.size()
            || p.columnA == p.columnB)
            continue;
        switch (p.winner) {
        case Preference::A:
            table[p.columnA].wins++;
            table[p.columnB].losses++;
            break;
        case Preference::B:
            table[p.columnB].wins++;
            table[p.columnA].losses++;
            break;
        case Preference::Tie:
            table[p.columnA].ties++;
            table[p.columnB].ties++;
            break;
        }
    }
    const QList<double> elo = eloScores(columnCount);
    for (int column = 0; column < table.size(); ++column) {
        if (table[column].ratingCount > 0)
            table[column].meanRating = sums[column] / table[column].ratingCount;
        table[column].elo = elo[column];
    }
    return table;
}

void Ratings::annotate(QList<ResultRecord> &records, const QuickCheckSet *checks) const
{
    for (ResultRecord &record : records) {
        const CellAddress key = record.spec.address();
        const Entry entry = m_cells.value(key);
        record.judgement.rating = entry.rating;
        record.judgement.note = entry.note;
        record.judgement.judge = judgeVerdict(key);
        record.judgement.checksPassed.reset();
        record.judgement.checksFailed.reset();
        if (checks && !checks->checksFor(record.spec.column).isEmpty()
            && QuickCheck::isCheckable(record.result)) {
            const CheckOutcome outcome = checks->evaluate(record.spec, record.result);
            record.judgement.checksPassed = outcome.passed;
            record.judgement.checksFailed = outcome.failed;
        }
    }
}

QJsonObject Ratings::toJson() const
{
    QJsonArray cells;
    for (auto it = m_cells.constBegin(); it != m_cells.constEnd(); ++it) {
        QJsonObject cell{{QStringLiteral("row"), it.key().row},
                         {QStringLiteral("column"), it.key().column},
                         {QStringLiteral("sample"), it.key().sample}};
        if (it->rating)
            cell.insert(QStringLiteral("rating"), *it->rating);
        if (!it->note.isEmpty())
            cell.insert(QStringLiteral("note"), it->note);
        cells.append(cell);
    }
    QJsonArray preferences;
    for (const Preference &p : m_preferences) {
        preferences.append(QJsonObject{{QStringLiteral("row"), p.row},
                                       {QStringLiteral("sample"), p.sample},
                                       {QStringLiteral("a"), p.columnA},
                                       {QStringLiteral("b"), p.columnB},
                                       {QStringLiteral("winner"), winnerName(p.winner)}});
    }
    QJsonObject object{{QStringLiteral("cells"), cells}, {QStringLiteral("preferences"), preferences}};
    if (!m_battleVerdicts.isEmpty()) {
        QJsonArray battles;
        for (const BattleVerdict &v : m_battleVerdicts) {
            battles.append(QJsonObject{{QStringLiteral("row"), v.battle.row},
                                       {QStringLiteral("sample"), v.battle.sample},
                                       {QStringLiteral("left"), v.battle.left},
                                       {QStringLiteral("right"), v.battle.right},
                                       {QStringLiteral("rater"), v.rater},
                                       {QStringLiteral("verdict"), QLatin1String(kOutcomeNames[v.outcome])}});
        }
        object.insert(QStringLiteral("battles"), battles);
    }
    if (!m_judgeVerdicts.isEmpty()) {
        QJsonArray judged;
        for (auto it = m_judgeVerdicts.constBegin(); it != m_judgeVerdicts.constEnd(); ++it) {
            const JudgeVerdict &v = it.value();
            QJsonObject entry{{QStringLiteral("row"), it.key().row},
                              {QStringLiteral("column"), it.key().column},
                              {QStringLiteral("sample"), it.key().sample},
                              {QStringLiteral("model"), v.judgeModel},
                              {QStringLiteral("scale_min"), v.scaleMin},
                              {QStringLiteral("scale_max"), v.scaleMax},
                              {QStringLiteral("reason"), v.reason},
                              {QStringLiteral("error"), v.error},
                              {QStringLiteral("answer"), v.answer}};
            if (v.score)
                entry.insert(QStringLiteral("score"), *v.score);
            if (v.costUsd)
                entry.insert(QStringLiteral("cost_usd"), *v.costUsd);
            judged.append(entry);
        }
        object.insert(QStringLiteral("judge"), judged);
    }
    return object;
}

Ratings Ratings::fromJson(const QJsonObject &object)
{
    Ratings ratings;
    for (const QJsonValue &value : object.value(QLatin1String("cells")).toArray()) {
        const QJsonObject cell = value.toObject();
        const CellAddress key{cell.value(QLatin1String("row")).toInt(), cell.value(QLatin1String("column")).toInt(),
                          cell.value(QLatin1String("sample")).toInt()};
        if (cell.contains(QLatin1String("rating")))
            ratings.setRating(key, cell.value(QLatin1String("rating")).toInt());
        if (cell.contains(QLatin1String("note")))
            ratings.setNote(key, cell.value(QLatin1String("note")).toString());
    }
    for (const QJsonValue &value : object.value(QLatin1String("preferences")).toArray()) {
        const QJsonObject p = value.toObject();
        const QString winner = p.value(QLatin1String("winner")).toString();
        ratings.addPreference(Preference{p.value(QLatin1String("row")).toInt(), p.value(QLatin1String("sample")).toInt(),
                                         p.value(QLatin1String("a")).toInt(), p.value(QLatin1String("b")).toInt(),
                                         winner == QLatin1String("a")   ? Preference::A
                                             : winner == QLatin1String("b") ? Preference::B
                                                                            : Preference::Tie});
    }
    for (const QJsonValue &value : object.value(QLatin1String("battles")).toArray()) {
        const QJsonObject b = value.toObject();
        const auto outcome = outcomeFromName(b.value(QLatin1String("verdict")).toString());
        const QString rater = b.value(QLatin1String("rater")).toString();
        const Battle battle{b.value(QLatin1String("row")).toInt(-1), b.value(QLatin1String("sample")).toInt(-1),
                            b.value(QLatin1String("left")).toInt(-1), b.value(QLatin1String("right")).toInt(-1)};
        if (!outcome || rater.isEmpty() || battle.row < 0 || battle.sample < 0 || battle.left < 0 || battle.right < 0
            || battle.left == battle.right)
            continue;
        ratings.setBattleVerdict(BattleVerdict{battle, rater, *outcome});
    }
    for (const QJsonValue &value : object.value(QLatin1String("judge")).toArray()) {
        const QJsonObject j = value.toObject();
        const CellAddress key{j.value(QLatin1String("row")).toInt(-1), j.value(QLatin1String("column")).toInt(-1),
                              j.value(QLatin1String("sample")).toInt(-1)};
        JudgeVerdict v;
        v.judgeModel = j.value(QLatin1String("model")).toString();
        v.scaleMin = j.value(QLatin1String("scale_min")).toDouble(v.scaleMin);
        v.scaleMax = j.value(QLatin1String("scale_max")).toDouble(v.scaleMax);
        v.reason = j.value(QLatin1String("reason")).toString();
        v.error = j.value(QLatin1String("error")).toString();
        v.answer = j.value(QLatin1String("answer")).toString();
        // A score off its own scale (an edited file) is not a grade.
        const QJsonValue score = j.value(QLatin1String("score"));
        if (score.isDouble() && score.toDouble() >= v.scaleMin && score.toDouble() <= v.scaleMax)
            v.score = score.toDouble();
        if (j.value(QLatin1String("cost_usd")).isDouble())
            v.costUsd = j.value(QLatin1String("cost_usd")).toDouble();
        if (key.row < 0 || key.column < 0 || key.sample < 0 || v.judgeModel.isEmpty() || (!v.score && v.error.isEmpty()))
            continue;
        ratings.setJudgeVerdict(key, v);
    }
    return ratings;
}
