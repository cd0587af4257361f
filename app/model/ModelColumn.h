// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

/// Sampling parameters of one model configuration; unset values are not sent.
struct RequestParams {
    /// The widest temperature range PromptGrid reads from files and flags, before it knows the
    /// provider: Ollama documents no upper bound, so this is PromptGrid's own.
    static constexpr double kMaxAnyTemperature = 100;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> maxTokens;
    std::optional<qint64> seed;
    QStringList stop;
    /// Replaces the comparison's system prompt for this column when set.
    std::optional<QString> systemOverride;

    /// Adds the sampling parameters that are set (temperature, top_p, max_tokens, seed, stop) to
    /// \a object, under the names the exports and .promptgrid files use.
    void writeJson(QJsonObject *object) const;
    /// Reads what writeJson() wrote, skipping values of the wrong type (a seed may also be a
    /// string of digits, as older run histories stored it). Does not read systemOverride.
    static RequestParams readJson(const QJsonObject &object);

    bool operator==(const RequestParams &other) const = default;
};

/// One column of the grid: a provider, a model and its parameters.
struct ModelColumn {
    QString provider;
    QString model;
    QString label;
    RequestParams params;

    /// "provider/model" unless an explicit label was given.
    QString displayName() const;
    /// Splits "PROVIDER/MODEL" at the first slash; false when either side is empty.
    static bool parseReference(const QString &reference, ModelColumn *column);

    /// Adds provider, model, label (when set), every parameter and the system override to
    /// \a object, as a .promptgrid file's "models" entries and the run history hold them.
    void writeJson(QJsonObject *object) const;
    /// Reads what writeJson() wrote, skipping values of the wrong type; also reads the older
    /// history layout with the parameters under "params".
    static ModelColumn readJson(const QJsonObject &object);
    /// Reads what writeJson() wrote from a file a person may have edited (.promptgrid files,
    /// saved model sets), checking every field: nullopt with \a error naming \a where and the
    /// field when one has the wrong type or is out of range.
    static std::optional<ModelColumn> fromJson(const QJsonValue &value, const QString &where, QString *error);

    bool operator==(const ModelColumn &other) const = default;
};
