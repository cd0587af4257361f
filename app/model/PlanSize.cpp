// SPDX-License-Identifier: MIT
#include "PlanSize.h"

#include "RunPlan.h"

#include <QLocale>

#include <limits>

namespace {
constexpr qint64 kSaturated = std::numeric_limits<qint64>::max();
} // namespace

qint64 PlanSize::times(qint64 a, qint64 b)
{
    qint64 product = 0;
    if (a < 0 || b < 0 || __builtin_mul_overflow(a, b, &product))
        return kSaturated;
    return product;
}

qint64 PlanSize::plus(qint64 a, qint64 b)
{
    qint64 sum = 0;
    return __builtin_add_overflow(a, b, &sum) ? kSaturated : sum;
}

PlanSize PlanSize::of(qint64 rows, qint64 charactersPerRow, qint64 columns, qint64 samples)
{
    PlanSize size;
    size.cells = times(times(rows, columns), std::max<qint64>(1, samples));
    size.promptCharacters = times(times(charactersPerRow, columns), std::max<qint64>(1, samples));
    return size;
}

PlanSize PlanSize::of(const QStringList &prompts, const QString &system, qint64 columns, qint64 samples)
{
    qint64 characters = 0;
    for (const QString &prompt : prompts)
        characters = plus(characters, plus(prompt.size(), system.size()));
    PlanSize size = of(prompts.size(), 0, columns, samples);
    size.promptCharacters = times(times(characters, columns), std::max<qint64>(1, samples));
    return size;
}

PlanSize PlanSize::of(const RunPlan &plan)
{
    qint64 characters = 0;
    for (const RunRow &row : plan.rows) {
        characters = plus(characters, plus(row.prompt.size(), row.system.size()));
        // A conversation sends its whole history with every cell.
        for (const ChatMessage &message : row.history)
            characters = plus(characters, message.text.size());
    }
    PlanSize size = of(plan.rows.size(), 0, plan.columns.size(), plan.samples);
    size.promptCharacters = times(times(characters, plan.columns.size()), std::max<qint64>(1, plan.samples));
    return size;
}

bool PlanSize::exceedsLimits() const
{
    return cells > kMaxCells || promptCharacters > kMaxPromptCharacters;
}

QString PlanSize::excess() const
{
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    const auto number = [&english](qint64 value) {
        return value == kSaturated ? QStringLiteral("more than 9.2e18") : english.toString(value);
    };
    QStringList parts;
    if (cells > kMaxCells)
        parts.append(QStringLiteral("%1 cells (more than %2)").arg(number(cells), english.toString(kMaxCells)));
    if (promptCharacters > kMaxPromptCharacters)
        parts.append(QStringLiteral("%1 MiB of prompt text over all cells (more than %2 MiB)")
                         .arg(promptCharacters == kSaturated ? number(promptCharacters)
                                                             : english.toString(promptCharacters / (1024 * 1024)),
                              english.toString(kMaxPromptCharacters / (1024 * 1024))));
    return parts.join(QStringLiteral(" and "));
}
