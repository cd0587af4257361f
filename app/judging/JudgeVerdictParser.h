// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

/// Reads a judge model's answer. The JSON object asked for (JudgePrompt) is found on its own,
/// inside a ```json fence, or with text around it; anything else (no object, no score, a score
/// that is not a number or is off the scale, a score given only in prose) is a judge error
/// sentence and no score: a score is never guessed.
class JudgeVerdictParser
{
public:
    struct Grade {
        std::optional<double> score;
        QString reason;
        QString error; ///< empty when a score was read
    };
    enum class Winner { A, B, Tie };
    struct Pick {
        std::optional<Winner> winner;
        QString reason;
        QString error; ///< empty when a winner was read
    };

    /// Reads {"score": number in [scaleMin, scaleMax], "reason": "..."}.
    static Grade readGrade(const QString &answer, double scaleMin, double scaleMax);
    /// Reads {"winner": "A" | "B" | "tie", "reason": "..."} (the label in any case).
    static Pick readPick(const QString &answer);
    /// One battle asked both ways round: \a first with the answers in battle order, \a swapped
    /// with A and B exchanged. The same answer winning both times wins; any disagreement (one
    /// order's tie included) is a tie; a failed order makes the whole a judge error. The winner
    /// is given in \a first's labels.
    static Pick combineOrders(const Pick &first, const Pick &swapped);
    /// Both orders gave a pick and they differ (the answer picked changed with its side, or one
    /// order saw a tie): the judge's own position bias.
    static bool ordersDisagree(const Pick &first, const Pick &swapped);
};
