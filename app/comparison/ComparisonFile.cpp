// SPDX-License-Identifier: MIT
#include "ComparisonFile.h"

#include "AttachmentFile.h"
#include "JsonFields.h"
#include "OutputFile.h"
#include "TextCodec.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace {
QJsonObject resultToJson(const SavedCell &cell)
{
    QJsonObject object{{QStringLiteral("row"), cell.row},
                       {QStringLiteral("column"), cell.column},
                       {QStringLiteral("sample"), cell.sample}};
    cell.result.writeJson(&object);
    // .promptgrid files have always said 0, not null, for a cell without an HTTP status.
    object.insert(QStringLiteral("http_status"), cell.result.httpStatus);
    return object;
}

std::optional<SavedCell> resultFromJson(const QJsonValue &value, const QString &where, JsonFields &reader)
{
    if (!value.isObject()) {
        reader.fail(QStringLiteral("%1 must be an object").arg(where));
        return std::nullopt;
    }
    const QJsonObject o = value.toObject();
    SavedCell cell;
    if (!reader.integer(o, "row", where, &cell.row, 0, 100'000'000)
        || !reader.integer(o, "column", where, &cell.column, 0, 100'000)
        || !reader.integer(o, "sample", where, &cell.sample, 0, 100'000))
        return std::nullopt;
    const auto result = CellResult::readJson(o, where, reader);
    if (!result)
        return std::nullopt;
    cell.result = *result;
    return cell;
}
QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QJsonObject attachmentToJson(const ComparisonAttachment &file, ComparisonFile::AttachmentStorage storage, const QString &folder)
{
    const Attachment &a = file.attachment;
    if (storage == ComparisonFile::AttachmentStorage::Embedded || file.path.isEmpty())
        return a.toJson();
    // By reference: the path, and the hash that says whether the file changed since.
    const QString path = folder.isEmpty() ? file.path : QDir(folder).relativeFilePath(file.path);
    return QJsonObject{{QStringLiteral("kind"), Attachment::kindName(a.kind)},
                       {QStringLiteral("name"), a.fileName},
                       {QStringLiteral("path"), QDir::fromNativeSeparators(path)},
                       {QStringLiteral("sha256"), sha256(a.data)}};
}

std::optional<ComparisonAttachment> attachmentFromJson(const QJsonValue &value, const QString &where, const QString &folder, QString *error)
{
    const QJsonObject o = value.toObject();
    if (!o.value(QLatin1String("path")).isString()) {
        ComparisonAttachment file;
        if (!Attachment::fromJson(value, where, &file.attachment, error))
            return std::nullopt;
        return file;
    }
    Attachment::Kind kind = Attachment::Kind::Image;
    if (!Attachment::kindFromName(o.value(QLatin1String("kind")).toString(), &kind)) {
        *error = QStringLiteral("%1: \"kind\" must be \"image\" or \"text\"").arg(where);
        return std::nullopt;
    }
    const QString relative = o.value(QLatin1String("path")).toString();
    const QString path = QDir::cleanPath(QDir(folder.isEmpty() ? QDir::currentPath() : folder).absoluteFilePath(relative));
    QString problem;
    const auto loaded = kind == Attachment::Kind::Image ? AttachmentFile::loadImage(path, &problem) : AttachmentFile::loadText(path, &problem);
    if (!loaded) {
        *error = QStringLiteral("%1 (\"path\": \"%2\"): %3").arg(where, relative, problem);
        return std::nullopt;
    }
    ComparisonAttachment file{path, *loaded};
    if (!o.value(QLatin1String("name")).toString().isEmpty())
        file.attachment.fileName = o.value(QLatin1String("name")).toString();
    return file;
}
} // namespace

QByteArray ComparisonFile::toJson(const Comparison &comparison, bool withResults, AttachmentStorage storage, const QString &folder)
{
    QJsonArray prompts;
    for (const ComparisonPrompt &prompt : comparison.prompts) {
        QJsonObject object;
        if (!prompt.name.isEmpty())
            object.insert(QStringLiteral("name"), prompt.name);
        object.insert(QStringLiteral("text"), prompt.text);
        if (prompt.system)
            object.insert(QStringLiteral("system"), *prompt.system);
        // A conversation: the messages before "text", as {"role","content"} objects.
        if (!prompt.history.isEmpty())
            object.insert(QStringLiteral("history"), ChatMessage::listToJson(prompt.history));
        if (prompt.outputFormat)
            object.insert(QStringLiteral("output_format"), prompt.outputFormat->toJson());
        prompts.append(object);
    }
    QJsonArray models;
    for (const ModelColumn &model : comparison.models) {
        QJsonObject object;
        model.writeJson(&object);
        models.append(object);
    }
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
    if (comparison.variablesPerPrompt)
        root.insert(QStringLiteral("variables_per_prompt"), true);
    if (!comparison.outputFormat.isText())
        root.insert(QStringLiteral("output_format"), comparison.outputFormat.toJson());
    if (!comparison.tools.isEmpty())
        root.insert(QStringLiteral("tools"), ToolDefinition::listToJson(comparison.tools));
    if (comparison.toolChoice != ToolChoice{})
        root.insert(QStringLiteral("tool_choice"), comparison.toolChoice.toJson());
    if (!comparison.attachments.isEmpty()) {
        QJsonArray attachments;
        for (const ComparisonAttachment &file : comparison.attachments)
            attachments.append(attachmentToJson(file, storage, folder));
        root.insert(QStringLiteral("attachments"), attachments);
    }
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

std::optional<Comparison> ComparisonFile::fromJson(const QByteArray &data, QString *error, const QString &folder)
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

    JsonFields reader;
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
        } else if (!ChatMessage::listFromJson(value.toObject().value(QLatin1String("history")), where + QStringLiteral(".history"),
                                              &prompt.history, error)) {
            return std::nullopt;
        }
        if (value.isObject() && value.toObject().contains(QLatin1String("output_format"))) {
            OutputFormat format;
            if (!OutputFormat::fromJson(value.toObject().value(QLatin1String("output_format")), where + QStringLiteral(".output_format"), &format, error))
                return std::nullopt;
            prompt.outputFormat = format;
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
    const QJsonValue perPrompt = root.value(QLatin1String("variables_per_prompt"));
    if (!perPrompt.isUndefined() && !perPrompt.isNull() && !perPrompt.isBool()) {
        *error = QStringLiteral("\"variables_per_prompt\" must be true or false");
        return std::nullopt;
    }
    comparison.variablesPerPrompt = perPrompt.toBool(false);
    if (root.contains(QLatin1String("output_format"))
        && !OutputFormat::fromJson(root.value(QLatin1String("output_format")), QStringLiteral("output_format"), &comparison.outputFormat, error))
        return std::nullopt;
    if (!ToolDefinition::listFromJson(root.value(QLatin1String("tools")), QStringLiteral("tools"), &comparison.tools, error))
        return std::nullopt;
    if (root.contains(QLatin1String("tool_choice"))) {
        if (!ToolChoice::fromJson(root.value(QLatin1String("tool_choice")), QStringLiteral("tool_choice"), &comparison.toolChoice, error))
            return std::nullopt;
        if (const QString problem = comparison.toolChoice.problemWith(comparison.tools); !problem.isEmpty()) {
            *error = QStringLiteral("tool_choice: %1").arg(problem);
            return std::nullopt;
        }
    }
    const QJsonValue models = root.value(QLatin1String("models"));
    if (!models.isArray()) {
        *error = QStringLiteral("\"models\" must be an array");
        return std::nullopt;
    }
    for (qsizetype i = 0; i < models.toArray().size(); ++i) {
        auto model = ModelColumn::fromJson(models.toArray().at(i), QStringLiteral("models[%1]").arg(i), error);
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
    const QJsonValue attachments = root.value(QLatin1String("attachments"));
    if (!attachments.isUndefined() && !attachments.isArray()) {
        *error = QStringLiteral("\"attachments\" must be an array");
        return std::nullopt;
    }
    const QJsonArray attachmentList = attachments.toArray();
    for (qsizetype i = 0; i < attachmentList.size(); ++i) {
        auto file = attachmentFromJson(attachmentList.at(i), QStringLiteral("attachments[%1]").arg(i), folder, error);
        if (!file)
            return std::nullopt;
        comparison.attachments.append(*file);
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

bool ComparisonFile::save(const Comparison &comparison, const QString &path, QString *error, bool withResults,
                          AttachmentStorage storage)
{
    return OutputFile::writeFile(path, toJson(comparison, withResults, storage, QFileInfo(path).absolutePath()), error);
}

std::optional<Comparison> ComparisonFile::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    auto comparison = fromJson(file.readAll(), error, QFileInfo(path).absolutePath());
    if (!comparison)
        *error = path + QStringLiteral(": ") + *error;
    return comparison;
}
