// SPDX-License-Identifier: MIT
#include "HistoryAlert.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

HistoryAlert::HistoryAlert(HistoryRecorder *history, QWidget *parent)
    : QFrame(parent)
    , m_history(history)
    , m_text(new QLabel(this))
    , m_startOver(new QPushButton(tr("Move It Aside and Start a New History"), this))
    , m_dismiss(new QPushButton(tr("Dismiss"), this))
{
    setObjectName(QStringLiteral("historyAlert"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette warning = palette();
    warning.setColor(QPalette::Window, QColor(0xfc, 0xe9, 0xc0));
    warning.setColor(QPalette::WindowText, QColor(0x3d, 0x2b, 0x00));
    setPalette(warning);
    setAccessibleName(tr("Run history problem"));

    auto *icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(24, 24));
    m_text->setObjectName(QStringLiteral("historyAlertText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_startOver->setObjectName(QStringLiteral("historyStartOverButton"));
    m_startOver->setToolTip(tr("Rename the damaged file (nothing is deleted) and save runs to a new, empty history"));
    m_dismiss->setObjectName(QStringLiteral("historyAlertDismiss"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_startOver, 0, Qt::AlignTop);
    layout->addWidget(m_dismiss, 0, Qt::AlignTop);

    connect(m_startOver, &QPushButton::clicked, this, &HistoryAlert::startOver);
    connect(m_dismiss, &QPushButton::clicked, this, [this] {
        m_dismissed = m_history->problem();
        m_note.clear();
        hide();
    });
    connect(m_history, &HistoryRecorder::problemChanged, this, &HistoryAlert::refresh);
    refresh();
}

QString HistoryAlert::text() const
{
    return m_text->text();
}

bool HistoryAlert::startOver()
{
    QString movedTo;
    QString error;
    const bool ok = m_history->startOver(&movedTo, &error);
    if (ok) {
        m_note = tr("The damaged history was moved to %1 (nothing in it was deleted); a new history was started at %2, "
                    "and the current run is saved there.")
                     .arg(QDir::toNativeSeparators(movedTo), QDir::toNativeSeparators(m_history->database()->path()));
    } else {
        m_note = tr("Could not start a new history: %1").arg(error);
    }
    m_dismissed = HistoryDatabase::Problem::None;
    refresh();
    return ok;
}

void HistoryAlert::refresh()
{
    const HistoryDatabase::Problem problem = m_history->problem();
    if (problem != m_dismissed)
        m_dismissed = HistoryDatabase::Problem::None;
    QString text = m_history->problemText();
    if (!m_note.isEmpty())
        text = text.isEmpty() ? m_note : m_note + QLatin1Char(' ') + text;
    m_text->setText(text);
    m_startOver->setVisible(problem == HistoryDatabase::Problem::Corrupt);
    setVisible(!text.isEmpty() && (problem == HistoryDatabase::Problem::None || problem != m_dismissed));
}
