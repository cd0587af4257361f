// SPDX-License-Identifier: MIT
#pragma once

#include "FakeLlmServer.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

/// Answers shaped like the examples in each provider's documentation, for FakeLlmServer.
namespace ProviderStreams {

/// Anthropic Messages SSE: message_start, ping, text (and optional thinking) blocks,
/// message_delta with stop_reason and output tokens, message_stop.
QByteArray anthropic(const QStringList &pieces, int inputTokens, int outputTokens,
                     const QStringList &thinking = {}, const QString &stopReason = QStringLiteral("end_turn"));
/// Anthropic stream that breaks off with an `error` event (overloaded_error) after \a pieces.
QByteArray anthropicOverloaded(const QStringList &pieces);

/// Gemini streamGenerateContent?alt=sse (CRLF-framed, as Google sends it).
QByteArray gemini(const QStringList &pieces, int promptTokens, int candidateTokens,
                  const QString &finishReason = QStringLiteral("STOP"));
/// Gemini answer for a prompt blocked by the safety filter (promptFeedback.blockReason).
QByteArray geminiPromptBlocked();

/// Ollama /api/chat NDJSON.
QByteArray ollama(const QStringList &pieces, int promptEvalCount, int evalCount,
                  const QString &doneReason = QStringLiteral("stop"));

/// OpenAI-compatible stream with DeepSeek's delta.reasoning_content before the answer.
QByteArray deepseekReasoning(const QStringList &reasoning, const QStringList &pieces, int promptTokens,
                             int completionTokens);

/// OpenAI Responses SSE: response.created, reasoning summary deltas, output_text deltas and
/// response.completed with the usage (no [DONE]).
QByteArray openAiResponses(const QStringList &pieces, int inputTokens, int outputTokens, const QStringList &reasoning = {});

/// Queues one answer per wire format, split at random positions: OpenAI "Blue light" (11 in,
/// 2 out), Anthropic "Rayleigh" (12, 3), Gemini "Scattering" (13, 4), Ollama "Because" (14, 5).
void enqueueFourFormatAnswers(FakeLlmServer &openai, FakeLlmServer &anthropic, FakeLlmServer &gemini,
                              FakeLlmServer &ollama);

/// A complete streamed answer of \a pieces in wire format \a kind ("openai", "openai-responses",
/// "anthropic", "gemini" or "ollama"), with that format's content type.
FakeResponse streamOf(const QString &kind, const QStringList &pieces);
/// A stream of \a kind that sends \a pieces, then reports \a message in that format's own
/// mid-stream error event.
FakeResponse streamErrorOf(const QString &kind, const QStringList &pieces, const QString &message);
/// What a careless provider of \a kind sends back, by the request's prompt: "echo-401" \a key
/// in a 401 body and a header, "echo-stream" in a mid-stream error event, "echo-header" in a
/// 302's Location (to \a elsewhere) and a header; any other prompt an answer with the key cut
/// across two events, each sent in 7-byte pieces.
FakeResponse keyEchoingAnswer(const QString &kind, const RecordedRequest &request, const QString &key, const QUrl &elsewhere);
/// The request header that carries the API key in \a kind (lower case).
QByteArray keyHeader(const QString &kind);
/// The user prompt of a request in any of the four wire formats.
QString promptOf(const RecordedRequest &request);

/// \a body cut at random positions (fixed \a seed), as a server answer.
FakeResponse splitRandomly(const QByteArray &body, quint32 seed, const QByteArray &contentType = "text/event-stream");
/// \a body cut at random positions (fixed \a seed).
QList<QByteArray> randomPieces(const QByteArray &body, quint32 seed, int maxPiece = 23);

} // namespace ProviderStreams
