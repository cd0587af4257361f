// SPDX-License-Identifier: MIT
#include "RatingVerdicts.h"

#include "InputFile.h"
#include "JsonFields.h"
#include "OutputFile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
const QString kFormat = QStringLiteral("promptgrid-verdicts");
constexpr int kVersion = 1;
constexpr int kMaxIndex = 1'000'000;

bool requiredInteger(JsonFields &fields, const QJsonObject &o, const char *key, const QString &where, int *out)
{
    if (!o.contains(QLatin1String(key)))
        return fields.fail(QStringLiteral("%1 needs \"%2\"").arg(where, QLatin1String(key)));
    return fields.integer(o, key, where, out, 0, kMaxIndex);
}
} // namespace

bool RatingVerdicts::isColleagueName(const QString &rater)
{
    const QString name = rater.trimmed();
    return !name.isEmpty() && name == rater && name != Ratings::localRater() && !name.startsWith(QLatin1String("judge:"));
}

RatingVerdicts RatingVerdicts::fromRatings(const Ratings &ratings, const QString &fingerprint, const QString &rater)
{
    return RatingVerdicts{fingerprint, rater, ratings.battleVerdicts(rater)};
}

QByteArray RatingVerdicts::toJson() const
{
    QJsonArray list;
    for (const BattleVerdict &v : verdicts) {
        list.append(QJsonObject{{QStringLiteral("row"), v.battle.row},
                                {QStringLiteral("sample"), v.battle.sample},
                                {QStringLiteral("left"), v.battle.left},
                                {QStringLiteral("right"), v.battle.right},
                                {QStringLiteral("verdict"), Ratings::outcomeName(v.outcome)}});
    }
    const QJsonObject root{{QStringLiteral("format"), kFormat},
                           {QStringLiteral("version"), kVersion},
                           {QStringLiteral("fingerprint"), fingerprint},
                           {QStringLiteral("rater"), rater},
                           {QStringLiteral("verdicts"), list}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

std::optional<RatingVerdicts> RatingVerdicts::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const int line = int(json.left(parseError.offset).count('\n')) + 1;
        *error = QStringLiteral("line %1: %2").arg(line).arg(parseError.errorString());
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("not a JSON object");
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    const QString where = QStringLiteral("the file");
    JsonFields fields;
    RatingVerdicts result;
    QString format;
    int version = 0;
    bool ok = fields.string(root, "format", where, &format, true);
    if (ok && format != kFormat)
        ok = fields.fail(QStringLiteral("\"format\" is \"%1\", not \"%2\"").arg(format, kFormat));
    ok = ok && requiredInteger(fields, root, "version", where, &version) && fields.string(root, "fingerprint", where, &result.fingerprint, true)
        && fields.string(root, "rater", where, &result.rater, true);
    if (ok && (version < 1 || version > kVersion))
        ok = fields.fail(QStringLiteral("\"version\" %1 is not one this PromptGrid reads (%2)").arg(version).arg(kVersion));
    if (ok && !isColleagueName(result.rater))
        ok = fields.fail(QStringLiteral("\"rater\" \"%1\" is empty or reserved (\"%2\", \"judge:…\")").arg(result.rater, Ratings::localRater()));
    if (ok && !root.value(QLatin1String("verdicts")).isArray())
        ok = fields.fail(QStringLiteral("\"verdicts\" must be a list"));
    const QJsonArray list = root.value(QLatin1String("verdicts")).toArray();
    for (qsizetype i = 0; ok && i < list.size(); ++i) {
        const QString at = QStringLiteral("verdicts[%1]").arg(i);
        const QJsonObject object = list.at(i).toObject();
        BattleVerdict verdict;
        verdict.rater = result.rater;
        QString outcome;
        ok = requiredInteger(fields, object, "row", at, &verdict.battle.row) && requiredInteger(fields, object, "sample", at, &verdict.battle.sample)
            && requiredInteger(fields, object, "left", at, &verdict.battle.left)
            && requiredInteger(fields, object, "right", at, &verdict.battle.right)
            && fields.string(object, "verdict", at, &outcome, true);
        if (ok && verdict.battle.left == verdict.battle.right)
            ok = fields.fail(QStringLiteral("%1: left and right are the same column").arg(at));
        const auto parsed = Ratings::outcomeFromName(outcome);
        if (ok && !parsed)
            ok = fields.fail(QStringLiteral("%1.verdict is \"%2\", not left, right, tie or skip").arg(at, outcome));
        if (ok) {
            verdict.outcome = *parsed;
            result.verdicts.append(verdict);
        }
    }
    if (!ok) {
        *error = fields.error;
        return std::nullopt;
    }
    return result;
}

bool RatingVerdicts::write(const QString &path, QString *error) const
{
    return OutputFile::writeFile(path, toJson(), error);
}

std::optional<RatingVerdicts> RatingVerdicts::read(const QString &path, QString *error)
{
    const auto bytes = InputFile::readAll(path, error);
    if (!bytes)
        return std::nullopt;
    QString problem;
    auto verdicts = fromJson(*bytes, &problem);
    if (!verdicts)
        *error = InputFile::located(path, problem);
    return verdicts;
}

int RatingVerdicts::mergeInto(Ratings &ratings) const
{
    int added = 0;
    for (const BattleVerdict &verdict : verdicts) {
        if (!ratings.battleVerdict(verdict.battle, verdict.rater))
            ++added;
        ratings.setBattleVerdict(verdict);
    }
    return added;
}
