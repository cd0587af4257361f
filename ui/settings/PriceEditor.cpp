// SPDX-License-Identifier: MIT
#include "PriceEditor.h"

#include "PriceTable.h"
#include "ProviderListModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
constexpr int kPriceColumns = 3;

QString priceText(double value)
{
    return QString::number(value, 'g', 6);
}
} // namespace

PriceEditor::PriceEditor(ProviderListModel *providers, PriceTable *prices, QWidget *parent)
    : QWidget(parent)
    , m_providers(providers)
    , m_prices(prices)
    , m_table(new QTableWidget(0, kPriceColumns, this))
    , m_note(new QLabel(this))
{
    m_table->setObjectName(QStringLiteral("priceTable"));
    m_table->setAccessibleName(tr("Prices per model in USD per million tokens"));
    m_table->setHorizontalHeaderLabels({tr("Model"), tr("Input $/M tokens"), tr("Output $/M tokens")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->setMinimumHeight(110);
    m_note->setObjectName(QStringLiteral("priceNote"));
    m_note->setWordWrap(true);
    m_note->setText(tr("Built-in prices are a snapshot taken %1; edit a price when the provider's page says otherwise. "
                       "Models without a price have no cost.")
                        .arg(m_prices->asOf().isEmpty() ? tr("at some point") : tr("on %1").arg(m_prices->asOf())));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addWidget(m_note);
    connect(m_table, &QTableWidget::cellChanged, this, &PriceEditor::onEdited);
}

void PriceEditor::setRow(int row)
{
    m_row = row;
    refresh();
}

void PriceEditor::refresh()
{
    const QSignalBlocker blocker(m_table);
    if (m_row < 0 || m_row >= m_providers->count()) {
        m_table->setRowCount(0);
        return;
    }
    const ProviderConfig &config = m_providers->at(m_row).config;
    QStringList models = config.models;
    QStringList others = config.prices.keys();
    others.sort();
    for (const QString &model : std::as_const(others)) {
        if (!models.contains(model))
            models.append(model);
    }
    m_table->setRowCount(int(models.size()));
    for (int row = 0; row < models.size(); ++row) {
        const QString &model = models.at(row);
        auto *name = new QTableWidgetItem(model);
        name->setFlags(name->flags() & ~Qt::ItemIsEditable);
        if (!config.models.contains(model))
            name->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
        m_table->setItem(row, 0, name);
        const auto it = config.prices.constFind(model);
        m_table->setItem(row, 1, new QTableWidgetItem(it == config.prices.constEnd() ? QString() : priceText(it->inputPerMTok)));
        m_table->setItem(row, 2, new QTableWidgetItem(it == config.prices.constEnd() ? QString() : priceText(it->outputPerMTok)));
    }
}

void PriceEditor::onEdited(int row, int column)
{
    if (m_row < 0 || column == 0)
        return;
    ProviderEntry &entry = m_providers->entry(m_row);
    const QString model = m_table->item(row, 0)->text();
    const QString inputText = m_table->item(row, 1) ? m_table->item(row, 1)->text().trimmed() : QString();
    const QString outputText = m_table->item(row, 2) ? m_table->item(row, 2)->text().trimmed() : QString();
    if (inputText.isEmpty() && outputText.isEmpty()) {
        entry.config.prices.remove(model);
        m_prices->removeUserPrice(entry.config.name, model);
        return;
    }
    bool inputOk = false;
    bool outputOk = false;
    const double input = locale().toDouble(inputText, &inputOk);
    const double output = locale().toDouble(outputText, &outputOk);
    const double in = inputOk ? input : inputText.toDouble(&inputOk);
    const double out = outputOk ? output : outputText.toDouble(&outputOk);
    const ModelPrice price{in, out};
    // "inf" and "nan" parse as numbers; 1e308 would make every cost infinite.
    if (!inputOk || !outputOk || !price.isValid()) {
        m_note->setText(tr("A price needs two numbers from 0 to %1 (USD per million input and output tokens) for %2; "
                           "this one was not saved.")
                            .arg(QLocale().toString(ModelPrice::kMaxPerMTok, 'f', 0), model));
        return;
    }
    entry.config.prices.insert(model, price);
    m_prices->setUserPrice(entry.config.name, model, price);
}
