// SPDX-License-Identifier: MIT
#include "CostEstimator.h"

#include "AttachmentParts.h"
#include "CellSpec.h"
#include "ImageHeader.h"
#include "ProviderRegistry.h"
#include "RunPlan.h"

#include <algorithm>
#include <cmath>

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

qint64 CostEstimator::imageTokens(int width, int height, ProviderKind kind)
{
    if (width <= 0 || height <= 0)
        return 0;
    double w = width;
    double h = height;
    switch (kind) {
    case ProviderKind::OpenAI:
    case ProviderKind::OpenAIResponses: {
        // detail "auto" taken as "high": fit in 2048x2048, shortest side to 768, then 170 per
        // 512 px tile plus 85.
        const double fit = std::min(1.0, 2048.0 / std::max(w, h));
        w *= fit;
        h *= fit;
        const double shorter = std::min(w, h);
        if (shorter > 768) {
            w *= 768 / shorter;
            h *= 768 / shorter;
        }
        return 85 + 170 * qint64(std::ceil(w / 512) * std::ceil(h / 512));
    }
    case ProviderKind::Gemini:
        // 258 per image up to 384 px a side, else per 768x768 tile.
        if (w <= 384 && h <= 384)
            return 258;
        return 258 * qint64(std::ceil(w / 768) * std::ceil(h / 768));
    case ProviderKind::Anthropic:
    case ProviderKind::Ollama:
    case ProviderKind::Demo:
        break;
    }
    // Anthropic's rule (pixels / 750; larger images are scaled down to about 1,600 tokens).
    return std::min<qint64>(1600, std::max<qint64>(1, qint64(std::ceil(w * h / 750))));
}

qint64 CostEstimator::attachmentTokens(const QList<Attachment> &attachments, ProviderKind kind)
{
    if (attachments.isEmpty())
        return 0;
    qint64 tokens = 0;
    for (const Attachment &a : attachments) {
        if (a.kind == Attachment::Kind::Image) {
            const ImageHeader header = ImageHeader::read(a.data);
            tokens += imageTokens(header.width, header.height, kind);
        }
    }
    // The <document> wrapping of the text files, without the question itself.
    return tokens + estimateTokens(AttachmentParts::withDocuments(QString(), attachments));
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
            if (provider)
                c.inputTokens += samples * attachmentTokens(row.attachments, provider->kind);
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
    return provider.costUsd(spec.model.model, inputTokens(spec.prompt, spec.system, spec.history) + attachmentTokens(spec.attachments, provider.kind),
                            outputTokens(provider.requestParams(spec.model.model, spec.model.params), defaultOutputTokens));
}
