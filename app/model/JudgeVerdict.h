// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

/// What a judge model said about one answer when grading it against a rubric: a score on the
/// rubric's scale and a short reason, or a judge error saying why there is no score (the judge
/// request failed, or its answer had no score, one out of range, or one only in prose). Never a
/// made-up score. Kept apart from the person's own rating.
struct JudgeVerdict {
    QString judgeModel;          ///< the judge's column, "provider/model" (ModelColumn::displayName)
    std::optional<double> score; ///< on [scaleMin, scaleMax]; empty when error is set
    double scaleMin = 1;
    double scaleMax = 10;
    QString reason;
    QString error;               ///< judge_error: empty when a score was read
    QString answer;              ///< the judge's whole answer, as it streamed
    std::optional<double> costUsd; ///< what the judge request cost, when its price is known

    bool operator==(const JudgeVerdict &other) const = default;
};
