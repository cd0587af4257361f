// SPDX-License-Identifier: MIT
#include "BlindModePanel.h"

#include "ResultGrid.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace {
QString stars(int rating)
{
    return QString(rating, QChar(0x2605)) + QString(5 - rating, QChar(0x2606));
}
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
    m_noteButton = new QPushButton(tr("No&te…"), this);
    m_noteButton->setAccessibleName(tr("Write a note about the focused answer"));
    for (QPushButton *button : {m_previousButton, m_nextButton, m_revealButton, m_noteButton})
        button->setFocusPolicy(Qt::NoFocus); // keys belong to the panel
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_previousButton);
    bar->addWidget(m_rowLabel, 1, Qt::AlignCenter);
    bar->addWidget(m_nextButton);
    bar->addSpacing(12);
    bar->addWidget(m_noteButton);
    bar->addWidget(m_revealButton);

    m_hint = new QLabel(tr("Keys: 1–5 rate the focused answer · ←/→ move · A/B… pick the best · T tie · "
                           "N/P next/previous row · Alt+T note"),
                        this);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_verdict = new QLabel(this);
    m_verdict->setAccessibleName(tr("Verdict for this row"));

    m_answerArea = new QWidget(this);
    new QHBoxLayout(m_answerArea);
    m_answerArea->layout()->setContentsMargins(0, 0, 0, 0);

    m_scores = new QTableWidget(0, 5, this);
    m_scores->setAccessibleName(tr("Score table"));
    m_scores->setHorizontalHeaderLabels({tr("Model"), tr("Mean rating"), tr("Ratings"), tr("Wins / losses / ties"), tr("Elo")});
    m_scores->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_scores->verticalHeader()->hide();
    m_scores->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_scores->setFocusPolicy(Qt::NoFocus);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_answerArea);
    splitter->addWidget(m_scores);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_hint);
    layout->addWidget(m_verdict);
    layout->addWidget(splitter, 1);

    connect(m_previousButton, &QPushButton::clicked, this, [this] { setCurrentRow(m_row - 1); });
    connect(m_nextButton, &QPushButton::clicked, this, [this] { setCurrentRow(m_row + 1); });
    connect(m_noteButton, &QPushButton::clicked, this, &BlindModePanel::editNote);
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
    for (int position = 0; position < m_session.answerCount(); ++position) {
        auto *frame = new QFrame(m_answerArea);
        frame->setFrameShape(QFrame::StyledPanel);
        frame->setLineWidth(2);
        auto *column = new QVBoxLayout(frame);
        auto *title = new QLabel(frame);
        title->setTextFormat(Qt::PlainText);
        auto *answer = new QTextBrowser(frame);
        answer->setFocusPolicy(Qt::NoFocus);
        answer->setAccessibleName(tr("Answer %1").arg(BlindSession::positionLetter(position)));
        column->addWidget(title);
        column->addWidget(answer, 1);
        m_answerArea->layout()->addWidget(frame);
        m_frames.append(frame);
        m_titles.append(title);
        m_answers.append(answer);
    }
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
            m_answers[position]->setMarkdown(text);
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
    m_verdict->setText(verdicts.isEmpty() ? QString() : tr("Preferences: %1").arg(verdicts.join(QStringLiteral(", "))));
}

void BlindModePanel::updateScores()
{
    const QStringList names = columnNames();
    const QList<ModelScore> table = m_ratings.scoreTable(int(names.size()));
    m_scores->setRowCount(0);
    if (!m_session.isRevealed()) {
        m_scores->setRowCount(1);
        auto *item = new QTableWidgetItem(tr("Scores are shown after Reveal, so they cannot give the models away."));
        m_scores->setItem(0, 0, item);
        m_scores->setSpan(0, 0, 1, m_scores->columnCount());
        return;
    }
    m_scores->clearSpans();
    m_scores->setRowCount(int(table.size()));
    for (int column = 0; column < table.size(); ++column) {
        const ModelScore &score = table.at(column);
        m_scores->setItem(column, 0, new QTableWidgetItem(names.value(column)));
        m_scores->setItem(column, 1, new QTableWidgetItem(score.meanRating ? QString::number(*score.meanRating, 'f', 2) : QStringLiteral("–")));
        m_scores->setItem(column, 2, new QTableWidgetItem(QString::number(score.ratingCount)));
        m_scores->setItem(column, 3, new QTableWidgetItem(QStringLiteral("%1 / %2 / %3").arg(score.wins).arg(score.losses).arg(score.ties)));
        m_scores->setItem(column, 4, new QTableWidgetItem(QString::number(score.elo, 'f', 0)));
        for (int c = 1; c < 5; ++c)
            m_scores->item(column, c)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
}

void BlindModePanel::keyPressEvent(QKeyEvent *event)
{
    const int key = event->key();
    bool changed = false;
    if (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) {
        QWidget::keyPressEvent(event);
        return;
    }
    if (key >= Qt::Key_1 && key <= Qt::Key_5) {
        changed = m_session.rate(m_ratings, m_row, m_focus, key - Qt::Key_0);
    } else if (key == Qt::Key_Left) {
        setFocusedPosition(m_focus - 1);
    } else if (key == Qt::Key_Right) {
        setFocusedPosition(m_focus + 1);
    } else if (key == Qt::Key_N || key == Qt::Key_PageDown) {
        setCurrentRow(m_row + 1);
    } else if (key == Qt::Key_P || key == Qt::Key_PageUp) {
        setCurrentRow(m_row - 1);
    } else if (key == Qt::Key_T || key == Qt::Key_Equal) {
        changed = m_session.tie(m_ratings, m_row);
        if (changed)
            setCurrentRow(m_row + 1);
    } else if (key >= Qt::Key_A && key <= Qt::Key_Z && key - Qt::Key_A < m_session.answerCount()) {
        changed = m_session.prefer(m_ratings, m_row, key - Qt::Key_A);
        if (changed)
            setCurrentRow(m_row + 1); // judged: on to the next row
    } else {
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
    if (changed) {
        updateTitles();
        updateScores();
        Q_EMIT ratingsChanged();
    }
}
