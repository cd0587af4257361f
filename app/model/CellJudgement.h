// SPDX-License-Identifier: MIT
#pragma once

#include "JudgeVerdict.h"

#include <QString>

#include <optional>

/// What a person, the quick checks and a judge model said about one answer. Kept apart from
/// the answer text and exported in columns of its own.
struct CellJudgement {
    std::optional<int> rating; ///< 1-5
    QString note;
    std::optional<int> checksPassed; ///< empty when the answer was not checked
    std::optional<int> checksFailed;
    /// The judge model's grade of the answer, when a judge graded it.
    std::optional<JudgeVerdict> judge;

    bool isEmpty() const { return !rating && note.isEmpty() && !checksPassed && !checksFailed && !judge; }
};
