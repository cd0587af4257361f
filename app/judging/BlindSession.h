// SPDX-License-Identifier: MIT
#pragma once

#include "Ratings.h"

#include <QList>
#include <QString>
#include <QStringList>

/// Blind judging: the answers of each row are shown in a shuffled order under neutral names
/// ("Answer A", "Answer B", ...) until revealed. The order of a row depends only on the seed
/// and the row, so reopening a session shows the same order again.
class BlindSession
{
public:
    BlindSession() = default;
    /// Judges \a columns (real column indexes, two or more) of rows 0..rowCount-1 for \a sample.
    BlindSession(int rowCount, const QList<int> &columns, quint64 seed, int sample = 0);

    int rowCount() const { return int(m_orders.size()); }
    int answerCount() const { return int(m_columns.size()); }
    quint64 seed() const { return m_seed; }
    int sample() const { return m_sample; }

    /// Shown position -> real column for \a row.
    QList<int> order(int row) const { return m_orders.value(row); }
    int realColumn(int row, int position) const;
    /// The position \a column is shown at in \a row, or -1.
    int shownPosition(int row, int column) const;

    bool isRevealed() const { return m_revealed; }
    void reveal() { m_revealed = true; }
    void hide() { m_revealed = false; }

    /// "A", "B", ... for positions 0, 1, ...
    static QString positionLetter(int position);
    /// The position a letter key stands for, or -1.
    static int positionFromLetter(QChar letter);
    /// What to call the answer at \a position: a neutral name while hidden, the model's name
    /// (from \a columnNames, indexed by real column) once revealed.
    QString shownName(int row, int position, const QStringList &columnNames) const;

    /// Rates the answer shown at \a position with 1-5 stars. False for a bad position or rating.
    bool rate(Ratings &ratings, int row, int position, int stars) const;
    /// Records that the answer at \a winnerPosition beat every other answer of \a row (one
    /// preference per pair; with two answers that is a single A/B judgement), replacing the row's
    /// earlier verdict.
    bool prefer(Ratings &ratings, int row, int winnerPosition) const;
    /// Records a tie between all answers of \a row, replacing the row's earlier verdict.
    bool tie(Ratings &ratings, int row) const;

    /// What was decided for a row: nothing yet, a best answer (at \c position), a tie, or
    /// preferences that are neither (as loaded from elsewhere).
    struct Verdict {
        enum Kind { None, Best, Tie, Mixed };
        Kind kind = None;
        int position = -1;
    };
    Verdict verdict(const Ratings &ratings, int row) const;
    /// Forgets the row's verdict: every preference between its judged answers. False if there
    /// was none.
    bool clearVerdict(Ratings &ratings, int row) const;

private:
    QList<int> m_columns;
    QList<QList<int>> m_orders;
    quint64 m_seed = 0;
    int m_sample = 0;
    bool m_revealed = false;
};
