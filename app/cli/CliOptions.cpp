// SPDX-License-Identifier: MIT
#include "CliOptions.h"

#include <QCommandLineParser>
#include <QRegularExpression>

#include <cmath>

namespace {
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

std::optional<QString> valueIfSet(const QCommandLineParser &parser, const QString &name)
{
    return parser.isSet(name) ? std::optional<QString>(parser.value(name)) : std::nullopt;
}

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral("Send prompts to many LLMs at once and write the answers as CSV."));
    parser.addOptions({
        {QStringLiteral("providers"), QStringLiteral("Providers JSON file."), QStringLiteral("FILE")},
        {QStringLiteral("model"), QStringLiteral("PROVIDER/MODEL; repeat for more columns."), QStringLiteral("PROVIDER/MODEL")},
        {QStringLiteral("prompt"), QStringLiteral("A prompt; repeat for more rows."), QStringLiteral("TEXT")},
        {QStringLiteral("prompts"), QStringLiteral("Prompts file: .txt (--- separated), .csv (prompt column) or .jsonl."), QStringLiteral("FILE")},
        {QStringLiteral("conversation"), QStringLiteral("Conversations file: one {\"messages\":[{\"role\":\"user\",\"content\":\"...\"}, ...]} per line, each a row; every model gets the same history and answers its last user message."), QStringLiteral("FILE.jsonl")},
        {QStringLiteral("out"), QStringLiteral("Results CSV to write."), QStringLiteral("RESULTS.csv")},
        {QStringLiteral("json"), QStringLiteral("Also write the results as JSON."), QStringLiteral("RESULTS.json")},
        {QStringLiteral("repeat"), QStringLiteral("Samples per cell (default 1)."), QStringLiteral("K")},
        {QStringLiteral("concurrency"), QStringLiteral("Requests in flight per provider (default: the provider's max_concurrency, 8)."), QStringLiteral("N")},
        {QStringLiteral("timeout"), QStringLiteral("Total time limit per request in seconds (default 120)."), QStringLiteral("SECONDS")},
        {QStringLiteral("retries"), QStringLiteral("Attempts per request, first one included (default 3)."), QStringLiteral("N")},
        {QStringLiteral("system"), QStringLiteral("System prompt."), QStringLiteral("TEXT")},
        {QStringLiteral("temperature"), QStringLiteral("Sampling temperature."), QStringLiteral("T")},
        {QStringLiteral("max-tokens"), QStringLiteral("Maximum output tokens."), QStringLiteral("N")},
        {QStringLiteral("reasoning"), QStringLiteral("Reasoning effort of every model: none, minimal, low, medium, high, xhigh or max (default: the provider's own, nothing sent)."), QStringLiteral("LEVEL")},
        {QStringLiteral("reasoning-budget"), QStringLiteral("Thinking budget in tokens (Anthropic budget_tokens, Gemini thinkingBudget, OpenRouter reasoning.max_tokens)."), QStringLiteral("TOKENS")},
        {QStringLiteral("csv-bom"), QStringLiteral("Start the CSV with a UTF-8 byte-order mark (for Excel).")},
        {QStringLiteral("no-csv-bom"), QStringLiteral("No byte-order mark (the default).")},
        {QStringLiteral("csv-raw"), QStringLiteral("Do not guard fields that start with = + - @ against formula injection.")},
        {QStringLiteral("vars"), QStringLiteral("Test cases CSV (header row = variable names): every prompt is rendered once per row, {{name}} replaced."), QStringLiteral("FILE.csv")},
        {QStringLiteral("comparison"), QStringLiteral("Run a saved .promptgrid comparison; flags given as well override its prompts, models and settings."), QStringLiteral("FILE.promptgrid")},
        {QStringLiteral("jsonl"), QStringLiteral("Also write the results as JSON Lines (one cell per line)."), QStringLiteral("RESULTS.jsonl")},
        {QStringLiteral("markdown"), QStringLiteral("Also write the answers as a side-by-side Markdown table."), QStringLiteral("RESULTS.md")},
        {QStringLiteral("history"), QStringLiteral("Also save the run, cell by cell as it goes, to this SQLite history database."), QStringLiteral("FILE")},
        {QStringLiteral("spend-cap"), QStringLiteral("Spend at most USD on this run: a request is not sent when the cost so far plus the estimate of what is in flight and of the request would pass it; cells not sent are cancelled (exit 1). Models without a price are not limited."), QStringLiteral("USD")},
        {QStringLiteral("follow-up"), QStringLiteral("After the first answers, send TEXT as the next turn of every cell, each model going on with its own answers (own thread); repeat for more turns, in order. A cell whose previous turn failed is not sent."), QStringLiteral("TEXT")},
        {QStringLiteral("image"), QStringLiteral("Attach an image (PNG, JPEG, WebP or GIF, recognised by its bytes) to every row's prompt; repeat for more."), QStringLiteral("PATH")},
        {QStringLiteral("attach"), QStringLiteral("Attach a text file to every row's prompt (sent before it as a <document>); repeat for more."), QStringLiteral("PATH")},
        {QStringLiteral("schema"), QStringLiteral("Ask every model for JSON that fits this JSON Schema (a JSON object), sent as each provider's structured output."), QStringLiteral("FILE.json")},
        {QStringLiteral("json-mode"), QStringLiteral("Ask every model for a JSON object, without a schema (the providers' JSON mode; Anthropic has none).")},
        {QStringLiteral("tools"), QStringLiteral("Offer these tools to every model: a JSON array of {\"name\", \"description\", \"parameters\"} (parameters a JSON Schema). No tool is executed: the calls are recorded."), QStringLiteral("FILE.json")},
        {QStringLiteral("tool-choice"), QStringLiteral("auto (the default), required, none, or the name of one of the tools, which must then be called."), QStringLiteral("CHOICE")},
        {QStringLiteral("yes"), QStringLiteral("Run a plan larger than 100,000 cells or 256 MiB of prompt text (refused without it).")},
        {QStringLiteral("judge"), QStringLiteral("After the run, a judge model grades every answered cell (score and reason in the judge_* columns) through the same limits and spend cap; the exit status does not depend on its scores or errors."), QStringLiteral("PROVIDER/MODEL")},
        {QStringLiteral("rubric"), QStringLiteral("What the judge grades by (default: correctness, against the reference answer when --reference-column is given)."), QStringLiteral("TEXT")},
        {QStringLiteral("rubric-file"), QStringLiteral("Read the judge's rubric from this UTF-8 text file."), QStringLiteral("FILE")},
        {QStringLiteral("reference-column"), QStringLiteral("The variables column (--vars or a prompts CSV) holding each row's reference answer, shown to the judge."), QStringLiteral("NAME")},
        {QStringLiteral("judge-scale"), QStringLiteral("The judge's score scale (default 1-10)."), QStringLiteral("MIN-MAX")},
        {QStringLiteral("judge-pairwise"), QStringLiteral("The judge compares the columns' answers row by row instead, each pair asked both ways round (a tie when the two disagree); the results are summed up on stderr.")},
    });
    parser.addHelpOption();
    parser.addVersionOption();
}
} // namespace

QString CliOptions::noModelError()
{
    return QStringLiteral("give at least one --model PROVIDER/MODEL");
}

std::optional<CliOptions> CliOptions::parse(const QStringList &arguments, QString *error)
{
    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return std::nullopt;
    }
    CliOptions options;
    if (parser.isSet(QStringLiteral("help"))) {
        options.action = Action::ShowHelp;
        options.helpText = parser.helpText();
        return options;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        options.action = Action::ShowVersion;
        return options;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error = QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first());
        return std::nullopt;
    }

    options.providersPath = valueIfSet(parser, QStringLiteral("providers"));
    options.comparisonPath = valueIfSet(parser, QStringLiteral("comparison"));
    options.promptsPath = valueIfSet(parser, QStringLiteral("prompts"));
    options.conversationPath = valueIfSet(parser, QStringLiteral("conversation"));
    options.varsPath = valueIfSet(parser, QStringLiteral("vars"));
    options.system = valueIfSet(parser, QStringLiteral("system"));
    options.historyPath = valueIfSet(parser, QStringLiteral("history"));
    options.schemaPath = valueIfSet(parser, QStringLiteral("schema"));
    options.jsonMode = parser.isSet(QStringLiteral("json-mode"));
    options.toolsPath = valueIfSet(parser, QStringLiteral("tools"));
    options.toolChoice = valueIfSet(parser, QStringLiteral("tool-choice"));
    if (options.schemaPath && options.jsonMode) {
        *error = QStringLiteral("give either --schema FILE or --json-mode, not both");
        return std::nullopt;
    }
    for (const auto &[flag, path] : {std::pair{"--schema", &options.schemaPath}, std::pair{"--tools", &options.toolsPath}}) {
        if (*path && path->value().trimmed().isEmpty()) {
            *error = QStringLiteral("%1 needs a file path").arg(QLatin1String(flag));
            return std::nullopt;
        }
    }
    if (options.toolChoice && options.toolChoice->trimmed().isEmpty()) {
        *error = QStringLiteral("--tool-choice must be auto, required, none or the name of a tool");
        return std::nullopt;
    }

    if (parser.isSet(QStringLiteral("temperature"))) {
        // Each model's own provider range is checked once the columns are known.
        double t = 0;
        if (!parseDouble(parser.value(QStringLiteral("temperature")), 0, RequestParams::kMaxAnyTemperature, &t)) {
            *error = QStringLiteral("--temperature must be a number from 0 to 2 (Anthropic 0 to 1, Ollama up to %1)")
                         .arg(RequestParams::kMaxAnyTemperature);
            return std::nullopt;
        }
        options.params.temperature = t;
    }
    if (parser.isSet(QStringLiteral("max-tokens"))) {
        int n = 0;
        if (!parseInt(parser.value(QStringLiteral("max-tokens")), 1, kMaxTokens, &n)) {
            *error = QStringLiteral("--max-tokens must be a whole number from 1 to %1").arg(kMaxTokens);
            return std::nullopt;
        }
        options.params.maxTokens = n;
    }
    if (parser.isSet(QStringLiteral("reasoning"))) {
        const auto level = reasoningLevelFromName(parser.value(QStringLiteral("reasoning")));
        if (!level) {
            *error = QStringLiteral("--reasoning must be one of %1, not \"%2\"")
                         .arg(reasoningLevelNames().join(QStringLiteral(", ")), parser.value(QStringLiteral("reasoning")));
            return std::nullopt;
        }
        options.params.reasoning = level;
    }
    if (parser.isSet(QStringLiteral("reasoning-budget"))) {
        int n = 0;
        if (!parseInt(parser.value(QStringLiteral("reasoning-budget")), 0, kMaxReasoningBudget, &n)) {
            *error = QStringLiteral("--reasoning-budget must be a whole number of tokens from 0 to %1").arg(kMaxReasoningBudget);
            return std::nullopt;
        }
        options.params.reasoningBudget = n;
    }

    for (const QString &reference : parser.values(QStringLiteral("model"))) {
        ModelColumn column;
        if (!ModelColumn::parseReference(reference, &column)) {
            *error = QStringLiteral("--model \"%1\" must look like PROVIDER/MODEL").arg(reference);
            return std::nullopt;
        }
        options.models.append(column);
    }
    if (options.models.isEmpty() && !options.comparisonPath) {
        *error = noModelError();
        return std::nullopt;
    }

    options.prompts = parser.values(QStringLiteral("prompt"));
    if (options.promptsPath && !options.prompts.isEmpty()) {
        *error = QStringLiteral("give either --prompt or --prompts, not both");
        return std::nullopt;
    }
    if (options.conversationPath && (options.promptsPath || !options.prompts.isEmpty())) {
        *error = QStringLiteral("give either --conversation or %1, not both")
                     .arg(options.promptsPath ? QStringLiteral("--prompts") : QStringLiteral("--prompt"));
        return std::nullopt;
    }
    if (options.prompts.isEmpty() && !options.promptsPath && !options.conversationPath && !options.comparisonPath) {
        *error = QStringLiteral("give at least one --prompt TEXT or a --prompts FILE");
        return std::nullopt;
    }

    options.followUps = parser.values(QStringLiteral("follow-up"));
    for (qsizetype i = 0; i < options.followUps.size(); ++i) {
        if (options.followUps.at(i).trimmed().isEmpty()) {
            *error = QStringLiteral("--follow-up number %1 is empty; give the text of the next turn").arg(i + 1);
            return std::nullopt;
        }
    }
    options.imagePaths = parser.values(QStringLiteral("image"));
    options.attachPaths = parser.values(QStringLiteral("attach"));
    for (const auto &[flag, paths] : {std::pair{"--image", &options.imagePaths}, std::pair{"--attach", &options.attachPaths}}) {
        for (const QString &path : *paths) {
            if (path.trimmed().isEmpty()) {
                *error = QStringLiteral("%1 needs a file path").arg(QLatin1String(flag));
                return std::nullopt;
            }
        }
    }
    if (options.imagePaths.size() + options.attachPaths.size() > kMaxAttachments) {
        *error = QStringLiteral("at most %1 files may be given with --image and --attach").arg(kMaxAttachments);
        return std::nullopt;
    }

    options.outPath = parser.value(QStringLiteral("out"));
    if (options.outPath.isEmpty()) {
        *error = QStringLiteral("--out RESULTS.csv is required");
        return std::nullopt;
    }
    options.jsonPath = parser.value(QStringLiteral("json"));
    options.jsonlPath = parser.value(QStringLiteral("jsonl"));
    options.markdownPath = parser.value(QStringLiteral("markdown"));
    options.largePlanConfirmed = parser.isSet(QStringLiteral("yes"));

    if (parser.isSet(QStringLiteral("repeat"))) {
        int k = 0;
        if (!parseInt(parser.value(QStringLiteral("repeat")), 1, kMaxRepeat, &k)) {
            *error = QStringLiteral("--repeat must be a whole number from 1 to %1").arg(kMaxRepeat);
            return std::nullopt;
        }
        options.repeat = k;
    }
    if (parser.isSet(QStringLiteral("concurrency"))) {
        int n = 0;
        if (!parseInt(parser.value(QStringLiteral("concurrency")), 1, kMaxConcurrency, &n)) {
            *error = QStringLiteral("--concurrency must be a whole number from 1 to %1").arg(kMaxConcurrency);
            return std::nullopt;
        }
        options.concurrency = n;
    }
    if (parser.isSet(QStringLiteral("timeout"))) {
        double seconds = 0;
        if (!parseDouble(parser.value(QStringLiteral("timeout")), kMinTimeoutSeconds, kMaxTimeoutSeconds, &seconds)) {
            *error = QStringLiteral("--timeout must be a number of seconds from %1 to %2")
                         .arg(kMinTimeoutSeconds)
                         .arg(kMaxTimeoutSeconds);
            return std::nullopt;
        }
        options.timeoutSeconds = seconds;
    }
    if (parser.isSet(QStringLiteral("retries"))) {
        int n = 0;
        if (!parseInt(parser.value(QStringLiteral("retries")), 1, kMaxAttempts, &n)) {
            *error = QStringLiteral("--retries must be a whole number from 1 to %1").arg(kMaxAttempts);
            return std::nullopt;
        }
        options.attempts = n;
    }
    if (parser.isSet(QStringLiteral("csv-bom")) && parser.isSet(QStringLiteral("no-csv-bom"))) {
        *error = QStringLiteral("give either --csv-bom or --no-csv-bom, not both");
        return std::nullopt;
    }
    options.csv.byteOrderMark = parser.isSet(QStringLiteral("csv-bom"));
    options.csv.protectFormulas = !parser.isSet(QStringLiteral("csv-raw"));
    if (parser.isSet(QStringLiteral("spend-cap"))) {
        bool ok = false;
        const double usd = parser.value(QStringLiteral("spend-cap")).toDouble(&ok);
        if (!ok || !std::isfinite(usd) || usd < 0) {
            *error = QStringLiteral("--spend-cap must be a number of US dollars >= 0");
            return std::nullopt;
        }
        options.spendCapUsd = usd;
    }

    if (parser.isSet(QStringLiteral("judge"))) {
        ModelColumn judge;
        if (!ModelColumn::parseReference(parser.value(QStringLiteral("judge")), &judge)) {
            *error = QStringLiteral("--judge \"%1\" must look like PROVIDER/MODEL").arg(parser.value(QStringLiteral("judge")));
            return std::nullopt;
        }
        options.judge = judge;
    }
    options.rubricText = valueIfSet(parser, QStringLiteral("rubric"));
    options.rubricPath = valueIfSet(parser, QStringLiteral("rubric-file"));
    options.referenceColumn = valueIfSet(parser, QStringLiteral("reference-column"));
    options.judgePairwise = parser.isSet(QStringLiteral("judge-pairwise"));
    if (!options.judge) {
        for (const char *flag : {"rubric", "rubric-file", "reference-column", "judge-scale", "judge-pairwise"}) {
            if (parser.isSet(QLatin1String(flag))) {
                *error = QStringLiteral("--%1 needs --judge PROVIDER/MODEL").arg(QLatin1String(flag));
                return std::nullopt;
            }
        }
    }
    if (options.rubricText && options.rubricPath) {
        *error = QStringLiteral("give either --rubric TEXT or --rubric-file FILE, not both");
        return std::nullopt;
    }
    if (options.rubricText && options.rubricText->trimmed().isEmpty()) {
        *error = QStringLiteral("--rubric is empty; give the criteria the judge grades by");
        return std::nullopt;
    }
    if (options.rubricPath && options.rubricPath->trimmed().isEmpty()) {
        *error = QStringLiteral("--rubric-file needs a file path");
        return std::nullopt;
    }
    if (options.referenceColumn && options.referenceColumn->trimmed().isEmpty()) {
        *error = QStringLiteral("--reference-column needs the name of a variables column");
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("judge-scale"))) {
        static const QRegularExpression scale(QStringLiteral("^\\s*(-?\\d+(?:\\.\\d+)?)\\s*-\\s*(-?\\d+(?:\\.\\d+)?)\\s*$"));
        const QRegularExpressionMatch match = scale.match(parser.value(QStringLiteral("judge-scale")));
        const double low = match.captured(1).toDouble();
        const double high = match.captured(2).toDouble();
        if (!match.hasMatch() || !(low < high) || std::abs(low) > 1e6 || std::abs(high) > 1e6) {
            *error = QStringLiteral("--judge-scale must look like MIN-MAX with MIN below MAX, as 1-10 or 0-100, not \"%1\"")
                         .arg(parser.value(QStringLiteral("judge-scale")));
            return std::nullopt;
        }
        options.judgeScale = std::pair{low, high};
    }
    return options;
}
