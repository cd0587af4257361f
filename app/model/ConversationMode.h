// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// How the models of a run get their earlier messages. Shared transcript: every model gets the
/// same history and the grid compares the next answer. Own thread: after the first answer each
/// cell continues with its own model's answers (CellThread).
enum class ConversationMode { SharedTranscript, OwnThread };

/// "Shared transcript" or "Own thread", as the window names the mode.
QString conversationModeTitle(ConversationMode mode);
/// "shared_transcript" or "own_thread", as the exports name it.
QString conversationModeName(ConversationMode mode);
