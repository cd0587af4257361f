// SPDX-License-Identifier: MIT
#pragma once

#include "HistoryRecorder.h"

#include <QFrame>

class QLabel;
class QPushButton;

/// A bar across the top of the window that stays while the run history has a problem: what
/// went wrong, the file, and what is not saved. For a damaged file it offers to move the file
/// aside and start a new history. Dismissed, it comes back when another problem arises.
class HistoryAlert : public QFrame
{
    Q_OBJECT
public:
    explicit HistoryAlert(HistoryRecorder *history, QWidget *parent = nullptr);

    QString text() const;
    QPushButton *startOverButton() const { return m_startOver; }
    QPushButton *dismissButton() const { return m_dismiss; }
    /// Moves the damaged history aside and starts a new one (the button's action).
    bool startOver();

private:
    void refresh();

    HistoryRecorder *m_history;
    QLabel *m_text;
    QPushButton *m_startOver;
    QPushButton *m_dismiss;
    QString m_note; ///< the outcome of startOver(), shown until dismissed
    HistoryDatabase::Problem m_dismissed = HistoryDatabase::Problem::None;
};
