// SPDX-License-Identifier: MIT
#include "CellStatus.h"

#include <array>
#include <utility>

namespace {
constexpr std::array<std::pair<CellStatus, const char *>, 8> kNames{{
    {CellStatus::Queued, "queued"},
    {CellStatus::Running, "running"},
    {CellStatus::Ok, "ok"},
    {CellStatus::Error, "error"},
    {CellStatus::Cancelled, "cancelled"},
    {CellStatus::Timeout, "timeout"},
    {CellStatus::Incomplete, "incomplete"},
    {CellStatus::Interrupted, "interrupted"},
}};
} // namespace

QString cellStatusName(CellStatus status)
{
    for (const auto &[value, name] : kNames) {
        if (value == status)
            return QString::fromLatin1(name);
    }
    return QStringLiteral("unknown");
}

bool cellStatusFromName(const QString &name, CellStatus *status)
{
    for (const auto &[value, text] : kNames) {
        if (name == QLatin1String(text)) {
            *status = value;
            return true;
        }
    }
    return false;
}

bool isFinalStatus(CellStatus status)
{
    return status != CellStatus::Queued && status != CellStatus::Running;
}
