// SPDX-License-Identifier: MIT
#include "JsonDiff.h"

#include "JsonAnswer.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

namespace {
QString childPath(const QString &path, const QString &key)
{
    QString token = key;
    token.replace(QLatin1Char('~'), QLatin1String("~0")).replace(QLatin1Char('/'), QLatin1String("~1"));
    return path + QLatin1Char('/') + token;
}

/// Every leaf of \a value by its path.
void collectLeaves(const QJsonValue &value, const QString &path, QHash<QString, QJsonValue> &leaves)
{
    if (value.isObject() && !value.toObject().isEmpty()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            collectLeaves(it.value(), childPath(path, it.key()), leaves);
    } else if (value.isArray() && !value.toArray().isEmpty()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            collectLeaves(array.at(i), childPath(path, QString::number(i)), leaves);
    } else {
        leaves.insert(path, value);
    }
}

void compare(const QJsonValue &a, const QJsonValue &b, const QString &path, QList<JsonChange> &changes)
{
    if (a.isObject() && b.isObject()) {
        const QJsonObject oa = a.toObject();
        const QJsonObject ob = b.toObject();
        // Both iterate in key order: merge them.
        auto ia = oa.constBegin();
        auto ib = ob.constBegin();
        while (ia != oa.constEnd() || ib != ob.constEnd()) {
            if (ib == ob.constEnd() || (ia != oa.constEnd() && ia.key() < ib.key())) {
                changes.append({JsonChange::Removed, childPath(path, ia.key()), ia.value(), {}});
                ++ia;
            } else if (ia == oa.constEnd() || ib.key() < ia.key()) {
                changes.append({JsonChange::Added, childPath(path, ib.key()), {}, ib.value()});
                ++ib;
            } else {
                compare(ia.value(), ib.value(), childPath(path, ia.key()), changes);
                ++ia;
                ++ib;
            }
        }
        return;
    }
    if (a.isArray() && b.isArray()) {
        const QJsonArray aa = a.toArray();
        const QJsonArray ab = b.toArray();
        for (qsizetype i = 0; i < std::max(aa.size(), ab.size()); ++i) {
            const QString at = childPath(path, QString::number(i));
            if (i >= ab.size())
                changes.append({JsonChange::Removed, at, aa.at(i), {}});
            else if (i >= aa.size())
                changes.append({JsonChange::Added, at, {}, ab.at(i)});
            else
                compare(aa.at(i), ab.at(i), at, changes);
        }
        return;
    }
    if (a != b)
        changes.append({JsonChange::Changed, path, a, b});
}
} // namespace

double JsonDiffResult::similarity() const
{
    return unionLeaves == 0 ? 1.0 : double(equalLeaves) / double(unionLeaves);
}

qsizetype JsonDiffResult::count(JsonChange::Kind kind) const
{
    return std::count_if(changes.cbegin(), changes.cend(), [kind](const JsonChange &change) { return change.kind == kind; });
}

JsonDiffResult JsonDiff::diff(const QJsonValue &a, const QJsonValue &b)
{
    JsonDiffResult result;
    compare(a, b, QString(), result.changes);
    QHash<QString, QJsonValue> leavesA;
    QHash<QString, QJsonValue> leavesB;
    collectLeaves(a, QString(), leavesA);
    collectLeaves(b, QString(), leavesB);
    result.unionLeaves = leavesA.size();
    for (auto it = leavesB.constBegin(); it != leavesB.constEnd(); ++it) {
        const auto other = leavesA.constFind(it.key());
        if (other == leavesA.constEnd())
            ++result.unionLeaves;
        else if (*other == it.value())
            ++result.equalLeaves;
    }
    return result;
}

std::optional<JsonDiffResult> JsonDiff::diffAnswers(const QString &a, const QString &b)
{
    const std::optional<QJsonValue> va = JsonAnswer::parse(a);
    if (!va)
        return std::nullopt;
    const std::optional<QJsonValue> vb = JsonAnswer::parse(b);
    if (!vb)
        return std::nullopt;
    return diff(*va, *vb);
}

std::optional<double> JsonDiff::similarity(const QString &a, const QString &b)
{
    const std::optional<JsonDiffResult> result = diffAnswers(a, b);
    return result ? std::optional<double>(result->similarity()) : std::nullopt;
}

QString JsonDiff::pathText(const QString &path)
{
    return path.isEmpty() ? QStringLiteral("(root)") : path;
}
