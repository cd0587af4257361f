// SPDX-License-Identifier: MIT
#include "ConversationMode.h"

QString conversationModeName(ConversationMode mode)
{
    return mode == ConversationMode::OwnThread ? QStringLiteral("own-thread") : QStringLiteral("shared");
}

QString conversationModeTitle(ConversationMode mode)
{
    return mode == ConversationMode::OwnThread ? QStringLiteral("Own thread") : QStringLiteral("Shared transcript");
}

bool conversationModeFromName(const QString &name, ConversationMode *mode)
{
    if (name == QLatin1String("shared"))
        *mode = ConversationMode::SharedTranscript;
    else if (name == QLatin1String("own-thread"))
        *mode = ConversationMode::OwnThread;
    else
        return false;
    return true;
}
