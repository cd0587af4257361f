// SPDX-License-Identifier: MIT
#include "RatingShare.h"

#include "InputFile.h"
#include "JsonFields.h"
#include "OutputFile.h"
#include "ResultGrid.h"
#include "SecretMask.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace {
const QString kFormat = QStringLiteral("promptgrid-rating");
constexpr int kVersion = 1;
constexpr int kMaxIndex = 1'000'000;

// A field that must be there, from \a minimum to \a maximum.
bool requiredInteger(JsonFields &fields, const QJsonObject &o, const char *key, const QString &where, int *out,
                     int minimum, int maximum)
{
    if (!o.contains(QLatin1String(key)))
        return fields.fail(QStringLiteral("%1 needs \"%2\"").arg(where, QLatin1String(key)));
    return fields.integer(o, key, where, out, minimum, maximum);
}

bool stringList(JsonFields &fields, const QJsonObject &o, const char *key, QStringList *out)
{
    const QJsonValue value = o.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isArray())
        return fields.fail(QStringLiteral("%1 must be a list of strings").arg(QLatin1String(key)));
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString())
            return fields.fail(QStringLiteral("%1[%2] must be a string").arg(QLatin1String(key)).arg(i));
        out->append(array.at(i).toString());
    }
    return true;
}

void addText(QCryptographicHash &hash, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
    hash.addData(QByteArray::number(bytes.size()) + ':');
    hash.addData(bytes);
}
} // namespace

QString RatingShare::fingerprint(const RunPlan &plan)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    addText(hash, QStringLiteral("rows"));
    for (const RunRow &row : plan.rows) {
        addText(hash, row.label);
        addText(hash, row.system);
        for (const ChatMessage &message : row.history) {
            addText(hash, ChatMessage::roleName(message.role));
            addText(hash, message.text);
        }
        addText(hash, row.prompt);
    }
    addText(hash, QStringLiteral("columns"));
    for (const ModelColumn &column : plan.columns) {
        addText(hash, column.provider);
        addText(hash, column.model);
        addText(hash, column.displayName());
    }
    addText(hash, QString::number(plan.samples));
    return QString::fromLatin1(hash.result().toHex());
}

RatingShare RatingShare::fromGrid(const ResultGrid &grid, const QList<Battle> &battles, const Options &options)
{
    const RunPlan &plan = grid.plan();
    const SecretMask mask(options.secrets);
    RatingShare share;
    share.m_fingerprint = fingerprint(plan);
    share.m_columnCount = int(plan.columns.size());
    share.m_samples = plan.samples;
    // A key pasted into a prompt stays home as well.
    for (const RunRow &row : plan.rows) {
        Row shared{mask.apply(row.label), mask.apply(row.system), row.history, mask.apply(row.prompt)};
        for (ChatMessage &message : shared.history)
            message.text = mask.apply(message.text);
        share.m_rows.append(shared);
    }
    if (options.includeModelNames) {
        for (const ModelColumn &column : plan.columns)
            share.m_modelNames << column.displayName();
    }
    share.m_providerUrls = options.providerUrls;
    for (const Battle &battle : battles) {
        if (battle.row < 0 || battle.row >= plan.rows.size() || battle.sample < 0 || battle.sample >= plan.samples
            || battle.left < 0 || battle.right < 0 || battle.left >= share.m_columnCount || battle.right >= share.m_columnCount)
            continue;
        share.m_battles.append(battle);
        for (int column : {battle.left, battle.right}) {
            const CellAddress address{battle.row, column, battle.sample};
            if (!share.m_answers.contains(address))
                share.m_answers.insert(address, mask.apply(grid.result(grid.cellIndex(address)).text));
        }
    }
    return share;
}

std::optional<QString> RatingShare::answer(const CellAddress &cell) const
{
    const auto it = m_answers.constFind(cell);
    if (it == m_answers.constEnd())
        return std::nullopt;
    return *it;
}

QByteArray RatingShare::toJson() const
{
    QJsonObject root{{QStringLiteral("format"), kFormat},
                     {QStringLiteral("version"), kVersion},
                     {QStringLiteral("fingerprint"), m_fingerprint},
                     {QStringLiteral("columns"), m_columnCount},
                     {QStringLiteral("samples"), m_samples}};
    if (!m_modelNames.isEmpty())
        root.insert(QStringLiteral("models"), QJsonArray::fromStringList(m_modelNames));
    if (!m_providerUrls.isEmpty())
        root.insert(QStringLiteral("provider_urls"), QJsonArray::fromStringList(m_providerUrls));
    QJsonArray rows;
    for (const Row &row : m_rows) {
        QJsonObject object{{QStringLiteral("label"), row.label}, {QStringLiteral("prompt"), row.prompt}};
        if (!row.system.isEmpty())
            object.insert(QStringLiteral("system"), row.system);
        if (!row.history.isEmpty()) {
            QJsonArray history;
            for (const ChatMessage &message : row.history)
                history.append(message.toJson());
            object.insert(QStringLiteral("history"), history);
        }
        rows.append(object);
    }
    root.insert(QStringLiteral("rows"), rows);
    // Answers in battle order, so the file reads from top to bottom as it is rated.
    QJsonArray answers;
    QSet<CellAddress> written;
    QJsonArray battles;
    for (const Battle &battle : m_battles) {
        battles.append(QJsonObject{{QStringLiteral("row"), battle.row},
                                   {QStringLiteral("sample"), battle.sample},
                                   {QStringLiteral("left"), battle.left},
                                   {QStringLiteral("right"), battle.right}});
        for (int column : {battle.left, battle.right}) {
            const CellAddress address{battle.row, column, battle.sample};
            if (written.contains(address) || !m_answers.contains(address))
                continue;
            written.insert(address);
            answers.append(QJsonObject{{QStringLiteral("row"), address.row},
                                       {QStringLiteral("column"), address.column},
                                       {QStringLiteral("sample"), address.sample},
                                       {QStringLiteral("text"), m_answers.value(address)}});
        }
    }
    root.insert(QStringLiteral("answers"), answers);
    root.insert(QStringLiteral("battles"), battles);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

std::optional<RatingShare> RatingShare::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // The line of the offset, for a file someone edited by hand.
        const int line = int(json.left(parseError.offset).count('\n')) + 1;
        *error = QStringLiteral("line %1: %2").arg(line).arg(parseError.errorString());
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("not a JSON object");
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    JsonFields fields;
    QString format;
    if (!fields.string(root, "format", QStringLiteral("the file"), &format, true) || format != kFormat) {
        *error = fields.error.isEmpty() ? QStringLiteral("\"format\" is \"%1\", not \"%2\"").arg(format, kFormat) : fields.error;
        return std::nullopt;
    }
    RatingShare share;
    int version = 0;
    bool ok = requiredInteger(fields, root, "version", QStringLiteral("the file"), &version, 1, kVersion)
        && fields.string(root, "fingerprint", QStringLiteral("the file"), &share.m_fingerprint, true)
        && requiredInteger(fields, root, "columns", QStringLiteral("the file"), &share.m_columnCount, 2, kMaxIndex)
        && requiredInteger(fields, root, "samples", QStringLiteral("the file"), &share.m_samples, 1, kMaxIndex)
        && stringList(fields, root, "models", &share.m_modelNames)
        && stringList(fields, root, "provider_urls", &share.m_providerUrls);
    if (ok && share.m_fingerprint.isEmpty())
        ok = fields.fail(QStringLiteral("\"fingerprint\" is empty"));
    if (ok && !share.m_modelNames.isEmpty() && share.m_modelNames.size() != share.m_columnCount)
        ok = fields.fail(QStringLiteral("models has %1 names for %2 columns").arg(share.m_modelNames.size()).arg(share.m_columnCount));
    for (const char *key : {"rows", "answers", "battles"}) {
        if (ok && !root.value(QLatin1String(key)).isArray())
            ok = fields.fail(QStringLiteral("\"%1\" must be a list").arg(QLatin1String(key)));
    }
    const QJsonArray rows = root.value(QLatin1String("rows")).toArray();
    for (qsizetype i = 0; ok && i < rows.size(); ++i) {
        const QString where = QStringLiteral("rows[%1]").arg(i);
        if (!rows.at(i).isObject()) {
            ok = fields.fail(QStringLiteral("%1 must be an object").arg(where));
            break;
        }
        const QJsonObject object = rows.at(i).toObject();
        Row row;
        ok = fields.string(object, "label", where, &row.label) && fields.string(object, "system", where, &row.system)
            && fields.string(object, "prompt", where, &row.prompt, true);
        const QJsonArray history = object.value(QLatin1String("history")).toArray();
        for (qsizetype m = 0; ok && m < history.size(); ++m) {
            ChatMessage message;
            QString messageError;
            if (!ChatMessage::fromJson(history.at(m), QStringLiteral("%1.history[%2]").arg(where).arg(m), &message, &messageError))
                ok = fields.fail(messageError);
            row.history.append(message);
        }
        share.m_rows.append(row);
    }
    const auto inRange = [&](const QJsonObject &object, const QString &where, CellAddress *cell, const char *columnKey) {
        return requiredInteger(fields, object, "row", where, &cell->row, 0, int(share.m_rows.size()) - 1)
            && requiredInteger(fields, object, "sample", where, &cell->sample, 0, share.m_samples - 1)
            && requiredInteger(fields, object, columnKey, where, &cell->column, 0, share.m_columnCount - 1);
    };
    const QJsonArray answers = root.value(QLatin1String("answers")).toArray();
    for (qsizetype i = 0; ok && i < answers.size(); ++i) {
        const QString where = QStringLiteral("answers[%1]").arg(i);
        const QJsonObject object = answers.at(i).toObject();
        CellAddress cell;
        QString text;
        ok = inRange(object, where, &cell, "column") && fields.string(object, "text", where, &text, true);
        share.m_answers.insert(cell, text);
    }
    const QJsonArray battles = root.value(QLatin1String("battles")).toArray();
    for (qsizetype i = 0; ok && i < battles.size(); ++i) {
        const QString where = QStringLiteral("battles[%1]").arg(i);
        const QJsonObject object = battles.at(i).toObject();
        CellAddress left;
        Battle battle;
        ok = inRange(object, where, &left, "left")
            && requiredInteger(fields, object, "right", where, &battle.right, 0, share.m_columnCount - 1);
        battle.row = left.row;
        battle.sample = left.sample;
        battle.left = left.column;
        if (ok && battle.left == battle.right)
            ok = fields.fail(QStringLiteral("%1: left and right are the same column").arg(where));
        if (ok && (!share.m_answers.contains(CellAddress{battle.row, battle.left, battle.sample})
                   || !share.m_answers.contains(CellAddress{battle.row, battle.right, battle.sample})))
            ok = fields.fail(QStringLiteral("%1: no answer for one of its sides").arg(where));
        share.m_battles.append(battle);
    }
    if (!ok) {
        *error = fields.error;
        return std::nullopt;
    }
    return share;
}

bool RatingShare::write(const QString &path, QString *error) const
{
    return OutputFile::writeFile(path, toJson(), error);
}

std::optional<RatingShare> RatingShare::read(const QString &path, QString *error)
{
    const auto bytes = InputFile::readAll(path, error);
    if (!bytes)
        return std::nullopt;
    QString problem;
    auto share = fromJson(*bytes, &problem);
    if (!share)
        *error = InputFile::located(path, problem);
    return share;
}
