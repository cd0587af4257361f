// SPDX-License-Identifier: MIT
#include "QuickCheck.h"

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

bool isJson(const QString &answer)
{
    QString body = answer.trimmed();
    // Models often wrap JSON in a Markdown fence; the fence is presentation, not content.
    if (body.startsWith(QLatin1String("```")) && body.endsWith(QLatin1String("```")) && body.size() >= 6) {
        const qsizetype firstLine = body.indexOf(QLatin1Char('\n'));
        if (firstLine < 0)
            return false;
        body = body.mid(firstLine + 1, body.size() - firstLine - 1 - 3).trimmed();
    }
    if (body.isEmpty())
        return false;
    QJsonParseError error;
    // QJsonDocument only takes objects and arrays at the top level; wrap to accept scalars too.
    QJsonDocument::fromJson(QByteArray("[") + body.toUtf8() + QByteArray("]"), &error);
    return error.error == QJsonParseError::NoError;
}
} // namespace

bool QuickCheck::evaluate(const QString &answer) const
{
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
        return isJson(answer);
    case Length:
        return (!minLength || answer.size() >= *minLength) && (!maxLength || answer.size() <= *maxLength);
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
    }
    return {};
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
    }
    return {};
}

std::optional<QuickCheck::Kind> QuickCheck::kindFromName(const QString &name)
{
    for (Kind kind : {Contains, NotContains, Regex, ValidJson, Length}) {
        if (kindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QJsonObject QuickCheck::toJson() const
{
    QJsonObject object{{QStringLiteral("kind"), kindName(kind)}};
    if (kind == Contains || kind == NotContains || kind == Regex) {
        object.insert(QStringLiteral("text"), text);
        object.insert(QStringLiteral("case_sensitive"), caseSensitive);
    }
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
    CheckOutcome outcome;
    const QList<QuickCheck> checks = checksFor(column);
    for (int i = 0; i < checks.size(); ++i) {
        if (checks.at(i).evaluate(answer)) {
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
