// SPDX-License-Identifier: MIT
#include "RunPlan.h"

RunPlan RunPlan::fromPrompts(const QStringList &prompts, const QList<ModelColumn> &columns,
                             int samples, const QString &system)
{
    RunPlan plan;
    plan.columns = columns;
    plan.samples = std::max(1, samples);
    for (int i = 0; i < prompts.size(); ++i) {
        RunRow row;
        row.promptIndex = i;
        row.prompt = prompts.at(i);
        row.system = system;
        row.label = QStringLiteral("#%1").arg(i + 1);
        plan.rows.append(row);
    }
    return plan;
}
