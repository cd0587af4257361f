// SPDX-License-Identifier: MIT
#pragma once

#include "BattleSchedule.h"
#include "BradleyTerryFit.h"
#include "RatingShare.h"
#include "Ratings.h"

#include <QFutureWatcher>
#include <QList>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QTableWidget;
class QTextBrowser;

/// The blind arena, battle by battle: "Battle 3 of 24", the row's prompt (and conversation),
/// two answers as Left and Right with the models hidden, and Left is better / Right is better /
/// Tie / Skip (keys ← or 1, → or 2, T, S; Backspace goes back one battle and clears its
/// verdict). Verdicts are battle verdicts of the current rater. After the last battle, or on
/// Show Results, the results: Bradley-Terry scores with 95% intervals (bootstrapped on a worker
/// thread), the win-rate matrix and position bias, for you, all humans, each colleague or each
/// judge model, with how often the humans agreed with each judge. The battles and answers come
/// as a RatingShare: made from the window's grid, or read from a colleague's shared file.
class ArenaView : public QWidget
{
    Q_OBJECT
public:
    explicit ArenaView(QWidget *parent = nullptr);

    /// Rates \a content's battles; the results name the columns \a modelNames (neutral names
    /// when empty). Opens the first battle the rater has not judged yet.
    void setContent(const RatingShare &content, const QStringList &modelNames);
    const RatingShare &content() const { return m_content; }
    /// The results keep neutral names ("Model 1") until the rater has judged every battle, so
    /// that a shared file with names stays blind while it is rated.
    void setNamesShownOnlyWhenDone(bool onlyWhenDone);
    /// The battle list's lengths offered on the battle page (BattleSchedule::balancedSizes,
    /// the last is all of them), \a chosenMatchups selected (0: all); hidden with one or none.
    void setSizes(const QList<BattleSchedule::Size> &sizes, int chosenMatchups, bool bothOrders);
    void setRater(const QString &rater);
    const QString &rater() const { return m_rater; }
    /// Every rater's verdicts (the view adds the current rater's); shown without moving on.
    void setRatings(const Ratings &ratings);
    const Ratings &ratings() const { return m_ratings; }

    int battleCount() const { return int(m_content.battles().size()); }
    int currentIndex() const { return m_index; }
    void setCurrentIndex(int index);
    /// The current battle's verdict by the current rater, then the next battle (the results
    /// after the last).
    void choose(BattleVerdict::Outcome outcome);
    /// The previous battle, its verdict cleared.
    void goBack();
    void showResults();
    void showBattles();
    bool isShowingResults() const;
    /// Whose verdicts the results show: the raters of the entry at \a index of raterBox().
    void setResultsRaters(int index);
    /// True while the Bradley-Terry intervals are being computed.
    bool isFitting() const { return m_fitting; }

    QLabel *progressLabel() const { return m_progressLabel; }
    /// "5 of 24 judged".
    QLabel *judgedLabel() const { return m_judged; }
    QTextBrowser *promptView() const { return m_prompt; }
    QTextBrowser *leftView() const { return m_left; }
    QTextBrowser *rightView() const { return m_right; }
    QLabel *leftTitle() const { return m_leftTitle; }
    QLabel *rightTitle() const { return m_rightTitle; }
    QLabel *verdictLabel() const { return m_verdict; }
    QPushButton *leftButton() const { return m_leftButton; }
    QPushButton *rightButton() const { return m_rightButton; }
    QPushButton *tieButton() const { return m_tieButton; }
    QPushButton *skipButton() const { return m_skipButton; }
    QPushButton *backButton() const { return m_backButton; }
    QPushButton *resultsButton() const { return m_resultsButton; }
    QComboBox *raterBox() const { return m_raterBox; }
    /// How many battles to rate; its entries carry their match-up count (0 for all).
    QComboBox *sizeBox() const { return m_sizeBox; }
    /// "Hide the grid while rating" (on by default): the window covers the grid and the detail pane.
    QCheckBox *hideGridBox() const { return m_hideGridBox; }
    bool hidesGrid() const;
    QTableWidget *ratingsTable() const { return m_ratingsTable; }
    QTableWidget *winRateTable() const { return m_winRates; }
    QLabel *biasLabel() const { return m_bias; }
    QLabel *agreementLabel() const { return m_agreement; }

Q_SIGNALS:
    /// The current rater gave, changed or cleared a verdict.
    void ratingsChanged();
    /// The user chose another length of the battle list: \a matchups match-ups, 0 for all.
    void sizeChosen(int matchups);
    /// "Hide the grid while rating" was ticked or cleared.
    void hideGridChanged(bool hide);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void showBattle();
    void fitPages();
    /// As tall as the prompt, up to seven lines (it scrolls beyond), two in a short dock: the
    /// answers get the rest.
    void fitPromptHeight();
    void fillRaterBox();
    void updateResults();
    void fitRatings();
    void showRatings();
    QString modelName(int column) const;
    bool namesHidden() const;
    QList<PairwiseOutcome> selectedOutcomes() const;
    QStringList selectedRaters() const;

    RatingShare m_content;
    QStringList m_modelNames;
    QString m_rater = Ratings::localRater();
    Ratings m_ratings;
    int m_index = 0;
    bool m_namesOnlyWhenDone = false;

    QScrollArea *m_scroll;
    QStackedWidget *m_pages;
    QLabel *m_progressLabel;
    QLabel *m_judged;
    QLabel *m_raterLabel;
    QTextBrowser *m_prompt;
    QLabel *m_leftTitle;
    QLabel *m_rightTitle;
    QTextBrowser *m_left;
    QTextBrowser *m_right;
    QLabel *m_verdict;
    QPushButton *m_leftButton;
    QPushButton *m_rightButton;
    QPushButton *m_tieButton;
    QPushButton *m_skipButton;
    QPushButton *m_backButton;
    QPushButton *m_resultsButton;
    QPushButton *m_battlesButton;
    QComboBox *m_raterBox;
    QLabel *m_sizeLabel;
    QComboBox *m_sizeBox;
    QCheckBox *m_hideGridBox;
    QTableWidget *m_ratingsTable;
    QTableWidget *m_winRates;
    QLabel *m_bias;
    QLabel *m_agreement;
    QFutureWatcher<QList<BradleyTerryScore>> m_fitWatcher;
    QList<PairwiseOutcome> m_fitted;
    QList<BradleyTerryScore> m_scores;
    bool m_fitPending = false;
    bool m_fitting = false; ///< from the start of a fit until its result is shown
};
