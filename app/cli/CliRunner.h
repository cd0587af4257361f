// SPDX-License-Identifier: MIT
#pragma once

#include "Comparison.h"
#include "CsvWriter.h"
#include "JudgeRun.h"
#include "PlanSize.h"
#include "ResultRecord.h"
#include "RunPlan.h"
#include "RunSession.h"
#include "Scheduler.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

class QSocketNotifier;
struct CliOptions;

/// The headless command line: parses the flags, runs the grid, writes the results.
class CliRunner : public QObject
{
    Q_OBJECT
public:
    static constexpr int kExitOk = 0;
    static constexpr int kExitCellFailed = 1;
    static constexpr int kExitUsage = 2;
    /// An output (CSV, JSON, JSONL, Markdown or the history) could not be written; the answers
    /// were saved elsewhere (another output, the history or a recovery file named on stderr).
    static constexpr int kExitOutputFailed = 3;
    /// The run ended early for lack of a resource (memory); what finished was written.
    static constexpr int kExitResourceExhausted = 4;
    static constexpr int kExitInterrupted = 130;

    explicit CliRunner(QObject *parent = nullptr);

    /// Parses \a arguments (CliOptions) and assembles the run; on a usage error returns false
    /// with a one-line \a error (--help and --version: false with an empty one).
    bool prepare(const QStringList &arguments, QString *error);
    /// The keys the run may send (for masking what goes to stderr).
    QStringList secrets();
    /// Starts the run; the application exits when it is done.
    void start();
    /// Ctrl+C: cancel what still runs, then write what we have.
    void interrupt();
    /// Memory ran out: cancel what still runs, write what finished, exit 4.
    void onOutOfMemory();

private:
    void onCountsChanged(const RunCounts &counts);
    void onFinished();
    /// --history FILE: opened and checked now; a problem with it is reported, not fatal.
    void openHistory(const QString &path);
    void onHistoryProblem();
    /// Every output, streamed; true when all were written. On failure the answers go to a
    /// recovery file unless a JSON or JSONL output already holds them.
    bool writeOutputs();
    QString writeRecoveryFile(const QList<ResultRecord> &records) const;
    /// The run from checked flags: providers, comparison, columns, prompts, outputs, settings,
    /// history and plan; false with a usage \a error when they do not fit together.
    bool assemble(const CliOptions &options, QString *error);
    /// The Demo provider, and the --providers file's when given (with built-in prices).
    std::optional<ProviderRegistry> loadProviders(const CliOptions &options, QString *error) const;
    /// The --model columns (or the comparison's), each with a known provider, parameters in its
    /// range and a usable key.
    std::optional<QList<ModelColumn>> modelColumns(const CliOptions &options, const ProviderRegistry &registry,
                                                   const std::optional<Comparison> &saved, QString *error) const;
    /// Concurrency, limits and spend cap from the flags over the comparison's settings.
    void applySettings(const CliOptions &options, const std::optional<Comparison> &saved);
    /// Outputs writable and distinct from the inputs and from each other (nothing sent yet).
    bool checkFiles(const CliOptions &options, QString *error) const;
    /// Reads --image and --attach onto every row's prompt and checks them against each column's
    /// provider, before anything is sent; false with \a error naming the file.
    bool attachFiles(const CliOptions &options, const ProviderRegistry &registry, QString *error);
    /// --schema, --json-mode, --tools and --tool-choice over the plan's own (a comparison's);
    /// false with \a error naming the file and the place in it.
    bool applyStructure(const CliOptions &options, QString *error);
    /// --judge and its rubric, reference column and scale; false with a usage \a error naming the
    /// judge's provider, the rubric file or the reference column (with the columns there are).
    bool prepareJudge(const CliOptions &options, const ProviderRegistry &registry, QString *error);
    /// Starts the judge's pass once the run is done; false when there is none to start.
    bool startJudge();
    /// The judge's mean score per column with its 95% interval (or the pairwise tally), on stderr.
    void printJudgeSummary() const;
    /// A plan past PlanSize's limits needs --yes.
    bool checkPlanSize(const PlanSize &size, QString *error) const;
    /// Templates and test cases (--vars, a prompts CSV with variable columns, --comparison).
    bool buildMatrixPlan(const CliOptions &options, const std::optional<Comparison> &saved,
                         const QStringList &prompts, const VariablesTable &promptVariables,
                         const QList<ComparisonPrompt> &conversations, const QList<ModelColumn> &columns,
                         QString *error);

    /// The scheduler, the history it is recorded into and the settings from the flags.
    RunSession m_session;
    Scheduler *m_scheduler;
    RunPlan m_plan;
    QString m_outPath;
    QString m_jsonPath;
    QString m_jsonlPath;
    QString m_markdownPath;
    CsvWriter::Options m_csvOptions;
    QStringList m_followUps; ///< --follow-up, sent in order
    qsizetype m_nextFollowUp = 0;
    bool m_interrupted = false;
    bool m_outOfMemory = false;
    bool m_largePlanConfirmed = false; ///< --yes
    bool m_liveProgress = false;
    bool m_finished = false;
    QString m_historyReported; ///< the history problem last printed, so that each is printed once
    JudgeRun *m_judgeRun;
    std::optional<JudgeRun::Request> m_judgeRequest; ///< --judge
    bool m_judgeStarted = false;
};
