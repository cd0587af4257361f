// SPDX-License-Identifier: MIT
#include "CostEstimator.h"

#include "ProviderRegistry.h"
#include "RunPlan.h"

qint64 CostEstimator::estimateTokens(const QString &text)
{
    return (qint64(text.size()) + kCharsPerToken - 1) / kCharsPerToken;
}

CostEstimate CostEstimator::estimate(const RunPlan &plan, const ProviderRegistry &providers, int defaultOutputTokens)
{
    CostEstimate estimate;
    const int samples = qMax(1, plan.samples);
    for (int column = 0; column < plan.columns.size(); ++column) {
        const ModelColumn &model = plan.columns.at(column);
        CostEstimate::Column c;
        c.column = column;
        c.label = model.displayName();
        const qint64 outputPerCell = model.params.maxTokens ? qint64(*model.params.maxTokens) : qint64(defaultOutputTokens);
        for (const RunRow &row : plan.rows) {
            const QString system = model.params.systemOverride.value_or(row.system);
            c.inputTokens += samples * (estimateTokens(row.prompt) + estimateTokens(system));
            c.outputTokens += samples * outputPerCell;
            c.cells += samples;
        }
        const ProviderConfig *provider = providers.find(model.provider);
        if (provider && provider->prices.contains(model.model)) {
            c.priced = true;
            c.costUsd = provider->costUsd(model.model, c.inputTokens, c.outputTokens).value_or(0);
        } else {
            estimate.unpricedCells += c.cells;
        }
        estimate.inputTokens += c.inputTokens;
        estimate.outputTokens += c.outputTokens;
        estimate.totalUsd += c.costUsd;
        estimate.cells += c.cells;
        estimate.columns.append(c);
    }
    return estimate;
}
