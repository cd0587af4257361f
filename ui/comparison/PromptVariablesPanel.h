// SPDX-License-Identifier: MIT
#pragma once

#include "VariablesTable.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

/// The Prompts tab's view of the comparison's variables, shown and editable under the prompt
/// editor. Paired (an imported prompts CSV's extra columns), row N fills the {{placeholders}}
/// of prompt N, as `promptgrid-cli --prompts FILE.csv` does; otherwise each row is a test case
/// every prompt runs with. Hidden while there are none.
class PromptVariablesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit PromptVariablesPanel(QWidget *parent = nullptr);

    VariablesTable table() const { return m_table; }
    /// Shows \a table (no columns: hides the panel); \a source names where it came from.
    void setTable(const VariablesTable &table, const QString &source = {});
    /// Whether row N belongs to prompt N (true) or every prompt runs with every row; says so.
    void setPerPrompt(bool perPrompt);
    /// True when sending renders the prompts with these values.
    bool isActive() const { return m_table.columnCount() > 0; }
    QTableWidget *view() const { return m_view; }
    QPushButton *clearButton() const { return m_clear; }

Q_SIGNALS:
    /// A value was edited or the table was replaced or cleared.
    void tableChanged();

private:
    void rebuild();
    void updateTitle();

    VariablesTable m_table;
    QString m_source;
    bool m_perPrompt = true;
    QLabel *m_title;
    QTableWidget *m_view;
    QPushButton *m_clear;
    bool m_rebuilding = false;
};
