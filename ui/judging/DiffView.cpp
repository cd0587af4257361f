// SPDX-License-Identifier: MIT
#include "DiffView.h"

#include "JsonAnswer.h"
#include "ResultGrid.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QTextCursor>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace {
bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

// Marks the words but not the whitespace after them, so highlights end where the words do.
void insertMarked(QTextCursor &cursor, const QString &text, const QTextCharFormat &marked, const QTextCharFormat &plain)
{
    qsizetype end = text.size();
    while (end > 0 && text.at(end - 1).isSpace())
        --end;
    cursor.insertText(text.left(end), marked);
    if (end < text.size())
        cursor.insertText(text.mid(end), plain);
}

QTextBrowser *makeSide(const QString &name, QWidget *parent)
{
    auto *view = new QTextBrowser(parent);
    view->setAccessibleName(name);
    view->setOpenLinks(false);
    view->setLineWrapMode(QTextEdit::WidgetWidth);
    return view;
}
} // namespace

DiffView::DiffView(const ResultGrid *grid, QWidget *parent)
    : QWidget(parent)
    , m_grid(grid)
{
    setAccessibleName(tr("Word diff"));
    m_bar = new QWidget(this);
    auto *bar = new QHBoxLayout(m_bar);
    bar->setContentsMargins(0, 0, 0, 0);
    m_row = new QSpinBox(m_bar);
    m_row->setAccessibleName(tr("Prompt row"));
    m_row->setMinimum(1);
    m_columnA = new QComboBox(m_bar);
    m_columnA->setAccessibleName(tr("First answer's model"));
    m_columnB = new QComboBox(m_bar);
    m_columnB->setAccessibleName(tr("Second answer's model"));
    auto *rowLabel = new QLabel(tr("&Row"), m_bar);
    rowLabel->setBuddy(m_row);
    auto *vsLabel = new QLabel(tr("vs"), m_bar);
    bar->addWidget(rowLabel);
    bar->addWidget(m_row);
    bar->addWidget(m_columnA, 1);
    bar->addWidget(vsLabel);
    bar->addWidget(m_columnB, 1);

    m_onlyDiffs = new QCheckBox(tr("&Differences only"), this);
    m_onlyDiffs->setAccessibleName(tr("Show differences only"));
    m_similarity = new QLabel(this);
    m_similarity->setAccessibleName(tr("Similarity"));
    m_similarity->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *options = new QHBoxLayout;
    options->addWidget(m_onlyDiffs);
    options->addStretch(1);
    options->addWidget(m_similarity);

    m_titleA = new QLabel(this);
    m_titleB = new QLabel(this);
    m_left = makeSide(tr("First answer, removed words struck out"), this);
    m_right = makeSide(tr("Second answer, added words highlighted"), this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    auto *leftBox = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(leftBox);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_titleA);
    leftLayout->addWidget(m_left);
    auto *rightBox = new QWidget(splitter);
    auto *rightLayout = new QVBoxLayout(rightBox);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_titleB);
    rightLayout->addWidget(m_right);
    m_left->setParent(leftBox);
    m_right->setParent(rightBox);
    splitter->addWidget(leftBox);
    splitter->addWidget(rightBox);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_bar);
    layout->addLayout(options);
    layout->addWidget(splitter, 1);

    // Scroll both sides together: they hold mostly the same words.
    connect(m_left->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        QScrollBar *other = m_right->verticalScrollBar();
        const QScrollBar *self = m_left->verticalScrollBar();
        if (self->maximum() > 0)
            other->setValue(int(qint64(value) * other->maximum() / self->maximum()));
    });

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(400);
    connect(&m_refresh, &QTimer::timeout, this, &DiffView::startDiff);
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &DiffView::onDiffFinished);
    connect(m_onlyDiffs, &QCheckBox::toggled, this, &DiffView::render);
    connect(m_row, &QSpinBox::valueChanged, this, &DiffView::onPickersChanged);
    connect(m_columnA, &QComboBox::currentIndexChanged, this, &DiffView::onPickersChanged);
    connect(m_columnB, &QComboBox::currentIndexChanged, this, &DiffView::onPickersChanged);
    if (m_grid) {
        connect(m_grid, &ResultGrid::planReset, this, &DiffView::fillPickers);
        connect(m_grid, &ResultGrid::cellsChanged, this, &DiffView::onCellsChanged);
    }
    fillPickers();
}

QColor DiffView::deletedColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x7a, 0x2a, 0x2a) : QColor(0xff, 0xc9, 0xc9);
}

QColor DiffView::insertedColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x25, 0x5e, 0x2e) : QColor(0xc4, 0xf0, 0xc4);
}

void DiffView::fillPickers()
{
    if (!m_grid)
        return;
    const QSignalBlocker blockA(m_columnA);
    const QSignalBlocker blockB(m_columnB);
    const QSignalBlocker blockRow(m_row);
    m_columnA->clear();
    m_columnB->clear();
    for (const ModelColumn &column : m_grid->plan().columns) {
        m_columnA->addItem(column.displayName());
        m_columnB->addItem(column.displayName());
    }
    m_row->setMaximum(qMax(1, int(m_grid->plan().rows.size())));
    m_sample = 0;
    if (m_columnB->count() > 1)
        m_columnB->setCurrentIndex(1);
    m_freeTexts = false;
    m_bar->setVisible(true);
    onPickersChanged();
}

int DiffView::cellA() const
{
    if (!m_grid || m_columnA->currentIndex() < 0 || m_grid->cellCount() == 0)
        return -1;
    const int cell = m_grid->cellIndex(m_row->value() - 1, m_columnA->currentIndex(), m_sample);
    return cell < m_grid->cellCount() ? cell : -1;
}

int DiffView::cellB() const
{
    if (!m_grid || m_columnB->currentIndex() < 0 || m_grid->cellCount() == 0)
        return -1;
    const int cell = m_grid->cellIndex(m_row->value() - 1, m_columnB->currentIndex(), m_sample);
    return cell < m_grid->cellCount() ? cell : -1;
}

void DiffView::compareCells(int a, int b)
{
    if (!m_grid || a < 0 || b < 0 || a >= m_grid->cellCount() || b >= m_grid->cellCount())
        return;
    {
        const QSignalBlocker blockA(m_columnA);
        const QSignalBlocker blockB(m_columnB);
        const QSignalBlocker blockRow(m_row);
        m_row->setValue(m_grid->spec(a).row + 1);
        // The pickers choose row and models; the repeat is the one of the first cell.
        m_sample = qBound(0, m_grid->spec(a).sample, qMax(0, m_grid->plan().samples - 1));
        m_columnA->setCurrentIndex(m_grid->spec(a).column);
        m_columnB->setCurrentIndex(m_grid->spec(b).column);
    }
    m_freeTexts = false;
    m_bar->setVisible(true);
    m_textA = m_grid->result(a).text;
    m_textB = m_grid->result(b).text;
    m_titleA->setText(m_grid->spec(a).model.displayName());
    m_titleB->setText(m_grid->spec(b).model.displayName());
    startDiff();
}

void DiffView::setTexts(const QString &a, const QString &b, const QString &labelA, const QString &labelB)
{
    m_freeTexts = true;
    m_bar->setVisible(false);
    m_textA = a;
    m_textB = b;
    m_titleA->setText(labelA);
    m_titleB->setText(labelB);
    startDiff();
}

void DiffView::setDifferencesOnly(bool on)
{
    m_onlyDiffs->setChecked(on);
}

bool DiffView::differencesOnly() const
{
    return m_onlyDiffs->isChecked();
}

void DiffView::onPickersChanged()
{
    const int a = cellA();
    const int b = cellB();
    if (a < 0 || b < 0) {
        m_textA.clear();
        m_textB.clear();
        m_titleA->clear();
        m_titleB->clear();
        startDiff();
        return;
    }
    compareCells(a, b);
}

void DiffView::onCellsChanged(const QList<int> &cells)
{
    if (m_freeTexts)
        return;
    const int a = cellA();
    const int b = cellB();
    if (!cells.contains(a) && !cells.contains(b))
        return;
    // Streaming text: diff again at most a few times a second.
    if (!m_refresh.isActive())
        m_refresh.start();
}

void DiffView::startDiff()
{
    if (!m_freeTexts && m_grid) {
        const int a = cellA();
        const int b = cellB();
        if (a >= 0 && b >= 0) {
            m_textA = m_grid->result(a).text;
            m_textB = m_grid->result(b).text;
        }
    }
    if (m_watcher.isRunning()) {
        m_pending = true; // one diff at a time; the newest texts win
        return;
    }
    m_pending = false;
    m_similarity->setText(tr("Comparing…"));
    m_watcher.setFuture(QtConcurrent::run(&DiffView::compare, m_textA, m_textB));
}

void DiffView::onDiffFinished()
{
    if (m_pending) {
        startDiff();
        return;
    }
    m_result = m_watcher.result();
    render();
    Q_EMIT diffReady();
}

DiffView::Outcome DiffView::compare(const QString &a, const QString &b)
{
    return {WordDiff::diff(a, b), JsonDiff::diffAnswers(a, b)};
}

void DiffView::renderJson(const JsonDiffResult &json)
{
    const QPalette pal = palette();
    QTextCharFormat plain;
    QTextCharFormat removed;
    removed.setBackground(deletedColor(pal));
    QTextCharFormat added;
    added.setBackground(insertedColor(pal));
    QTextCharFormat heading;
    heading.setForeground(pal.color(QPalette::PlaceholderText));
    heading.setFontItalic(true);
    m_left->clear();
    m_right->clear();
    QTextCursor left(m_left->document());
    QTextCursor right(m_right->document());
    left.beginEditBlock();
    right.beginEditBlock();
    // One line per change on each side, by path; the values as compact JSON.
    for (const JsonChange &change : json.changes) {
        const QString path = JsonDiff::pathText(change.path);
        if (change.kind != JsonChange::Added)
            left.insertText(QStringLiteral("%1 %2: %3\n").arg(change.kind == JsonChange::Removed ? QStringLiteral("−") : QStringLiteral("~"), path,
                                                           JsonAnswer::compact(change.before)),
                            removed);
        if (change.kind != JsonChange::Removed)
            right.insertText(QStringLiteral("%1 %2: %3\n").arg(change.kind == JsonChange::Added ? QStringLiteral("+") : QStringLiteral("~"), path,
                                                            JsonAnswer::compact(change.after)),
                             added);
    }
    if (json.changes.isEmpty()) {
        left.insertText(tr("(the same JSON)\n"), heading);
        right.insertText(tr("(the same JSON)\n"), heading);
    }
    if (!m_onlyDiffs->isChecked()) {
        // The whole of each answer after its changes, laid out the same way on both sides.
        const auto pretty = [](const QString &answer) {
            const std::optional<QJsonValue> value = JsonAnswer::parse(answer);
            if (!value)
                return QString();
            if (value->isObject())
                return QString::fromUtf8(QJsonDocument(value->toObject()).toJson(QJsonDocument::Indented));
            if (value->isArray())
                return QString::fromUtf8(QJsonDocument(value->toArray()).toJson(QJsonDocument::Indented));
            return JsonAnswer::compact(*value);
        };
        left.insertText(tr("\nWhole answer:\n"), heading);
        left.insertText(pretty(m_textA), plain);
        right.insertText(tr("\nWhole answer:\n"), heading);
        right.insertText(pretty(m_textB), plain);
    }
    left.endEditBlock();
    right.endEditBlock();
    m_left->moveCursor(QTextCursor::Start);
    m_right->moveCursor(QTextCursor::Start);
    m_similarity->setText(tr("JSON · similarity %1% · %2 added · %3 removed · %4 changed")
                              .arg(qRound(json.similarity() * 100))
                              .arg(json.count(JsonChange::Added))
                              .arg(json.count(JsonChange::Removed))
                              .arg(json.count(JsonChange::Changed)));
}

void DiffView::render()
{
    if (m_result.json) {
        renderJson(*m_result.json);
        return;
    }
    const QPalette pal = palette();
    QTextCharFormat plain;
    QTextCharFormat removed;
    removed.setBackground(deletedColor(pal));
    removed.setFontStrikeOut(true);
    QTextCharFormat added;
    added.setBackground(insertedColor(pal));
    QTextCharFormat gap;
    gap.setForeground(pal.color(QPalette::PlaceholderText));
    gap.setFontItalic(true);

    const QList<DiffSegment> segments = m_onlyDiffs->isChecked() ? WordDiff::differencesOnly(m_result.words.segments)
                                                                  : m_result.words.segments;
    m_left->clear();
    m_right->clear();
    QTextCursor left(m_left->document());
    QTextCursor right(m_right->document());
    left.beginEditBlock();
    right.beginEditBlock();
    for (const DiffSegment &segment : segments) {
        switch (segment.kind) {
        case DiffSegment::Equal:
            left.insertText(segment.text, plain);
            right.insertText(segment.otherText, plain);
            break;
        case DiffSegment::Deleted:
            insertMarked(left, segment.text, removed, plain);
            break;
        case DiffSegment::Inserted:
            insertMarked(right, segment.text, added, plain);
            break;
        case DiffSegment::Gap:
            left.insertText(segment.text, gap);
            right.insertText(segment.text, gap);
            break;
        }
    }
    left.endEditBlock();
    right.endEditBlock();
    m_left->moveCursor(QTextCursor::Start);
    m_right->moveCursor(QTextCursor::Start);

    qsizetype removedWords = 0;
    qsizetype addedWords = 0;
    for (const DiffSegment &segment : m_result.words.segments) {
        if (segment.kind == DiffSegment::Deleted)
            removedWords += WordDiff::tokenize(segment.text).size();
        else if (segment.kind == DiffSegment::Inserted)
            addedWords += WordDiff::tokenize(segment.text).size();
    }
    m_similarity->setText(tr("Similarity %1% · %2 words removed · %3 added")
                              .arg(qRound(m_result.words.similarity() * 100))
                              .arg(removedWords)
                              .arg(addedWords));
}
