// SPDX-License-Identifier: MIT
#pragma once

#include "CellResult.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

/// One local test of an answer, evaluated without any network.
struct QuickCheck {
    enum Kind {
        Contains,    ///< the answer contains text
        NotContains, ///< the answer does not contain text
        Regex,       ///< the answer matches a regular expression (anywhere)
        ValidJson,   ///< the whole answer (or its single ```json fenced block) is valid JSON
        Length,      ///< the answer's length in characters is within [minLength, maxLength]
    };
    Kind kind = Contains;
    QString text; ///< the text or the pattern
    bool caseSensitive = false;
    std::optional<qsizetype> minLength;
    std::optional<qsizetype> maxLength;

    /// True when \a answer passes.
    bool evaluate(const QString &answer) const;
    /// Empty when the check can run; otherwise why not (for example an invalid pattern).
    QString validationError() const;
    /// A short human-readable description ("contains \"foo\"").
    QString describe() const;

    /// True when a cell in this state has an answer worth checking: ok, or incomplete with text
    /// (failed or cancelled cells are not checked).
    static bool isCheckable(const CellResult &result);

    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString &name);
    QJsonObject toJson() const;
    static std::optional<QuickCheck> fromJson(const QJsonObject &object);
    bool operator==(const QuickCheck &other) const = default;
};

/// The outcome of every check that applies to one answer.
struct CheckOutcome {
    int passed = 0;
    int failed = 0;
    QList<int> failedChecks; ///< indexes into QuickCheckSet::checksFor(column)
    int total() const { return passed + failed; }
    bool allPassed() const { return failed == 0; }
};

/// Per-column summary: how many checked answers passed all their checks.
struct CheckSummary {
    int column = 0;
    int answersChecked = 0;
    int answersPassed = 0;
    int checksPassed = 0;
    int checksTotal = 0;
};

/// The checks of a run: some for every column, some for one column only.
class QuickCheckSet
{
public:
    void addRunCheck(const QuickCheck &check) { m_runChecks.append(check); }
    void addColumnCheck(int column, const QuickCheck &check) { m_columnChecks[column].append(check); }
    void setRunChecks(const QList<QuickCheck> &checks) { m_runChecks = checks; }
    void setColumnChecks(int column, const QList<QuickCheck> &checks);
    const QList<QuickCheck> &runChecks() const { return m_runChecks; }
    QList<QuickCheck> columnChecks(int column) const { return m_columnChecks.value(column); }
    /// The run's checks followed by \a column's own.
    QList<QuickCheck> checksFor(int column) const;
    bool isEmpty() const;
    void clear();

    CheckOutcome evaluate(int column, const QString &answer) const;

    /// {"run":[...],"columns":{"0":[...]}}
    QJsonObject toJson() const;
    static QuickCheckSet fromJson(const QJsonObject &object);
    bool operator==(const QuickCheckSet &other) const = default;

private:
    QList<QuickCheck> m_runChecks;
    QHash<int, QList<QuickCheck>> m_columnChecks;
};
