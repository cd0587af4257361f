// SPDX-License-Identifier: MIT
#pragma once

#include "CsvWriter.h"
#include "ModelColumn.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

/// The flags of promptgrid-cli, each parsed and checked on its own (form, range, flags that
/// exclude each other). Nothing is read from disk and nothing is started: whether a file can be
/// read, a provider exists or a model takes a value is for CliRunner, which assembles the run.
struct CliOptions {
    enum class Action { Run, ShowHelp, ShowVersion };
    Action action = Action::Run;
    QString helpText; ///< for ShowHelp

    std::optional<QString> providersPath;  ///< --providers
    std::optional<QString> comparisonPath; ///< --comparison
    std::optional<QString> promptsPath;    ///< --prompts
    std::optional<QString> conversationPath; ///< --conversation: JSONL, one conversation per row
    std::optional<QString> varsPath;       ///< --vars
    /// --model, in the order given: provider and model only (split at the first slash).
    QList<ModelColumn> models;
    QStringList prompts; ///< --prompt, in the order given
    /// --follow-up, in the order given: own-thread turns after the first answer, for every cell.
    QStringList followUps;
    /// --image and --attach, in the order given: attached to every row's prompt (CliRunner
    /// reads them and checks them against each column's provider).
    QStringList imagePaths;
    QStringList attachPaths;
    std::optional<QString> system;
    std::optional<QString> schemaPath; ///< --schema: a JSON Schema file for every answer
    bool jsonMode = false;             ///< --json-mode: any JSON object (the providers' JSON mode)
    std::optional<QString> toolsPath;  ///< --tools: a JSON array of {name, description, parameters}
    std::optional<QString> toolChoice; ///< --tool-choice: auto, required, none or a tool's name
    /// --temperature and --max-tokens, within the widest range any provider takes; --reasoning
    /// and --reasoning-budget.
    RequestParams params;
    std::optional<int> repeat;
    std::optional<int> concurrency;
    std::optional<double> timeoutSeconds;
    std::optional<int> attempts; ///< --retries, the first attempt included
    std::optional<double> spendCapUsd;
    /// --judge PROVIDER/MODEL: a judge model grades every answered cell after the run, by
    /// --rubric TEXT or --rubric-file FILE (default: the Correctness preset), against
    /// --reference-column NAME when given, on --judge-scale MIN-MAX (default 1-10); with
    /// --judge-pairwise it compares the columns' answers row by row instead (both orders asked).
    std::optional<ModelColumn> judge;
    std::optional<QString> rubricText;
    std::optional<QString> rubricPath;
    std::optional<QString> referenceColumn;
    std::optional<std::pair<double, double>> judgeScale;
    bool judgePairwise = false;

    QString outPath;      ///< --out, required
    QString jsonPath;     ///< --json; empty: not written
    QString jsonlPath;    ///< --jsonl
    QString markdownPath; ///< --markdown
    std::optional<QString> historyPath;
    CsvWriter::Options csv;  ///< --csv-bom (--no-csv-bom), --csv-raw
    bool largePlanConfirmed = false; ///< --yes

    /// The bounds of the numeric flags (README: "What is validated").
    static constexpr int kMaxRepeat = 10'000;
    static constexpr int kMaxConcurrency = 100'000;
    static constexpr int kMaxTokens = 10'000'000;
    static constexpr int kMaxAttempts = 100;
    static constexpr int kMaxAttachments = 500; ///< --image and --attach together
    static constexpr double kMinTimeoutSeconds = 0.1; ///< below it every limit would round to "none"
    static constexpr double kMaxTimeoutSeconds = 86'400;

    /// Parses \a arguments (the program name first, as QCoreApplication::arguments() has it);
    /// nullopt with a one-line \a error naming the flag when one is wrong.
    static std::optional<CliOptions> parse(const QStringList &arguments, QString *error);
    /// The usage error when no model is given, by flag or by the comparison.
    static QString noModelError();
};
