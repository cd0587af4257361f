// SPDX-License-Identifier: MIT
// Every provider's stream parser: no crash, and the same text however the bytes are split; the
// Responses parser also the same with and without its simdjson path.
// The first byte picks the provider and the read size.
#include "OpenAiResponsesProtocol.h"
#include "ProtocolFactory.h"

#include <cstdint>
#include <cstdlib>

namespace {
StreamOutput parse(std::unique_ptr<StreamParser> parser, QByteArrayView input, qsizetype step, QString *text, QString *reasoning)
{
    StreamOutput out;
    for (qsizetype pos = 0; pos < input.size(); pos += step) {
        parser->feed(input.sliced(pos, std::min(step, input.size() - pos)), out);
        // The runner drains the text after every read.
        *text += out.text;
        *reasoning += out.reasoning;
        out.text.clear();
        out.reasoning.clear();
    }
    parser->finish(out);
    *text += out.text;
    *reasoning += out.reasoning;
    return out;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const ProviderKind kinds[] = {ProviderKind::OpenAI, ProviderKind::Anthropic, ProviderKind::Gemini,
                                         ProviderKind::Ollama, ProviderKind::OpenAIResponses};
    const ProviderKind kind = kinds[data[0] % 5];
    const qsizetype step = 1 + (data[0] >> 2) % 23;
    const QByteArrayView input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QString wholeText, wholeReasoning, splitText, splitReasoning;
    const auto protocol = ProtocolFactory::create(kind);
    const StreamOutput whole = parse(protocol->createParser(), input, std::max<qsizetype>(1, input.size()), &wholeText, &wholeReasoning);
    const StreamOutput split = parse(protocol->createParser(), input, step, &splitText, &splitReasoning);
    if (wholeText != splitText || wholeReasoning != splitReasoning || whole.done != split.done
        || whole.error != split.error || whole.inputTokens != split.inputTokens
        || whole.outputTokens != split.outputTokens || whole.reasoningTokens != split.reasoningTokens
        || whole.finishReason != split.finishReason || whole.refused != split.refused
        || whole.note() != split.note())
        std::abort();
    // The Responses parser's simdjson path for delta events reads exactly what Qt's does.
    if (kind == ProviderKind::OpenAIResponses) {
        QString qtText, qtReasoning;
        const StreamOutput qt = parse(OpenAiResponsesProtocol::createStreamParser(false), input, step, &qtText, &qtReasoning);
        if (qtText != splitText || qtReasoning != splitReasoning || qt.done != split.done || qt.error != split.error
            || qt.inputTokens != split.inputTokens || qt.outputTokens != split.outputTokens
            || qt.reasoningTokens != split.reasoningTokens || qt.finishReason != split.finishReason
            || qt.refused != split.refused || qt.note() != split.note())
            std::abort();
    }
    return 0;
}
