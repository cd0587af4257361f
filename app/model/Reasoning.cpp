// SPDX-License-Identifier: MIT
#include "Reasoning.h"

namespace {
constexpr ReasoningLevel kLevels[] = {ReasoningLevel::None, ReasoningLevel::Minimal, ReasoningLevel::Low,
                                      ReasoningLevel::Medium, ReasoningLevel::High, ReasoningLevel::XHigh,
                                      ReasoningLevel::Max};
constexpr ReasoningStyle kStyles[] = {ReasoningStyle::Effort, ReasoningStyle::Budget, ReasoningStyle::Boolean,
                                      ReasoningStyle::OpenRouter};
} // namespace

QString reasoningLevelName(ReasoningLevel level)
{
    switch (level) {
    case ReasoningLevel::None:
        return QStringLiteral("none");
    case ReasoningLevel::Minimal:
        return QStringLiteral("minimal");
    case ReasoningLevel::Low:
        return QStringLiteral("low");
    case ReasoningLevel::Medium:
        return QStringLiteral("medium");
    case ReasoningLevel::High:
        return QStringLiteral("high");
    case ReasoningLevel::XHigh:
        return QStringLiteral("xhigh");
    case ReasoningLevel::Max:
        return QStringLiteral("max");
    }
    return {};
}

std::optional<ReasoningLevel> reasoningLevelFromName(const QString &name)
{
    for (const ReasoningLevel level : kLevels) {
        if (reasoningLevelName(level) == name)
            return level;
    }
    return std::nullopt;
}

QStringList reasoningLevelNames()
{
    QStringList names;
    for (const ReasoningLevel level : kLevels)
        names.append(reasoningLevelName(level));
    return names;
}

QString reasoningStyleName(ReasoningStyle style)
{
    switch (style) {
    case ReasoningStyle::Effort:
        return QStringLiteral("effort");
    case ReasoningStyle::Budget:
        return QStringLiteral("budget");
    case ReasoningStyle::Boolean:
        return QStringLiteral("boolean");
    case ReasoningStyle::OpenRouter:
        return QStringLiteral("openrouter");
    }
    return {};
}

std::optional<ReasoningStyle> reasoningStyleFromName(const QString &name)
{
    for (const ReasoningStyle style : kStyles) {
        if (reasoningStyleName(style) == name)
            return style;
    }
    return std::nullopt;
}

QStringList reasoningStyleNames()
{
    QStringList names;
    for (const ReasoningStyle style : kStyles)
        names.append(reasoningStyleName(style));
    return names;
}

int reasoningBudgetFor(ReasoningLevel level)
{
    switch (level) {
    case ReasoningLevel::None:
        return 0;
    case ReasoningLevel::Minimal:
        return 1024; // Anthropic's smallest budget
    case ReasoningLevel::Low:
        return 2048;
    case ReasoningLevel::Medium:
        return 8192;
    case ReasoningLevel::High:
        return 16384;
    case ReasoningLevel::XHigh:
        return 32000;
    case ReasoningLevel::Max:
        return 64000;
    }
    return 0;
}
