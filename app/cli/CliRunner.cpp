// SPDX-License-Identifier: MIT
#include "CliRunner.h"

#include "ComparisonFile.h"
#include "CostEstimator.h"
#include "ExportJob.h"
#include "FileClashCheck.h"
#include "HistoryRecorder.h"
#include "MemoryReserve.h"
#include "PlanBuilder.h"
#include "PresetCatalog.h"
#include "PromptImport.h"
#include "PromptRows.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QStandardPaths>
#include <QTimer>

#include <cmath>
#include <cstdio>
#include <new>
#include <unistd.h>

namespace {
// The ranges every numeric flag is checked against (README: "What is validated").
constexpr int kMaxRepeat = 10'000;
constexpr int kMaxConcurrency = 100'000;
constexpr int kMaxTokens = 10'000'000;
constexpr int kMaxAttempts = 100;
constexpr double kMinTimeoutSeconds = 0.1; // below it every limit would round to "none"
constexpr double kMaxTimeoutSeconds = 86'400;

bool parseInt(const QString &text, int minimum, int maximum, int *out)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < minimum || value > maximum)
        return false;
    *out = value;
    return true;
}

// "nan" and "inf" parse as numbers: a finite value within [minimum, maximum] only.
bool parseDouble(const QString &text, double minimum, double maximum, double *out)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < minimum || value > maximum)
        return false;
    *out = value;
    return true;
}
} // namespace

CliRunner::CliRunner(QObject *parent)
    : QObject(parent)
    , m_session(RunSettings::Storage::Transient)
    , m_scheduler(m_session.scheduler())
{
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
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Send prompts to many LLMs at once and write the answers as CSV."));
    parser.addOptions({
        {QStringLiteral("providers"), QStringLiteral("Providers JSON file."), QStringLiteral("FILE")},
        {QStringLiteral("model"), QStringLiteral("PROVIDER/MODEL; repeat for more columns."), QStringLiteral("PROVIDER/MODEL")},
        {QStringLiteral("prompt"), QStringLiteral("A prompt; repeat for more rows."), QStringLiteral("TEXT")},
        {QStringLiteral("prompts"), QStringLiteral("Prompts file: .txt (--- separated), .csv (prompt column) or .jsonl."), QStringLiteral("FILE")},
        {QStringLiteral("out"), QStringLiteral("Results CSV to write."), QStringLiteral("RESULTS.csv")},
        {QStringLiteral("json"), QStringLiteral("Also write the results as JSON."), QStringLiteral("RESULTS.json")},
        {QStringLiteral("repeat"), QStringLiteral("Samples per cell (default 1)."), QStringLiteral("K")},
        {QStringLiteral("concurrency"), QStringLiteral("Requests in flight per provider (default: the provider's max_concurrency, 8)."), QStringLiteral("N")},
        {QStringLiteral("timeout"), QStringLiteral("Total time limit per request in seconds (default 120)."), QStringLiteral("SECONDS")},
        {QStringLiteral("retries"), QStringLiteral("Attempts per request, first one included (default 3)."), QStringLiteral("N")},
        {QStringLiteral("system"), QStringLiteral("System prompt."), QStringLiteral("TEXT")},
        {QStringLiteral("temperature"), QStringLiteral("Sampling temperature."), QStringLiteral("T")},
        {QStringLiteral("max-tokens"), QStringLiteral("Maximum output tokens."), QStringLiteral("N")},
        {QStringLiteral("csv-bom"), QStringLiteral("Start the CSV with a UTF-8 byte-order mark (for Excel).")},
        {QStringLiteral("no-csv-bom"), QStringLiteral("No byte-order mark (the default).")},
        {QStringLiteral("csv-raw"), QStringLiteral("Do not guard fields that start with = + - @ against formula injection.")},
        {QStringLiteral("vars"), QStringLiteral("Test cases CSV (header row = variable names): every prompt is rendered once per row, {{name}} replaced."), QStringLiteral("FILE.csv")},
        {QStringLiteral("comparison"), QStringLiteral("Run a saved .promptgrid comparison; flags given as well override its prompts, models and settings."), QStringLiteral("FILE.promptgrid")},
        {QStringLiteral("jsonl"), QStringLiteral("Also write the results as JSON Lines (one cell per line)."), QStringLiteral("RESULTS.jsonl")},
        {QStringLiteral("markdown"), QStringLiteral("Also write the answers as a side-by-side Markdown table."), QStringLiteral("RESULTS.md")},
        {QStringLiteral("history"), QStringLiteral("Also save the run, cell by cell as it goes, to this SQLite history database."), QStringLiteral("FILE")},
        {QStringLiteral("spend-cap"), QStringLiteral("Spend at most USD on this run: a request is not sent when the cost so far plus the estimate of what is in flight and of the request would pass it; cells not sent are cancelled (exit 1). Models without a price are not limited."), QStringLiteral("USD")},
        {QStringLiteral("yes"), QStringLiteral("Run a plan larger than 100,000 cells or 256 MiB of prompt text (refused without it).")},
    });
    parser.addHelpOption();
    parser.addVersionOption();
    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        error->clear();
        return false;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("promptgrid-cli %s\n", PROMPTGRID_VERSION);
        error->clear();
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error = QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first());
        return false;
    }

    ProviderRegistry registry = ProviderRegistry::withDemo();
    if (parser.isSet(QStringLiteral("providers"))) {
        auto loaded = ProviderRegistry::fromFile(parser.value(QStringLiteral("providers")), error);
        if (!loaded)
            return false;
        // The offline Demo provider is always there unless the file defines its own "demo".
        if (!loaded->find(QStringLiteral("demo")))
            loaded->upsert(*registry.find(QStringLiteral("demo")));
        // Known endpoints get the built-in price snapshot, so cost_usd is filled; a provider
        // that brings its own "prices" keeps exactly those.
        PresetCatalog::builtIn().applyPrices(*loaded, PriceTable::builtIn(), PriceTable::ApplyMode::OnlyWhenNoPrices);
        registry = *loaded;
    }

    std::optional<Comparison> saved;
    if (parser.isSet(QStringLiteral("comparison"))) {
        saved = ComparisonFile::load(parser.value(QStringLiteral("comparison")), error);
        if (!saved)
            return false;
    }

    RequestParams params;
    if (parser.isSet(QStringLiteral("temperature"))) {
        // Each model's own provider range is checked once the columns are known.
        double t = 0;
        if (!parseDouble(parser.value(QStringLiteral("temperature")), 0, RequestParams::kMaxAnyTemperature, &t)) {
            *error = QStringLiteral("--temperature must be a number from 0 to 2 (Anthropic 0 to 1, Ollama up to %1)")
                         .arg(RequestParams::kMaxAnyTemperature);
            return false;
        }
        params.temperature = t;
    }
    if (parser.isSet(QStringLiteral("max-tokens"))) {
        int n = 0;
        if (!parseInt(parser.value(QStringLiteral("max-tokens")), 1, kMaxTokens, &n)) {
            *error = QStringLiteral("--max-tokens must be a whole number from 1 to %1").arg(kMaxTokens);
            return false;
        }
        params.maxTokens = n;
    }

    QList<ModelColumn> columns;
    const QStringList models = parser.values(QStringLiteral("model"));
    if (models.isEmpty() && saved) {
        // The comparison's own configurations; --temperature and --max-tokens still apply.
        for (ModelColumn column : saved->models) {
            if (!registry.find(column.provider)) {
                *error = QStringLiteral("the comparison's model \"%1\" uses the unknown provider \"%2\" (give --providers FILE)")
                             .arg(column.displayName(), column.provider);
                return false;
            }
            if (params.temperature)
                column.params.temperature = params.temperature;
            if (params.maxTokens)
                column.params.maxTokens = params.maxTokens;
            columns.append(column);
        }
    }
    if (models.isEmpty() && columns.isEmpty()) {
        *error = QStringLiteral("give at least one --model PROVIDER/MODEL");
        return false;
    }
    for (const QString &reference : models) {
        ModelColumn column;
        if (!ModelColumn::parseReference(reference, &column)) {
            *error = QStringLiteral("--model \"%1\" must look like PROVIDER/MODEL").arg(reference);
            return false;
        }
        if (!registry.find(column.provider)) {
            *error = QStringLiteral("--model \"%1\": unknown provider \"%2\"").arg(reference, column.provider);
            return false;
        }
        column.params = params;
        columns.append(column);
    }
    // Parameters against each provider's documented range, before anything is sent.
    for (qsizetype i = 0; i < columns.size(); ++i) {
        const ModelColumn &column = columns.at(i);
        const QString problem = registry.find(column.provider)->paramsProblem(column.params);
        if (problem.isEmpty())
            continue;
        const QString source = params.temperature ? QStringLiteral("--temperature")
            : saved && models.isEmpty()
            ? QStringLiteral("%1: models[%2]").arg(parser.value(QStringLiteral("comparison"))).arg(i)
            : QStringLiteral("--model");
        *error = QStringLiteral("%1: model %2: %3").arg(source, column.displayName(), problem);
        return false;
    }

    // A key with a control character would inject headers: stop before anything is sent,
    // naming the variable, never the value.
    for (const ModelColumn &column : std::as_const(columns)) {
        if (const QString problem = m_scheduler->keys().keyProblem(*registry.find(column.provider)); !problem.isEmpty()) {
            *error = problem;
            return false;
        }
    }

    QStringList prompts = parser.values(QStringLiteral("prompt"));
    VariablesTable promptVariables; // columns of a prompts CSV besides "prompt"
    if (parser.isSet(QStringLiteral("prompts"))) {
        if (!prompts.isEmpty()) {
            *error = QStringLiteral("give either --prompt or --prompts, not both");
            return false;
        }
        if (!PromptRows::fromFile(parser.value(QStringLiteral("prompts")), &prompts, &promptVariables, error))
            return false;
    }
    if (prompts.isEmpty() && !saved) {
        *error = QStringLiteral("give at least one --prompt TEXT or a --prompts FILE");
        return false;
    }

    m_outPath = parser.value(QStringLiteral("out"));
    if (m_outPath.isEmpty()) {
        *error = QStringLiteral("--out RESULTS.csv is required");
        return false;
    }
    m_jsonPath = parser.value(QStringLiteral("json"));
    m_jsonlPath = parser.value(QStringLiteral("jsonl"));
    m_markdownPath = parser.value(QStringLiteral("markdown"));
    m_largePlanConfirmed = parser.isSet(QStringLiteral("yes"));
    if (!checkFiles(parser, error))
        return false;

    int repeat = 1;
    if (parser.isSet(QStringLiteral("repeat")) && !parseInt(parser.value(QStringLiteral("repeat")), 1, kMaxRepeat, &repeat)) {
        *error = QStringLiteral("--repeat must be a whole number from 1 to %1").arg(kMaxRepeat);
        return false;
    }
    if (parser.isSet(QStringLiteral("concurrency"))) {
        int n = 0;
        if (!parseInt(parser.value(QStringLiteral("concurrency")), 1, kMaxConcurrency, &n)) {
            *error = QStringLiteral("--concurrency must be a whole number from 1 to %1").arg(kMaxConcurrency);
            return false;
        }
        m_session.settings()->setConcurrencyOverride(n);
    } else if (saved && saved->settings.concurrency > 0) {
        m_session.settings()->setConcurrencyOverride(saved->settings.concurrency);
    }
    RequestLimits limits;
    if (saved) {
        ComparisonSettings settings = saved->settings;
        if (parser.isSet(QStringLiteral("timeout")))
            settings.timeoutSeconds = 0;
        if (parser.isSet(QStringLiteral("retries")))
            settings.retries = 0;
        limits = settings.applyTo(limits);
    }
    if (parser.isSet(QStringLiteral("timeout"))) {
        double seconds = 0;
        if (!parseDouble(parser.value(QStringLiteral("timeout")), kMinTimeoutSeconds, kMaxTimeoutSeconds, &seconds)) {
            *error = QStringLiteral("--timeout must be a number of seconds from %1 to %2")
                         .arg(kMinTimeoutSeconds)
                         .arg(kMaxTimeoutSeconds);
            return false;
        }
        limits.totalTimeoutMs = int(std::lround(seconds * 1000));
        limits.firstByteTimeoutMs = std::min(limits.firstByteTimeoutMs, limits.totalTimeoutMs);
        limits.idleTimeoutMs = std::min(limits.idleTimeoutMs, limits.totalTimeoutMs);
        limits.connectTimeoutMs = std::min(limits.connectTimeoutMs, limits.totalTimeoutMs);
    }
    if (parser.isSet(QStringLiteral("retries"))
        && !parseInt(parser.value(QStringLiteral("retries")), 1, kMaxAttempts, &limits.maxAttempts)) {
        *error = QStringLiteral("--retries must be a whole number from 1 to %1").arg(kMaxAttempts);
        return false;
    }
    if (parser.isSet(QStringLiteral("csv-bom")) && parser.isSet(QStringLiteral("no-csv-bom"))) {
        *error = QStringLiteral("give either --csv-bom or --no-csv-bom, not both");
        return false;
    }
    if (parser.isSet(QStringLiteral("spend-cap"))) {
        bool ok = false;
        const double usd = parser.value(QStringLiteral("spend-cap")).toDouble(&ok);
        if (!ok || !std::isfinite(usd) || usd < 0) {
            *error = QStringLiteral("--spend-cap must be a number of US dollars >= 0");
            return false;
        }
        m_session.settings()->setSpendCap(usd);
    }
    m_csvOptions.byteOrderMark = parser.isSet(QStringLiteral("csv-bom"));
    m_csvOptions.protectFormulas = !parser.isSet(QStringLiteral("csv-raw"));

    if (parser.isSet(QStringLiteral("history")))
        openHistory(parser.value(QStringLiteral("history")));

    m_scheduler->setProviders(registry);
    m_session.settings()->setLimits(limits);
    if (!buildMatrixPlan(parser, saved, prompts, promptVariables, columns, repeat, error))
        return false;
    if (m_session.settings()->spendCap()) {
        const QStringList unpriced = CostEstimator::estimate(m_plan, registry).unpricedLabels();
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

bool CliRunner::buildMatrixPlan(const QCommandLineParser &parser, const std::optional<Comparison> &saved,
                                const QStringList &prompts, const VariablesTable &promptVariables,
                                const QList<ModelColumn> &columns, int repeat, QString *error)
{
    const QString system = parser.value(QStringLiteral("system"));
    if (saved && !parser.isSet(QStringLiteral("repeat")))
        repeat = saved->settings.repeats;
    if (promptVariables.columnCount() > 0 && parser.isSet(QStringLiteral("vars"))) {
        *error = QStringLiteral("give variables either as columns of the --prompts CSV or with --vars, not both");
        return false;
    }
    if (promptVariables.columnCount() > 0 || (!saved && !parser.isSet(QStringLiteral("vars")))) {
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
    if (!saved || parser.isSet(QStringLiteral("system")))
        comparison.system = system;
    if (parser.isSet(QStringLiteral("vars"))) {
        auto table = VariablesTable::fromFile(parser.value(QStringLiteral("vars")), error);
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
}

void CliRunner::onCountsChanged(const RunCounts &counts)
{
    if (!m_liveProgress)
        return;
    std::fprintf(stderr, "\r[%d/%d] running %d, queued %d, ok %d, failed %d, cancelled %d   ", counts.done(),
                 counts.total(), counts.running, counts.queued, counts.ok, counts.failed, counts.cancelled);
    std::fflush(stderr);
}

bool CliRunner::checkFiles(const QCommandLineParser &parser, QString *error) const
{
    FileClashCheck files;
    for (const char *input : {"providers", "prompts", "vars", "comparison"})
        files.addInput(QStringLiteral("--") + QLatin1String(input), parser.value(QLatin1String(input)));
    files.addOutput(QStringLiteral("--out"), m_outPath);
    if (!m_jsonPath.isEmpty())
        files.addOutput(QStringLiteral("--json"), m_jsonPath);
    if (!m_jsonlPath.isEmpty())
        files.addOutput(QStringLiteral("--jsonl"), m_jsonlPath);
    if (!m_markdownPath.isEmpty())
        files.addOutput(QStringLiteral("--markdown"), m_markdownPath);
    if (parser.isSet(QStringLiteral("history")))
        files.addOutput(QStringLiteral("--history"), parser.value(QStringLiteral("history")));
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
}

void CliRunner::onFinished()
{
    if (m_finished)
        return;
    m_finished = true;
    const RunCounts counts = m_scheduler->counts();
    if (m_liveProgress)
        std::fputs("\n", stderr);
    std::fprintf(stderr, "promptgrid-cli: %d cells: %d ok, %d failed, %d cancelled -> %s\n", counts.total(), counts.ok,
                 counts.failed, counts.cancelled, qPrintable(m_outPath));
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
    for (const QString &folder : {QStandardPaths::writableLocation(QStandardPaths::AppDataLocation), QDir::tempPath(),
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
