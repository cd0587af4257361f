// SPDX-License-Identifier: MIT
#pragma once

#include "Attachment.h"
#include "ProviderConfig.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class ProviderRegistry;
struct CellSpec;
struct ChatMessage;
struct ProviderConfig;
struct RequestParams;
struct RunPlan;

/// The expected cost of one column, or of a whole run.
struct CostEstimate {
    struct Column {
        int column = 0;
        QString label;
        int cells = 0;
        qint64 inputTokens = 0;
        qint64 outputTokens = 0;
        double costUsd = 0;
        bool priced = false; ///< the model has a price in its provider's table
    };
    QList<Column> columns;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    double totalUsd = 0;
    int cells = 0;
    int unpricedCells = 0; ///< cells whose model has no price (not in totalUsd)

    /// True when every cell's model has a price.
    bool isComplete() const { return unpricedCells == 0; }
    /// The labels of the columns whose model has no price (a spend cap cannot bound them).
    QStringList unpricedLabels() const;
};

/// Estimates a run's cost before it starts. A heuristic, not a tokenizer: about four characters
/// of English per token (OpenAI's rule of thumb), prompt, system prompt and every earlier message
/// of a conversation in, and for the
/// output (reasoning is billed as output) the column's max tokens when set (an upper bound of
/// both), else \a defaultOutputTokens plus the reasoning budget (given, or the level's, see
/// reasoningBudgetFor; none for no reasoning setting).
class CostEstimator
{
public:
    static constexpr int kCharsPerToken = 4;
    static constexpr int kDefaultOutputTokens = 500;

    /// Tokens the heuristic gives for \a text (rounded up; 0 for empty text).
    static qint64 estimateTokens(const QString &text);
    /// The input tokens of \a attachments sent to a \a kind provider: text files by their
    /// characters (as wrapped in <document> tags), images by the provider's rule (README: Attachments).
    static qint64 attachmentTokens(const QList<Attachment> &attachments, ProviderKind kind);
    /// One image of \a width x \a height pixels.
    static qint64 imageTokens(int width, int height, ProviderKind kind);
    static CostEstimate estimate(const RunPlan &plan, const ProviderRegistry &providers,
                                 int defaultOutputTokens = kDefaultOutputTokens);
    /// The same estimate for one request (what the scheduler holds back against a spend cap);
    /// nullopt when \a provider has no price for the cell's model.
    static std::optional<double> cellCostUsd(const CellSpec &spec, const ProviderConfig &provider,
                                             int defaultOutputTokens = kDefaultOutputTokens);
    /// The output tokens one request with \a params is estimated at (see the class comment).
    static qint64 outputTokens(const RequestParams &params, int defaultOutputTokens);

private:
    /// The prompt, the system prompt and every earlier message of the conversation: the whole
    /// history is sent (and billed) with each request.
    static qint64 inputTokens(const QString &prompt, const QString &system, const QList<ChatMessage> &history);
};
