// SPDX-License-Identifier: MIT
#pragma once

#include "CellStatus.h"

#include <QStyledItemDelegate>

#include <optional>

/// Paints one grid cell: a status chip, the start of the answer, the metrics line and, while
/// the cell is queued or running, a small cancel button. Painting never lays out more text
/// than fits, so a 100 KB answer costs as much as a short one.
class CellDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit CellDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    /// What a cell says is left of \a text when it is wrapped into \a rect with \a font
    /// ("+412 words", "+80 characters"); empty when all of it shows.
    static QString hiddenText(const QString &text, const QRect &rect, const QFont &font);
    /// Where the cancel button of a cell occupying \a cellRect is drawn.
    static QRect cancelButtonRect(const QRect &cellRect);
    /// The chip's background for \a status, derived from \a palette so that dark themes work.
    static QColor statusColor(CellStatus status, const QPalette &palette);
    /// Text in \a status's colour that stays readable on \a background (an error line).
    static QColor statusTextColor(CellStatus status, const QPalette &palette, QPalette::ColorRole background);
    /// The chip's label: "queued #3", "running", "ok", ...
    static QString statusLabel(CellStatus status, int queuePosition);
    /// The quick-check chip of a checked answer: "✓ checks 3/3" or "✗ checks 1/3".
    static QString checksLabel(int passed, int total);
    /// Its background: the ok or the error colour of \a palette.
    static QColor checksColor(bool allPassed, const QPalette &palette);
    /// The validation chip of an answer checked against its schema or tools: "✓ valid" or
    /// "✗ invalid" (coloured as checksColor()).
    static QString validityLabel(bool valid);
    /// The line an invalid answer shows under its text: "✗ /pointer: message".
    static QString validityErrorLine(const QString &errorText);
    /// The judge model's chip: "judge 8/10" ("judge 7.5/10"), or "⚠ judge error" without a score
    /// (\a score empty); the cell's tooltip gives the reason or the error.
    static QString judgeLabel(std::optional<double> score, double scaleMax);
    /// Its background: an indigo of its own (a grade is neither pass nor fail), the error colour
    /// for a judge error.
    static QColor judgeColor(bool error, const QPalette &palette);

Q_SIGNALS:
    /// The user clicked the cancel button of scheduler cell \a cell.
    void cancelRequested(int cell);

private:
    static bool isCancellable(const QModelIndex &index);
};
