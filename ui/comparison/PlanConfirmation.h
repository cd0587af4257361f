// SPDX-License-Identifier: MIT
#pragma once

#include "PlanSize.h"

class QWidget;

/// The window's counterpart of the CLI's --yes: a plan past PlanSize's limits is sent only
/// after the user says so, asked before anything is allocated for its cells.
class PlanConfirmation
{
public:
    /// True when \a size is within the limits, or the user answered Yes.
    static bool confirm(const PlanSize &size, QWidget *parent);
};
