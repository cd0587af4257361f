// SPDX-License-Identifier: MIT
#include "ArenaView.h"

#include "AnswerMarkdown.h"
#include "ArenaStats.h"
#include "ArenaText.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace {
bool isJudge(const QString &rater)
{
    return rater.startsWith(QLatin1String("judge:"));
}

// Best first: finite scores high to low, with the never-beaten above and the never-winning below.
int rank(const BradleyTerryScore &score)
{
    switch (score.bound) {
    case BradleyTerryScore::UnboundedAbove:
        return 0;
    case BradleyTerryScore::Finite:
        return 1;
    case BradleyTerryScore::UnboundedBelow:
        return 2;
    case BradleyTerryScore::NotLinked:
        return 3;
    case BradleyTerryScore::NoBattles:
        break;
    }
    return 4;
}

QTextBrowser *readingView(QWidget *parent, const QString &name)
{
    auto *view = new QTextBrowser(parent);
    // Read through the arena: its keys judge, and a text view would take them.
    view->setFocusPolicy(Qt::NoFocus);
    view->setAccessibleName(name);
    view->setOpenExternalLinks(false);
    view->setOpenLinks(false);
    return view;
}

QTableWidget *figuresTable(QWidget *parent, const QString &name)
{
    auto *table = new QTableWidget(parent);
    table->setAccessibleName(name);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->setFocusPolicy(Qt::TabFocus);
    // Compact rows, and as tall as they are where there is room, so that every model shows.
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    table->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    return table;
}
} // namespace

ArenaView::ArenaView(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Blind arena"));
    setFocusPolicy(Qt::StrongFocus);
    m_pages = new QStackedWidget(this);

    // The battle page.
    auto *battlePage = new QWidget(m_pages);
    m_progressLabel = new QLabel(battlePage);
    m_progressLabel->setObjectName(QStringLiteral("arenaProgress"));
    m_progressLabel->setAccessibleName(tr("Battle number"));
    QFont bold = m_progressLabel->font();
    bold.setBold(true);
    m_progressLabel->setFont(bold);
    m_judged = new QLabel(battlePage);
    m_judged->setAccessibleName(tr("Battles judged"));
    m_judged->setForegroundRole(QPalette::PlaceholderText);
    m_raterLabel = new QLabel(battlePage);
    m_raterLabel->setForegroundRole(QPalette::PlaceholderText);
    m_resultsButton = new QPushButton(tr("Show &Results"), battlePage);
    m_resultsButton->setAccessibleName(tr("Show the results of the arena"));
    m_sizeBox = new QComboBox(battlePage);
    m_sizeBox->setAccessibleName(tr("How many battles to rate"));
    m_sizeBox->setToolTip(tr("Fewer battles, still balanced: every pair of models meets equally often, each shown both ways"));
    m_sizeBox->setFocusPolicy(Qt::TabFocus);
    m_sizeBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_sizeLabel = new QLabel(tr("Battles to rat&e:"), battlePage);
    m_sizeLabel->setBuddy(m_sizeBox);
    m_sizeLabel->hide();
    m_sizeBox->hide();
    m_hideGridBox = new QCheckBox(tr("&Hide the grid while rating"), battlePage);
    m_hideGridBox->setToolTip(tr("The grid and the detail pane show whose answer is whose; covered, the battles stay blind"));
    m_hideGridBox->setChecked(true);
    connect(m_hideGridBox, &QCheckBox::toggled, this, &ArenaView::hideGridChanged);
    auto *top = new QHBoxLayout;
    top->addWidget(m_progressLabel);
    top->addSpacing(12);
    top->addWidget(m_judged);
    top->addSpacing(12);
    top->addWidget(m_sizeLabel);
    top->addWidget(m_sizeBox);
    top->addStretch(1);
    top->addWidget(m_hideGridBox);
    top->addWidget(m_raterLabel);
    top->addWidget(m_resultsButton);

    m_prompt = readingView(battlePage, tr("Prompt"));

    auto *answers = new QHBoxLayout;
    for (auto [title, view, name] : {std::tuple{&m_leftTitle, &m_left, tr("Left")}, std::tuple{&m_rightTitle, &m_right, tr("Right")}}) {
        auto *frame = new QFrame(battlePage);
        frame->setFrameShape(QFrame::StyledPanel);
        auto *column = new QVBoxLayout(frame);
        // Tight: every pixel here is one the answers or the grid above do not get.
        column->setContentsMargins(6, 4, 6, 4);
        column->setSpacing(2);
        *title = new QLabel(name, frame);
        (*title)->setFont(bold);
        (*title)->setTextFormat(Qt::PlainText);
        *view = readingView(frame, tr("%1 answer").arg(name));
        // Three lines at least; the answers take what the prompt and the buttons leave.
        (*view)->setMinimumHeight(3 * (*view)->fontMetrics().lineSpacing() + 2 * (*view)->frameWidth());
        column->addWidget(*title);
        column->addWidget(*view, 1);
        answers->addWidget(frame, 1);
    }

    m_verdict = new QLabel(battlePage);
    m_verdict->setObjectName(QStringLiteral("arenaVerdict"));
    m_verdict->setAccessibleName(tr("Verdict on this battle"));
    m_verdict->setWordWrap(true);
    m_leftButton = new QPushButton(tr("◀ Left is better (1)"), battlePage);
    m_leftButton->setAccessibleName(tr("The left answer is better"));
    m_tieButton = new QPushButton(tr("Tie (T)"), battlePage);
    m_tieButton->setAccessibleName(tr("The answers are equally good"));
    m_skipButton = new QPushButton(tr("Skip (S)"), battlePage);
    m_skipButton->setAccessibleName(tr("Skip this battle without a verdict"));
    m_rightButton = new QPushButton(tr("Right is better (2) ▶"), battlePage);
    m_rightButton->setAccessibleName(tr("The right answer is better"));
    m_backButton = new QPushButton(tr("Back (⌫)"), battlePage);
    m_backButton->setAccessibleName(tr("Back to the previous battle, clearing its verdict"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_backButton);
    buttons->addStretch(1);
    buttons->addWidget(m_leftButton);
    buttons->addWidget(m_tieButton);
    buttons->addWidget(m_skipButton);
    buttons->addWidget(m_rightButton);
    buttons->addStretch(1);
    // Reachable with Tab, but a click leaves the focus on the arena, whose keys judge.
    for (QPushButton *button : {m_leftButton, m_rightButton, m_tieButton, m_skipButton, m_backButton, m_resultsButton})
        button->setFocusPolicy(Qt::TabFocus);

    auto *battleLayout = new QVBoxLayout(battlePage);
    battleLayout->setContentsMargins(0, 0, 0, 0);
    battleLayout->setSpacing(4);
    battleLayout->addLayout(top);
    battleLayout->addWidget(m_prompt);
    battleLayout->addLayout(answers, 1);
    battleLayout->addWidget(m_verdict);
    battleLayout->addLayout(buttons);
    m_pages->addWidget(battlePage);

    // The results page.
    auto *resultsPage = new QWidget(m_pages);
    auto *resultsTitle = new QLabel(tr("Arena results"), resultsPage);
    resultsTitle->setFont(bold);
    m_raterBox = new QComboBox(resultsPage);
    m_raterBox->setAccessibleName(tr("Whose verdicts the results show"));
    m_raterBox->setFocusPolicy(Qt::TabFocus);
    // Its entries are filled later ("All humans (3)"): as wide as the longest, never cut.
    m_raterBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_battlesButton = new QPushButton(tr("◀ Back to the &Battles"), resultsPage);
    m_battlesButton->setFocusPolicy(Qt::TabFocus);
    auto *resultsTop = new QHBoxLayout;
    resultsTop->addWidget(resultsTitle);
    resultsTop->addStretch(1);
    resultsTop->addWidget(new QLabel(tr("Verdicts of:"), resultsPage));
    resultsTop->addWidget(m_raterBox);
    resultsTop->addWidget(m_battlesButton);
    m_ratingsTable = figuresTable(resultsPage, tr("Bradley-Terry ratings"));
    m_ratingsTable->setColumnCount(4);
    m_ratingsTable->setHorizontalHeaderLabels({tr("Model"), tr("Bradley-Terry (95%)"), tr("Wins / losses / ties"), tr("Battles")});
    m_ratingsTable->horizontalHeaderItem(1)->setToolTip(
        tr("Bradley-Terry fit of the verdicts (ties are half a win), on an Elo-like scale centred on 1000, with a "
           "95% bootstrap interval over 200 resamples"));
    m_ratingsTable->verticalHeader()->hide();
    m_winRates = figuresTable(resultsPage, tr("Win-rate matrix"));
    m_winRates->setToolTip(tr("How the model of each row did against the model of each column: its share of the points "
                              "(a tie is half a point), with wins–losses–ties"));
    m_bias = new QLabel(resultsPage);
    m_bias->setObjectName(QStringLiteral("arenaBias"));
    m_bias->setAccessibleName(tr("Position bias"));
    m_bias->setWordWrap(true);
    m_bias->setTextFormat(Qt::PlainText);
    m_agreement = new QLabel(resultsPage);
    m_agreement->setObjectName(QStringLiteral("arenaAgreement"));
    m_agreement->setAccessibleName(tr("Agreement between raters"));
    m_agreement->setWordWrap(true);
    m_agreement->setTextFormat(Qt::PlainText);
    auto *ratingsTitle = new QLabel(tr("Ratings, best first"), resultsPage);
    auto *winTitle = new QLabel(tr("Win rates (row against column)"), resultsPage);
    // Side by side: a dock under the grid has more width than height.
    auto *tables = new QGridLayout;
    tables->addWidget(ratingsTitle, 0, 0);
    tables->addWidget(winTitle, 0, 1);
    tables->addWidget(m_ratingsTable, 1, 0);
    tables->addWidget(m_winRates, 1, 1);
    tables->setColumnStretch(0, 3);
    tables->setColumnStretch(1, 2);
    auto *resultsLayout = new QVBoxLayout(resultsPage);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    resultsLayout->addLayout(resultsTop);
    resultsLayout->addLayout(tables);
    resultsLayout->addWidget(m_bias);
    resultsLayout->addWidget(m_agreement);
    resultsLayout->addStretch(1);
    m_pages->addWidget(resultsPage);

    // In a scroll area: a short dock scrolls the page instead of pushing the window (and its
    // status bar) past the bottom of the screen.
    m_scroll = new QScrollArea(this);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setFocusPolicy(Qt::NoFocus);
    // Sized here, not by the scroll area: with word-wrapped labels it would keep the pages at
    // their preferred height, not their minimum, and scroll far too soon.
    m_scroll->setWidgetResizable(false);
    m_scroll->setWidget(m_pages);
    m_scroll->installEventFilter(this);
    m_scroll->viewport()->installEventFilter(this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(m_scroll);

    connect(m_leftButton, &QPushButton::clicked, this, [this] { choose(BattleVerdict::Left); });
    connect(m_rightButton, &QPushButton::clicked, this, [this] { choose(BattleVerdict::Right); });
    connect(m_tieButton, &QPushButton::clicked, this, [this] { choose(BattleVerdict::Tie); });
    connect(m_skipButton, &QPushButton::clicked, this, [this] { choose(BattleVerdict::Skip); });
    connect(m_backButton, &QPushButton::clicked, this, &ArenaView::goBack);
    connect(m_resultsButton, &QPushButton::clicked, this, &ArenaView::showResults);
    connect(m_battlesButton, &QPushButton::clicked, this, &ArenaView::showBattles);
    connect(m_raterBox, &QComboBox::activated, this, [this] { updateResults(); });
    connect(m_sizeBox, &QComboBox::activated, this, [this] {
        setFocus();
        Q_EMIT sizeChosen(m_sizeBox->currentData().toInt());
    });
    connect(&m_fitWatcher, &QFutureWatcher<QList<BradleyTerryScore>>::finished, this, [this] {
        m_fitting = false;
        if (m_fitPending) {
            fitRatings();
            return;
        }
        m_scores = m_fitWatcher.result();
        showRatings();
    });
    showBattle();
}

void ArenaView::setContent(const RatingShare &content, const QStringList &modelNames)
{
    m_content = content;
    m_modelNames = modelNames;
    m_scores.clear();
    m_fitted.clear();
    int first = 0;
    while (first < battleCount() && m_ratings.battleVerdict(m_content.battles().at(first), m_rater))
        ++first;
    m_index = first;
    fillRaterBox();
    if (m_index >= battleCount() && battleCount() > 0)
        showResults();
    else
        showBattles();
}

void ArenaView::setSizes(const QList<BattleSchedule::Size> &sizes, int chosenMatchups, bool bothOrders)
{
    m_sizeBox->clear();
    for (qsizetype i = 0; i < sizes.size(); ++i) {
        const bool all = i == sizes.size() - 1;
        m_sizeBox->addItem(ArenaText::battleListSize(sizes.at(i), bothOrders, all), all ? 0 : sizes.at(i).matchups);
    }
    const int chosen = m_sizeBox->findData(chosenMatchups);
    m_sizeBox->setCurrentIndex(chosen >= 0 ? chosen : m_sizeBox->count() - 1);
    m_sizeLabel->setVisible(sizes.size() > 1);
    m_sizeBox->setVisible(sizes.size() > 1);
}

void ArenaView::setRater(const QString &rater)
{
    m_rater = rater;
    m_raterLabel->setText(rater == Ratings::localRater() ? QString() : tr("Rating as %1").arg(rater));
    fillRaterBox();
    showBattle();
}

void ArenaView::setRatings(const Ratings &ratings)
{
    m_ratings = ratings;
    fillRaterBox();
    showBattle();
    if (isShowingResults())
        updateResults();
}

void ArenaView::setCurrentIndex(int index)
{
    m_index = std::clamp(index, 0, std::max(0, battleCount() - 1));
    showBattles();
}

void ArenaView::choose(BattleVerdict::Outcome outcome)
{
    if (m_index < 0 || m_index >= battleCount())
        return;
    m_ratings.setBattleVerdict(BattleVerdict{m_content.battles().at(m_index), m_rater, outcome});
    Q_EMIT ratingsChanged();
    ++m_index;
    if (m_index >= battleCount()) {
        showResults();
        return;
    }
    showBattle();
}

void ArenaView::goBack()
{
    if (battleCount() == 0)
        return;
    if (isShowingResults() || m_index > 0)
        m_index = std::max(0, m_index - 1);
    m_pages->setCurrentIndex(0);
    if (m_ratings.clearBattleVerdict(m_content.battles().at(m_index), m_rater))
        Q_EMIT ratingsChanged();
    showBattle();
}

void ArenaView::showBattles()
{
    m_pages->setCurrentIndex(0);
    if (m_index >= battleCount())
        m_index = std::max(0, battleCount() - 1);
    showBattle();
    setFocus();
}

bool ArenaView::isShowingResults() const
{
    return m_pages->currentIndex() == 1;
}

void ArenaView::showResults()
{
    m_pages->setCurrentIndex(1);
    fillRaterBox();
    updateResults();
    setFocus();
}

void ArenaView::setNamesShownOnlyWhenDone(bool onlyWhenDone)
{
    m_namesOnlyWhenDone = onlyWhenDone;
    if (isShowingResults())
        updateResults();
}

bool ArenaView::namesHidden() const
{
    if (!m_namesOnlyWhenDone || m_modelNames.isEmpty())
        return false;
    for (const Battle &battle : m_content.battles()) {
        if (!m_ratings.battleVerdict(battle, m_rater))
            return true;
    }
    return false;
}

QString ArenaView::modelName(int column) const
{
    return column < m_modelNames.size() && !namesHidden() ? m_modelNames.at(column) : tr("Model %1").arg(column + 1);
}

void ArenaView::showBattle()
{
    const int count = battleCount();
    const bool any = count > 0 && m_index < count;
    for (QPushButton *button : {m_leftButton, m_rightButton, m_tieButton, m_skipButton})
        button->setEnabled(any);
    m_backButton->setEnabled(count > 0 && (m_index > 0 || (any && m_ratings.battleVerdict(m_content.battles().at(m_index), m_rater))));
    m_resultsButton->setEnabled(count > 0);
    int judged = 0;
    for (const Battle &battle : m_content.battles())
        judged += m_ratings.battleVerdict(battle, m_rater) ? 1 : 0;
    m_judged->setText(count == 0 ? QString() : tr("%1 of %2 judged").arg(judged).arg(count));
    if (!any) {
        m_progressLabel->setText(count == 0 ? tr("No battles") : tr("Every battle judged"));
        m_prompt->setPlainText(count == 0 ? tr("The arena needs two or more models that answered the same prompts.") : QString());
        fitPromptHeight();
        m_left->clear();
        m_right->clear();
        m_verdict->clear();
        return;
    }
    const Battle &battle = m_content.battles().at(m_index);
    m_progressLabel->setText(tr("Battle %1 of %2").arg(m_index + 1).arg(count));

    // The row as the models saw it: system prompt, the conversation so far, the prompt.
    const RatingShare::Row row = m_content.rows().value(battle.row);
    QString html;
    const auto paragraph = [](const QString &who, const QString &text) {
        return QStringLiteral("<p><b>%1</b> <span style=\"white-space: pre-wrap\">%2</span></p>").arg(who.toHtmlEscaped(), text.toHtmlEscaped());
    };
    if (!row.label.isEmpty())
        html += QStringLiteral("<p><i>%1</i></p>").arg(row.label.toHtmlEscaped());
    if (!row.system.isEmpty())
        html += paragraph(tr("System:"), row.system);
    for (const ChatMessage &message : row.history)
        html += paragraph(message.role == ChatMessage::Role::User ? tr("User:") : tr("Assistant:"), message.text);
    html += paragraph(row.history.isEmpty() ? tr("Prompt:") : tr("User:"), row.prompt);
    m_prompt->setHtml(html);
    fitPromptHeight();

    AnswerMarkdown::render(m_left->document(), m_content.answer(CellAddress{battle.row, battle.left, battle.sample}).value_or(QString()));
    AnswerMarkdown::render(m_right->document(), m_content.answer(CellAddress{battle.row, battle.right, battle.sample}).value_or(QString()));
    m_left->verticalScrollBar()->setValue(0);
    m_right->verticalScrollBar()->setValue(0);

    const auto verdict = m_ratings.battleVerdict(battle, m_rater);
    QString text = tr("Which answer is better? ← or 1 for the left, → or 2 for the right, T a tie, S skip.");
    if (verdict) {
        switch (*verdict) {
        case BattleVerdict::Left:
            text = tr("Your verdict: the left answer is better. Choose again to change it.");
            break;
        case BattleVerdict::Right:
            text = tr("Your verdict: the right answer is better. Choose again to change it.");
            break;
        case BattleVerdict::Tie:
            text = tr("Your verdict: a tie. Choose again to change it.");
            break;
        case BattleVerdict::Skip:
            text = tr("You skipped this battle. Choose to judge it after all.");
            break;
        }
    }
    m_verdict->setText(text);
}

void ArenaView::fitPromptHeight()
{
    QTextDocument *document = m_prompt->document();
    document->setTextWidth(m_prompt->viewport()->width());
    const int lines = m_prompt->fontMetrics().lineSpacing();
    const int frame = 2 * m_prompt->frameWidth() + 4;
    // Up to its text's height; a short dock shrinks it to two lines before it hides the buttons.
    m_prompt->setMinimumHeight(2 * lines + frame);
    m_prompt->setMaximumHeight(std::clamp(int(document->size().height()) + frame, 2 * lines + frame, 7 * lines));
}

void ArenaView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitPromptHeight();
}

void ArenaView::fillRaterBox()
{
    const QStringList current = m_raterBox->currentData().toStringList();
    m_raterBox->clear();
    QStringList raters = m_ratings.battleRaters();
    if (!raters.contains(m_rater))
        raters.prepend(m_rater);
    QStringList humans;
    for (const QString &rater : std::as_const(raters)) {
        if (!isJudge(rater))
            humans << rater;
    }
    m_raterBox->addItem(m_rater == Ratings::localRater() ? tr("You") : tr("You (%1)").arg(m_rater), QStringList{m_rater});
    if (humans.size() > 1)
        m_raterBox->addItem(tr("All humans (%1)").arg(humans.size()), humans);
    for (const QString &rater : std::as_const(humans)) {
        if (rater != m_rater)
            m_raterBox->addItem(rater == Ratings::localRater() ? tr("You, in this window") : rater, QStringList{rater});
    }
    for (const QString &rater : std::as_const(raters)) {
        if (isJudge(rater))
            m_raterBox->addItem(tr("Judge %1").arg(rater.mid(6)), QStringList{rater});
    }
    const int keep = m_raterBox->findData(current);
    m_raterBox->setCurrentIndex(keep >= 0 ? keep : 0);
}

void ArenaView::setResultsRaters(int index)
{
    m_raterBox->setCurrentIndex(index);
    updateResults();
}

QStringList ArenaView::selectedRaters() const
{
    const QStringList raters = m_raterBox->currentData().toStringList();
    return raters.isEmpty() ? QStringList{m_rater} : raters;
}

QList<PairwiseOutcome> ArenaView::selectedOutcomes() const
{
    QList<PairwiseOutcome> outcomes;
    for (const QString &rater : selectedRaters())
        outcomes << BradleyTerryFit::outcomes(m_ratings, rater);
    return outcomes;
}

void ArenaView::updateResults()
{
    const int columns = m_content.columnCount();
    const QList<PairwiseOutcome> outcomes = selectedOutcomes();
    const QList<QList<WinRate>> rates = ArenaStats::winRates(outcomes, columns);
    m_winRates->setRowCount(columns);
    m_winRates->setColumnCount(columns);
    QStringList names;
    for (int column = 0; column < columns; ++column)
        names << modelName(column);
    m_winRates->setHorizontalHeaderLabels(names);
    m_winRates->setVerticalHeaderLabels(names);
    for (int row = 0; row < columns; ++row) {
        for (int column = 0; column < columns; ++column) {
            const WinRate rate = rates.value(row).value(column);
            auto *item = new QTableWidgetItem(row == column ? QString()
                                              : rate.battles() == 0
                                                  ? QStringLiteral("–")
                                                  : QStringLiteral("%1 (%2–%3–%4)").arg(ArenaText::percent(rate.share())).arg(rate.wins).arg(rate.losses).arg(rate.ties));
            item->setTextAlignment(Qt::AlignCenter);
            m_winRates->setItem(row, column, item);
        }
    }
    m_winRates->resizeColumnsToContents();

    const QStringList raters = selectedRaters();
    QList<BattleVerdict> verdicts;
    for (const QString &rater : raters)
        verdicts << m_ratings.battleVerdicts(rater);
    const PositionBias bias = ArenaStats::positionBias(verdicts);
    m_bias->setText(bias.decisive == 0
                        ? tr("Position bias: no decisive verdicts yet.")
                        : tr("Position bias: the left answer won %1 of %2 decisive battles (%3); the winner flipped with the "
                             "side in %4 of %5 battles judged both ways round (%6).")
                              .arg(bias.leftWins).arg(bias.decisive).arg(ArenaText::percent(bias.leftShare()))
                              .arg(bias.sameSide).arg(bias.swappedPairs).arg(ArenaText::percent(bias.flipShare())));

    // Humans against each judge model, and you against each colleague.
    const QList<BattleVerdict> all = m_ratings.battleVerdicts();
    QStringList humans;
    QStringList judges;
    for (const QString &rater : m_ratings.battleRaters())
        (isJudge(rater) ? judges : humans) << rater;
    const auto phrase = [](const QString &who, const RaterAgreement &a) {
        return tr("%1: agreed on %2 of %3 battles both decided (%4).").arg(who).arg(a.agreed).arg(a.bothDecided).arg(ArenaText::percent(a.share()));
    };
    QStringList lines;
    for (const QString &judge : std::as_const(judges)) {
        if (humans.contains(m_rater))
            lines << phrase(tr("You and %1").arg(judge), ArenaStats::agreement(all, m_rater, judge));
        if (humans.size() > 1) {
            RaterAgreement sum;
            for (const QString &human : std::as_const(humans)) {
                const RaterAgreement a = ArenaStats::agreement(all, human, judge);
                sum.agreed += a.agreed;
                sum.bothDecided += a.bothDecided;
            }
            lines << phrase(tr("All humans and %1").arg(judge), sum);
        }
    }
    for (const QString &human : std::as_const(humans)) {
        if (human != m_rater && humans.contains(m_rater))
            lines << phrase(tr("You and %1").arg(human), ArenaStats::agreement(all, m_rater, human));
    }
    if (lines.isEmpty())
        lines << tr("Agreement: no other rater's verdicts yet (a colleague's merged verdicts, or a judge model's picks).");
    if (namesHidden())
        lines << tr("The model names show once you have judged every battle.");
    m_agreement->setText(lines.join(QLatin1Char('\n')));
    fitRatings();
    showRatings();
}

void ArenaView::fitRatings()
{
    const QList<PairwiseOutcome> outcomes = selectedOutcomes();
    const int columns = m_content.columnCount();
    if (outcomes == m_fitted && !m_fitting && m_scores.size() == columns) {
        m_fitPending = false;
        return;
    }
    if (m_fitting) {
        m_fitPending = true;
        return;
    }
    m_fitPending = false;
    m_fitted = outcomes;
    m_scores.clear();
    m_fitting = true;
    // 200 bootstrap fits can take tens of milliseconds: off the event loop.
    m_fitWatcher.setFuture(QtConcurrent::run([outcomes, columns] { return BradleyTerryFit::fitWithIntervals(outcomes, columns); }));
}

void ArenaView::showRatings()
{
    const int columns = m_content.columnCount();
    QList<int> order;
    for (int column = 0; column < columns; ++column)
        order << column;
    if (m_scores.size() == columns) {
        std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
            const BradleyTerryScore &x = m_scores.at(a);
            const BradleyTerryScore &y = m_scores.at(b);
            if (rank(x) != rank(y))
                return rank(x) < rank(y);
            return x.score.value_or(0) > y.score.value_or(0);
        });
    }
    m_ratingsTable->setRowCount(columns);
    for (int row = 0; row < columns; ++row) {
        const int column = order.at(row);
        const bool fitted = m_scores.size() == columns && !isFitting();
        const BradleyTerryScore score = fitted ? m_scores.at(column) : BradleyTerryScore{};
        const QStringList cells{modelName(column), fitted ? ArenaText::bradleyTerry(score) : tr("…"),
                                fitted ? QStringLiteral("%1 / %2 / %3").arg(score.wins).arg(score.losses).arg(score.ties) : QString(),
                                fitted ? QString::number(score.battles) : QString()};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_ratingsTable->setItem(row, c, item);
        }
    }
    m_ratingsTable->resizeColumnsToContents();
    m_ratingsTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    // Their heights again, now that the columns fit: a scroll bar shown while they were narrow
    // would otherwise stay counted, as an empty strip under the last row.
    m_ratingsTable->updateGeometry();
    m_winRates->updateGeometry();
}

bool ArenaView::eventFilter(QObject *watched, QEvent *event)
{
    // The scroll area would take the arrow keys, which judge here.
    if (watched == m_scroll && event->type() == QEvent::KeyPress) {
        keyPressEvent(static_cast<QKeyEvent *>(event));
        return event->isAccepted();
    }
    if (watched == m_scroll->viewport() && (event->type() == QEvent::Resize || event->type() == QEvent::LayoutRequest))
        fitPages();
    return QWidget::eventFilter(watched, event);
}

void ArenaView::fitPages()
{
    // The dock's height, or the page's minimum if that is more (the page then scrolls).
    const QSize room = m_scroll->viewport()->size();
    const QSize least = m_pages->minimumSizeHint();
    m_pages->resize(std::max(room.width(), least.width()), std::max(room.height(), least.height()));
}

void ArenaView::keyPressEvent(QKeyEvent *event)
{
    if (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) {
        QWidget::keyPressEvent(event);
        return;
    }
    const int key = event->key();
    const bool battling = !isShowingResults();
    if (battling && (key == Qt::Key_Left || key == Qt::Key_1))
        choose(BattleVerdict::Left);
    else if (battling && (key == Qt::Key_Right || key == Qt::Key_2))
        choose(BattleVerdict::Right);
    else if (battling && (key == Qt::Key_T || key == Qt::Key_Equal))
        choose(BattleVerdict::Tie);
    else if (battling && key == Qt::Key_S)
        choose(BattleVerdict::Skip);
    else if (key == Qt::Key_Backspace)
        goBack();
    else {
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

bool ArenaView::hidesGrid() const
{
    return m_hideGridBox->isChecked();
}
