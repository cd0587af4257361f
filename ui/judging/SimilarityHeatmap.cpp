// SPDX-License-Identifier: MIT
#include "SimilarityHeatmap.h"

#include "ResultGrid.h"
#include "WordDiff.h"

#include <QFontMetrics>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QtConcurrent/QtConcurrentRun>

namespace {
constexpr int kMargin = 8;

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t), float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}
} // namespace

SimilarityHeatmap::SimilarityHeatmap(const ResultGrid *grid, QWidget *parent)
    : QWidget(parent)
    , m_grid(grid)
{
    setAccessibleName(tr("Similarity heat map"));
    setAccessibleDescription(tr("Word similarity of every pair of answers in one row"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(500);
    connect(&m_refresh, &QTimer::timeout, this, &SimilarityHeatmap::compute);
    connect(&m_watcher, &QFutureWatcher<QList<QList<double>>>::finished, this, &SimilarityHeatmap::onFinished);
    connect(m_grid, &ResultGrid::planReset, this, [this] { setRow(0, 0); });
    connect(m_grid, &ResultGrid::cellsChanged, this, [this](const QList<int> &cells) {
        for (int cell : cells) {
            if (m_grid->spec(cell).row == m_row && m_grid->spec(cell).sample == m_sample) {
                if (!m_refresh.isActive())
                    m_refresh.start();
                return;
            }
        }
    });
    compute();
}

void SimilarityHeatmap::setRow(int row, int sample)
{
    m_row = qMax(0, row);
    m_sample = qMax(0, sample);
    compute();
}

void SimilarityHeatmap::compute()
{
    if (m_watcher.isRunning()) {
        m_pending = true;
        return;
    }
    m_pending = false;
    QStringList texts;
    m_labels.clear();
    const RunPlan &plan = m_grid->plan();
    if (m_row < plan.rows.size() && m_sample < plan.samples) {
        for (int column = 0; column < plan.columns.size(); ++column) {
            const int cell = m_grid->cellIndex(m_row, column, m_sample);
            texts << m_grid->result(cell).text;
            m_labels << plan.columns.at(column).displayName();
        }
    }
    m_watcher.setFuture(QtConcurrent::run(&WordDiff::similarityMatrix, texts));
}

void SimilarityHeatmap::onFinished()
{
    if (m_pending) {
        compute();
        return;
    }
    m_matrix = m_watcher.result();
    updateGeometry();
    update();
    Q_EMIT matrixReady();
}

int SimilarityHeatmap::labelWidth() const
{
    const QFontMetrics metrics(font());
    int width = 0;
    for (const QString &label : m_labels)
        width = qMax(width, metrics.horizontalAdvance(QStringLiteral("00. ") + label));
    return qMin(width, 220) + kMargin;
}

QRect SimilarityHeatmap::matrixRect() const
{
    const int n = int(m_matrix.size());
    if (n == 0)
        return {};
    const QFontMetrics metrics(font());
    const int top = metrics.height() * 2 + kMargin;
    const int left = labelWidth() + kMargin;
    const int side = qMax(0, qMin(width() - left - kMargin, height() - top - kMargin));
    const int cell = qMin(side / n, 120); // big enough to read, small enough to take in at once
    return QRect(left, top, cell * n, cell * n);
}

QSize SimilarityHeatmap::sizeHint() const
{
    const int n = qMax(2, int(m_matrix.size()));
    return QSize(labelWidth() + kMargin * 2 + n * 64, fontMetrics().height() * 2 + kMargin * 2 + n * 64);
}

QSize SimilarityHeatmap::minimumSizeHint() const
{
    return QSize(200, 150);
}

void SimilarityHeatmap::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    painter.fillRect(rect(), pal.color(QPalette::Window));
    painter.setPen(pal.color(QPalette::WindowText));
    const QFontMetrics metrics(font());
    painter.drawText(QRect(kMargin, kMargin / 2, width() - 2 * kMargin, metrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                     tr("Word similarity, row %1").arg(m_row + 1));
    const int n = int(m_matrix.size());
    if (n == 0) {
        painter.drawText(rect(), Qt::AlignCenter, tr("No answers to compare"));
        return;
    }
    const QRect area = matrixRect();
    const int cell = area.width() / n;
    if (cell <= 0)
        return;
    const QColor low = pal.color(QPalette::Base);
    const QColor high = pal.color(QPalette::Highlight);
    for (int i = 0; i < n; ++i) {
        const QRect labelRect(kMargin, area.top() + i * cell, area.left() - 2 * kMargin, cell);
        painter.setPen(pal.color(QPalette::WindowText));
        painter.drawText(labelRect, Qt::AlignRight | Qt::AlignVCenter,
                         metrics.elidedText(QStringLiteral("%1. %2").arg(i + 1).arg(m_labels.value(i)), Qt::ElideMiddle,
                                            labelRect.width()));
        // Column headers: the number of each model keeps them short.
        painter.drawText(QRect(area.left() + i * cell, area.top() - metrics.height() - 2, cell, metrics.height()),
                         Qt::AlignCenter, QString::number(i + 1));
        for (int j = 0; j < n; ++j) {
            const double value = m_matrix[i][j];
            const QRect square(area.left() + j * cell, area.top() + i * cell, cell, cell);
            const QColor fill = mix(low, high, value);
            painter.fillRect(square.adjusted(1, 1, -1, -1), fill);
            painter.setPen(fill.lightness() < 128 ? QColor(Qt::white) : QColor(Qt::black));
            if (cell >= metrics.horizontalAdvance(QStringLiteral("100%")) + 4)
                painter.drawText(square, Qt::AlignCenter, QStringLiteral("%1%").arg(qRound(value * 100)));
        }
    }
}

void SimilarityHeatmap::mousePressEvent(QMouseEvent *event)
{
    const QRect area = matrixRect();
    const int n = int(m_matrix.size());
    if (n == 0 || !area.contains(event->position().toPoint()))
        return QWidget::mousePressEvent(event);
    const int cell = area.width() / n;
    const int j = (event->position().toPoint().x() - area.left()) / cell;
    const int i = (event->position().toPoint().y() - area.top()) / cell;
    if (i != j && i < n && j < n)
        Q_EMIT pairActivated(m_grid->cellIndex(m_row, i, m_sample), m_grid->cellIndex(m_row, j, m_sample));
}

void SimilarityHeatmap::keyPressEvent(QKeyEvent *event)
{
    const int rows = int(m_grid->plan().rows.size());
    if (event->key() == Qt::Key_PageDown && m_row + 1 < rows)
        setRow(m_row + 1, m_sample);
    else if (event->key() == Qt::Key_PageUp && m_row > 0)
        setRow(m_row - 1, m_sample);
    else
        QWidget::keyPressEvent(event);
}
