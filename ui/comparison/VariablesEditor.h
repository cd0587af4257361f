// SPDX-License-Identifier: MIT
#pragma once

#include "VariablesTable.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

/// Test cases for templates: a table of test cases (rows) x variables (columns), editable,
/// importable from CSV, with a preview of the prompt rendered for the selected test case.
class VariablesEditor : public QWidget
{
    Q_OBJECT
public:
    explicit VariablesEditor(QWidget *parent = nullptr);

    VariablesTable table() const { return m_table; }
    void setTable(const VariablesTable &table);

    /// The prompt and system prompt the preview renders.
    void setTemplate(const QString &prompt, const QString &system = {});
    /// The rendered prompt of the selected test case, or the error that stops it.
    QString previewText() const;
    /// True when the preview shows a missing variable.
    bool previewHasError() const { return m_previewError; }

    int currentTestCase() const;
    void setCurrentTestCase(int row);

    /// Adds a test case after the current one; returns its row.
    int addTestCase();
    void removeCurrentTestCase();
    /// Adds a variable column; false (and a message) when the name is blank or taken.
    bool addVariable(const QString &name);
    bool renameVariable(int column, const QString &name);
    void removeVariable(int column);
    void setValue(int row, int column, const QString &value);
    /// Replaces the table with a CSV file's (header row = names).
    bool importCsv(const QString &path, QString *error);

    /// The last problem shown under the table (empty when none).
    QString statusText() const;

Q_SIGNALS:
    void tableChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rebuild();
    void updatePreview();
    void updateButtons();
    void showStatus(const QString &text);
    void askAddVariable();
    void askRenameVariable(int column);
    void chooseCsv();

    VariablesTable m_table;
    QString m_prompt;
    QString m_system;
    bool m_previewError = false;
    bool m_rebuilding = false;
    QTableWidget *m_grid;
    QPushButton *m_addRow;
    QPushButton *m_removeRow;
    QPushButton *m_addColumn;
    QPushButton *m_removeColumn;
    QPushButton *m_import;
    QLabel *m_status;
    QLabel *m_previewTitle;
    QPlainTextEdit *m_preview;
};
