// SPDX-License-Identifier: MIT
#include "ProtocolFactory.h"

#include "AnthropicProtocol.h"
#include "GeminiProtocol.h"
#include "OllamaProtocol.h"
#include "OpenAiProtocol.h"
#include "OpenAiResponsesProtocol.h"

std::unique_ptr<WireProtocol> ProtocolFactory::create(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAI:
        return std::make_unique<OpenAiProtocol>();
    case ProviderKind::OpenAIResponses:
        return std::make_unique<OpenAiResponsesProtocol>();
    case ProviderKind::Anthropic:
        return std::make_unique<AnthropicProtocol>();
    case ProviderKind::Gemini:
        return std::make_unique<GeminiProtocol>();
    case ProviderKind::Ollama:
        return std::make_unique<OllamaProtocol>();
    case ProviderKind::Demo:
        return nullptr;
    }
    return nullptr;
}
