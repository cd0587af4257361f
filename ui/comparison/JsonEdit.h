// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonDocument>
#include <QWidget>

class QLabel;
class QPlainTextEdit;

/// A monospace editor of one JSON value with a live check under it, redone as the user types:
/// where the text stops parsing ("Line 3, column 7: missing comma"), the wrong kind of value,
/// or a quiet "OK". The owner may add its own problem about a value that parses (showProblem).
class JsonEdit : public QWidget
{
    Q_OBJECT
public:
    enum class Expect { Object, Array };

    JsonEdit(Expect expect, const QString &accessibleName, QWidget *parent = nullptr);

    QPlainTextEdit *textEdit() const { return m_edit; }
    QLabel *statusLabel() const { return m_status; }
    QString text() const;
    /// Replaces the text without emitting edited().
    void setText(const QString &text);
    /// Empty text is valid (an empty value) when \a allowed; otherwise it is a problem.
    void setEmptyAllowed(bool allowed, const QString &emptyProblem = {});
    bool isEmpty() const;
    /// The parsed value; null while the text has a problem or is empty.
    QJsonDocument value() const { return m_value; }
    /// The problem shown (empty when the text is fine).
    QString problem() const { return m_problem; }
    /// Shows \a problem for a value that parses (empty: back to "OK").
    void showProblem(const QString &problem);

    /// Parses \a text as a JSON \a expect; on failure returns the problem with its line and
    /// column, for the user to find it.
    static QString check(const QString &text, Expect expect, QJsonDocument *value);

Q_SIGNALS:
    /// The user changed the text; value() and problem() are up to date.
    void edited();

private:
    void recheck();

    Expect m_expect;
    QPlainTextEdit *m_edit;
    QLabel *m_status;
    QJsonDocument m_value;
    QString m_problem;
    QString m_emptyProblem;
    bool m_emptyAllowed = true;
    bool m_loading = false;
};
