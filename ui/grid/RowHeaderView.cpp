// SPDX-License-Identifier: MIT
#include "RowHeaderView.h"

#include "ResultGrid.h"

#include <QMouseEvent>
#include <QPainter>
#include <QTextLayout>

#include <algorithm>

namespace {
constexpr int kEdge = 5;
constexpr int kPadding = 6;
constexpr int kMinimumWidth = 60;
constexpr int kMaximumWidth = 700;
const QString kSeparator = QStringLiteral(" \u00b7 ");
} // namespace

RowHeaderView::RowHeaderView(const ResultGrid *grid, QWidget *parent)
    : QHeaderView(Qt::Vertical, parent)
    , m_grid(grid)
    , m_width(0)
{
    setObjectName(QStringLiteral("rowHeader"));
    setAccessibleName(tr("Prompts of the rows"));
    setMouseTracking(true);
    setDefaultAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_width = defaultWidth();
}

int RowHeaderView::defaultWidth() const
{
    // About 18 characters a line: a prompt's start reads, the grid keeps its room.
    return std::max(130, fontMetrics().averageCharWidth() * 18);
}

QString RowHeaderView::firstLine(const QString &prompt)
{
    const QStringList lines = prompt.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        bool more = false;
        for (qsizetype j = i + 1; j < lines.size() && !more; ++j)
            more = !lines.at(j).trimmed().isEmpty();
        return more ? line + QStringLiteral("…") : line;
    }
    return {};
}

QString RowHeaderView::variablesText(int section) const
{
    const RunPlan &plan = m_grid->plan();
    if (section < 0 || section >= plan.rows.size())
        return {};
    QStringList parts;
    for (const auto &[name, value] : plan.rows.at(section).variables)
        parts.append(name + QLatin1Char('=') + value.simplified());
    return parts.join(kSeparator);
}

QString RowHeaderView::sectionLabel(int section) const
{
    // The model's header: the row's label, and a conversation's mode after it.
    return model() ? model()->headerData(section, Qt::Vertical).toString() : m_grid->plan().rows.value(section).label;
}

QString RowHeaderView::sectionTitle(int section) const
{
    const RunPlan &plan = m_grid->plan();
    if (section < 0 || section >= plan.rows.size())
        return {};
    QStringList parts{sectionLabel(section), firstLine(plan.rows.at(section).prompt)};
    const QString variables = variablesText(section);
    if (!variables.isEmpty())
        parts.append(variables);
    parts.removeAll(QString());
    return parts.join(kSeparator);
}

void RowHeaderView::setHeaderWidth(int width)
{
    width = std::clamp(width, kMinimumWidth, kMaximumWidth);
    if (width == m_width)
        return;
    m_width = width;
    updateGeometry();
    // The table lays its viewport out again from sizeHint().
    Q_EMIT geometriesChanged();
    viewport()->update();
}

QSize RowHeaderView::sizeHint() const
{
    return QSize(m_width, QHeaderView::sizeHint().height());
}

void RowHeaderView::paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const
{
    if (!rect.isValid())
        return;
    // The frame and background of an empty section, then the text drawn here.
    QStyleOptionHeader option;
    initStyleOption(&option);
    option.rect = rect;
    option.section = logicalIndex;
    option.text.clear();
    option.state |= isEnabled() ? QStyle::State_Enabled : QStyle::State_None;
    style()->drawControl(QStyle::CE_Header, &option, painter, this);

    const RunPlan &plan = m_grid->plan();
    if (logicalIndex < 0 || logicalIndex >= plan.rows.size())
        return;
    const RunRow &row = plan.rows.at(logicalIndex);
    const QRect inner = rect.adjusted(kPadding, kPadding - 2, -kPadding, -kPadding + 2);
    if (inner.width() <= 0 || inner.height() <= 0)
        return;
    painter->save();
    painter->setClipRect(rect);
    const QPalette &pal = palette();

    QFont labelFont = font();
    labelFont.setBold(true);
    const QFontMetrics labelMetrics(labelFont);
    painter->setFont(labelFont);
    painter->setPen(pal.color(QPalette::ButtonText));
    painter->drawText(QRect(inner.left(), inner.top(), inner.width(), labelMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      labelMetrics.elidedText(sectionLabel(logicalIndex), Qt::ElideRight, inner.width()));
    int top = inner.top() + labelMetrics.height() + 2;

    QFont smallFont = font();
    smallFont.setPointSizeF(std::max(6.0, smallFont.pointSizeF() * 0.9));
    const QFontMetrics smallMetrics(smallFont);
    const QString variables = variablesText(logicalIndex);
    const int bottom = inner.bottom() - (variables.isEmpty() ? 0 : smallMetrics.height() + 2);

    // The prompt's first line, wrapped over the lines there are, the last one elided.
    const QFontMetrics metrics(font());
    const QString prompt = firstLine(row.prompt).left(600);
    const int maxLines = std::max(0, (bottom - top + 1) / metrics.lineSpacing());
    if (maxLines > 0 && !prompt.isEmpty()) {
        painter->setFont(font());
        painter->setPen(pal.color(QPalette::ButtonText));
        QTextLayout layout(prompt, font());
        QTextOption textOption;
        textOption.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        layout.setTextOption(textOption);
        layout.beginLayout();
        for (int lineNumber = 0; lineNumber < maxLines; ++lineNumber) {
            QTextLine line = layout.createLine();
            if (!line.isValid())
                break;
            line.setLineWidth(inner.width());
            if (lineNumber == maxLines - 1 && line.textStart() + line.textLength() < prompt.size()) {
                const QString rest = prompt.mid(line.textStart());
                painter->drawText(QPoint(inner.left(), top + metrics.ascent()),
                                  metrics.elidedText(rest, Qt::ElideRight, inner.width()));
                break;
            }
            line.draw(painter, QPointF(inner.left(), top));
            top += metrics.lineSpacing();
        }
        layout.endLayout();
    }
    if (!variables.isEmpty()) {
        painter->setFont(smallFont);
        painter->setPen(pal.color(QPalette::PlaceholderText));
        painter->drawText(QRect(inner.left(), bottom + 2, inner.width(), smallMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                          smallMetrics.elidedText(variables, Qt::ElideRight, inner.width()));
    }
    painter->restore();
}

bool RowHeaderView::onResizeEdge(const QPoint &pos) const
{
    return pos.x() >= viewport()->width() - kEdge;
}

void RowHeaderView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && onResizeEdge(event->position().toPoint())) {
        m_dragStartX = int(event->globalPosition().x());
        m_dragStartWidth = m_width;
        event->accept();
        return;
    }
    QHeaderView::mousePressEvent(event);
}

void RowHeaderView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragStartX >= 0) {
        setHeaderWidth(m_dragStartWidth + int(event->globalPosition().x()) - m_dragStartX);
        event->accept();
        return;
    }
    if (event->buttons() == Qt::NoButton)
        viewport()->setCursor(onResizeEdge(event->position().toPoint()) ? Qt::SplitHCursor : Qt::ArrowCursor);
    QHeaderView::mouseMoveEvent(event);
}

void RowHeaderView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragStartX >= 0) {
        m_dragStartX = -1;
        Q_EMIT headerWidthChanged(m_width);
        event->accept();
        return;
    }
    QHeaderView::mouseReleaseEvent(event);
}

void RowHeaderView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && onResizeEdge(event->position().toPoint())) {
        setHeaderWidth(defaultWidth());
        Q_EMIT headerWidthChanged(m_width);
        event->accept();
        return;
    }
    QHeaderView::mouseDoubleClickEvent(event);
}
