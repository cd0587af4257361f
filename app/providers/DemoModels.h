// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

/// What a simulated model will stream for one prompt.
struct DemoScript {
    QStringList chunks;
    int intervalMs = 20;
    qint64 inputTokens = 0;
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
};
