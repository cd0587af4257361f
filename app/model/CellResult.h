// SPDX-License-Identifier: MIT
#pragma once

#include "CellStatus.h"
#include "ToolCall.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <functional>
#include <optional>

class JsonFields;

/// Everything measured for one request. Missing figures stay empty, never 0.
struct CellResult {
    CellStatus status = CellStatus::Queued;
    QString text;
    QString reasoning;
    QString error;
    int httpStatus = 0;
    std::optional<qint64> queueWaitMs;
    std::optional<qint64> ttftMs;
    std::optional<qint64> latencyMs;
    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens; ///< every billed output token, reasoning included
    std::optional<qint64> reasoningTokens; ///< the part of outputTokens spent reasoning, when the provider says
    QString finishReason;
    std::optional<double> costUsd;
    int attempts = 0;
    QDateTime startedAt;
    QDateTime finishedAt;
    /// The tool calls the answer made, in the order they were streamed.
    QList<ToolCall> toolCalls;

    /// Output tokens per second after the first token, when it can be known.
    std::optional<double> tokensPerSecond() const;

    /// \a saved as a grid shows a saved run again: a cell that had not finished when it was
    /// saved is interrupted.
    static CellResult restored(CellResult saved);

    /// The model declined to answer (OpenAI's refusal, Anthropic's stop_reason "refusal"): its
    /// refusal is the answer and the finish reason is "refusal".
    bool isRefusal() const { return finishReason == QLatin1String("refusal"); }

    /// The one JSON form of a result, shared by the exports and .promptgrid files: status,
    /// answer, reasoning, error, http_status, queue_wait_ms, ttft_ms, latency_ms, input_tokens,
    /// output_tokens, finish_reason, cost_usd, attempts, started_at, finished_at, reasoning_tokens, tool_calls
    /// (ToolCall::listToJson, [] when none). Missing figures
    /// (and an HTTP status of 0) are null; times are ISO 8601 with milliseconds or "". \a text,
    /// when given, is what each of answer, reasoning and error is written as (the exports put a
    /// marker there and splice a large text straight into the file).
    using TextStandIn = std::function<QString(const QString &)>;
    void writeJson(QJsonObject *object, const TextStandIn &text = {}) const;
    /// Reads what writeJson() wrote, checking each field's type and range; nullopt with
    /// fields.error naming \a where and the field otherwise. "status" is required.
    static std::optional<CellResult> readJson(const QJsonObject &object, const QString &where, JsonFields &fields);

    /// The history's columns for a result, in the order of sqlValues() and fromSqlValues().
    static QStringList sqlColumns();
    /// The values of sqlColumns(): missing figures as NULL, times as UTC ISO 8601, text with
    /// lone surrogates replaced by U+FFFD (SQLite would fold them into their neighbours).
    QVariantList sqlValues() const;
    /// Reads sqlValues() back; a status it does not know is read as interrupted.
    static CellResult fromSqlValues(const QVariantList &values);

    bool operator==(const CellResult &other) const = default;
};
