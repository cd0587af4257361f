// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class PriceTable;
class ProviderListModel;
class QLabel;
class QTableWidget;

/// The prices of one provider's models (USD per million input and output tokens), edited in
/// place: an edit goes into the provider at once and into the user's price table, which the
/// Providers dialog saves on OK. Models with a price but no longer listed are shown dimmed.
class PriceEditor : public QWidget
{
    Q_OBJECT
public:
    /// \a prices (the built-in snapshot with the user's edits) is owned by the caller.
    PriceEditor(ProviderListModel *providers, PriceTable *prices, QWidget *parent = nullptr);

    /// Shows the prices of provider \a row (-1: none).
    void setRow(int row);
    /// Shows the provider's models again (after the model list changed).
    void refresh();
    QTableWidget *table() const { return m_table; }

private:
    void onEdited(int row, int column);

    ProviderListModel *m_providers;
    PriceTable *m_prices;
    int m_row = -1;
    QTableWidget *m_table;
    QLabel *m_note;
};
