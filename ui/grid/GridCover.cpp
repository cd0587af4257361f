// SPDX-License-Identifier: MIT
#include "GridCover.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

GridCover::GridCover(QWidget *target, const QString &text)
    : QWidget(target)
    , m_target(target)
    , m_label(new QLabel(text, this))
{
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Window);
    m_label->setWordWrap(true);
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_label);
    setGeometry(target->rect());
    target->installEventFilter(this);
    hide();
}

QString GridCover::text() const
{
    return m_label->text();
}

bool GridCover::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_target && event->type() == QEvent::Resize) {
        setGeometry(m_target->rect());
        raise();
    }
    return QWidget::eventFilter(watched, event);
}
