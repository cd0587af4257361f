// SPDX-License-Identifier: MIT
#include "QuickCheck.h"

#include "AnswerValidation.h"
#include "JsonAnswer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

namespace {
Qt::CaseSensitivity sensitivity(bool caseSensitive)
{
    return caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive;
}

QRegularExpression compiled(const QuickCheck &check)
{
    QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
    if (!check.caseSensitive)
        options |= QRegularExpression::CaseInsensitiveOption;
    return QRegularExpression(check.text, options);
}

/// JSON pointer tokens of \a pointer (RFC 6901), or nullopt when it is not one.
std::optional<QStringList> pointerTokens(const QString &pointer)
{
    if (pointer.isEmpty())
        return QStringList();
    if (!pointer.startsWith(QLatin1Char('/')))
        return std::nullopt;
    QStringList tokens = pointer.mid(1).split(QLatin1Char('/'));
    for (QString &token : tokens)
        token.replace(QLatin1String("~1"), QLatin1String("/")).replace(QLatin1String("~0"), QLatin1String("~"));
    return tokens;
}

std::optional<QJsonValue> valueAt(const QJsonValue &root, const QString &pointer)
{
    const std::optional<QStringList> tokens = pointerTokens(pointer);
    if (!tokens)
        return std::nullopt;
    QJsonValue value = root;
    for (const QString &token : *tokens) {
        if (value.isObject()) {
            const QJsonObject object = value.toObject();
            const auto it = object.constFind(token);
            if (it == object.constEnd())
                return std::nullopt;
            value = *it;
        } else if (value.isArray()) {
            bool ok = false;
            const qsizetype index = token.toLongLong(&ok);
            // RFC 6901: decimal digits, no sign, no leading zero.
            const bool canonical = ok && index >= 0 && (token == QLatin1String("0") || !token.startsWith(QLatin1Char('0')))
                                   && !token.startsWith(QLatin1Char('+'));
            const QJsonArray array = value.toArray();
            if (!canonical || index >= array.size())
                return std::nullopt;
            value = array.at(index);
        } else {
            return std::nullopt;
        }
    }
    return value;
}

/// VALUE as the user typed it: JSON when it parses, else the string itself.
QJsonValue expectedValue(const QString &text)
{
    return JsonAnswer::parse(text).value_or(QJsonValue(text));
}

QString shortened(const QString &text)
{
    constexpr qsizetype kShown = 40;
    return text.size() > kShown ? text.left(kShown - 3) + QStringLiteral("...") : text;
}
} // namespace

bool QuickCheck::evaluate(const QString &answer) const
{
    CellResult result;
    result.status = CellStatus::Ok;
    result.text = answer;
    return evaluate(CellSpec(), result);
}

bool QuickCheck::evaluate(const CellSpec &spec, const CellResult &result) const
{
    const QString &answer = result.text;
    switch (kind) {
    case Contains:
        return answer.contains(text, sensitivity(caseSensitive));
    case NotContains:
        return !answer.contains(text, sensitivity(caseSensitive));
    case Regex: {
        const QRegularExpression re = compiled(*this);
        return re.isValid() && re.match(answer).hasMatch();
    }
    case ValidJson:
        return JsonAnswer::parse(answer).has_value();
    case Length:
        return (!minLength || answer.size() >= *minLength) && (!maxLength || answer.size() <= *maxLength);
    case MatchesSchema: {
        // Nothing asked of the cell is nothing matched: the check fails rather than pass blindly.
        const std::optional<JsonVerdict> verdict = AnswerValidation::validate(spec, result);
        return verdict && verdict->valid;
    }
    case JsonPathEquals:
    case JsonPathContains: {
        const std::optional<QJsonValue> json = JsonAnswer::parse(answer);
        const std::optional<QJsonValue> value = json ? valueAt(*json, path) : std::nullopt;
        if (!value)
            return false;
        if (kind == JsonPathEquals)
            return *value == expectedValue(text);
        const QString haystack = value->isString() ? value->toString() : JsonAnswer::compact(*value);
        return haystack.contains(text, sensitivity(caseSensitive));
    }
    case CallsTool:
        return std::any_of(result.toolCalls.cbegin(), result.toolCalls.cend(),
                           [this](const ToolCall &call) { return call.name == text; });
    case SameJson: {
        const std::optional<QJsonValue> json = JsonAnswer::parse(answer);
        const std::optional<QJsonValue> reference = JsonAnswer::parse(text);
        return json && reference && *json == *reference;
    }
    }
    return false;
}

QString QuickCheck::validationError() const
{
    switch (kind) {
    case Contains:
    case NotContains:
        return text.isEmpty() ? QStringLiteral("the text to look for is empty") : QString();
    case Regex: {
        if (text.isEmpty())
            return QStringLiteral("the pattern is empty");
        const QRegularExpression re = compiled(*this);
        return re.isValid() ? QString() : QStringLiteral("invalid pattern: %1").arg(re.errorString());
    }
    case ValidJson:
        return {};
    case Length:
        if (!minLength && !maxLength)
            return QStringLiteral("give a minimum or a maximum length");
        if (minLength && maxLength && *minLength > *maxLength)
            return QStringLiteral("the minimum length is above the maximum");
        return {};
    case MatchesSchema:
        return {};
    case JsonPathEquals:
    case JsonPathContains:
        if (!pointerTokens(path))
            return QStringLiteral("the JSON path is a JSON pointer: it starts with / (for example /items/0/name)");
        return kind == JsonPathContains && text.isEmpty() ? QStringLiteral("the text to look for is empty") : QString();
    case CallsTool:
        return text.trimmed().isEmpty() ? QStringLiteral("give the tool's name") : QString();
    case SameJson:
        return JsonAnswer::parse(text) ? QString() : QStringLiteral("the reference is not JSON");
    }
    return {};
}

QString QuickCheck::describe() const
{
    const QString cs = caseSensitive ? QStringLiteral(" (case-sensitive)") : QString();
    switch (kind) {
    case Contains:
        return QStringLiteral("contains \"%1\"%2").arg(text, cs);
    case NotContains:
        return QStringLiteral("does not contain \"%1\"%2").arg(text, cs);
    case Regex:
        return QStringLiteral("matches /%1/%2").arg(text, cs);
    case ValidJson:
        return QStringLiteral("is valid JSON");
    case Length:
        if (minLength && maxLength)
            return QStringLiteral("length %1-%2 characters").arg(*minLength).arg(*maxLength);
        if (minLength)
            return QStringLiteral("length at least %1 characters").arg(*minLength);
        return QStringLiteral("length at most %1 characters").arg(maxLength.value_or(0));
    case MatchesSchema:
        return QStringLiteral("matches the schema");
    case JsonPathEquals:
        return QStringLiteral("JSON %1 equals %2").arg(path.isEmpty() ? QStringLiteral("(root)") : path, shortened(text));
    case JsonPathContains:
        return QStringLiteral("JSON %1 contains \"%2\"%3")
            .arg(path.isEmpty() ? QStringLiteral("(root)") : path, shortened(text), cs);
    case CallsTool:
        return QStringLiteral("calls tool %1").arg(text);
    case SameJson:
        return QStringLiteral("same JSON as %1").arg(shortened(text));
    }
    return {};
}

bool QuickCheck::usesText(Kind kind)
{
    return kind != ValidJson && kind != Length && kind != MatchesSchema;
}

bool QuickCheck::usesCase(Kind kind)
{
    return kind == Contains || kind == NotContains || kind == Regex || kind == JsonPathContains;
}

bool QuickCheck::usesPath(Kind kind)
{
    return kind == JsonPathEquals || kind == JsonPathContains;
}

QString QuickCheck::kindName(Kind kind)
{
    switch (kind) {
    case Contains:
        return QStringLiteral("contains");
    case NotContains:
        return QStringLiteral("not_contains");
    case Regex:
        return QStringLiteral("regex");
    case ValidJson:
        return QStringLiteral("valid_json");
    case Length:
        return QStringLiteral("length");
    case MatchesSchema:
        return QStringLiteral("matches_schema");
    case JsonPathEquals:
        return QStringLiteral("json_path_equals");
    case JsonPathContains:
        return QStringLiteral("json_path_contains");
    case CallsTool:
        return QStringLiteral("calls_tool");
    case SameJson:
        return QStringLiteral("same_json");
    }
    return {};
}

std::optional<QuickCheck::Kind> QuickCheck::kindFromName(const QString &name)
{
    for (Kind kind : {Contains, NotContains, Regex, ValidJson, Length, MatchesSchema, JsonPathEquals, JsonPathContains,
                      CallsTool, SameJson}) {
        if (kindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QJsonObject QuickCheck::toJson() const
{
    QJsonObject object{{QStringLiteral("kind"), kindName(kind)}};
    if (usesText(kind))
        object.insert(QStringLiteral("text"), text);
    if (usesCase(kind))
        object.insert(QStringLiteral("case_sensitive"), caseSensitive);
    if (usesPath(kind))
        object.insert(QStringLiteral("path"), path);
    if (minLength)
        object.insert(QStringLiteral("min_length"), double(*minLength));
    if (maxLength)
        object.insert(QStringLiteral("max_length"), double(*maxLength));
    return object;
}

std::optional<QuickCheck> QuickCheck::fromJson(const QJsonObject &object)
{
    const auto kind = kindFromName(object.value(QLatin1String("kind")).toString());
    if (!kind)
        return std::nullopt;
    QuickCheck check;
    check.kind = *kind;
    check.text = object.value(QLatin1String("text")).toString();
    check.caseSensitive = object.value(QLatin1String("case_sensitive")).toBool();
    check.path = object.value(QLatin1String("path")).toString();
    // Range first: casting a huge double to an integer is undefined.
    const auto length = [&object](const char *key) -> std::optional<qsizetype> {
        const double value = object.value(QLatin1String(key)).toDouble(-1);
        if (!(value >= 0 && value <= 9.0e15))
            return std::nullopt;
        return qsizetype(value);
    };
    check.minLength = length("min_length");
    check.maxLength = length("max_length");
    return check;
}

void QuickCheckSet::setColumnChecks(int column, const QList<QuickCheck> &checks)
{
    if (checks.isEmpty())
        m_columnChecks.remove(column);
    else
        m_columnChecks.insert(column, checks);
}

QList<QuickCheck> QuickCheckSet::checksFor(int column) const
{
    return m_runChecks + m_columnChecks.value(column);
}

bool QuickCheckSet::isEmpty() const
{
    if (!m_runChecks.isEmpty())
        return false;
    for (const QList<QuickCheck> &checks : m_columnChecks) {
        if (!checks.isEmpty())
            return false;
    }
    return true;
}

void QuickCheckSet::clear()
{
    m_runChecks.clear();
    m_columnChecks.clear();
}

CheckOutcome QuickCheckSet::evaluate(int column, const QString &answer) const
{
    CellSpec spec;
    spec.column = column;
    CellResult result;
    result.status = CellStatus::Ok;
    result.text = answer;
    return evaluate(spec, result);
}

CheckOutcome QuickCheckSet::evaluate(const CellSpec &spec, const CellResult &result) const
{
    CheckOutcome outcome;
    const QList<QuickCheck> checks = checksFor(spec.column);
    for (int i = 0; i < checks.size(); ++i) {
        if (checks.at(i).evaluate(spec, result)) {
            ++outcome.passed;
        } else {
            ++outcome.failed;
            outcome.failedChecks.append(i);
        }
    }
    return outcome;
}

QJsonObject QuickCheckSet::toJson() const
{
    QJsonArray run;
    for (const QuickCheck &check : m_runChecks)
        run.append(check.toJson());
    QJsonObject columns;
    for (auto it = m_columnChecks.constBegin(); it != m_columnChecks.constEnd(); ++it) {
        QJsonArray list;
        for (const QuickCheck &check : it.value())
            list.append(check.toJson());
        columns.insert(QString::number(it.key()), list);
    }
    return QJsonObject{{QStringLiteral("run"), run}, {QStringLiteral("columns"), columns}};
}

QuickCheckSet QuickCheckSet::fromJson(const QJsonObject &object)
{
    QuickCheckSet set;
    const QJsonArray run = object.value(QLatin1String("run")).toArray();
    for (const QJsonValue &value : run) {
        if (const auto check = QuickCheck::fromJson(value.toObject()))
            set.m_runChecks.append(*check);
    }
    const QJsonObject columns = object.value(QLatin1String("columns")).toObject();
    for (auto it = columns.constBegin(); it != columns.constEnd(); ++it) {
        bool ok = false;
        const int column = it.key().toInt(&ok);
        if (!ok)
            continue;
        for (const QJsonValue &value : it.value().toArray()) {
            if (const auto check = QuickCheck::fromJson(value.toObject()))
                set.m_columnChecks[column].append(*check);
        }
    }
    return set;
}

bool QuickCheck::isCheckable(const CellResult &result)
{
    return result.status == CellStatus::Ok || (result.status == CellStatus::Incomplete && !result.text.isEmpty());
}
