// SPDX-License-Identifier: MIT
// Every provider's stream parser: no crash, and the same text however the bytes are split.
// The first byte picks the provider and the read size.
#include "ProtocolFactory.h"

#include <cstdint>
#include <cstdlib>

namespace {
StreamOutput parse(ProviderKind kind, QByteArrayView input, qsizetype step, QString *text, QString *reasoning)
{
    const auto protocol = ProtocolFactory::create(kind);
    auto parser = protocol->createParser();
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
    const StreamOutput whole = parse(kind, input, std::max<qsizetype>(1, input.size()), &wholeText, &wholeReasoning);
    const StreamOutput split = parse(kind, input, step, &splitText, &splitReasoning);
    if (wholeText != splitText || wholeReasoning != splitReasoning || whole.done != split.done
        || whole.error != split.error || whole.inputTokens != split.inputTokens
        || whole.outputTokens != split.outputTokens || whole.reasoningTokens != split.reasoningTokens
        || whole.finishReason != split.finishReason || whole.refused != split.refused
        || whole.note() != split.note())
        std::abort();
    return 0;
}
