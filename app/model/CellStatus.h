// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// Life cycle of one grid cell. The string forms are part of the CSV contract.
enum class CellStatus {
    Queued,
    Running,
    Ok,
    Error,
    Cancelled,
    Timeout,
    Incomplete,
    Interrupted,
};

QString cellStatusName(CellStatus status);
/// Returns false when \a name is not a known status.
bool cellStatusFromName(const QString &name, CellStatus *status);
/// True for every status a cell cannot leave without an explicit retry.
bool isFinalStatus(CellStatus status);
