// SPDX-License-Identifier: MIT
#include "CostEstimator.h"

#include "CellSpec.h"
#include "ProviderRegistry.h"
#include "RunPlan.h"

QStringList CostEstimate::unpricedLabels() const
{
    QStringList labels;
    for (const Column &column : columns) {
        if (!column.priced && !labels.contains(column.label))
            labels.append(column.label);
    }
    return labels;
}

qint64 CostEstimator::estimateTokens(const QString &text)
{
    return (qint64(text.size()) + kCharsPerToken - 1) / kCharsPerToken;
}

qint64 CostEstimator::inputTokens(const QString &prompt, const QString &system)
{
    return estimateTokens(prompt) + estimateTokens(system);
}

qint64 CostEstimator::outputTokens(const RequestParams &params, int defaultOutputTokens)
{
    return params.maxTokens ? qint64(*params.maxTokens) : qint64(defaultOutputTokens);
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
        const qint64 outputPerCell = outputTokens(model.params, defaultOutputTokens);
        for (const RunRow &row : plan.rows) {
            c.inputTokens += samples * inputTokens(row.prompt, model.params.systemOverride.value_or(row.system));
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

std::optional<double> CostEstimator::cellCostUsd(const CellSpec &spec, const ProviderConfig &provider,
                                                 int defaultOutputTokens)
{
    if (!provider.prices.contains(spec.model.model))
        return std::nullopt;
    // CellSpec::system already holds the column's override when it has one.
    return provider.costUsd(spec.model.model, inputTokens(spec.prompt, spec.system),
                            outputTokens(spec.model.params, defaultOutputTokens));
}
