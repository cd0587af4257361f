// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

#include <optional>

/// What a judge model grades answers by: a rubric text (one of the presets or the user's own),
/// the score scale, and optionally the test-case variable holding the reference answer.
/// (API agreed by the lead; the judge-core branch implements it in JudgeRubric.cpp.)
struct JudgeRubric {
    enum class Preset {
        Correctness,         ///< against a reference answer (referenceColumn) or the judge's knowledge
        FollowsInstructions, ///< does what the prompt asks, in the form it asks
        Concise,             ///< no padding, no repetition
        Safe,                ///< no harmful, deceptive or private content
        Custom,              ///< the user's text
    };
    Preset preset = Preset::Correctness;
    QString text;                ///< the criteria the judge is shown
    double scaleMin = 1;
    double scaleMax = 10;
    QString referenceColumn;     ///< a variables column; empty: no reference answer

    /// The rubric of \a preset with its default text and a 1-10 scale.
    static JudgeRubric fromPreset(Preset preset);
    /// Every preset but Custom, in menu order.
    static QList<Preset> presets();
    /// A short name for menus and files: "Correctness", "Follows instructions", ...
    static QString presetName(Preset preset);
    /// A custom rubric from \a path (UTF-8 text); nullopt with \a error naming the file when it
    /// cannot be read or is empty.
    static std::optional<JudgeRubric> fromFile(const QString &path, QString *error);

    bool operator==(const JudgeRubric &other) const = default;
};
