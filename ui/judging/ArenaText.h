// SPDX-License-Identifier: MIT
#pragma once

#include "BattleSchedule.h"
#include "BradleyTerryFit.h"

#include <QString>

#include <optional>

/// How the arena's figures read wherever they are shown (the blind judging score table, the
/// arena's results): a Bradley-Terry score with its 95% interval, a share as a percentage.
class ArenaText
{
public:
    /// "1040 (980 to 1100)", "above all (never lost)", "–" without battles.
    static QString bradleyTerry(const BradleyTerryScore &score);
    /// "64%", or "–" when there is nothing to share.
    static QString percent(std::optional<double> share);
    /// A battle list's length as offered: "All 120 battles", or "24 battles (each pair 4 times)".
    static QString battleListSize(const BattleSchedule::Size &size, bool bothOrders, bool all);
};
