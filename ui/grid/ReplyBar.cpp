// SPDX-License-Identifier: MIT
#include "ReplyBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>

ReplyBar::ReplyBar(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("replyBar"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    m_mode = new QLabel(this);
    m_mode->setObjectName(QStringLiteral("conversationMode"));
    m_mode->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_mode);
    m_target = new QLabel(this);
    m_target->setObjectName(QStringLiteral("replyTarget"));
    layout->addWidget(m_target);
    m_allColumns = new QToolButton(this);
    m_allColumns->setObjectName(QStringLiteral("replyToAllColumns"));
    m_allColumns->setText(tr("All columns"));
    m_allColumns->setToolTip(tr("Send the follow-up to every column again"));
    m_allColumns->setAutoRaise(true);
    layout->addWidget(m_allColumns);
    m_editor = new QLineEdit(this);
    m_editor->setObjectName(QStringLiteral("replyEditor"));
    m_editor->setAccessibleName(tr("Follow-up"));
    m_editor->setPlaceholderText(tr("Follow-up: each model goes on with its own answers"));
    m_editor->setClearButtonEnabled(true);
    layout->addWidget(m_editor, 1);
    m_send = new QPushButton(this);
    m_send->setObjectName(QStringLiteral("replyButton"));
    layout->addWidget(m_send);
    connect(m_editor, &QLineEdit::returnPressed, this, &ReplyBar::send);
    connect(m_send, &QPushButton::clicked, this, &ReplyBar::send);
    connect(m_editor, &QLineEdit::textChanged, this, [this](const QString &text) { m_send->setEnabled(!text.trimmed().isEmpty()); });
    connect(m_allColumns, &QToolButton::clicked, this, [this] { setTargetColumn(-1); });
    m_send->setEnabled(false);
    setTargetColumn(-1);
    setMode(ConversationMode::SharedTranscript);
}

void ReplyBar::setTargetColumn(int column, const QString &name)
{
    m_column = column < 0 ? -1 : column;
    m_target->setVisible(m_column >= 0);
    m_allColumns->setVisible(m_column >= 0);
    m_target->setText(tr("To %1:").arg(name));
    m_send->setText(m_column >= 0 ? tr("Reply to This Column") : tr("Reply to All"));
    m_send->setAccessibleName(m_send->text());
}

void ReplyBar::setMode(ConversationMode mode)
{
    m_mode->setText(tr("Mode: %1").arg(conversationModeTitle(mode)));
}

void ReplyBar::send()
{
    const QString text = m_editor->text();
    if (text.trimmed().isEmpty())
        return;
    Q_EMIT replyRequested(m_column, text);
    m_editor->clear();
}
