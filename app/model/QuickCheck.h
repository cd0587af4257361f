// SPDX-License-Identifier: MIT
#pragma once

#include "CellResult.h"
#include "CellSpec.h"

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
        MatchesSchema,    ///< the answer (and its tool calls) fit the cell's schema and tools
        JsonPathEquals,   ///< the answer's JSON at path equals text (JSON, else a string)
        JsonPathContains, ///< the answer's JSON at path (a string, else its compact JSON) contains text
        CallsTool,        ///< one of the answer's tool calls is to the tool named text
        SameJson,         ///< the answer's JSON equals the JSON in text, whatever its layout
    };
    Kind kind = Contains;
    QString text; ///< the text, the pattern, the value, the tool's name or the reference JSON
    /// A JSON pointer into the answer (RFC 6901: "/items/0/name"; "" is the whole answer).
    QString path;
    bool caseSensitive = false;
    std::optional<qsizetype> minLength;
    std::optional<qsizetype> maxLength;

    /// True when \a answer passes (as an answer with no schema and no tool calls).
    bool evaluate(const QString &answer) const;
    /// True when the answer of a cell asked by \a spec passes.
    bool evaluate(const CellSpec &spec, const CellResult &result) const;
    /// Empty when the check can run; otherwise why not (for example an invalid pattern).
    QString validationError() const;
    /// A short human-readable description ("contains \"foo\"").
    QString describe() const;

    /// True when a cell in this state has an answer worth checking: ok, or incomplete with text
    /// (failed or cancelled cells are not checked).
    static bool isCheckable(const CellResult &result);

    /// Which fields a kind reads: text, caseSensitive, path.
    static bool usesText(Kind kind);
    static bool usesCase(Kind kind);
    static bool usesPath(Kind kind);

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
    int answersValidated = 0; ///< answers validated against their schema or tools
    int answersValid = 0;
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
    CheckOutcome evaluate(const CellSpec &spec, const CellResult &result) const;

    /// {"run":[...],"columns":{"0":[...]}}
    QJsonObject toJson() const;
    static QuickCheckSet fromJson(const QJsonObject &object);
    bool operator==(const QuickCheckSet &other) const = default;

private:
    QList<QuickCheck> m_runChecks;
    QHash<int, QList<QuickCheck>> m_columnChecks;
};
