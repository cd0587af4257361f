// SPDX-License-Identifier: MIT
#pragma once

#include "Battle.h"
#include "CellAddress.h"
#include "CellJudgement.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QuickCheckSet;
struct ResultRecord;

/// One A/B judgement: which of two columns answered a row better.
struct Preference {
    enum Winner { A, B, Tie };
    int row = 0;
    int sample = 0;
    int columnA = 0;
    int columnB = 0;
    Winner winner = Tie;
    bool operator==(const Preference &other) const = default;
};

/// One rater's verdict on an arena battle: the left or right answer is better, a tie, or skipped
/// (seen but not judged: it counts nowhere). The rater is Ratings::localRater() for the person at
/// this window, or another name (a judge model's, a colleague's), so each rater's verdicts stay
/// apart.
struct BattleVerdict {
    enum Outcome { Left, Right, Tie, Skip };
    Battle battle;
    QString rater;
    Outcome outcome = Skip;
    bool operator==(const BattleVerdict &other) const = default;
};

/// Per-model figures for the score table.
struct ModelScore {
    int column = 0;
    int ratingCount = 0;
    std::optional<double> meanRating;
    int wins = 0;
    int losses = 0;
    int ties = 0;
    double elo = 1000;
};

/// Ratings (1-5) and notes per cell, and A/B preferences between columns scored Elo-style.
/// A plain value: copy it to a worker thread for export.
class Ratings
{
public:
    static constexpr double kEloStart = 1000;
    static constexpr double kEloK = 32;

    /// Sets the 1-5 rating of \a key; other values clear it.
    void setRating(const CellAddress &key, int rating);
    void clearRating(const CellAddress &key);
    std::optional<int> rating(const CellAddress &key) const;
    void setNote(const CellAddress &key, const QString &note);
    QString note(const CellAddress &key) const;

    void addPreference(const Preference &preference);
    /// Removes the last preference recorded for this row, sample and pair of columns, if any.
    bool undoPreference(int row, int sample, int columnA, int columnB);
    const QList<Preference> &preferences() const { return m_preferences; }

    /// The rater name of the person at this window: "me".
    static QString localRater();
    /// Records \a verdict, replacing an earlier one of the same rater on the same battle (a
    /// battle counts at most once per rater).
    void setBattleVerdict(const BattleVerdict &verdict);
    std::optional<BattleVerdict::Outcome> battleVerdict(const Battle &battle, const QString &rater) const;
    bool clearBattleVerdict(const Battle &battle, const QString &rater);
    const QList<BattleVerdict> &battleVerdicts() const { return m_battleVerdicts; }
    /// The verdicts of one rater, in the order they were first given.
    QList<BattleVerdict> battleVerdicts(const QString &rater) const;
    /// Everyone who gave a battle verdict, in order of their first verdict.
    QStringList battleRaters() const;

    /// A judge model's grade of \a key's answer (one per cell: the last judge's), kept apart
    /// from the person's rating.
    void setJudgeVerdict(const CellAddress &key, const JudgeVerdict &verdict);
    std::optional<JudgeVerdict> judgeVerdict(const CellAddress &key) const;
    bool clearJudgeVerdict(const CellAddress &key);
    /// Removes every grade given by \a judgeModel (every judge's when empty); true when any went.
    bool clearJudgeVerdicts(const QString &judgeModel = {});
    const QHash<CellAddress, JudgeVerdict> &judgeVerdicts() const { return m_judgeVerdicts; }

    bool isEmpty() const
    {
        return m_cells.isEmpty() && m_preferences.isEmpty() && m_battleVerdicts.isEmpty() && m_judgeVerdicts.isEmpty();
    }
    void clear();

    /// Elo scores of \a columnCount columns after replaying every preference in order, each
    /// starting at kEloStart, updated with K = kEloK (a tie scores 0.5 for both).
    QList<double> eloScores(int columnCount) const;
    /// The score table, one entry per column.
    QList<ModelScore> scoreTable(int columnCount) const;
    /// The expected score of a player rated \a ra against one rated \a rb.
    static double eloExpected(double ra, double rb);

    /// Fills each record's judgement: its rating, note and judge grade, and, when \a checks is given and the
    /// answer is checkable, how many quick checks passed and failed.
    void annotate(QList<ResultRecord> &records, const QuickCheckSet *checks = nullptr) const;

    /// {"cells":[{"row","column","sample","rating","note"}],"preferences":[...],
    /// "battles":[{"row","sample","left","right","rater","verdict":"left|right|tie|skip"}]}; the
    /// "battles" key only when there are any, so older readers and files stay as they were.
    /// fromJson drops battle entries it cannot read (an unknown verdict is not a tie).
    /// Judge grades under "judge" (only when there are any): [{"row","column","sample","model",
    /// "score","scale_min","scale_max","reason","error","answer","cost_usd"}].
    QJsonObject toJson() const;
    static Ratings fromJson(const QJsonObject &object);
    bool operator==(const Ratings &other) const = default;

private:
    struct Entry {
        std::optional<int> rating;
        QString note;
        bool operator==(const Entry &other) const = default;
    };
    void prune(const CellAddress &key);

    QHash<CellAddress, Entry> m_cells;
    QList<Preference> m_preferences;
    QList<BattleVerdict> m_battleVerdicts;
    QHash<CellAddress, JudgeVerdict> m_judgeVerdicts;
};
