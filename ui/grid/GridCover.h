// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLabel;

/// An opaque sheet over a widget (the grid, the detail pane) while the user rates blind: the
/// answers and model names under it stay in place, the layout does not move, and it follows the
/// covered widget's size.
class GridCover : public QWidget
{
    Q_OBJECT
public:
    /// Covers \a target (its child) with \a text in the middle; hidden until shown.
    GridCover(QWidget *target, const QString &text);

    QString text() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *m_target;
    QLabel *m_label;
};
