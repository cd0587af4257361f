// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// How a run treats conversations. Shared transcript: every model gets the same history and the
/// grid compares the next answer (a single prompt is a transcript of one message). Own thread:
/// after the first answer each model continues with its own earlier answers.
enum class ConversationMode { SharedTranscript, OwnThread };

/// "shared" or "own-thread", as exports and run histories write it.
QString conversationModeName(ConversationMode mode);
/// "Shared transcript" or "Own thread", as the window names it.
QString conversationModeTitle(ConversationMode mode);
bool conversationModeFromName(const QString &name, ConversationMode *mode);
