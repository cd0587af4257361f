// SPDX-License-Identifier: MIT
#pragma once

#include "CellSpec.h"
#include "ToolCall.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

/// What a simulated model will stream for one prompt.
struct DemoScript {
    QStringList chunks;
    int intervalMs = 20;
    qint64 inputTokens = 0;
    /// The answer is these calls instead of text (tools offered, tool choice not none).
    QList<ToolCall> toolCalls;
};

/// The offline Demo provider's models: deterministic text derived from the prompt.
class DemoModels
{
public:
    static QStringList names();
    static bool isKnown(const QString &model);
    /// \a earlier is the text of the messages before the prompt: counted as input, as a
    /// server counts the whole history it is sent.
    static DemoScript script(const QString &model, const QString &system, const QString &prompt,
                             const QStringList &earlier = {});
    /// The script for \a spec: with tools offered (and a tool choice other than none) a call to
    /// the named or first tool, its arguments built from the parameters' schema; with a JSON
    /// Schema an object built from its properties; in JSON mode {"answer": ...}.
    static DemoScript script(const CellSpec &spec);
    /// A value that fits simple schemas: const, the first enum value, or one per type (objects
    /// with every property, arrays with one item), strings taken from \a words.
    static QJsonValue sampleValue(const QJsonObject &schema, const QStringList &words, int depth = 0);
};
