// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

struct RunPlan;

/// How big a run is, counted from the numbers before anything is allocated for its cells, and
/// the limits past which it needs a confirmation (--yes in the CLI, a question in the window).
struct PlanSize {
    qint64 cells = 0;
    /// Prompt and system text sent over all cells, in characters (UTF-16 code units).
    qint64 promptCharacters = 0;

    static constexpr qint64 kMaxCells = 100'000;
    static constexpr qint64 kMaxPromptCharacters = 256LL * 1024 * 1024;

    /// \a rows prompts of \a charactersPerRow each, to \a columns models, \a samples times.
    static PlanSize of(qint64 rows, qint64 charactersPerRow, qint64 columns, qint64 samples);
    static PlanSize of(const QStringList &prompts, const QString &system, qint64 columns, qint64 samples);
    static PlanSize of(const RunPlan &plan);
    /// Overflow-safe arithmetic for sizes: a product or sum past qint64 saturates.
    static qint64 times(qint64 a, qint64 b);
    static qint64 plus(qint64 a, qint64 b);

    bool exceedsLimits() const;
    /// What is over the limit, e.g. "10,000,000 cells (more than 100,000)"; empty when nothing.
    QString excess() const;
};
