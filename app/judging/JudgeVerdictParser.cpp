// SPDX-License-Identifier: MIT
#include "JudgeVerdictParser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace {
/// The first JSON object in \a text: the whole text, a ```json fence, or the first balanced
/// {...} that parses.
std::optional<QJsonObject> findObject(const QString &text)
{
    const auto parse = [](const QString &candidate) -> std::optional<QJsonObject> {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(candidate.trimmed().toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            return std::nullopt;
        return document.object();
    };
    if (auto whole = parse(text))
        return whole;
    static const QRegularExpression fence(QStringLiteral("```(?:json|JSON)?\\s*\\n?(.*?)```"),
                                          QRegularExpression::DotMatchesEverythingOption);
    for (auto it = fence.globalMatch(text); it.hasNext();) {
        if (auto fenced = parse(it.next().captured(1)))
            return fenced;
    }
    // Text around the object: try each '{' with its balancing '}' (braces in strings skipped).
    for (qsizetype start = text.indexOf(QLatin1Char('{')); start >= 0; start = text.indexOf(QLatin1Char('{'), start + 1)) {
        int depth = 0;
        bool inString = false;
        for (qsizetype i = start; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (inString) {
                if (c == QLatin1Char('\\'))
                    ++i;
                else if (c == QLatin1Char('"'))
                    inString = false;
                continue;
            }
            if (c == QLatin1Char('"')) {
                inString = true;
            } else if (c == QLatin1Char('{')) {
                ++depth;
            } else if (c == QLatin1Char('}') && --depth == 0) {
                if (auto inner = parse(text.mid(start, i - start + 1)))
                    return inner;
                break;
            }
        }
    }
    return std::nullopt;
}

QString excerpt(const QString &text)
{
    const QString simplified = text.simplified();
    return simplified.size() <= 60 ? simplified : simplified.left(57) + QStringLiteral("...");
}

QString number(double value)
{
    return QString::number(value, 'g', 10);
}

QString readReason(const QJsonObject &object)
{
    return object.value(QLatin1String("reason")).toString().trimmed();
}
} // namespace

JudgeVerdictParser::Grade JudgeVerdictParser::readGrade(const QString &answer, double scaleMin, double scaleMax)
{
    Grade grade;
    if (answer.trimmed().isEmpty()) {
        grade.error = QStringLiteral("no score: the judge's answer is empty");
        return grade;
    }
    const std::optional<QJsonObject> object = findObject(answer);
    if (!object) {
        // "8/10", "8 out of 10", "score: 8": a score in prose is not read, it could be anything.
        static const QRegularExpression prose(
            QStringLiteral("\\d+(?:\\.\\d+)?\\s*(?:/|out of)\\s*\\d+|\\b(?:score|grade|rating)\\b\\D{0,12}\\d"),
            QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch match = prose.match(answer);
        grade.error = match.hasMatch()
            ? QStringLiteral("no score: the judge gave its score only in prose (\"%1\"), not as the JSON asked for")
                  .arg(excerpt(match.captured(0)))
            : QStringLiteral("no score: the judge's answer holds no JSON object (\"%1\")").arg(excerpt(answer));
        return grade;
    }
    grade.reason = readReason(*object);
    const QJsonValue score = object->value(QLatin1String("score"));
    if (score.isUndefined()) {
        grade.error = QStringLiteral("no score: the judge's JSON has no \"score\"");
        return grade;
    }
    if (!score.isDouble()) {
        const QString shown = score.isString() ? QStringLiteral("\"%1\"").arg(excerpt(score.toString()))
            : score.isBool()                   ? QStringLiteral("a boolean")
            : score.isNull()                   ? QStringLiteral("null")
            : score.isArray()                  ? QStringLiteral("a list")
                                               : QStringLiteral("an object");
        grade.error = QStringLiteral("no score: the judge's \"score\" is %1, not a number").arg(shown);
        return grade;
    }
    const double value = score.toDouble();
    if (!std::isfinite(value) || value < scaleMin || value > scaleMax) {
        grade.error = QStringLiteral("no score: the judge's score %1 is outside the scale %2-%3")
                          .arg(number(value), number(scaleMin), number(scaleMax));
        return grade;
    }
    grade.score = value;
    return grade;
}

JudgeVerdictParser::Pick JudgeVerdictParser::readPick(const QString &answer)
{
    Pick pick;
    if (answer.trimmed().isEmpty()) {
        pick.error = QStringLiteral("no verdict: the judge's answer is empty");
        return pick;
    }
    const std::optional<QJsonObject> object = findObject(answer);
    if (!object) {
        pick.error = QStringLiteral("no verdict: the judge's answer holds no JSON object (\"%1\")").arg(excerpt(answer));
        return pick;
    }
    pick.reason = readReason(*object);
    const QJsonValue winner = object->value(QLatin1String("winner"));
    if (winner.isUndefined()) {
        pick.error = QStringLiteral("no verdict: the judge's JSON has no \"winner\"");
        return pick;
    }
    const QString label = winner.toString().trimmed();
    if (label.compare(QLatin1String("A"), Qt::CaseInsensitive) == 0)
        pick.winner = Winner::A;
    else if (label.compare(QLatin1String("B"), Qt::CaseInsensitive) == 0)
        pick.winner = Winner::B;
    else if (label.compare(QLatin1String("tie"), Qt::CaseInsensitive) == 0)
        pick.winner = Winner::Tie;
    else
        pick.error = QStringLiteral("no verdict: the judge's \"winner\" is not \"A\", \"B\" or \"tie\"");
    return pick;
}

bool JudgeVerdictParser::ordersDisagree(const Pick &first, const Pick &swapped)
{
    const Pick combined = combineOrders(first, swapped);
    return combined.winner && *combined.winner == Winner::Tie && !(*first.winner == Winner::Tie && *swapped.winner == Winner::Tie);
}

JudgeVerdictParser::Pick JudgeVerdictParser::combineOrders(const Pick &first, const Pick &swapped)
{
    Pick combined;
    if (!first.winner || !swapped.winner) {
        combined.error = !first.winner ? QStringLiteral("first order: ") + first.error
                                       : QStringLiteral("swapped order: ") + swapped.error;
        return combined;
    }
    // The swapped order's A is the first order's B.
    const Winner back = *swapped.winner == Winner::A ? Winner::B : *swapped.winner == Winner::B ? Winner::A : Winner::Tie;
    combined.winner = *first.winner == back ? back : Winner::Tie;
    combined.reason = first.reason;
    if (*first.winner != back)
        combined.reason = QStringLiteral("the two orders disagree (a tie): ") + first.reason;
    return combined;
}
