// SPDX-License-Identifier: MIT
#pragma once

#include "QuickCheck.h"

#include <QDialog>
#include <QStringList>

class QLabel;
class QTableWidget;
class QDialogButtonBox;

/// Defines the quick checks of a run: one line per check, each for the whole run or for one
/// model column. OK is refused while a check is invalid (for example a broken pattern).
class QuickChecksDialog : public QDialog
{
    Q_OBJECT
public:
    /// \a columnNames are the run's model columns, in order.
    QuickChecksDialog(const QStringList &columnNames, const QuickCheckSet &checks, QWidget *parent = nullptr);

    /// The checks as edited.
    QuickCheckSet checks() const;
    /// Adds a line; \a scope is -1 for the whole run or a column index.
    void addCheck(int scope, const QuickCheck &check);
    QTableWidget *table() const { return m_table; }
    /// Empty when every line is valid, else the first problem.
    QString validationError() const;

    void accept() override;

private:
    enum Column { ScopeColumn, KindColumn, PathColumn, TextColumn, CaseColumn, MinColumn, MaxColumn, ColumnCount };
    void addRow(int scope, const QuickCheck &check);
    QuickCheck checkAt(int row) const;
    int scopeAt(int row) const;
    void updateRowState(int row);
    void validate();

    QStringList m_columnNames;
    QTableWidget *m_table;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};
