// SPDX-License-Identifier: MIT
#include "ConversationMode.h"

QString conversationModeTitle(ConversationMode mode)
{
    return mode == ConversationMode::OwnThread ? QStringLiteral("Own thread") : QStringLiteral("Shared transcript");
}

QString conversationModeName(ConversationMode mode)
{
    return mode == ConversationMode::OwnThread ? QStringLiteral("own_thread") : QStringLiteral("shared_transcript");
}
