// SPDX-License-Identifier: MIT
#include "CliRunner.h"

#include "AppFolders.h"
#include "AttachmentFile.h"
#include "AttachmentLimits.h"
#include "CliOptions.h"
#include "ComparisonFile.h"
#include "ConversationImport.h"
#include "CostEstimator.h"
#include "ExportJob.h"
#include "FileClashCheck.h"
#include "HistoryRecorder.h"
#include "JudgePrompt.h"
#include "JudgeScoreStats.h"
#include "JudgingState.h"
#include "MemoryReserve.h"
#include "PlanBuilder.h"
#include "PresetCatalog.h"
#include "PromptImport.h"
#include "PromptRows.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cmath>
#include <cstdio>
#include <new>
#include <unistd.h>

CliRunner::CliRunner(QObject *parent)
    : QObject(parent)
    , m_session(RunSettings::Storage::Transient)
    , m_scheduler(m_session.scheduler())
    , m_judgeRun(new JudgeRun(&m_session, this))
{
    // The judge's pass ends the run as the grid's last turn does (queued, as below).
    connect(m_judgeRun, &JudgeRun::finished, this, &CliRunner::onFinished, Qt::QueuedConnection);
    connect(m_scheduler, &Scheduler::countsChanged, this, &CliRunner::onCountsChanged);
    // Queued: the outputs are written from the event loop, not from inside the last cell's
    // coroutine (an out-of-memory there must not be taken for that cell's).
    connect(m_scheduler, &Scheduler::runFinished, this, &CliRunner::onFinished, Qt::QueuedConnection);
    connect(m_scheduler, &Scheduler::descriptorLimitReached, this, [](int running, int limit) {
        std::fprintf(stderr, "promptgrid-cli: the open-files limit (ulimit -n %d) allows about %d requests at once here; "
                             "the other cells wait their turn\n", limit, running);
    });
    connect(MemoryReserve::instance(), &MemoryReserve::exhausted, this, &CliRunner::onOutOfMemory);
}

bool CliRunner::prepare(const QStringList &arguments, QString *error)
{
    const std::optional<CliOptions> options = CliOptions::parse(arguments, error);
    if (!options)
        return false;
    switch (options->action) {
    case CliOptions::Action::ShowHelp:
        std::fputs(qPrintable(options->helpText), stdout);
        error->clear();
        return false;
    case CliOptions::Action::ShowVersion:
        std::printf("promptgrid-cli %s\n", PROMPTGRID_VERSION);
        error->clear();
        return false;
    case CliOptions::Action::Run:
        break;
    }
    return assemble(*options, error);
}

bool CliRunner::assemble(const CliOptions &options, QString *error)
{
    std::optional<ProviderRegistry> registry = loadProviders(options, error);
    if (!registry)
        return false;
    std::optional<Comparison> saved;
    if (options.comparisonPath) {
        saved = ComparisonFile::load(*options.comparisonPath, error);
        if (!saved)
            return false;
    }
    const std::optional<QList<ModelColumn>> columns = modelColumns(options, *registry, saved, error);
    if (!columns)
        return false;

    QStringList prompts = options.prompts;
    VariablesTable promptVariables; // columns of a prompts CSV besides "prompt"
    if (options.promptsPath && !PromptRows::fromFile(*options.promptsPath, &prompts, &promptVariables, error))
        return false;
    QList<ComparisonPrompt> conversations;
    if (options.conversationPath && !ConversationImport::fromFile(*options.conversationPath, &conversations, error))
        return false;

    m_outPath = options.outPath;
    m_jsonPath = options.jsonPath;
    m_jsonlPath = options.jsonlPath;
    m_markdownPath = options.markdownPath;
    m_csvOptions = options.csv;
    m_largePlanConfirmed = options.largePlanConfirmed;
    m_followUps = options.followUps;
    if (!checkFiles(options, error))
        return false;

    applySettings(options, saved);
    if (options.historyPath)
        openHistory(*options.historyPath);
    m_scheduler->setProviders(*registry);
    if (!buildMatrixPlan(options, saved, prompts, promptVariables, conversations, *columns, error))
        return false;
    if (!attachFiles(options, *registry, error))
        return false;
    if (!applyStructure(options, error))
        return false;
    if (!prepareJudge(options, *registry, error))
        return false;
    if (m_session.settings()->spendCap()) {
        const QStringList unpriced = CostEstimator::estimate(m_plan, *registry).unpricedLabels();
        if (!unpriced.isEmpty())
            std::fprintf(stderr, "promptgrid-cli: warning: no price is known for %s; --spend-cap cannot limit those cells "
                                 "(they are sent until the priced cells reach the cap)\n",
                         qPrintable(unpriced.join(QStringLiteral(", "))));
    }
    // The rendered plan, exactly (placeholders filled in), before the scheduler allocates a cell.
    if (!checkPlanSize(PlanSize::of(m_plan), error))
        return false;
    m_liveProgress = isatty(STDERR_FILENO);
    return true;
}

namespace {
// The JSON document of \a path; false with \a error naming \a flag, the file and, for bad
// JSON, the line and column.
bool readJsonFile(const char *flag, const QString &path, QJsonDocument *doc, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1 %2: cannot read it (%3)").arg(QLatin1String(flag), path, file.errorString());
        return false;
    }
    const QByteArray data = file.readAll();
    QJsonParseError parseError;
    *doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error == QJsonParseError::NoError)
        return true;
    const QByteArray before = data.left(parseError.offset);
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    *error = QStringLiteral("%1 %2: not valid JSON at line %3, column %4 (offset %5): %6")
                 .arg(QLatin1String(flag), path)
                 .arg(before.count('\n') + 1)
                 .arg(QString::fromUtf8(before.mid(lineStart)).size() + 1)
                 .arg(parseError.offset)
                 .arg(parseError.errorString());
    return false;
}
} // namespace

bool CliRunner::applyStructure(const CliOptions &options, QString *error)
{
    if (options.schemaPath) {
        QJsonDocument doc;
        if (!readJsonFile("--schema", *options.schemaPath, &doc, error))
            return false;
        if (!doc.isObject()) {
            *error = QStringLiteral("--schema %1: a JSON Schema must be a JSON object, not %2")
                         .arg(*options.schemaPath, doc.isArray() ? QStringLiteral("an array") : QStringLiteral("a scalar"));
            return false;
        }
        m_plan.outputFormat = OutputFormat{OutputFormat::Kind::JsonSchema, QStringLiteral("answer"), doc.object()};
    } else if (options.jsonMode) {
        m_plan.outputFormat = OutputFormat{OutputFormat::Kind::JsonObject, QStringLiteral("answer"), {}};
    }
    // A flag applies to every row: a prompt's own format from the comparison gives way to it.
    if (options.schemaPath || options.jsonMode) {
        for (RunRow &row : m_plan.rows)
            row.outputFormat.reset();
    }
    if (options.toolsPath) {
        QJsonDocument doc;
        if (!readJsonFile("--tools", *options.toolsPath, &doc, error))
            return false;
        if (!doc.isArray()) {
            *error = QStringLiteral("--tools %1: must be a JSON array of {\"name\", \"description\", \"parameters\"}").arg(*options.toolsPath);
            return false;
        }
        QString problem;
        if (!ToolDefinition::listFromJson(doc.array(), QStringLiteral("tools"), &m_plan.tools, &problem)) {
            *error = QStringLiteral("--tools %1: %2").arg(*options.toolsPath, problem);
            return false;
        }
    }
    if (options.toolChoice) {
        m_plan.toolChoice = ToolChoice::fromText(options.toolChoice->trimmed());
        if (m_plan.tools.isEmpty()) {
            *error = QStringLiteral("--tool-choice needs tools: give --tools FILE.json (or a comparison with tools)");
            return false;
        }
    }
    if (const QString problem = m_plan.toolChoice.problemWith(m_plan.tools); !problem.isEmpty()) {
        *error = QStringLiteral("--tool-choice: %1").arg(problem);
        return false;
    }
    return true;
}

bool CliRunner::attachFiles(const CliOptions &options, const ProviderRegistry &registry, QString *error)
{
    QList<Attachment> files;
    for (const QString &path : options.imagePaths) {
        const auto image = AttachmentFile::loadImage(path, error);
        if (!image) {
            *error = QStringLiteral("--image: %1").arg(*error);
            return false;
        }
        files.append(*image);
    }
    for (const QString &path : options.attachPaths) {
        const auto text = AttachmentFile::loadText(path, error);
        if (!text) {
            *error = QStringLiteral("--attach: %1").arg(*error);
            return false;
        }
        files.append(*text);
    }
    if (!files.isEmpty()) {
        for (RunRow &row : m_plan.rows)
            row.attachments += files;
    }
    // Each column's provider against every row's files (a .promptgrid's own included).
    for (const ModelColumn &column : std::as_const(m_plan.columns)) {
        const ProviderKind kind = registry.find(column.provider)->kind;
        for (const RunRow &row : std::as_const(m_plan.rows)) {
            QList<Attachment> all;
            for (const ChatMessage &message : row.history)
                all += message.attachments;
            all += row.attachments;
            if (all.isEmpty())
                continue;
            if (const QString problem = AttachmentLimits::problem(kind, AttachmentLimits::serviceName(kind), all); !problem.isEmpty()) {
                *error = QStringLiteral("model %1: %2").arg(column.displayName(), problem);
                return false;
            }
        }
    }
    return true;
}

std::optional<ProviderRegistry> CliRunner::loadProviders(const CliOptions &options, QString *error) const
{
    ProviderRegistry registry = ProviderRegistry::withDemo();
    if (!options.providersPath)
        return registry;
    auto loaded = ProviderRegistry::fromFile(*options.providersPath, error);
    if (!loaded)
        return std::nullopt;
    // The offline Demo provider is always there unless the file defines its own "demo".
    if (!loaded->find(QStringLiteral("demo")))
        loaded->upsert(*registry.find(QStringLiteral("demo")));
    // Known endpoints get the built-in price snapshot, so cost_usd is filled; a provider
    // that brings its own "prices" keeps exactly those.
    PresetCatalog::builtIn().applyPrices(*loaded, PriceTable::builtIn(), PriceTable::ApplyMode::OnlyWhenNoPrices);
    return loaded;
}

std::optional<QList<ModelColumn>> CliRunner::modelColumns(const CliOptions &options, const ProviderRegistry &registry,
                                                          const std::optional<Comparison> &saved, QString *error) const
{
    const RequestParams &params = options.params;
    QList<ModelColumn> columns;
    const bool fromComparison = options.models.isEmpty() && saved;
    if (fromComparison) {
        // The comparison's own configurations; --temperature, --max-tokens and the reasoning flags still apply.
        for (ModelColumn column : saved->models) {
            if (!registry.find(column.provider)) {
                *error = QStringLiteral("the comparison's model \"%1\" uses the unknown provider \"%2\" (give --providers FILE)")
                             .arg(column.displayName(), column.provider);
                return std::nullopt;
            }
            if (params.temperature)
                column.params.temperature = params.temperature;
            if (params.maxTokens)
                column.params.maxTokens = params.maxTokens;
            if (params.reasoning)
                column.params.reasoning = params.reasoning;
            if (params.reasoningBudget)
                column.params.reasoningBudget = params.reasoningBudget;
            columns.append(column);
        }
        if (columns.isEmpty()) {
            *error = CliOptions::noModelError();
            return std::nullopt;
        }
    }
    for (ModelColumn column : options.models) {
        if (!registry.find(column.provider)) {
            *error = QStringLiteral("--model \"%1/%2\": unknown provider \"%1\"").arg(column.provider, column.model);
            return std::nullopt;
        }
        column.params = params;
        columns.append(column);
    }
    // Parameters against each provider's documented range, before anything is sent.
    for (qsizetype i = 0; i < columns.size(); ++i) {
        const ModelColumn &column = columns.at(i);
        const ProviderConfig &provider = *registry.find(column.provider);
        const QString problem = provider.paramsProblem(column.params, column.model);
        if (problem.isEmpty())
            continue;
        // The flag that brought the value the provider does not take, else where the model came from.
        RequestParams temperatureOnly, budgetOnly;
        temperatureOnly.temperature = params.temperature;
        budgetOnly.reasoningBudget = params.reasoningBudget;
        const QString source = !provider.paramsProblem(temperatureOnly, column.model).isEmpty() ? QStringLiteral("--temperature")
            : !provider.paramsProblem(budgetOnly, column.model).isEmpty()                     ? QStringLiteral("--reasoning-budget")
            : fromComparison ? QStringLiteral("%1: models[%2]").arg(*options.comparisonPath).arg(i)
                             : QStringLiteral("--model");
        *error = QStringLiteral("%1: model %2: %3").arg(source, column.displayName(), problem);
        return std::nullopt;
    }
    // A key with a control character would inject headers: stop before anything is sent,
    // naming the variable, never the value.
    for (const ModelColumn &column : std::as_const(columns)) {
        if (const QString problem = m_scheduler->keys().keyProblem(*registry.find(column.provider)); !problem.isEmpty()) {
            *error = problem;
            return std::nullopt;
        }
    }
    return columns;
}

void CliRunner::applySettings(const CliOptions &options, const std::optional<Comparison> &saved)
{
    RunSettings *settings = m_session.settings();
    if (options.concurrency)
        settings->setConcurrencyOverride(*options.concurrency);
    else if (saved && saved->settings.concurrency > 0)
        settings->setConcurrencyOverride(saved->settings.concurrency);
    RequestLimits limits;
    if (saved) {
        // The comparison's limits, except where a flag sets them.
        ComparisonSettings fromFile = saved->settings;
        if (options.timeoutSeconds)
            fromFile.timeoutSeconds = 0;
        if (options.attempts)
            fromFile.retries = 0;
        limits = fromFile.applyTo(limits);
    }
    if (options.timeoutSeconds) {
        limits.totalTimeoutMs = int(std::lround(*options.timeoutSeconds * 1000));
        limits.firstByteTimeoutMs = std::min(limits.firstByteTimeoutMs, limits.totalTimeoutMs);
        limits.idleTimeoutMs = std::min(limits.idleTimeoutMs, limits.totalTimeoutMs);
        limits.connectTimeoutMs = std::min(limits.connectTimeoutMs, limits.totalTimeoutMs);
    }
    if (options.attempts)
        limits.maxAttempts = *options.attempts;
    if (options.spendCapUsd)
        settings->setSpendCap(*options.spendCapUsd);
    settings->setLimits(limits);
}

bool CliRunner::buildMatrixPlan(const CliOptions &options, const std::optional<Comparison> &saved,
                                const QStringList &prompts, const VariablesTable &promptVariables,
                                const QList<ComparisonPrompt> &conversations, const QList<ModelColumn> &columns,
                                QString *error)
{
    const QString system = options.system.value_or(QString());
    const int repeat = options.repeat ? *options.repeat : saved ? saved->settings.repeats : 1;
    if (promptVariables.columnCount() > 0 && options.varsPath) {
        *error = QStringLiteral("give variables either as columns of the --prompts CSV or with --vars, not both");
        return false;
    }
    if (conversations.isEmpty() && (promptVariables.columnCount() > 0 || (!saved && !options.varsPath))) {
        // Each prompt with its own row of variables, or (no templates asked for) exactly as
        // written, braces and all.
        if (!checkPlanSize(PlanBuilder::sizeOf(prompts, system, columns.size(), repeat), error))
            return false;
        auto plan = PlanBuilder::fromPromptRows(prompts, promptVariables, system, columns, repeat, error);
        if (!plan)
            return false;
        m_plan = *plan;
        return true;
    }
    Comparison comparison = saved.value_or(Comparison());
    comparison.models = columns;
    comparison.settings.repeats = repeat;
    if (!prompts.isEmpty()) {
        comparison.prompts.clear();
        for (const QString &prompt : prompts)
            comparison.prompts.append({QString(), prompt, std::nullopt});
    }
    if (!conversations.isEmpty()) {
        comparison.prompts = conversations;
        // Without test cases a conversation goes out as written, braces and all.
        if (!saved && !options.varsPath)
            comparison.variablesPerPrompt = true;
    }
    if (!saved || options.system)
        comparison.system = system;
    if (options.varsPath) {
        auto table = VariablesTable::fromFile(*options.varsPath, error);
        if (!table)
            return false;
        comparison.variables = *table;
    }
    if (comparison.prompts.isEmpty()) {
        *error = QStringLiteral("the comparison has no prompts; give --prompt TEXT or --prompts FILE");
        return false;
    }
    // From the counts alone, before a single row is rendered.
    if (!checkPlanSize(PlanBuilder::sizeOf(comparison), error))
        return false;
    auto plan = PlanBuilder::fromComparison(comparison, error);
    if (!plan)
        return false;
    m_plan = *plan;
    return true;
}

void CliRunner::openHistory(const QString &path)
{
    connect(m_session.recorder(), &HistoryRecorder::problemChanged, this, &CliRunner::onHistoryProblem);
    // Checked before anything is written: a damaged file is left exactly as it is. Either way
    // the run goes on (its answers are in the outputs) and the exit status says 3.
    m_session.openHistory(path, nullptr, HistoryDatabase::Check::Now);
}

void CliRunner::onHistoryProblem()
{
    // Each kind of problem once, and once more when a lock or write failure cleared; not every
    // change of the unsaved count.
    const HistoryRecorder *history = m_session.recorder();
    const HistoryDatabase::Problem problem = history->problem();
    const bool transient = problem == HistoryDatabase::Problem::WriteFailed || problem == HistoryDatabase::Problem::Locked;
    const QString key = QString::number(int(problem)) + (transient && history->unsavedCells() == 0 ? QStringLiteral("+saved") : QString());
    if (problem == HistoryDatabase::Problem::None || key == m_historyReported)
        return;
    m_historyReported = key;
    std::fprintf(stderr, "%spromptgrid-cli: %s\n", m_liveProgress ? "\n" : "", qPrintable(history->problemText()));
}

QStringList CliRunner::secrets()
{
    return m_scheduler->keys().keys(m_scheduler->providers().providers());
}

void CliRunner::start()
{
    m_session.start(m_plan);
}

void CliRunner::interrupt()
{
    if (m_finished)
        return;
    m_interrupted = true;
    std::fputs("\npromptgrid-cli: interrupted; cancelling what still runs (Ctrl+C again to quit at once)\n", stderr);
    m_scheduler->cancelAll();
    if (m_judgeRun->isActive())
        m_judgeRun->cancelAll();
}

void CliRunner::onCountsChanged(const RunCounts &counts)
{
    if (!m_liveProgress)
        return;
    std::fprintf(stderr, "\r[%d/%d] %s   ", counts.done(), counts.total(), qPrintable(counts.summary()));
    std::fflush(stderr);
}

bool CliRunner::checkFiles(const CliOptions &options, QString *error) const
{
    FileClashCheck files;
    const std::pair<const char *, const std::optional<QString> &> inputs[] = {
        {"--providers", options.providersPath}, {"--prompts", options.promptsPath}, {"--conversation", options.conversationPath},
        {"--vars", options.varsPath}, {"--comparison", options.comparisonPath}, {"--schema", options.schemaPath},
        {"--tools", options.toolsPath}, {"--rubric-file", options.rubricPath}};
    for (const auto &[flag, path] : inputs)
        files.addInput(QLatin1String(flag), path.value_or(QString()));
    files.addOutput(QStringLiteral("--out"), m_outPath);
    if (!m_jsonPath.isEmpty())
        files.addOutput(QStringLiteral("--json"), m_jsonPath);
    if (!m_jsonlPath.isEmpty())
        files.addOutput(QStringLiteral("--jsonl"), m_jsonlPath);
    if (!m_markdownPath.isEmpty())
        files.addOutput(QStringLiteral("--markdown"), m_markdownPath);
    if (options.historyPath)
        files.addOutput(QStringLiteral("--history"), *options.historyPath);
    return files.check(error);
}

bool CliRunner::checkPlanSize(const PlanSize &size, QString *error) const
{
    if (!size.exceedsLimits() || m_largePlanConfirmed)
        return true;
    *error = QStringLiteral("the run would send %1; add --yes to run it anyway").arg(size.excess());
    return false;
}

void CliRunner::onOutOfMemory()
{
    if (m_outOfMemory)
        return;
    m_outOfMemory = true;
    if (m_finished)
        return; // onFinished() is writing and handles it
    std::fputs("\npromptgrid-cli: out of memory; cancelling what still runs and writing what finished\n", stderr);
    m_scheduler->cancelAll();
    if (m_judgeRun->isActive())
        m_judgeRun->cancelAll();
}

void CliRunner::onFinished()
{
    if (m_finished)
        return;
    // --follow-up: the next turn of every cell's own thread, once the previous turn has ended.
    if (!m_interrupted && !m_outOfMemory && m_nextFollowUp < m_followUps.size()) {
        const QString text = m_followUps.at(m_nextFollowUp++);
        if (m_liveProgress)
            std::fputs("\n", stderr);
        std::fprintf(stderr, "promptgrid-cli: turn %lld: sending the follow-up to each model's own thread\n",
                     static_cast<long long>(m_nextFollowUp + 1));
        // Its turns end with runFinished again, even when none of them could be sent.
        if (!m_session.followUp(m_scheduler->allCells(), text).isEmpty())
            return;
    }
    if (m_judgeRun->isActive())
        return; // the grid's last turn ended while the judge still grades: its finished() comes
    // --judge: the judge grades what answered, then the outputs are written with its grades.
    if (!m_interrupted && !m_outOfMemory && m_judgeRequest && !m_judgeStarted) {
        m_judgeStarted = true;
        if (startJudge())
            return;
    }
    m_finished = true;
    const RunCounts counts = m_scheduler->counts();
    if (m_liveProgress)
        std::fputs("\n", stderr);
    std::fprintf(stderr, "promptgrid-cli: %d cells: %d ok, %d failed, %d cancelled -> %s\n", counts.total(), counts.ok,
                 counts.failed, counts.cancelled, qPrintable(m_outPath));
    if (m_judgeStarted)
        printJudgeSummary();
    // A lock may be waited out for the rest of its budget now that nothing else is left to do.
    m_session.recorder()->flushWaiting();
    bool written = false;
    // After an out-of-memory stop, the block kept for this moment gives the writers room.
    MemoryReserve::releaseForWriting();
    try {
        written = writeOutputs();
    } catch (const std::bad_alloc &) {
        // The reserve is back; the recovery file is streamed one cell at a time.
        MemoryReserve::reportExhausted();
        m_outOfMemory = true;
        std::fputs("promptgrid-cli: out of memory while writing the outputs\n", stderr);
        try {
            writeRecoveryFile(m_session.snapshot());
        } catch (const std::bad_alloc &) {
            std::fputs("promptgrid-cli: out of memory again; the answers are only in the history, if one was given\n", stderr);
        }
    }
    int code = counts.ok == counts.total() ? kExitOk : kExitCellFailed;
    if (m_session.recorder()->problem() != HistoryDatabase::Problem::None) {
        std::fprintf(stderr, "promptgrid-cli: %s\n", qPrintable(m_session.recorder()->problemText()));
        written = false;
    }
    if (m_interrupted)
        code = kExitInterrupted;
    if (m_outOfMemory)
        code = kExitResourceExhausted;
    if (!written)
        code = kExitOutputFailed;
    // Leave the loop after this turn, so that aborted replies are cleaned up first.
    QTimer::singleShot(0, qApp, [code] { QCoreApplication::exit(code); });
}

bool CliRunner::writeOutputs()
{
    struct Output {
        QString path;
        ExportJob::Format format;
    };
    QList<Output> outputs{{m_outPath, ExportJob::Format::Csv}};
    if (!m_jsonPath.isEmpty())
        outputs.append({m_jsonPath, ExportJob::Format::Json});
    if (!m_jsonlPath.isEmpty())
        outputs.append({m_jsonlPath, ExportJob::Format::JsonLines});
    if (!m_markdownPath.isEmpty())
        outputs.append({m_markdownPath, ExportJob::Format::Markdown});
    // Shares every answer with the grid (implicitly shared strings); each output is streamed.
    const QList<ResultRecord> records = m_session.snapshot();
    bool allWritten = true;
    QString losslessCopy;
    for (const Output &output : outputs) {
        QString error;
        if (!ExportJob::toFile(output.format, output.path, records, m_csvOptions, &error)) {
            std::fprintf(stderr, "promptgrid-cli: %s\n", qPrintable(error));
            allWritten = false;
        } else if (output.format == ExportJob::Format::Json || output.format == ExportJob::Format::JsonLines) {
            losslessCopy = output.path;
        }
    }
    if (allWritten)
        return true;
    if (m_session.history()->isOpen())
        std::fprintf(stderr, "promptgrid-cli: the run is also in the history %s\n", qPrintable(m_session.history()->path()));
    if (!losslessCopy.isEmpty())
        std::fprintf(stderr, "promptgrid-cli: every answer is in %s\n", qPrintable(losslessCopy));
    else
        writeRecoveryFile(records);
    return false;
}

QString CliRunner::writeRecoveryFile(const QList<ResultRecord> &records) const
{
    const QString name = QStringLiteral("promptgrid-recovery-%1-%2.json")
                             .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")))
                             .arg(QCoreApplication::applicationPid());
    QString error;
    for (const QString &folder : {AppFolders::dataFolder(), QDir::tempPath(),
                                  QDir::homePath()}) {
        if (folder.isEmpty() || !QDir().mkpath(folder))
            continue;
        const QString path = QDir(folder).filePath(name);
        if (ExportJob::toFile(ExportJob::Format::Json, path, records, m_csvOptions, &error)) {
            std::fprintf(stderr, "promptgrid-cli: the answers are saved in %s (the JSON that --json writes)\n",
                         qPrintable(QDir::toNativeSeparators(path)));
            return path;
        }
    }
    std::fprintf(stderr, "promptgrid-cli: could not save the answers anywhere (%s)%s\n", qPrintable(error),
                 m_session.history()->isOpen() ? "; they are in the history database" : "");
    return {};
}

bool CliRunner::prepareJudge(const CliOptions &options, const ProviderRegistry &registry, QString *error)
{
    if (!options.judge)
        return true;
    JudgeRun::Request request;
    request.judge = *options.judge;
    const ProviderConfig *provider = registry.find(request.judge.provider);
    if (!provider) {
        *error = QStringLiteral("--judge \"%1\": unknown provider \"%2\"").arg(request.judge.displayName(), request.judge.provider);
        return false;
    }
    if (const QString problem = m_scheduler->keys().keyProblem(*provider); !problem.isEmpty()) {
        *error = problem;
        return false;
    }
    if (options.rubricPath) {
        const std::optional<JudgeRubric> rubric = JudgeRubric::fromFile(*options.rubricPath, error);
        if (!rubric) {
            *error = QStringLiteral("--rubric-file: ") + *error;
            return false;
        }
        request.rubric = *rubric;
    } else if (options.rubricText) {
        request.rubric.preset = JudgeRubric::Preset::Custom;
        request.rubric.text = options.rubricText->trimmed();
    } else {
        request.rubric = JudgeRubric::fromPreset(JudgeRubric::Preset::Correctness);
    }
    if (options.judgeScale) {
        request.rubric.scaleMin = options.judgeScale->first;
        request.rubric.scaleMax = options.judgeScale->second;
    }
    if (options.referenceColumn) {
        QStringList names;
        for (const RunRow &row : std::as_const(m_plan.rows)) {
            for (const auto &variable : row.variables) {
                if (!names.contains(variable.first))
                    names.append(variable.first);
            }
        }
        if (!names.contains(*options.referenceColumn)) {
            *error = names.isEmpty()
                ? QStringLiteral("--reference-column \"%1\": the run has no variables columns (give --vars FILE.csv or a prompts CSV)")
                      .arg(*options.referenceColumn)
                : QStringLiteral("--reference-column \"%1\" is not a variables column; the columns are: %2")
                      .arg(*options.referenceColumn, names.join(QStringLiteral(", ")));
            return false;
        }
        request.rubric.referenceColumn = *options.referenceColumn;
    }
    request.mode = options.judgePairwise ? JudgeRun::Mode::Pairwise : JudgeRun::Mode::Grade;
    m_judgeRequest = request;
    return true;
}

bool CliRunner::startJudge()
{
    if (m_liveProgress)
        std::fputs("\n", stderr);
    QString error;
    if (!m_judgeRun->start(*m_judgeRequest, &error)) {
        std::fprintf(stderr, "promptgrid-cli: judge %s: %s\n", qPrintable(m_judgeRequest->judge.displayName()), qPrintable(error));
        return false;
    }
    std::fprintf(stderr, "promptgrid-cli: judge %s: %d %s to grade\n", qPrintable(m_judgeRequest->judge.displayName()),
                 m_judgeRun->scheduler()->cellCount(),
                 m_judgeRequest->mode == JudgeRun::Mode::Grade ? "answers" : "battle orders");
    return true;
}

void CliRunner::printJudgeSummary() const
{
    if (!m_judgeRun->scheduler())
        return;
    const QString judge = m_judgeRequest->judge.displayName();
    std::fprintf(stderr, "promptgrid-cli: judge %s (cost $%.6f)\n", qPrintable(judge), m_judgeRun->spentUsd());
    const RunPlan &plan = m_scheduler->plan();
    if (m_judgeRequest->mode == JudgeRun::Mode::Grade) {
        const QList<JudgeScoreStats> table = JudgeScoreStats::compute(m_session.judging()->ratings(), int(plan.columns.size()), judge);
        for (const JudgeScoreStats &stats : table) {
            std::fprintf(stderr, "promptgrid-cli:   %s: mean score %s on %s\n", qPrintable(plan.columns.at(stats.column).displayName()),
                         qPrintable(stats.summary()),
                         qPrintable(JudgePrompt::scaleText(m_judgeRequest->rubric.scaleMin, m_judgeRequest->rubric.scaleMax)));
        }
        return;
    }
    QList<int> wins(plan.columns.size(), 0), losses(plan.columns.size(), 0), ties(plan.columns.size(), 0);
    int errors = 0;
    for (const JudgeRun::PairResult &pair : m_judgeRun->pairResults()) {
        if (!pair.outcome) {
            errors += pair.settled ? 1 : 0;
            continue;
        }
        const int left = pair.battle.left;
        const int right = pair.battle.right;
        if (*pair.outcome == BattleVerdict::Tie) {
            ++ties[left];
            ++ties[right];
        } else {
            const bool leftWon = *pair.outcome == BattleVerdict::Left;
            ++wins[leftWon ? left : right];
            ++losses[leftWon ? right : left];
        }
    }
    for (int column = 0; column < plan.columns.size(); ++column)
        std::fprintf(stderr, "promptgrid-cli:   %s: %d wins, %d losses, %d ties\n", qPrintable(plan.columns.at(column).displayName()),
                     wins[column], losses[column], ties[column]);
    if (errors > 0)
        std::fprintf(stderr, "promptgrid-cli:   %d battles without a verdict (judge errors)\n", errors);
    const JudgeRun::PositionBias bias = m_judgeRun->positionBias();
    if (bias.battles > 0)
        std::fprintf(stderr, "promptgrid-cli:   position bias: %s\n", qPrintable(bias.text()));
}
