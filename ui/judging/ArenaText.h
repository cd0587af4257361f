// SPDX-License-Identifier: MIT
#pragma once

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
};
