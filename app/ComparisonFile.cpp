// SPDX-License-Identifier: MIT
#include "ComparisonFile.h"

#include "ProviderConfig.h"
#include "ResultsExporter.h"
#include "TextCodec.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace {
QJsonValue optionalInt(const std::optional<qint64> &value)
{
    return value ? QJsonValue(double(*value)) : QJsonValue(QJsonValue::Null);
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toString(Qt::ISODateWithMs) : QString();
}

QJsonObject resultToJson(const SavedCell &cell)
{
    const CellResult &r = cell.result;
    QJsonObject object{
        {QStringLiteral("row"), cell.row},
        {QStringLiteral("column"), cell.column},
        {QStringLiteral("sample"), cell.sample},
        {QStringLiteral("status"), cellStatusName(r.status)},
        {QStringLiteral("answer"), r.text},
        {QStringLiteral("reasoning"), r.reasoning},
        {QStringLiteral("error"), r.error},
        {QStringLiteral("http_status"), r.httpStatus},
        {QStringLiteral("queue_wait_ms"), optionalInt(r.queueWaitMs)},
        {QStringLiteral("ttft_ms"), optionalInt(r.ttftMs)},
        {QStringLiteral("latency_ms"), optionalInt(r.latencyMs)},
        {QStringLiteral("input_tokens"), optionalInt(r.inputTokens)},
        {QStringLiteral("output_tokens"), optionalInt(r.outputTokens)},
        {QStringLiteral("finish_reason"), r.finishReason},
        {QStringLiteral("cost_usd"), r.costUsd ? QJsonValue(*r.costUsd) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("attempts"), r.attempts},
        {QStringLiteral("started_at"), timeText(r.startedAt)},
        {QStringLiteral("finished_at"), timeText(r.finishedAt)},
    };
    return object;
}

// Small typed readers that name the place of a bad value.
class Reader
{
public:
    QString error;

    bool string(const QJsonObject &o, const char *key, const QString &where, QString *out, bool required = false)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            if (required)
                return fail(QStringLiteral("%1 needs \"%2\"").arg(where, QLatin1String(key)));
            return true;
        }
        if (!v.isString())
            return fail(QStringLiteral("%1.%2 must be a string").arg(where, QLatin1String(key)));
        *out = v.toString();
        return true;
    }
    bool optionalString(const QJsonObject &o, const char *key, const QString &where, std::optional<QString> *out)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return true;
        if (!v.isString())
            return fail(QStringLiteral("%1.%2 must be a string").arg(where, QLatin1String(key)));
        *out = v.toString();
        return true;
    }
    bool number(const QJsonObject &o, const char *key, const QString &where, std::optional<double> *out)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return true;
        if (!v.isDouble())
            return fail(QStringLiteral("%1.%2 must be a number").arg(where, QLatin1String(key)));
        *out = v.toDouble();
        return true;
    }
    /// A number from \a minimum to \a maximum (finite by JSON's grammar).
    bool number(const QJsonObject &o, const char *key, const QString &where, std::optional<double> *out,
                double minimum, double maximum)
    {
        if (!number(o, key, where, out))
            return false;
        if (*out && !(**out >= minimum && **out <= maximum)) {
            const double value = **out;
            out->reset();
            return fail(QStringLiteral("%1.%2 is %3 but must be a number from %4 to %5")
                            .arg(where, QLatin1String(key), QString::number(value), QString::number(minimum),
                                 QString::number(maximum)));
        }
        return true;
    }
    /// A count or duration: a whole number >= 0.
    bool count(const QJsonObject &o, const char *key, const QString &where, std::optional<qint64> *out)
    {
        if (!integer(o, key, where, out))
            return false;
        if (*out && **out < 0) {
            out->reset();
            return fail(QStringLiteral("%1.%2 must not be negative").arg(where, QLatin1String(key)));
        }
        return true;
    }
    bool integer(const QJsonObject &o, const char *key, const QString &where, std::optional<qint64> *out)
    {
        std::optional<double> d;
        if (!number(o, key, where, &d))
            return false;
        if (d) {
            if (*d != std::floor(*d) || std::abs(*d) > 9.007199254740992e15)
                return fail(QStringLiteral("%1.%2 must be a whole number").arg(where, QLatin1String(key)));
            *out = qint64(*d);
        }
        return true;
    }
    bool integer(const QJsonObject &o, const char *key, const QString &where, int *out, int minimum, int maximum)
    {
        std::optional<qint64> value;
        if (!integer(o, key, where, &value))
            return false;
        if (value) {
            if (*value < minimum || *value > maximum)
                return fail(QStringLiteral("%1.%2 must be from %3 to %4")
                                .arg(where, QLatin1String(key))
                                .arg(minimum)
                                .arg(maximum));
            *out = int(*value);
        }
        return true;
    }
    bool time(const QJsonObject &o, const char *key, const QString &where, QDateTime *out)
    {
        QString text;
        if (!string(o, key, where, &text))
            return false;
        if (text.isEmpty())
            return true;
        *out = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!out->isValid())
            return fail(QStringLiteral("%1.%2 is not an ISO 8601 time").arg(where, QLatin1String(key)));
        return true;
    }
    bool fail(const QString &message)
    {
        if (error.isEmpty())
            error = message;
        return false;
    }
};

std::optional<SavedCell> resultFromJson(const QJsonValue &value, const QString &where, Reader &reader)
{
    if (!value.isObject()) {
        reader.fail(QStringLiteral("%1 must be an object").arg(where));
        return std::nullopt;
    }
    const QJsonObject o = value.toObject();
    SavedCell cell;
    CellResult &r = cell.result;
    QString status;
    if (!reader.integer(o, "row", where, &cell.row, 0, 100'000'000)
        || !reader.integer(o, "column", where, &cell.column, 0, 100'000)
        || !reader.integer(o, "sample", where, &cell.sample, 0, 100'000)
        || !reader.string(o, "status", where, &status, true) || !reader.string(o, "answer", where, &r.text)
        || !reader.string(o, "reasoning", where, &r.reasoning) || !reader.string(o, "error", where, &r.error)
        || !reader.integer(o, "http_status", where, &r.httpStatus, 0, 999)
        || !reader.count(o, "queue_wait_ms", where, &r.queueWaitMs) || !reader.count(o, "ttft_ms", where, &r.ttftMs)
        || !reader.count(o, "latency_ms", where, &r.latencyMs) || !reader.count(o, "input_tokens", where, &r.inputTokens)
        || !reader.count(o, "output_tokens", where, &r.outputTokens)
        || !reader.string(o, "finish_reason", where, &r.finishReason)
        || !reader.number(o, "cost_usd", where, &r.costUsd, 0, 1e12)
        || !reader.integer(o, "attempts", where, &r.attempts, 0, 1000)
        || !reader.time(o, "started_at", where, &r.startedAt) || !reader.time(o, "finished_at", where, &r.finishedAt))
        return std::nullopt;
    if (!cellStatusFromName(status, &r.status)) {
        reader.fail(QStringLiteral("%1.status \"%2\" is not a known status").arg(where, status));
        return std::nullopt;
    }
    return cell;
}
} // namespace

QJsonObject ComparisonFile::modelToJson(const ModelColumn &model)
{
    QJsonObject object;
    model.writeJson(&object);
    return object;
}

std::optional<ModelColumn> ComparisonFile::modelFromJson(const QJsonValue &value, const QString &where, QString *error)
{
    Reader reader;
    if (!value.isObject()) {
        *error = QStringLiteral("%1 must be an object").arg(where);
        return std::nullopt;
    }
    const QJsonObject o = value.toObject();
    ModelColumn model;
    RequestParams &p = model.params;
    std::optional<qint64> maxTokens;
    if (!reader.string(o, "provider", where, &model.provider, true) || !reader.string(o, "model", where, &model.model, true)
        || !reader.string(o, "label", where, &model.label)
        || !reader.number(o, "temperature", where, &p.temperature, 0, ProviderConfig::kMaxAnyTemperature)
        || !reader.number(o, "top_p", where, &p.topP, 0, 1) || !reader.integer(o, "max_tokens", where, &maxTokens)
        || !reader.integer(o, "seed", where, &p.seed) || !reader.optionalString(o, "system", where, &p.systemOverride)) {
        *error = reader.error;
        return std::nullopt;
    }
    if (model.provider.isEmpty() || model.model.isEmpty()) {
        *error = QStringLiteral("%1 needs a non-empty \"provider\" and \"model\"").arg(where);
        return std::nullopt;
    }
    if (maxTokens) {
        if (*maxTokens < 1 || *maxTokens > 100'000'000) {
            *error = QStringLiteral("%1.max_tokens must be a whole number >= 1").arg(where);
            return std::nullopt;
        }
        p.maxTokens = int(*maxTokens);
    }
    const QJsonValue stop = o.value(QLatin1String("stop"));
    if (!stop.isUndefined() && !stop.isNull()) {
        if (!stop.isArray()) {
            *error = QStringLiteral("%1.stop must be an array of strings").arg(where);
            return std::nullopt;
        }
        for (const QJsonValue &s : stop.toArray()) {
            if (!s.isString()) {
                *error = QStringLiteral("%1.stop must be an array of strings").arg(where);
                return std::nullopt;
            }
            p.stop.append(s.toString());
        }
    }
    return model;
}

QByteArray ComparisonFile::toJson(const Comparison &comparison, bool withResults)
{
    QJsonArray prompts;
    for (const ComparisonPrompt &prompt : comparison.prompts) {
        QJsonObject object;
        if (!prompt.name.isEmpty())
            object.insert(QStringLiteral("name"), prompt.name);
        object.insert(QStringLiteral("text"), prompt.text);
        if (prompt.system)
            object.insert(QStringLiteral("system"), *prompt.system);
        prompts.append(object);
    }
    QJsonArray models;
    for (const ModelColumn &model : comparison.models)
        models.append(modelToJson(model));
    const ComparisonSettings &s = comparison.settings;
    QJsonObject root{
        {QStringLiteral("format"), formatName()},
        {QStringLiteral("version"), kVersion},
        {QStringLiteral("system"), comparison.system},
        {QStringLiteral("prompts"), prompts},
        {QStringLiteral("variables"), comparison.variables.toJson()},
        {QStringLiteral("models"), models},
        {QStringLiteral("settings"),
         QJsonObject{{QStringLiteral("repeats"), s.repeats},
                     {QStringLiteral("concurrency"), s.concurrency},
                     {QStringLiteral("timeout_seconds"), s.timeoutSeconds},
                     {QStringLiteral("retries"), s.retries}}},
    };
    if (withResults && !comparison.results.isEmpty()) {
        QJsonArray results;
        for (const SavedCell &cell : comparison.results)
            results.append(resultToJson(cell));
        root.insert(QStringLiteral("results"), results);
    }
    if (!comparison.checks.isEmpty())
        root.insert(QStringLiteral("checks"), comparison.checks.toJson());
    if (withResults && !comparison.ratings.isEmpty())
        root.insert(QStringLiteral("ratings"), comparison.ratings.toJson());
    return QJsonDocument(TextCodec::withoutLoneSurrogates(root)).toJson(QJsonDocument::Indented);
}

std::optional<Comparison> ComparisonFile::fromJson(const QByteArray &data, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("not a PromptGrid comparison: invalid JSON at byte %1 (%2)")
                     .arg(parseError.offset)
                     .arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("not a PromptGrid comparison: the file must hold a JSON object");
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("format")).toString() != formatName()) {
        *error = QStringLiteral("not a PromptGrid comparison: \"format\" must be \"%1\"").arg(formatName());
        return std::nullopt;
    }
    const QJsonValue version = root.value(QLatin1String("version"));
    if (!version.isDouble() || version.toDouble() != std::floor(version.toDouble()) || version.toDouble() < 1) {
        *error = QStringLiteral("\"version\" must be a whole number >= 1");
        return std::nullopt;
    }
    // Compared as a double: toInt() reads 2147483648 or 1e10 as 0.
    if (version.toDouble() > kVersion) {
        *error = QStringLiteral("this comparison was saved by a newer PromptGrid (file version %1, this one reads %2)")
                     .arg(QString::number(version.toDouble(), 'f', 0))
                     .arg(kVersion);
        return std::nullopt;
    }

    Reader reader;
    Comparison comparison;
    if (!reader.string(root, "system", QStringLiteral("the file"), &comparison.system)) {
        *error = reader.error;
        return std::nullopt;
    }
    const QJsonValue prompts = root.value(QLatin1String("prompts"));
    if (!prompts.isArray()) {
        *error = QStringLiteral("\"prompts\" must be an array");
        return std::nullopt;
    }
    for (qsizetype i = 0; i < prompts.toArray().size(); ++i) {
        const QJsonValue value = prompts.toArray().at(i);
        const QString where = QStringLiteral("prompts[%1]").arg(i);
        ComparisonPrompt prompt;
        if (value.isString()) {
            prompt.text = value.toString();
        } else if (!value.isObject()) {
            *error = QStringLiteral("%1 must be an object or a string").arg(where);
            return std::nullopt;
        } else if (!reader.string(value.toObject(), "name", where, &prompt.name)
                   || !reader.string(value.toObject(), "text", where, &prompt.text, true)
                   || !reader.optionalString(value.toObject(), "system", where, &prompt.system)) {
            *error = reader.error;
            return std::nullopt;
        }
        comparison.prompts.append(prompt);
    }
    const QJsonValue variables = root.value(QLatin1String("variables"));
    if (!variables.isUndefined() && !variables.isNull()) {
        if (!variables.isObject()) {
            *error = QStringLiteral("\"variables\" must be an object");
            return std::nullopt;
        }
        auto table = VariablesTable::fromJson(variables.toObject(), error);
        if (!table)
            return std::nullopt;
        comparison.variables = *table;
    }
    const QJsonValue models = root.value(QLatin1String("models"));
    if (!models.isArray()) {
        *error = QStringLiteral("\"models\" must be an array");
        return std::nullopt;
    }
    for (qsizetype i = 0; i < models.toArray().size(); ++i) {
        auto model = modelFromJson(models.toArray().at(i), QStringLiteral("models[%1]").arg(i), error);
        if (!model)
            return std::nullopt;
        comparison.models.append(*model);
    }
    const QJsonValue settings = root.value(QLatin1String("settings"));
    if (!settings.isUndefined() && !settings.isNull()) {
        const QString where = QStringLiteral("settings");
        const QJsonObject o = settings.toObject();
        ComparisonSettings &s = comparison.settings;
        if (!settings.isObject()) {
            *error = QStringLiteral("\"settings\" must be an object");
            return std::nullopt;
        }
        if (!reader.integer(o, "repeats", where, &s.repeats, 1, 10'000)
            || !reader.integer(o, "concurrency", where, &s.concurrency, 0, 100'000)
            || !reader.integer(o, "timeout_seconds", where, &s.timeoutSeconds, 0, 86'400)
            || !reader.integer(o, "retries", where, &s.retries, 0, 100)) {
            *error = reader.error;
            return std::nullopt;
        }
    }
    const QJsonValue results = root.value(QLatin1String("results"));
    if (!results.isUndefined() && !results.isNull()) {
        if (!results.isArray()) {
            *error = QStringLiteral("\"results\" must be an array");
            return std::nullopt;
        }
        const QJsonArray array = results.toArray();
        comparison.results.reserve(array.size());
        for (qsizetype i = 0; i < array.size(); ++i) {
            auto cell = resultFromJson(array.at(i), QStringLiteral("results[%1]").arg(i), reader);
            if (!cell) {
                *error = reader.error;
                return std::nullopt;
            }
            comparison.results.append(*cell);
        }
    }
    // Judging: quick checks and ratings (optional; unknown check kinds are skipped).
    for (const char *key : {"checks", "ratings"}) {
        const QJsonValue value = root.value(QLatin1String(key));
        if (!value.isUndefined() && !value.isNull() && !value.isObject()) {
            *error = QStringLiteral("\"%1\" must be an object").arg(QLatin1String(key));
            return std::nullopt;
        }
    }
    // Quick checks' length bounds: whole numbers >= 0, named when they are not.
    const QJsonObject checks = root.value(QLatin1String("checks")).toObject();
    const auto lengthsOk = [&reader](const QJsonArray &list, const QString &where) {
        for (qsizetype i = 0; i < list.size(); ++i) {
            std::optional<qint64> length;
            const QJsonObject check = list.at(i).toObject();
            const QString place = QStringLiteral("%1[%2]").arg(where).arg(i);
            if (!reader.count(check, "min_length", place, &length) || !reader.count(check, "max_length", place, &length))
                return false;
        }
        return true;
    };
    bool checksOk = lengthsOk(checks.value(QLatin1String("run")).toArray(), QStringLiteral("checks.run"));
    const QJsonObject columnChecks = checks.value(QLatin1String("columns")).toObject();
    for (auto it = columnChecks.begin(); checksOk && it != columnChecks.end(); ++it)
        checksOk = lengthsOk(it.value().toArray(), QStringLiteral("checks.columns.") + it.key());
    if (!checksOk) {
        *error = reader.error;
        return std::nullopt;
    }
    comparison.checks = QuickCheckSet::fromJson(checks);
    comparison.ratings = Ratings::fromJson(root.value(QLatin1String("ratings")).toObject());
    return comparison;
}

bool ComparisonFile::save(const Comparison &comparison, const QString &path, QString *error, bool withResults)
{
    return ResultsExporter::writeFile(path, toJson(comparison, withResults), error);
}

std::optional<Comparison> ComparisonFile::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    auto comparison = fromJson(file.readAll(), error);
    if (!comparison)
        *error = path + QStringLiteral(": ") + *error;
    return comparison;
}
