// SPDX-License-Identifier: MIT
#include "BlindModePanel.h"

#include "AnswerMarkdown.h"
#include "ArenaText.h"
#include "ArenaStats.h"
#include "ResultGrid.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTableWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace {
QString stars(int rating)
{
    return QString(rating, QChar(0x2605)) + QString(5 - rating, QChar(0x2606));
}

QString percent(std::optional<double> share)
{
    return ArenaText::percent(share);
}

constexpr int kScoreColumns = 7;
} // namespace

BlindModePanel::BlindModePanel(const ResultGrid *grid, QWidget *parent)
    : QWidget(parent)
    , m_grid(grid)
{
    setAccessibleName(tr("Blind judging"));
    setFocusPolicy(Qt::StrongFocus);

    m_previousButton = new QPushButton(tr("◀ &Previous"), this);
    m_previousButton->setAccessibleName(tr("Previous row"));
    m_nextButton = new QPushButton(tr("&Next ▶"), this);
    m_nextButton->setAccessibleName(tr("Next row"));
    m_rowLabel = new QLabel(this);
    m_rowLabel->setAccessibleName(tr("Current row"));
    m_revealButton = new QPushButton(tr("&Reveal Models"), this);
    m_revealButton->setAccessibleName(tr("Reveal model names"));
    m_arenaButton = new QPushButton(tr("&Arena…"), this);
    m_arenaButton->setAccessibleName(tr("Open the blind arena: two answers at a time"));
    m_arenaButton->setToolTip(tr("Two answers at a time, every pair equally often and both ways round (Judge > Blind Arena)"));
    m_noteButton = new QPushButton(tr("No&te…"), this);
    m_noteButton->setAccessibleName(tr("Write a note about the focused answer"));
    m_tieButton = new QPushButton(tr("Tie"), this);
    m_tieButton->setCheckable(true);
    m_tieButton->setAccessibleName(tr("The answers of this row are equally good (a tie)"));
    m_tieButton->setToolTip(tr("A tie between every answer of this row (T)"));
    m_clearButton = new QPushButton(tr("Clear Pick"), this);
    m_clearButton->setAccessibleName(tr("Clear the pick of this row"));
    m_clearButton->setToolTip(tr("Forget this row's pick or tie (Backspace)"));
    // Reachable with Tab, but a click leaves the focus on the panel, whose keys judge.
    for (QPushButton *button : {m_previousButton, m_nextButton, m_revealButton, m_arenaButton, m_noteButton, m_tieButton, m_clearButton})
        button->setFocusPolicy(Qt::TabFocus);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_previousButton);
    bar->addWidget(m_rowLabel, 1, Qt::AlignCenter);
    bar->addWidget(m_nextButton);
    bar->addSpacing(12);
    bar->addWidget(m_tieButton);
    bar->addWidget(m_clearButton);
    bar->addSpacing(12);
    bar->addWidget(m_noteButton);
    bar->addWidget(m_revealButton);
    bar->addWidget(m_arenaButton);

    m_hint = new QLabel(tr("Keys: 1–5 rate the focused answer · ←/→ move · A/B… pick the best · T tie · "
                           "Backspace clear the pick · N/P next/previous row · Alt+T note"),
                        this);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("blindVerdict"));
    m_verdict->setAccessibleName(tr("Verdict for this row"));
    m_verdict->setWordWrap(true);
    QFont verdictFont = m_verdict->font();
    verdictFont.setBold(true);
    m_verdict->setFont(verdictFont);

    m_answerArea = new QWidget(this);
    new QHBoxLayout(m_answerArea);
    m_answerArea->layout()->setContentsMargins(0, 0, 0, 0);

    m_scores = new QTableWidget(0, kScoreColumns, this);
    m_scores->setAccessibleName(tr("Score table"));
    m_scores->setHorizontalHeaderLabels({tr("Model"), tr("Mean rating"), tr("Ratings"), tr("Wins / losses / ties"), tr("Elo"),
                                         tr("Bradley-Terry (95%)"), tr("Battles")});
    m_scores->horizontalHeaderItem(5)->setToolTip(
        tr("Bradley-Terry fit of your pairwise verdicts (ties are half a win), on an Elo-like scale centred on "
           "1000, with a 95% bootstrap interval over 200 resamples"));
    m_scores->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_scores->verticalHeader()->hide();
    m_scores->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_scores->setFocusPolicy(Qt::TabFocus);
    m_scores->setSelectionMode(QAbstractItemView::NoSelection);
    // As tall as its rows where there is room (updateScores), so that every model shows.
    m_scores->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_scores->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_scores->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scores->verticalHeader()->setDefaultSectionSize(m_scores->fontMetrics().height() + 8);
    m_scores->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);

    m_arenaSummary = new QLabel(this);
    m_arenaSummary->setObjectName(QStringLiteral("arenaSummary"));
    m_arenaSummary->setAccessibleName(tr("Position bias and rater agreement"));
    m_arenaSummary->setWordWrap(true);
    m_arenaSummary->setTextFormat(Qt::PlainText);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_hint);
    layout->addWidget(m_verdict);
    layout->addWidget(m_answerArea, 1);
    layout->addWidget(m_scores);
    layout->addWidget(m_arenaSummary);

    connect(&m_fitWatcher, &QFutureWatcher<QList<BradleyTerryScore>>::finished, this, [this] {
        if (m_fitPending) {
            fitRatings();
            return;
        }
        m_bradleyTerry = m_fitWatcher.result();
        showScores();
    });

    connect(m_previousButton, &QPushButton::clicked, this, [this] { setCurrentRow(m_row - 1); });
    connect(m_nextButton, &QPushButton::clicked, this, [this] { setCurrentRow(m_row + 1); });
    connect(m_noteButton, &QPushButton::clicked, this, &BlindModePanel::editNote);
    connect(m_arenaButton, &QPushButton::clicked, this, &BlindModePanel::arenaRequested);
    connect(m_tieButton, &QPushButton::clicked, this, &BlindModePanel::pickTie);
    connect(m_clearButton, &QPushButton::clicked, this, &BlindModePanel::clearPick);
    connect(m_revealButton, &QPushButton::clicked, this, [this] {
        if (m_session.isRevealed())
            m_session.hide();
        else
            m_session.reveal();
        m_revealButton->setText(m_session.isRevealed() ? tr("&Hide Models") : tr("&Reveal Models"));
        updateTitles();
        updateScores();
    });
    connect(m_grid, &ResultGrid::planReset, this, [this] { startSession(); });
    connect(m_grid, &ResultGrid::cellsChanged, this, [this](const QList<int> &cells) {
        for (int cell : cells) {
            if (m_grid->spec(cell).row == m_row) {
                showRow();
                return;
            }
        }
    });
    startSession();
}

QStringList BlindModePanel::columnNames() const
{
    QStringList names;
    for (const ModelColumn &column : m_grid->plan().columns)
        names << column.displayName();
    return names;
}

void BlindModePanel::startSession(const QList<int> &columns, quint64 seed, int sample)
{
    QList<int> chosen = columns;
    if (chosen.isEmpty()) {
        for (int column = 0; column < m_grid->plan().columns.size(); ++column)
            chosen << column;
    }
    if (seed == 0)
        seed = QRandomGenerator::global()->generate64() | 1;
    m_session = BlindSession(int(m_grid->plan().rows.size()), chosen, seed, sample);
    m_revealButton->setText(tr("&Reveal Models"));
    m_row = 0;
    m_focus = 0;
    buildAnswerViews();
    showRow();
    updateScores();
}

void BlindModePanel::setRatings(const Ratings &ratings)
{
    m_ratings = ratings;
    updateTitles();
    updateScores();
}

void BlindModePanel::buildAnswerViews()
{
    qDeleteAll(m_frames);
    m_frames.clear();
    m_titles.clear();
    m_answers.clear();
    m_bestButtons.clear();
    m_ratingButtons.clear();
    for (int position = 0; position < m_session.answerCount(); ++position) {
        const QString letter = BlindSession::positionLetter(position);
        auto *frame = new QFrame(m_answerArea);
        frame->setFrameShape(QFrame::StyledPanel);
        frame->setLineWidth(2);
        auto *column = new QVBoxLayout(frame);
        auto *title = new QLabel(frame);
        title->setTextFormat(Qt::PlainText);
        auto *answer = new QTextBrowser(frame);
        // Read through the panel: its keys judge, and a text view would take them.
        answer->setFocusPolicy(Qt::NoFocus);
        answer->setAccessibleName(tr("Answer %1").arg(letter));
        // Short docks shrink the answers (they scroll), not the score table below them.
        answer->setMinimumHeight(answer->fontMetrics().lineSpacing() * 2 + 2 * answer->frameWidth() + 8);
        answer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Ignored);
        auto *controls = new QHBoxLayout;
        controls->setSpacing(2);
        auto *rate = new QLabel(tr("Rate:"), frame);
        rate->setForegroundRole(QPalette::PlaceholderText);
        controls->addWidget(rate);
        QList<QAbstractButton *> stars;
        for (int value = 1; value <= 5; ++value) {
            auto *star = new QToolButton(frame);
            star->setText(QString::number(value));
            star->setCheckable(true);
            star->setAutoRaise(true);
            star->setFocusPolicy(Qt::TabFocus);
            star->setAccessibleName(tr("Rate answer %1 with %2 of 5").arg(letter).arg(value));
            star->setToolTip(tr("Rate answer %1: %2 of 5 (focus it and press %2)").arg(letter).arg(value));
            connect(star, &QToolButton::clicked, this, [this, position, value] { rateAt(position, value); });
            controls->addWidget(star);
            stars.append(star);
        }
        controls->addStretch(1);
        auto *best = new QPushButton(tr("%1 is best").arg(letter), frame);
        best->setCheckable(true);
        best->setFocusPolicy(Qt::TabFocus);
        best->setAccessibleName(tr("Pick answer %1 as the best of this row").arg(letter));
        best->setToolTip(tr("Pick answer %1 as the best of this row (%1)").arg(letter));
        connect(best, &QPushButton::clicked, this, [this, position] { pickBest(position); });
        controls->addWidget(best);
        column->addWidget(title);
        column->addWidget(answer, 1);
        column->addLayout(controls);
        m_answerArea->layout()->addWidget(frame);
        m_frames.append(frame);
        m_titles.append(title);
        m_answers.append(answer);
        m_bestButtons.append(best);
        m_ratingButtons.append(stars);
    }
}

QAbstractButton *BlindModePanel::ratingButton(int position, int stars) const
{
    return m_ratingButtons.value(position).value(stars - 1);
}

void BlindModePanel::pickBest(int position)
{
    if (m_session.prefer(m_ratings, m_row, position)) {
        m_focus = position;
        judged();
    }
}

void BlindModePanel::pickTie()
{
    if (m_session.tie(m_ratings, m_row))
        judged();
}

void BlindModePanel::clearPick()
{
    if (m_session.clearVerdict(m_ratings, m_row))
        judged();
    else
        updateTitles(); // a checkable button unchecks itself: show the state again
}

void BlindModePanel::rateAt(int position, int stars)
{
    m_focus = std::clamp(position, 0, std::max(0, m_session.answerCount() - 1));
    if (m_session.rate(m_ratings, m_row, position, stars))
        judged();
    else
        updateTitles();
}

void BlindModePanel::judged()
{
    // The row stays: its pick shows, and another key or click changes it; N moves on.
    updateTitles();
    updateScores();
    Q_EMIT ratingsChanged();
}

QString BlindModePanel::verdictText() const
{
    return m_verdict->text();
}

void BlindModePanel::setCurrentRow(int row)
{
    if (row < 0 || row >= m_session.rowCount())
        return;
    m_row = row;
    m_focus = 0;
    showRow();
}

void BlindModePanel::setFocusedPosition(int position)
{
    if (position < 0 || position >= m_session.answerCount())
        return;
    m_focus = position;
    updateTitles();
}

void BlindModePanel::reveal()
{
    if (!m_session.isRevealed())
        m_revealButton->click();
}

void BlindModePanel::showRow()
{
    const int rows = m_session.rowCount();
    m_rowLabel->setText(rows > 0 ? tr("Row %1 of %2").arg(m_row + 1).arg(rows) : tr("No rows"));
    m_previousButton->setEnabled(m_row > 0);
    m_nextButton->setEnabled(m_row + 1 < rows);
    for (int position = 0; position < m_answers.size(); ++position) {
        const int column = m_session.realColumn(m_row, position);
        QString text;
        if (column >= 0) {
            const CellResult &result = m_grid->result(m_grid->cellIndex(m_row, column, m_session.sample()));
            text = result.text.isEmpty() ? result.error : result.text;
        }
        if (m_answers[position]->property("shownText").toString() != text) {
            m_answers[position]->setProperty("shownText", text);
            AnswerMarkdown::render(m_answers[position]->document(), text);
        }
    }
    updateTitles();
}

void BlindModePanel::setNoteAt(int position, const QString &note)
{
    const int column = m_session.realColumn(m_row, position);
    if (column < 0)
        return;
    m_ratings.setNote(CellAddress{m_row, column, m_session.sample()}, note);
    updateTitles();
    Q_EMIT ratingsChanged();
}

QString BlindModePanel::noteAt(int position) const
{
    const int column = m_session.realColumn(m_row, position);
    return column < 0 ? QString() : m_ratings.note(CellAddress{m_row, column, m_session.sample()});
}

void BlindModePanel::editNote()
{
    if (m_session.realColumn(m_row, m_focus) < 0)
        return;
    bool ok = false;
    const QString note = QInputDialog::getMultiLineText(
        this, tr("Note"), tr("Note about answer %1 of row %2:").arg(BlindSession::positionLetter(m_focus)).arg(m_row + 1),
        noteAt(m_focus), &ok);
    if (ok)
        setNoteAt(m_focus, note.trimmed());
    setFocus();
}

QString BlindModePanel::titleAt(int position) const
{
    return m_titles.value(position) ? m_titles.value(position)->text() : QString();
}

void BlindModePanel::updateTitles()
{
    const QStringList names = columnNames();
    for (int position = 0; position < m_titles.size(); ++position) {
        QString title = m_session.shownName(m_row, position, names);
        const auto rating = m_ratings.rating(CellAddress{m_row, m_session.realColumn(m_row, position), m_session.sample()});
        if (rating)
            title += QStringLiteral("  ") + stars(*rating);
        if (!noteAt(position).isEmpty())
            title += QStringLiteral("  ✎");
        m_titles[position]->setText(title);
        const bool focused = position == m_focus;
        m_frames[position]->setFrameShape(focused ? QFrame::Box : QFrame::StyledPanel);
        m_frames[position]->setForegroundRole(focused ? QPalette::Highlight : QPalette::WindowText);
        QFont font = m_titles[position]->font();
        font.setBold(focused);
        m_titles[position]->setFont(font);
    }
    // The row's verdict, in shown positions so it does not give the models away.
    const BlindSession::Verdict verdict = m_session.verdict(m_ratings, m_row);
    for (int position = 0; position < m_bestButtons.size(); ++position) {
        m_bestButtons[position]->setChecked(verdict.kind == BlindSession::Verdict::Best && verdict.position == position);
        const auto rating = m_ratings.rating(CellAddress{m_row, m_session.realColumn(m_row, position), m_session.sample()});
        for (int stars = 1; stars <= m_ratingButtons[position].size(); ++stars)
            m_ratingButtons[position][stars - 1]->setChecked(rating && *rating == stars);
        if (verdict.kind == BlindSession::Verdict::Best && verdict.position == position)
            m_titles[position]->setText(m_titles[position]->text() + QStringLiteral("  ✓ ") + tr("best"));
    }
    m_tieButton->setChecked(verdict.kind == BlindSession::Verdict::Tie);
    m_clearButton->setEnabled(verdict.kind != BlindSession::Verdict::None);
    QString text;
    switch (verdict.kind) {
    case BlindSession::Verdict::None:
        text = tr("Not judged yet: pick the best answer (its button or letter) or call a tie (T).");
        break;
    case BlindSession::Verdict::Best:
        text = tr("Your pick: %1 is the best answer of this row. Pick another to change it; N for the next row.")
                   .arg(BlindSession::positionLetter(verdict.position));
        break;
    case BlindSession::Verdict::Tie:
        text = tr("Your pick: a tie. Pick an answer to change it; N for the next row.");
        break;
    case BlindSession::Verdict::Mixed: {
        QStringList verdicts;
        for (const Preference &p : m_ratings.preferences()) {
            if (p.row != m_row || p.sample != m_session.sample())
                continue;
            const QString a = BlindSession::positionLetter(m_session.shownPosition(m_row, p.columnA));
            const QString b = BlindSession::positionLetter(m_session.shownPosition(m_row, p.columnB));
            verdicts << (p.winner == Preference::Tie ? tr("%1 = %2").arg(a, b)
                         : p.winner == Preference::A ? tr("%1 > %2").arg(a, b)
                                                     : tr("%2 > %1").arg(a, b));
        }
        text = tr("Preferences: %1").arg(verdicts.join(QStringLiteral(", ")));
        break;
    }
    }
    m_verdict->setText(text);
}

void BlindModePanel::updateScores()
{
    showScores();
    if (m_session.isRevealed())
        fitRatings();
}

void BlindModePanel::fitRatings()
{
    const QList<PairwiseOutcome> outcomes = BradleyTerryFit::outcomes(m_ratings, Ratings::localRater());
    if (outcomes == m_fitted && !m_fitWatcher.isRunning() && m_bradleyTerry.size() == columnNames().size())
        return;
    if (m_fitWatcher.isRunning()) {
        m_fitPending = true;
        return;
    }
    m_fitPending = false;
    m_fitted = outcomes;
    // 200 bootstrap fits can take tens of milliseconds: off the event loop.
    m_fitWatcher.setFuture(QtConcurrent::run([outcomes, count = int(columnNames().size())] {
        return BradleyTerryFit::fitWithIntervals(outcomes, count);
    }));
}

QString BlindModePanel::bradleyTerryText(int column) const
{
    if (m_fitWatcher.isRunning() || column >= m_bradleyTerry.size())
        return tr("…");
    return ArenaText::bradleyTerry(m_bradleyTerry.at(column));
}

QString BlindModePanel::arenaSummary() const
{
    return m_arenaSummary->text();
}

void BlindModePanel::showScores()
{
    const QStringList names = columnNames();
    QList<ModelScore> table = m_ratings.scoreTable(int(names.size()));
    m_scores->setRowCount(0);
    m_scores->clearSpans();
    if (!m_session.isRevealed()) {
        m_scores->setRowCount(1);
        auto *item = new QTableWidgetItem(tr("Scores are shown after Reveal, so they cannot give the models away."));
        m_scores->setItem(0, 0, item);
        m_scores->setSpan(0, 0, 1, m_scores->columnCount());
        m_arenaSummary->clear();
        m_arenaSummary->hide();
    } else {
        const QList<QList<WinRate>> winRates =
            ArenaStats::winRates(BradleyTerryFit::outcomes(m_ratings, Ratings::localRater()), int(names.size()));
        // Best first: by Elo, then by mean rating, then by wins; equal models keep their order.
        std::stable_sort(table.begin(), table.end(), [](const ModelScore &a, const ModelScore &b) {
            if (a.elo != b.elo)
                return a.elo > b.elo;
            if (a.meanRating.value_or(0) != b.meanRating.value_or(0))
                return a.meanRating.value_or(0) > b.meanRating.value_or(0);
            return a.wins > b.wins;
        });
        m_scores->setRowCount(int(table.size()));
        for (int row = 0; row < table.size(); ++row) {
            const ModelScore &score = table.at(row);
            m_scores->setItem(row, 0, new QTableWidgetItem(names.value(score.column)));
            m_scores->setItem(row, 1, new QTableWidgetItem(score.meanRating ? QString::number(*score.meanRating, 'f', 2) : QStringLiteral("–")));
            m_scores->setItem(row, 2, new QTableWidgetItem(QString::number(score.ratingCount)));
            m_scores->setItem(row, 3, new QTableWidgetItem(QStringLiteral("%1 / %2 / %3").arg(score.wins).arg(score.losses).arg(score.ties)));
            m_scores->setItem(row, 4, new QTableWidgetItem(QString::number(score.elo, 'f', 0)));
            m_scores->setItem(row, 5, new QTableWidgetItem(bradleyTerryText(score.column)));
            int battles = 0;
            QStringList against;
            for (int other = 0; other < names.size(); ++other) {
                const WinRate &rate = winRates.value(score.column).value(other);
                battles += rate.battles();
                if (rate.battles() > 0)
                    against << tr("vs %1: %2 / %3 / %4 (%5)").arg(names.at(other)).arg(rate.wins).arg(rate.losses)
                                   .arg(rate.ties).arg(percent(rate.share()));
            }
            m_scores->setItem(row, 6, new QTableWidgetItem(QString::number(battles)));
            // The win-rate matrix, one row of it per model.
            m_scores->item(row, 0)->setToolTip(against.join(QLatin1Char('\n')));
            for (int c = 1; c < kScoreColumns; ++c)
                m_scores->item(row, c)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        }
        const PositionBias bias = ArenaStats::positionBias(m_ratings.battleVerdicts(Ratings::localRater()));
        QStringList summary;
        summary << (bias.decisive == 0
                        ? tr("Position bias: no decisive battle verdicts yet.")
                        : tr("Position bias: the left side won %1 of %2 decisive battles (%3); the same side won both "
                             "times in %4 of %5 battles judged both ways round (%6).")
                              .arg(bias.leftWins).arg(bias.decisive).arg(percent(bias.leftShare()))
                              .arg(bias.sameSide).arg(bias.swappedPairs).arg(percent(bias.flipShare())));
        for (const QString &rater : m_ratings.battleRaters()) {
            if (rater == Ratings::localRater())
                continue;
            const RaterAgreement agreement = ArenaStats::agreement(m_ratings.battleVerdicts(), Ratings::localRater(), rater);
            summary << tr("Agreement with %1: %2 of %3 battles you both decided (%4).")
                           .arg(rater).arg(agreement.agreed).arg(agreement.bothDecided).arg(percent(agreement.share()));
        }
        m_arenaSummary->setText(summary.join(QLatin1Char('\n')));
        m_arenaSummary->show();
        // The leader stands out, once anything has been judged.
        if (!table.isEmpty() && !m_ratings.isEmpty()) {
            for (int c = 0; c < kScoreColumns; ++c) {
                QFont font = m_scores->item(0, c)->font();
                font.setBold(true);
                m_scores->item(0, c)->setFont(font);
            }
        }
    }
    m_scores->resizeColumnsToContents();
    m_scores->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    // Every row in view: the table asks to be as tall as its rows (up to a dozen); where the
    // dock is short, the answers give up room first, and the table keeps at least the leader
    // and the runner-up (best first, so the winner is never scrolled away).
    constexpr int kMaxShownRows = 12;
    constexpr int kMinShownRows = 2;
    const int frame = m_scores->horizontalHeader()->sizeHint().height() + 2 * m_scores->frameWidth();
    const int rowHeight = m_scores->verticalHeader()->defaultSectionSize();
    const int rows = m_scores->rowCount();
    m_scores->setMaximumHeight(frame + std::min(rows, kMaxShownRows) * rowHeight);
    m_scores->setMinimumHeight(frame + std::min(rows, kMinShownRows) * rowHeight);
    m_scores->updateGeometry();
}

void BlindModePanel::keyPressEvent(QKeyEvent *event)
{
    const int key = event->key();
    if (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) {
        QWidget::keyPressEvent(event);
        return;
    }
    if (key >= Qt::Key_1 && key <= Qt::Key_5) {
        rateAt(m_focus, key - Qt::Key_0);
    } else if (key == Qt::Key_Left) {
        setFocusedPosition(m_focus - 1);
    } else if (key == Qt::Key_Right) {
        setFocusedPosition(m_focus + 1);
    } else if (key == Qt::Key_N || key == Qt::Key_PageDown) {
        setCurrentRow(m_row + 1);
    } else if (key == Qt::Key_P || key == Qt::Key_PageUp) {
        setCurrentRow(m_row - 1);
    } else if (key == Qt::Key_T || key == Qt::Key_Equal) {
        pickTie();
    } else if (key == Qt::Key_Backspace) {
        clearPick();
    } else if (key >= Qt::Key_A && key <= Qt::Key_Z && key - Qt::Key_A < m_session.answerCount()) {
        pickBest(key - Qt::Key_A);
    } else {
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}
