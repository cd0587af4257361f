// SPDX-License-Identifier: MIT
#include "PlanConfirmation.h"

#include <QCoreApplication>
#include <QMessageBox>

bool PlanConfirmation::confirm(const PlanSize &size, QWidget *parent)
{
    if (!size.exceedsLimits())
        return true;
    const QString text = QCoreApplication::translate("PlanConfirmation",
                                                     "This run would send %1. Every cell needs memory before the "
                                                     "first one starts. Send it anyway?")
                             .arg(size.excess());
    QMessageBox box(QMessageBox::Question, QCoreApplication::translate("PlanConfirmation", "Large Run"), text,
                    QMessageBox::Yes | QMessageBox::No, parent);
    box.setObjectName(QStringLiteral("largePlanQuestion"));
    box.setDefaultButton(QMessageBox::No);
    return box.exec() == QMessageBox::Yes;
}
