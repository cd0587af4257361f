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

qint64 CostEstimator::inputTokens(const QString &prompt, const QString &system, const QList<ChatMessage> &history)
{
    qint64 tokens = estimateTokens(prompt) + estimateTokens(system);
    for (const ChatMessage &message : history)
        tokens += estimateTokens(message.text);
    return tokens;
}

qint64 CostEstimator::outputTokens(const RequestParams &params, int defaultOutputTokens)
{
    // Reasoning is billed as output: max tokens bounds both; without it, the answer's default
    // plus the thinking budget (given, or the level's).
    if (params.maxTokens)
        return *params.maxTokens;
    return qint64(defaultOutputTokens) + params.effectiveReasoningBudget();
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
        const ProviderConfig *provider = providers.find(model.provider);
        const RequestParams sent = provider ? provider->requestParams(model.model, model.params) : model.params;
        const qint64 outputPerCell = outputTokens(sent, defaultOutputTokens);
        for (const RunRow &row : plan.rows) {
            c.inputTokens += samples * inputTokens(row.prompt, model.params.systemOverride.value_or(row.system), row.history);
            c.outputTokens += samples * outputPerCell;
            c.cells += samples;
        }
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
    return provider.costUsd(spec.model.model, inputTokens(spec.prompt, spec.system, spec.history),
                            outputTokens(provider.requestParams(spec.model.model, spec.model.params), defaultOutputTokens));
}
