// SPDX-License-Identifier: MIT
#pragma once

#include "BlindSession.h"
#include "Ratings.h"

#include <QList>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;
class QTextBrowser;
class QFrame;
class ResultGrid;

/// Blind judging of a run: each row's answers in a shuffled order under neutral names.
/// Keys: 1-5 rate the focused answer, Left/Right move the focus, A/B/C... pick the
/// best answer of the row (with two answers, an A/B preference), T (or =) a tie,
/// N/PageDown and P/PageUp the next and previous row. Names and the score table appear after
/// Reveal.
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

    /// The title shown above the answer at \a position.
    QString titleAt(int position) const;
    QTextBrowser *answerView(int position) const { return m_answers.value(position); }
    QPushButton *revealButton() const { return m_revealButton; }
    QTableWidget *scoreTable() const { return m_scores; }

Q_SIGNALS:
    void ratingsChanged();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void buildAnswerViews();
    void editNote();
    void showRow();
    void updateTitles();
    void updateScores();
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
    QPushButton *m_noteButton;
    QPushButton *m_previousButton;
    QPushButton *m_nextButton;
    QWidget *m_answerArea;
    QList<QFrame *> m_frames;
    QList<QLabel *> m_titles;
    QList<QTextBrowser *> m_answers;
    QTableWidget *m_scores;
};
