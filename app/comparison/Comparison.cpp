// SPDX-License-Identifier: MIT
#include "Comparison.h"

#include <algorithm>

RequestLimits ComparisonSettings::applyTo(RequestLimits base) const
{
    if (timeoutSeconds > 0) {
        base.totalTimeoutMs = timeoutSeconds * 1000;
        base.firstByteTimeoutMs = std::min(base.firstByteTimeoutMs, base.totalTimeoutMs);
        base.idleTimeoutMs = std::min(base.idleTimeoutMs, base.totalTimeoutMs);
        base.connectTimeoutMs = std::min(base.connectTimeoutMs, base.totalTimeoutMs);
    }
    if (retries > 0)
        base.maxAttempts = retries;
    return base;
}

QList<Attachment> Comparison::attachmentList() const
{
    QList<Attachment> list;
    list.reserve(attachments.size());
    for (const ComparisonAttachment &file : attachments)
        list.append(file.attachment);
    return list;
}

std::vector<CellResult> Comparison::resultsFor(const RunPlan &plan) const
{
    std::vector<CellResult> cells(size_t(plan.cellCount()));
    for (const SavedCell &saved : results) {
        const CellAddress address{saved.row, saved.column, saved.sample};
        if (address.isInside(plan.rows.size(), plan.columns.size(), plan.samples))
            cells[size_t(plan.cellIndex(address))] = saved.result;
    }
    return cells;
}

void Comparison::setResults(const RunPlan &plan, const std::vector<CellResult> &cells)
{
    results.clear();
    if (plan.columns.isEmpty())
        return;
    for (size_t i = 0; i < cells.size(); ++i) {
        const CellAddress address = plan.address(int(i));
        results.append(SavedCell{address.row, address.column, address.sample, cells[i]});
    }
}

Comparison Comparison::fromPlan(const RunPlan &plan)
{
    Comparison comparison;
    // The rows are already rendered: their braces went out as written, and will again.
    comparison.variablesPerPrompt = true;
    comparison.models = plan.columns;
    comparison.settings.repeats = std::max(1, plan.samples);
    if (!plan.rows.isEmpty())
        comparison.system = plan.rows.first().system;
    for (const RunRow &row : plan.rows) {
        ComparisonPrompt prompt;
        prompt.text = row.prompt;
        prompt.history = row.history;
        prompt.attachments = row.attachments;
        if (row.system != comparison.system)
            prompt.system = row.system;
        prompt.outputFormat = row.outputFormat;
        comparison.prompts.append(prompt);
    }
    comparison.outputFormat = plan.outputFormat;
    comparison.tools = plan.tools;
    comparison.toolChoice = plan.toolChoice;
    // Every row of a run got the same files (the composer's, or --image and --attach).
    if (!plan.rows.isEmpty()) {
        for (const Attachment &attachment : plan.rows.first().attachments)
            comparison.attachments.append(ComparisonAttachment{{}, attachment});
    }
    return comparison;
}
