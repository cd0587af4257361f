// SPDX-License-Identifier: MIT
#include "StreamOutput.h"

#include <QStringList>

#include <algorithm>

ToolCall &StreamOutput::toolCall(const QString &key)
{
    toolCallsChanged = true;
    const qsizetype at = toolCallKeys.indexOf(key);
    if (at >= 0)
        return toolCalls[at];
    toolCallKeys.append(key);
    toolCalls.append(ToolCall{});
    return toolCalls.last();
}

void StreamOutput::addToolCall(const ToolCall &call)
{
    toolCallsChanged = true;
    toolCallKeys.append(QStringLiteral("#%1").arg(toolCalls.size()));
    toolCalls.append(call);
}

void StreamOutput::noteMalformed(const QString &what)
{
    if (malformedEvents++ == 0)
        firstMalformed = what.left(200);
}

void StreamOutput::noteOtherChoice(int index)
{
    if (!otherChoices.contains(index))
        otherChoices.append(index);
}

void StreamOutput::setFinishReason(const QString &reason)
{
    finishReason = refused ? QStringLiteral("refusal") : reason;
}

void StreamOutput::markRefused()
{
    refused = true;
    finishReason = QStringLiteral("refusal");
}

QString StreamOutput::note() const
{
    QStringList notes;
    if (malformedEvents > 0)
        notes.append(QStringLiteral("%1 malformed stream event(s) skipped; first: %2").arg(malformedEvents).arg(firstMalformed));
    if (hiddenReasoningBlocks > 0)
        notes.append(QStringLiteral("%1 encrypted or redacted reasoning block(s) counted, not shown").arg(hiddenReasoningBlocks));
    if (!otherChoices.isEmpty()) {
        QList<int> indexes = otherChoices;
        std::sort(indexes.begin(), indexes.end());
        QStringList names;
        for (const int index : indexes)
            names.append(QString::number(index));
        notes.append(QStringLiteral("%1 other choice(s) ignored (index %2); the answer is choice 0")
                         .arg(indexes.size())
                         .arg(names.join(QStringLiteral(", "))));
    }
    return notes.join(QStringLiteral("; "));
}
