// SPDX-License-Identifier: MIT
#pragma once

#include "BlindSession.h"
#include "BradleyTerryFit.h"
#include "Ratings.h"

#include <QFutureWatcher>
#include <QList>
#include <QWidget>

class QAbstractButton;
class QLabel;
class QPushButton;
class QTableWidget;
class QTextBrowser;
class QFrame;
class ResultGrid;

/// Blind judging of a run: each row's answers in a shuffled order under neutral names.
/// Keys: 1-5 rate the focused answer, Left/Right move the focus, A/B/C... pick the
/// best answer of the row (with two answers, an A/B preference), T (or =) a tie, Backspace
/// clears the row's pick, N/PageDown and P/PageUp the next and previous row. Every key has a
/// button too (1-5 and "A is best" under each answer, Tie and Clear Pick above). The row's pick
/// stays shown and can be changed. Names and the score table (every model, best first) appear
/// after Reveal: mean rating, wins, Elo, and the Bradley-Terry score with its 95% interval
/// (bootstrapped on a worker thread), with position bias and agreement with other raters below.
class BlindModePanel : public QWidget
{
    Q_OBJECT
public:
    explicit BlindModePanel(const ResultGrid *grid, QWidget *parent = nullptr);

    /// Starts a session over \a columns (all when empty) with \a seed (a random one when 0).
    void startSession(const QList<int> &columns = {}, quint64 seed = 0, int sample = 0);
    const BlindSession &session() const { return m_session; }
    const Ratings &ratings() const { return m_ratings; }
    /// Uses \a ratings (for example loaded with a saved run) and shows them.
    void setRatings(const Ratings &ratings);

    int currentRow() const { return m_row; }
    void setCurrentRow(int row);
    int focusedPosition() const { return m_focus; }
    void setFocusedPosition(int position);
    void reveal();
    bool isRevealed() const { return m_session.isRevealed(); }
    /// Sets the note of the answer shown at \a position in the current row.
    void setNoteAt(int position, const QString &note);
    QString noteAt(int position) const;

    /// Picks the answer at \a position as the row's best (replacing an earlier pick).
    void pickBest(int position);
    void pickTie();
    void clearPick();
    /// Rates the answer at \a position with 1-5 stars and focuses it.
    void rateAt(int position, int stars);
    /// What the row's pick reads as ("Your pick: B is the best answer of this row.").
    QString verdictText() const;

    /// The title shown above the answer at \a position.
    QString titleAt(int position) const;
    QTextBrowser *answerView(int position) const { return m_answers.value(position); }
    QPushButton *revealButton() const { return m_revealButton; }
    QPushButton *bestButton(int position) const { return m_bestButtons.value(position); }
    /// The button that rates the answer at \a position with \a stars (1-5).
    QAbstractButton *ratingButton(int position, int stars) const;
    QPushButton *tieButton() const { return m_tieButton; }
    QPushButton *clearPickButton() const { return m_clearButton; }
    QTableWidget *scoreTable() const { return m_scores; }
    /// Position bias of your battle verdicts, and agreement with each other rater.
    QString arenaSummary() const;
    /// True while the Bradley-Terry intervals are being computed.
    bool isFittingRatings() const { return m_fitWatcher.isRunning(); }

    QPushButton *arenaButton() const { return m_arenaButton; }

Q_SIGNALS:
    void ratingsChanged();
    /// The user asked for the battle-by-battle arena.
    void arenaRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void buildAnswerViews();
    void editNote();
    void showRow();
    void updateTitles();
    void updateScores();
    void showScores();
    void fitRatings();
    QString bradleyTerryText(int column) const;
    void judged();
    QStringList columnNames() const;

    const ResultGrid *m_grid;
    BlindSession m_session;
    Ratings m_ratings;
    int m_row = 0;
    int m_focus = 0;
    QLabel *m_rowLabel;
    QLabel *m_hint;
    QLabel *m_verdict;
    QPushButton *m_revealButton;
    QPushButton *m_arenaButton;
    QPushButton *m_noteButton;
    QPushButton *m_previousButton;
    QPushButton *m_nextButton;
    QPushButton *m_tieButton;
    QPushButton *m_clearButton;
    QWidget *m_answerArea;
    QList<QFrame *> m_frames;
    QList<QLabel *> m_titles;
    QList<QTextBrowser *> m_answers;
    QList<QPushButton *> m_bestButtons;
    QList<QList<QAbstractButton *>> m_ratingButtons;
    QTableWidget *m_scores;
    QLabel *m_arenaSummary;
    QFutureWatcher<QList<BradleyTerryScore>> m_fitWatcher;
    QList<PairwiseOutcome> m_fitted; ///< what m_bradleyTerry was fitted on
    QList<BradleyTerryScore> m_bradleyTerry;
    bool m_fitPending = false;
};
