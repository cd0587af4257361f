// SPDX-License-Identifier: MIT
#include "ArenaText.h"

#include <QCoreApplication>

#include <cmath>

namespace {
QString scoreEnd(double value)
{
    return std::isinf(value) ? (value > 0 ? QStringLiteral("+∞") : QStringLiteral("−∞")) : QString::number(value, 'f', 0);
}

QString tr(const char *text)
{
    return QCoreApplication::translate("ArenaText", text);
}
} // namespace

QString ArenaText::bradleyTerry(const BradleyTerryScore &score)
{
    switch (score.bound) {
    case BradleyTerryScore::Finite:
        if (score.low && score.high)
            return QStringLiteral("%1 (%2 to %3)").arg(QString::number(*score.score, 'f', 0), scoreEnd(*score.low), scoreEnd(*score.high));
        return QString::number(*score.score, 'f', 0);
    case BradleyTerryScore::UnboundedAbove:
        return tr("above all (never lost)");
    case BradleyTerryScore::UnboundedBelow:
        return tr("below all (never won)");
    case BradleyTerryScore::NotLinked:
        return tr("not linked to the others");
    case BradleyTerryScore::NoBattles:
        break;
    }
    return QStringLiteral("–");
}

QString ArenaText::percent(std::optional<double> share)
{
    return share ? QStringLiteral("%1%").arg(*share * 100, 0, 'f', 0) : QStringLiteral("–");
}

QString ArenaText::battleListSize(const BattleSchedule::Size &size, bool bothOrders, bool all)
{
    const int factor = bothOrders ? 2 : 1;
    if (all)
        return tr("All %1 battles").arg(size.matchups * factor);
    return tr("%1 battles (each pair %2 times)").arg(size.matchups * factor).arg(size.perPair * factor);
}
