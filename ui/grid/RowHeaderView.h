// SPDX-License-Identifier: MIT
#pragma once

#include <QHeaderView>

class ResultGrid;

/// The grid's row headers: each row's label, the first line of its prompt (wrapped, elided)
/// and its test case's variables, instead of only "#1". Dragging the header's right edge
/// widens it (double-click there: the default width again).
class RowHeaderView : public QHeaderView
{
    Q_OBJECT
public:
    explicit RowHeaderView(const ResultGrid *grid, QWidget *parent = nullptr);

    /// Everything row \a section's header says, unelided: "#1 · Summarise the text · lang=fr".
    QString sectionTitle(int section) const;
    /// The bold first line: "#1", or "#1 · shared transcript" for a conversation.
    QString sectionLabel(int section) const;
    /// The first non-empty line of \a prompt, trimmed, with "…" when more lines follow.
    static QString firstLine(const QString &prompt);

    int headerWidth() const { return m_width; }
    /// Sets the header's width, bounded to what a header can reasonably take.
    void setHeaderWidth(int width);
    int defaultWidth() const;
    QSize sizeHint() const override;

Q_SIGNALS:
    /// The user dragged the header wider or narrower.
    void headerWidthChanged(int width);

protected:
    void paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    bool onResizeEdge(const QPoint &pos) const;
    QString variablesText(int section) const;

    const ResultGrid *m_grid;
    int m_width;
    // While the right edge is dragged: where the drag started and the width then.
    int m_dragStartX = -1;
    int m_dragStartWidth = 0;
};
