// SPDX-License-Identifier: MIT
#pragma once

#include "ConversationMode.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

/// The follow-up box under the grid: type a follow-up once and send it to every column ("Reply
/// to all") or to one column (chosen from a column's context menu); each model goes on with its
/// own answers (Own thread mode). It names the run's mode.
class ReplyBar : public QWidget
{
    Q_OBJECT
public:
    explicit ReplyBar(QWidget *parent = nullptr);

    /// Sends to \a column only (named \a name), or with -1 to every column.
    void setTargetColumn(int column, const QString &name = {});
    int targetColumn() const { return m_column; }
    void setMode(ConversationMode mode);

    QLineEdit *editor() const { return m_editor; }
    QPushButton *sendButton() const { return m_send; }
    QLabel *modeLabel() const { return m_mode; }

Q_SIGNALS:
    /// Send \a text as the next turn of \a column's cells (-1: every column).
    void replyRequested(int column, const QString &text);

private:
    void send();

    QLabel *m_mode;
    QLabel *m_target;
    QToolButton *m_allColumns;
    QLineEdit *m_editor;
    QPushButton *m_send;
    int m_column = -1;
};
