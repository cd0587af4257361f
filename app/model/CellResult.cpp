// SPDX-License-Identifier: MIT
#include "CellResult.h"

#include "JsonFields.h"
#include "TextCodec.h"

#include <QJsonValue>

namespace {
QJsonValue jsonNumber(const std::optional<qint64> &value)
{
    return value ? QJsonValue(double(*value)) : QJsonValue(QJsonValue::Null);
}

QString jsonTime(const QDateTime &time)
{
    return time.isValid() ? time.toString(Qt::ISODateWithMs) : QString();
}

QVariant sqlNumber(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>());
}

std::optional<qint64> sqlOptional(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toLongLong();
}

QString sqlTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime sqlTimeFromText(const QString &text)
{
    if (text.isEmpty())
        return {};
    return QDateTime::fromString(text, Qt::ISODateWithMs).toUTC();
}
} // namespace

std::optional<double> CellResult::tokensPerSecond() const
{
    if (!outputTokens || !ttftMs || !latencyMs || *outputTokens <= 1)
        return std::nullopt;
    const qint64 streamingMs = *latencyMs - *ttftMs;
    if (streamingMs <= 0)
        return std::nullopt;
    return double(*outputTokens - 1) * 1000.0 / double(streamingMs);
}

CellResult CellResult::restored(CellResult saved)
{
    if (!isFinalStatus(saved.status))
        saved.status = CellStatus::Interrupted;
    return saved;
}

void CellResult::writeJson(QJsonObject *object, const TextStandIn &standIn) const
{
    const auto textOf = [&standIn](const QString &value) { return standIn ? standIn(value) : value; };
    object->insert(QStringLiteral("status"), cellStatusName(status));
    object->insert(QStringLiteral("answer"), textOf(text));
    object->insert(QStringLiteral("reasoning"), textOf(reasoning));
    object->insert(QStringLiteral("error"), textOf(error));
    object->insert(QStringLiteral("http_status"), httpStatus > 0 ? QJsonValue(httpStatus) : QJsonValue(QJsonValue::Null));
    object->insert(QStringLiteral("queue_wait_ms"), jsonNumber(queueWaitMs));
    object->insert(QStringLiteral("ttft_ms"), jsonNumber(ttftMs));
    object->insert(QStringLiteral("latency_ms"), jsonNumber(latencyMs));
    object->insert(QStringLiteral("input_tokens"), jsonNumber(inputTokens));
    object->insert(QStringLiteral("output_tokens"), jsonNumber(outputTokens));
    object->insert(QStringLiteral("finish_reason"), finishReason);
    object->insert(QStringLiteral("cost_usd"), costUsd ? QJsonValue(*costUsd) : QJsonValue(QJsonValue::Null));
    object->insert(QStringLiteral("attempts"), attempts);
    object->insert(QStringLiteral("started_at"), jsonTime(startedAt));
    object->insert(QStringLiteral("finished_at"), jsonTime(finishedAt));
    object->insert(QStringLiteral("reasoning_tokens"), jsonNumber(reasoningTokens));
    object->insert(QStringLiteral("tool_calls"), ToolCall::listToJson(toolCalls));
}

std::optional<CellResult> CellResult::readJson(const QJsonObject &o, const QString &where, JsonFields &fields)
{
    CellResult r;
    QString statusName;
    if (!fields.string(o, "status", where, &statusName, true) || !fields.string(o, "answer", where, &r.text)
        || !fields.string(o, "reasoning", where, &r.reasoning) || !fields.string(o, "error", where, &r.error)
        || !fields.integer(o, "http_status", where, &r.httpStatus, 0, 999)
        || !fields.count(o, "queue_wait_ms", where, &r.queueWaitMs) || !fields.count(o, "ttft_ms", where, &r.ttftMs)
        || !fields.count(o, "latency_ms", where, &r.latencyMs) || !fields.count(o, "input_tokens", where, &r.inputTokens)
        || !fields.count(o, "output_tokens", where, &r.outputTokens)
        || !fields.string(o, "finish_reason", where, &r.finishReason)
        || !fields.number(o, "cost_usd", where, &r.costUsd, 0, 1e12)
        || !fields.integer(o, "attempts", where, &r.attempts, 0, 1000)
        || !fields.time(o, "started_at", where, &r.startedAt) || !fields.time(o, "finished_at", where, &r.finishedAt)
        || !fields.count(o, "reasoning_tokens", where, &r.reasoningTokens))
        return std::nullopt;
    QString callsError;
    if (!ToolCall::listFromJson(o.value(QLatin1String("tool_calls")), where + QStringLiteral(".tool_calls"), &r.toolCalls, &callsError)) {
        fields.fail(callsError);
        return std::nullopt;
    }
    if (!cellStatusFromName(statusName, &r.status)) {
        fields.fail(QStringLiteral("%1.status \"%2\" is not a known status").arg(where, statusName));
        return std::nullopt;
    }
    return r;
}

QStringList CellResult::sqlColumns()
{
    return {QStringLiteral("status"),        QStringLiteral("text"),          QStringLiteral("reasoning"),
            QStringLiteral("error"),         QStringLiteral("http_status"),   QStringLiteral("queue_wait_ms"),
            QStringLiteral("ttft_ms"),       QStringLiteral("latency_ms"),    QStringLiteral("input_tokens"),
            QStringLiteral("output_tokens"), QStringLiteral("finish_reason"), QStringLiteral("cost_usd"),
            QStringLiteral("attempts"),      QStringLiteral("started_at"),    QStringLiteral("finished_at"),
            QStringLiteral("reasoning_tokens"), QStringLiteral("tool_calls")};
}

QVariantList CellResult::sqlValues() const
{
    return {cellStatusName(status),
            TextCodec::withoutLoneSurrogates(text),
            TextCodec::withoutLoneSurrogates(reasoning),
            TextCodec::withoutLoneSurrogates(error),
            httpStatus,
            sqlNumber(queueWaitMs),
            sqlNumber(ttftMs),
            sqlNumber(latencyMs),
            sqlNumber(inputTokens),
            sqlNumber(outputTokens),
            TextCodec::withoutLoneSurrogates(finishReason),
            costUsd ? QVariant(*costUsd) : QVariant(QMetaType::fromType<double>()),
            attempts,
            sqlTime(startedAt),
            sqlTime(finishedAt),
            sqlNumber(reasoningTokens),
            toolCalls.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(TextCodec::withoutLoneSurrogates(ToolCall::listToRawText(toolCalls)))};
}

CellResult CellResult::fromSqlValues(const QVariantList &values)
{
    const auto value = [&values](int i) { return values.value(i); };
    CellResult r;
    if (!cellStatusFromName(value(0).toString(), &r.status))
        r.status = CellStatus::Interrupted;
    r.text = value(1).toString();
    r.reasoning = value(2).toString();
    r.error = value(3).toString();
    r.httpStatus = value(4).toInt();
    r.queueWaitMs = sqlOptional(value(5));
    r.ttftMs = sqlOptional(value(6));
    r.latencyMs = sqlOptional(value(7));
    r.inputTokens = sqlOptional(value(8));
    r.outputTokens = sqlOptional(value(9));
    r.finishReason = value(10).toString();
    if (!value(11).isNull())
        r.costUsd = value(11).toDouble();
    r.attempts = value(12).toInt();
    r.startedAt = sqlTimeFromText(value(13).toString());
    r.finishedAt = sqlTimeFromText(value(14).toString());
    r.reasoningTokens = sqlOptional(value(15));
    r.toolCalls = ToolCall::listFromRawText(value(16).toString());
    return r;
}
