// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

/// What a person (and the quick checks) said about one answer. Kept apart from the answer text
/// and exported in columns of its own.
struct CellJudgement {
    std::optional<int> rating; ///< 1-5
    QString note;
    std::optional<int> checksPassed; ///< empty when the answer was not checked
    std::optional<int> checksFailed;

    bool isEmpty() const { return !rating && note.isEmpty() && !checksPassed && !checksFailed; }
};
