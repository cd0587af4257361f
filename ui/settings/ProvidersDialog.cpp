// SPDX-License-Identifier: MIT
#include "ProvidersDialog.h"

#include "ApiKeyStore.h"
#include "KeychainStore.h"
#include "ModelLister.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace {
constexpr int kPriceColumns = 3;

QString kindLabel(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAI:
        return ProvidersDialog::tr("OpenAI-compatible (Chat Completions)");
    case ProviderKind::Anthropic:
        return ProvidersDialog::tr("Anthropic Messages");
    case ProviderKind::Gemini:
        return ProvidersDialog::tr("Google Gemini");
    case ProviderKind::Ollama:
        return ProvidersDialog::tr("Ollama");
    case ProviderKind::Demo:
        return ProvidersDialog::tr("Demo (offline)");
    }
    return {};
}

QString priceText(double value)
{
    return QString::number(value, 'g', 6);
}
} // namespace

ProvidersDialog::ProvidersDialog(const ProviderRegistry &registry, ApiKeyStore *keys, QWidget *parent)
    : QDialog(parent)
    , m_keys(keys)
    , m_lister(new ModelLister(this))
{
    setWindowTitle(tr("Providers"));
    setObjectName(QStringLiteral("providersDialog"));
    QString warning;
    m_presets = PresetCatalog::load(&warning);
    m_prices = PriceTable::builtIn();
    m_prices.loadUserPrices(QSettings());
    // Known endpoints show their built-in prices (and the user's edits) from the start.
    ProviderRegistry priced = registry;
    m_presets.applyPrices(priced, m_prices, PriceTable::ApplyMode::FillMissing);
    for (const ProviderConfig &config : priced.providers())
        m_entries.append(Entry{config, config.name, {}, false});
    connect(m_lister, &ModelLister::finished, this, &ProvidersDialog::onModelsFetched);

    buildUi();
    refreshList();
    selectProvider(m_entries.isEmpty() ? -1 : 0);
    // After the caller had its chance to hand over its own store (setKeychainStore()).
    QTimer::singleShot(0, this, [this, warning] {
        if (!m_keychain)
            updateKeychainNote();
        if (!warning.isEmpty())
            m_keychainNote->setText(m_keychainNote->text() + QLatin1Char(' ') + warning.toHtmlEscaped());
    });
    resize(940, 640);
}

ProvidersDialog::~ProvidersDialog() = default;

void ProvidersDialog::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    auto *splitter = new QSplitter(this);
    layout->addWidget(splitter, 1);

    // Left: the providers, and how to add one.
    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *listLabel = new QLabel(tr("&Providers"), left);
    m_list = new QListWidget(left);
    m_list->setObjectName(QStringLiteral("providerList"));
    m_list->setAccessibleName(tr("Providers"));
    listLabel->setBuddy(m_list);
    leftLayout->addWidget(listLabel);
    leftLayout->addWidget(m_list, 1);

    m_presetCombo = new QComboBox(left);
    m_presetCombo->setObjectName(QStringLiteral("presetCombo"));
    m_presetCombo->setAccessibleName(tr("Preset to add"));
    for (const ProviderPreset &preset : m_presets.presets())
        m_presetCombo->addItem(preset.name, preset.id);
    m_addPresetButton = new QPushButton(tr("&Add preset"), left);
    m_addPresetButton->setObjectName(QStringLiteral("addPresetButton"));
    m_addPresetButton->setAccessibleName(tr("Add the chosen preset"));
    auto *presetRow = new QHBoxLayout;
    presetRow->addWidget(m_presetCombo, 1);
    presetRow->addWidget(m_addPresetButton);
    leftLayout->addLayout(presetRow);

    m_addBlankButton = new QPushButton(tr("Add &blank OpenAI-compatible endpoint"), left);
    m_addBlankButton->setObjectName(QStringLiteral("addBlankButton"));
    m_addBlankButton->setAccessibleName(tr("Add a blank OpenAI-compatible endpoint"));
    leftLayout->addWidget(m_addBlankButton);

    auto *fileRow = new QHBoxLayout;
    m_removeButton = new QPushButton(tr("&Remove"), left);
    m_removeButton->setObjectName(QStringLiteral("removeButton"));
    m_removeButton->setAccessibleName(tr("Remove the selected provider"));
    auto *importButton = new QPushButton(tr("&Import…"), left);
    importButton->setAccessibleName(tr("Import providers from a JSON file"));
    auto *exportButton = new QPushButton(tr("E&xport…"), left);
    exportButton->setAccessibleName(tr("Export providers to a JSON file, without keys"));
    fileRow->addWidget(m_removeButton);
    fileRow->addStretch(1);
    fileRow->addWidget(importButton);
    fileRow->addWidget(exportButton);
    leftLayout->addLayout(fileRow);

    // Right: the selected provider.
    m_editor = new QWidget(splitter);
    auto *form = new QFormLayout(m_editor);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    m_nameEdit = new QLineEdit(m_editor);
    m_nameEdit->setObjectName(QStringLiteral("nameEdit"));
    m_nameEdit->setAccessibleName(tr("Provider name"));
    m_nameEdit->setToolTip(tr("Used in column headers and in --model NAME/MODEL; no '/'."));
    form->addRow(tr("&Name:"), m_nameEdit);

    m_kindCombo = new QComboBox(m_editor);
    m_kindCombo->setObjectName(QStringLiteral("kindCombo"));
    m_kindCombo->setAccessibleName(tr("Wire format"));
    for (auto kind : {ProviderKind::OpenAI, ProviderKind::Anthropic, ProviderKind::Gemini, ProviderKind::Ollama, ProviderKind::Demo})
        m_kindCombo->addItem(kindLabel(kind), providerKindName(kind));
    form->addRow(tr("&Kind:"), m_kindCombo);

    m_baseUrlEdit = new QLineEdit(m_editor);
    m_baseUrlEdit->setObjectName(QStringLiteral("baseUrlEdit"));
    m_baseUrlEdit->setAccessibleName(tr("Base URL"));
    form->addRow(tr("Base &URL:"), m_baseUrlEdit);

    m_keyEdit = new QLineEdit(m_editor);
    m_keyEdit->setObjectName(QStringLiteral("keyEdit"));
    m_keyEdit->setAccessibleName(tr("API key"));
    m_keyEdit->setEchoMode(QLineEdit::Password);
    m_keyEdit->setClearButtonEnabled(true);
    m_forgetKeyButton = new QPushButton(tr("&Forget key"), m_editor);
    m_forgetKeyButton->setObjectName(QStringLiteral("forgetKeyButton"));
    m_forgetKeyButton->setAccessibleName(tr("Forget the stored API key"));
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyEdit, 1);
    keyRow->addWidget(m_forgetKeyButton);
    m_keyNote = new QLabel(m_editor);
    m_keyNote->setObjectName(QStringLiteral("keyNote"));
    m_keyNote->setAccessibleName(tr("Where the API key comes from"));
    auto *keyBox = new QVBoxLayout;
    keyBox->setSpacing(2);
    keyBox->addLayout(keyRow);
    keyBox->addWidget(m_keyNote);
    // A form row holding a layout gets no buddy by itself: give the mnemonic its field.
    auto *keyLabel = new QLabel(tr("API ke&y:"), m_editor);
    keyLabel->setBuddy(m_keyEdit);
    form->addRow(keyLabel, keyBox);

    m_envEdit = new QLineEdit(m_editor);
    m_envEdit->setObjectName(QStringLiteral("envEdit"));
    m_envEdit->setAccessibleName(tr("API key environment variable"));
    form->addRow(tr("Key &variable:"), m_envEdit);

    m_modelList = new QListWidget(m_editor);
    m_modelList->setObjectName(QStringLiteral("modelList"));
    m_modelList->setAccessibleName(tr("Models"));
    m_modelList->setMinimumHeight(110);
    m_modelCombo = new QComboBox(m_editor);
    m_modelCombo->setObjectName(QStringLiteral("modelCombo"));
    m_modelCombo->setEditable(true);
    m_modelCombo->setInsertPolicy(QComboBox::NoInsert);
    m_modelCombo->setAccessibleName(tr("Model to add"));
    m_modelCombo->lineEdit()->setPlaceholderText(tr("model id"));
    m_addModelButton = new QPushButton(tr("A&dd model"), m_editor);
    m_addModelButton->setAccessibleName(tr("Add the model"));
    m_removeModelButton = new QPushButton(tr("Remove mode&l"), m_editor);
    m_removeModelButton->setAccessibleName(tr("Remove the selected model"));
    m_fetchButton = new QPushButton(tr("Fetch &models"), m_editor);
    m_fetchButton->setObjectName(QStringLiteral("fetchButton"));
    m_fetchButton->setAccessibleName(tr("Fetch the model list from the provider"));
    m_fetchStatus = new QLabel(m_editor);
    m_fetchStatus->setObjectName(QStringLiteral("fetchStatus"));
    m_fetchStatus->setWordWrap(true);
    m_fetchStatus->setAccessibleName(tr("Model list status"));
    m_fetchStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *modelBox = new QVBoxLayout;
    modelBox->addWidget(m_modelList);
    auto *modelRow = new QHBoxLayout;
    modelRow->addWidget(m_modelCombo, 1);
    modelRow->addWidget(m_addModelButton);
    modelRow->addWidget(m_removeModelButton);
    modelBox->addLayout(modelRow);
    auto *fetchRow = new QHBoxLayout;
    fetchRow->addWidget(m_fetchButton);
    fetchRow->addWidget(m_fetchStatus, 1);
    modelBox->addLayout(fetchRow);
    m_fetchStatus->setMinimumHeight(2 * fontMetrics().lineSpacing());
    auto *modelsLabel = new QLabel(tr("M&odels:"), m_editor);
    modelsLabel->setBuddy(m_modelList);
    form->addRow(modelsLabel, modelBox);

    m_concurrencySpin = new QSpinBox(m_editor);
    m_concurrencySpin->setObjectName(QStringLiteral("concurrencySpin"));
    m_concurrencySpin->setRange(1, 1000);
    m_concurrencySpin->setAccessibleName(tr("Maximum requests at once"));
    m_rpmSpin = new QSpinBox(m_editor);
    m_rpmSpin->setObjectName(QStringLiteral("rpmSpin"));
    m_rpmSpin->setRange(0, 1'000'000);
    m_rpmSpin->setSpecialValueText(tr("no limit"));
    m_rpmSpin->setAccessibleName(tr("Requests per minute"));
    auto *limitsRow = new QHBoxLayout;
    limitsRow->addWidget(m_concurrencySpin);
    limitsRow->addWidget(new QLabel(tr("at once,"), m_editor));
    limitsRow->addWidget(m_rpmSpin);
    limitsRow->addWidget(new QLabel(tr("requests per minute"), m_editor));
    limitsRow->addStretch(1);
    form->addRow(tr("Limits:"), limitsRow);

    m_priceTable = new QTableWidget(0, kPriceColumns, m_editor);
    m_priceTable->setObjectName(QStringLiteral("priceTable"));
    m_priceTable->setAccessibleName(tr("Prices per model in USD per million tokens"));
    m_priceTable->setHorizontalHeaderLabels({tr("Model"), tr("Input $/M tokens"), tr("Output $/M tokens")});
    m_priceTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_priceTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_priceTable->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_priceTable->verticalHeader()->hide();
    m_priceTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_priceTable->setMinimumHeight(110);
    m_priceNote = new QLabel(m_editor);
    m_priceNote->setObjectName(QStringLiteral("priceNote"));
    m_priceNote->setWordWrap(true);
    m_priceNote->setText(tr("Built-in prices are a snapshot taken %1; edit a price when the provider's page says otherwise. "
                            "Models without a price have no cost.")
                             .arg(m_prices.asOf().isEmpty() ? tr("at some point") : tr("on %1").arg(m_prices.asOf())));
    auto *priceBox = new QVBoxLayout;
    priceBox->addWidget(m_priceTable);
    priceBox->addWidget(m_priceNote);
    auto *pricesLabel = new QLabel(tr("Pri&ces:"), m_editor);
    pricesLabel->setBuddy(m_priceTable);
    form->addRow(pricesLabel, priceBox);

    splitter->addWidget(left);
    splitter->addWidget(m_editor);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({280, 660});

    m_keychainNote = new QLabel(this);
    m_keychainNote->setObjectName(QStringLiteral("keychainNote"));
    m_keychainNote->setWordWrap(true);
    m_keychainNote->setAccessibleName(tr("Key storage"));
    layout->addWidget(m_keychainNote);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ProvidersDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ProvidersDialog::reject);

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (m_loading)
            return;
        storeEditor();
        loadEditor(row);
    });
    connect(m_addPresetButton, &QPushButton::clicked, this, [this] {
        addFromPreset(m_presetCombo->currentData().toString());
    });
    connect(m_addBlankButton, &QPushButton::clicked, this, [this] { addBlank(); });
    connect(m_removeButton, &QPushButton::clicked, this, &ProvidersDialog::onRemove);
    connect(importButton, &QPushButton::clicked, this, &ProvidersDialog::onImport);
    connect(exportButton, &QPushButton::clicked, this, &ProvidersDialog::onExport);
    connect(m_kindCombo, &QComboBox::currentIndexChanged, this, &ProvidersDialog::onKindChanged);
    connect(m_nameEdit, &QLineEdit::textEdited, this, [this](const QString &text) {
        if (m_current >= 0)
            m_list->item(m_current)->setText(text);
    });
    connect(m_keyEdit, &QLineEdit::textEdited, this, [this] { updateKeyNote(); });
    connect(m_envEdit, &QLineEdit::textEdited, this, [this] { updateKeyNote(); });
    connect(m_forgetKeyButton, &QPushButton::clicked, this, [this] {
        if (m_current < 0)
            return;
        m_entries[m_current].forgetKey = true;
        m_entries[m_current].newKey.clear();
        m_keyEdit->clear();
        updateKeyNote();
    });
    connect(m_addModelButton, &QPushButton::clicked, this, [this] { addModel(m_modelCombo->currentText().trimmed()); });
    connect(m_modelCombo->lineEdit(), &QLineEdit::returnPressed, this, [this] { addModel(m_modelCombo->currentText().trimmed()); });
    connect(m_removeModelButton, &QPushButton::clicked, this, [this] {
        delete m_modelList->currentItem();
        storeEditor();
        updatePrices();
    });
    connect(m_modelList, &QListWidget::itemChanged, this, [this] {
        if (!m_loading) {
            storeEditor();
            updatePrices();
        }
    });
    connect(m_fetchButton, &QPushButton::clicked, this, &ProvidersDialog::onFetchModels);
    connect(m_priceTable, &QTableWidget::cellChanged, this, &ProvidersDialog::onPriceEdited);
}

void ProvidersDialog::setKeychainStore(KeychainStore *store)
{
    m_keychain = store;
    m_ownsKeychain = false;
    if (store)
        connect(store, &KeychainStore::stateChanged, this, &ProvidersDialog::updateKeychainNote);
    updateKeychainNote();
}

void ProvidersDialog::setOllamaModels(const QStringList &models)
{
    m_ollamaModels = models;
    const int index = m_presetCombo->findData(QStringLiteral("ollama"));
    const ProviderPreset *preset = m_presets.find(QStringLiteral("ollama"));
    if (index < 0 || !preset)
        return;
    m_presetCombo->setItemText(index, tr("%1 - running, %n model(s)", nullptr, int(models.size())).arg(preset->name));
    const bool haveOllama = std::any_of(m_entries.begin(), m_entries.end(),
                                        [](const Entry &e) { return e.config.kind == ProviderKind::Ollama; });
    if (!haveOllama)
        m_presetCombo->setCurrentIndex(index);
}

KeychainStore *ProvidersDialog::keychain()
{
    if (!m_keychain) {
        // Works on its own too: a store of our own finds out whether there is a keychain.
        m_keychain = new KeychainStore(m_keys, this);
        m_ownsKeychain = true;
        connect(m_keychain, &KeychainStore::stateChanged, this, &ProvidersDialog::updateKeychainNote);
        m_keychain->loadKeys({});
    }
    return m_keychain;
}

void ProvidersDialog::updateKeychainNote()
{
    if (!m_keychain) {
        keychain();
        return;
    }
    switch (m_keychain->state()) {
    case KeychainStore::State::Available:
        m_keychainNote->setText(tr("API keys you type are saved in the system keychain (service \"%1\").").arg(KeychainStore::serviceName()));
        break;
    case KeychainStore::State::Unavailable:
        m_keychainNote->setText(tr("<b>No system keychain is available</b> (%1). Keys you type are kept in memory until "
                                   "PromptGrid quits and are never written to a file; set the key variable to keep one.")
                                    .arg(m_keychain->unavailableReason().toHtmlEscaped()));
        break;
    case KeychainStore::State::Unknown:
        m_keychainNote->setText(tr("Looking for the system keychain…"));
        break;
    }
    updateKeyNote();
}

void ProvidersDialog::refreshList()
{
    m_loading = true;
    m_list->clear();
    for (const Entry &entry : std::as_const(m_entries))
        m_list->addItem(entry.config.name);
    m_loading = false;
}

void ProvidersDialog::selectProvider(int row)
{
    if (row >= m_entries.size())
        row = int(m_entries.size()) - 1;
    storeEditor();
    m_loading = true;
    m_list->setCurrentRow(row);
    m_loading = false;
    loadEditor(row);
}

void ProvidersDialog::loadEditor(int row)
{
    m_current = row;
    m_editor->setEnabled(row >= 0);
    m_removeButton->setEnabled(row >= 0);
    m_loading = true;
    m_fetchStatus->clear();
    m_modelCombo->clear();
    m_fetchButton->setEnabled(true);
    if (row < 0) {
        m_nameEdit->clear();
        m_baseUrlEdit->clear();
        m_keyEdit->clear();
        m_envEdit->clear();
        m_modelList->clear();
        m_priceTable->setRowCount(0);
        m_loading = false;
        m_keyNote->clear();
        return;
    }
    const Entry &entry = m_entries.at(row);
    const ProviderConfig &config = entry.config;
    m_nameEdit->setText(config.name);
    m_kindCombo->setCurrentIndex(m_kindCombo->findData(providerKindName(config.kind)));
    m_baseUrlEdit->setText(config.baseUrl);
    m_baseUrlEdit->setPlaceholderText(ProviderConfig::defaultBaseUrl(config.kind));
    m_keyEdit->setText(entry.newKey);
    m_envEdit->setText(config.apiKeyEnv);
    m_modelList->clear();
    for (const QString &model : config.models) {
        auto *item = new QListWidgetItem(model, m_modelList);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    m_concurrencySpin->setValue(config.maxConcurrency);
    m_rpmSpin->setValue(config.requestsPerMinute);
    m_loading = false;
    onKindChanged();
    updatePrices();
    updateKeyNote();
}

void ProvidersDialog::storeEditor()
{
    if (m_current < 0 || m_current >= m_entries.size() || m_loading)
        return;
    Entry &entry = m_entries[m_current];
    ProviderConfig &config = entry.config;
    config.name = m_nameEdit->text().trimmed();
    config.kind = providerKindFromName(m_kindCombo->currentData().toString()).value_or(ProviderKind::OpenAI);
    QString url = m_baseUrlEdit->text().trimmed();
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    config.baseUrl = url;
    config.apiKeyEnv = m_envEdit->text().trimmed();
    QStringList models;
    for (int i = 0; i < m_modelList->count(); ++i) {
        const QString model = m_modelList->item(i)->text().trimmed();
        if (!model.isEmpty() && !models.contains(model))
            models.append(model);
    }
    config.models = models;
    config.maxConcurrency = m_concurrencySpin->value();
    config.requestsPerMinute = m_rpmSpin->value();
    // Spaces alone are no key (and must not forget the stored one); the rest is checked on OK.
    if (!m_keyEdit->text().trimmed().isEmpty()) {
        entry.newKey = m_keyEdit->text();
        entry.forgetKey = false;
    }
}

void ProvidersDialog::onKindChanged()
{
    const auto kind = providerKindFromName(m_kindCombo->currentData().toString()).value_or(ProviderKind::OpenAI);
    const bool network = kind != ProviderKind::Demo;
    m_baseUrlEdit->setEnabled(network);
    m_baseUrlEdit->setPlaceholderText(ProviderConfig::defaultBaseUrl(kind));
    m_keyEdit->setEnabled(network);
    m_envEdit->setEnabled(network);
    m_fetchButton->setEnabled(network);
    if (!m_loading)
        storeEditor();
    updateKeyNote();
}

void ProvidersDialog::updateKeyNote()
{
    if (m_current < 0 || !m_keyNote)
        return;
    const Entry &entry = m_entries.at(m_current);
    ProviderConfig probe = entry.config;
    probe.apiKeyEnv = m_envEdit->text().trimmed();
    const QStringList variables = ApiKeyStore::environmentVariables(probe);
    m_envEdit->setPlaceholderText(variables.isEmpty() ? tr("none (no key needed)") : variables.join(QStringLiteral(", ")));
    const bool unavailable = m_keychain && m_keychain->isUnavailable();
    QString note;
    QString keyProblem;
    ApiKeyStore::cleanKey(m_keyEdit->text(), &keyProblem);
    if (probe.kind == ProviderKind::Demo) {
        note = tr("The Demo provider needs no key.");
    } else if (!keyProblem.isEmpty()) {
        note = tr("This key %1: it cannot be stored. Paste it again without it.").arg(keyProblem);
    } else if (!m_keyEdit->text().trimmed().isEmpty()) {
        note = unavailable ? tr("This key will be kept in memory for this session only (no system keychain).")
                           : tr("This key will be saved in the system keychain when you press OK.");
    } else if (!entry.forgetKey && m_keys && m_keys->hasStoredKey(entry.originalName)) {
        note = unavailable ? tr("A key is held in memory for this session. Type a new one to replace it.")
                           : tr("A key is stored in the system keychain. Type a new one to replace it.");
    } else {
        QString found;
        for (const QString &variable : variables) {
            if (!qEnvironmentVariable(variable.toLocal8Bit().constData()).isEmpty()) {
                found = variable;
                break;
            }
        }
        if (!found.isEmpty())
            note = tr("The key comes from the environment variable %1.").arg(found);
        else if (variables.isEmpty())
            note = tr("No key: fine for local servers.");
        else
            note = tr("No key yet: type one, or set %1.").arg(variables.join(tr(" or ")));
    }
    m_keyNote->setText(note);
    m_forgetKeyButton->setEnabled(!entry.forgetKey && m_keys && m_keys->hasStoredKey(entry.originalName));
}

void ProvidersDialog::updatePrices()
{
    if (m_current < 0)
        return;
    const ProviderConfig &config = m_entries.at(m_current).config;
    QStringList models = config.models;
    QStringList others = config.prices.keys();
    others.sort();
    for (const QString &model : std::as_const(others)) {
        if (!models.contains(model))
            models.append(model);
    }
    const QSignalBlocker blocker(m_priceTable);
    m_priceTable->setRowCount(int(models.size()));
    for (int row = 0; row < models.size(); ++row) {
        const QString &model = models.at(row);
        auto *name = new QTableWidgetItem(model);
        name->setFlags(name->flags() & ~Qt::ItemIsEditable);
        if (!config.models.contains(model))
            name->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
        m_priceTable->setItem(row, 0, name);
        const auto it = config.prices.constFind(model);
        m_priceTable->setItem(row, 1, new QTableWidgetItem(it == config.prices.constEnd() ? QString() : priceText(it->inputPerMTok)));
        m_priceTable->setItem(row, 2, new QTableWidgetItem(it == config.prices.constEnd() ? QString() : priceText(it->outputPerMTok)));
    }
}

void ProvidersDialog::onPriceEdited(int row, int column)
{
    if (m_current < 0 || column == 0)
        return;
    Entry &entry = m_entries[m_current];
    const QString model = m_priceTable->item(row, 0)->text();
    const QString inputText = m_priceTable->item(row, 1) ? m_priceTable->item(row, 1)->text().trimmed() : QString();
    const QString outputText = m_priceTable->item(row, 2) ? m_priceTable->item(row, 2)->text().trimmed() : QString();
    if (inputText.isEmpty() && outputText.isEmpty()) {
        entry.config.prices.remove(model);
        m_prices.removeUserPrice(entry.config.name, model);
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
        m_priceNote->setText(tr("A price needs two numbers from 0 to %1 (USD per million input and output tokens) for %2; "
                                "this one was not saved.")
                                 .arg(QLocale().toString(ModelPrice::kMaxPerMTok, 'f', 0), model));
        return;
    }
    entry.config.prices.insert(model, price);
    m_prices.setUserPrice(entry.config.name, model, price);
}

void ProvidersDialog::addModel(const QString &model)
{
    if (m_current < 0 || model.isEmpty())
        return;
    for (int i = 0; i < m_modelList->count(); ++i) {
        if (m_modelList->item(i)->text() == model)
            return;
    }
    {
        const QSignalBlocker blocker(m_modelList);
        auto *item = new QListWidgetItem(model, m_modelList);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    m_modelCombo->setEditText(QString());
    storeEditor();
    updatePrices();
}

QString ProvidersDialog::uniqueName(const QString &base) const
{
    QString name = base;
    name.replace(QLatin1Char('/'), QLatin1Char('-'));
    const auto taken = [this](const QString &candidate) {
        return std::any_of(m_entries.begin(), m_entries.end(), [&](const Entry &e) { return e.config.name == candidate; });
    };
    for (int n = 2; taken(name); ++n)
        name = QStringLiteral("%1 %2").arg(base).arg(n);
    return name;
}

int ProvidersDialog::addFromPreset(const QString &presetId)
{
    const ProviderPreset *preset = m_presets.find(presetId);
    if (!preset)
        return -1;
    storeEditor();
    ProviderConfig config = m_presets.makeProvider(presetId, &m_prices, uniqueName(preset->name));
    // The models this machine's Ollama really has beat the preset's examples.
    const bool probed = preset->kind == ProviderKind::Ollama && m_ollamaModels && !m_ollamaModels->isEmpty()
        && PresetCatalog::normalizedUrl(config.baseUrl) == PresetCatalog::normalizedUrl(preset->baseUrl);
    if (probed)
        config.models = *m_ollamaModels;
    m_entries.append(Entry{config, {}, {}, false});
    refreshList();
    const int row = int(m_entries.size()) - 1;
    selectProvider(row);
    // Local servers answer at once: offer what they have.
    if (preset->local && !probed)
        onFetchModels();
    return row;
}

int ProvidersDialog::addBlank()
{
    storeEditor();
    ProviderConfig config;
    config.name = uniqueName(tr("Custom endpoint"));
    config.kind = ProviderKind::OpenAI;
    config.baseUrl = QStringLiteral("http://127.0.0.1:8080/v1");
    m_entries.append(Entry{config, {}, {}, false});
    refreshList();
    const int row = int(m_entries.size()) - 1;
    selectProvider(row);
    m_nameEdit->setFocus();
    m_nameEdit->selectAll();
    return row;
}

void ProvidersDialog::onRemove()
{
    if (m_current < 0)
        return;
    const Entry entry = m_entries.at(m_current);
    if (!entry.originalName.isEmpty() && m_keys && m_keys->hasStoredKey(entry.originalName)) {
        const auto answer = QMessageBox::question(this, tr("Remove provider"),
                                                  tr("Remove \"%1\" and forget its stored API key?").arg(entry.config.name));
        if (answer != QMessageBox::Yes)
            return;
    }
    const int row = m_current;
    m_entries.removeAt(row);
    m_current = -1;
    // The stored key goes when the dialog is accepted; Cancel keeps everything.
    if (!entry.originalName.isEmpty())
        m_removedKeys.append(entry.originalName);
    refreshList();
    selectProvider(std::min(row, int(m_entries.size()) - 1));
}

bool ProvidersDialog::importFile(const QString &path, QString *error)
{
    auto imported = ProviderRegistry::fromFile(path, error);
    if (!imported)
        return false;
    storeEditor();
    m_presets.applyPrices(*imported, m_prices, PriceTable::ApplyMode::FillMissing);
    for (const ProviderConfig &config : imported->providers()) {
        bool replaced = false;
        for (Entry &entry : m_entries) {
            if (entry.config.name == config.name) {
                entry.config = config;
                replaced = true;
                break;
            }
        }
        if (!replaced)
            m_entries.append(Entry{config, {}, {}, false});
    }
    refreshList();
    selectProvider(int(m_entries.size()) - 1);
    return true;
}

bool ProvidersDialog::exportFile(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(registry().toJson()) < 0 || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void ProvidersDialog::onImport()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import providers"), QString(), tr("Providers JSON (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!importFile(path, &error))
        QMessageBox::warning(this, tr("Import providers"), tr("Cannot import %1:\n%2").arg(path, error));
}

void ProvidersDialog::onExport()
{
    storeEditor();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export providers"), QStringLiteral("providers.json"),
                                                      tr("Providers JSON (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportFile(path, &error))
        QMessageBox::warning(this, tr("Export providers"), tr("Cannot write %1:\n%2").arg(path, error));
}

void ProvidersDialog::onFetchModels()
{
    if (m_current < 0)
        return;
    storeEditor();
    const Entry &entry = m_entries.at(m_current);
    ProviderConfig config = entry.config;
    if (config.baseUrl.isEmpty())
        config.baseUrl = ProviderConfig::defaultBaseUrl(config.kind);
    QString key = entry.newKey;
    if (key.isEmpty() && !entry.forgetKey && m_keys) {
        ProviderConfig lookup = config;
        lookup.name = entry.originalName;
        key = m_keys->key(lookup);
    }
    const QString tag = QStringLiteral("%1:%2").arg(++m_fetchSerial).arg(m_current);
    m_fetchButton->setEnabled(false);
    m_fetchStatus->setText(tr("Fetching the model list…"));
    setCursor(Qt::BusyCursor);
    m_lister->request(config, key, tag);
}

void ProvidersDialog::onModelsFetched(const QString &tag, const ModelListResult &result)
{
    // Only the newest request for the provider still shown counts.
    if (tag != QStringLiteral("%1:%2").arg(m_fetchSerial).arg(m_current))
        return;
    unsetCursor();
    m_fetchButton->setEnabled(true);
    if (!result.ok()) {
        m_fetchStatus->setText(tr("Could not fetch models: %1").arg(result.error));
        return;
    }
    m_modelCombo->clear();
    m_modelCombo->addItems(result.models);
    m_modelCombo->setEditText(QString());
    if (result.models.isEmpty()) {
        m_fetchStatus->setText(tr("The server lists no models."));
        return;
    }
    m_fetchStatus->setText(tr("%n model(s) available: pick one above and press Add model.", nullptr, int(result.models.size())));
    // An empty list takes what the server has (a local server has a handful).
    if (m_modelList->count() == 0 && result.models.size() <= 20) {
        for (const QString &model : result.models)
            addModel(model);
    }
}

ProviderRegistry ProvidersDialog::registry() const
{
    ProviderRegistry registry;
    for (const Entry &entry : m_entries)
        registry.upsert(entry.config);
    return registry;
}

bool ProvidersDialog::validate(QString *error, int *badRow) const
{
    QStringList names;
    for (int row = 0; row < m_entries.size(); ++row) {
        const ProviderConfig &config = m_entries.at(row).config;
        *badRow = row;
        QString parseError;
        if (!ProviderConfig::fromJson(config.toJson(), &parseError)) {
            *error = parseError;
            return false;
        }
        if (names.contains(config.name)) {
            *error = tr("Two providers are called \"%1\".").arg(config.name);
            return false;
        }
        // A control character in a key would inject HTTP headers into every request.
        QString keyProblem;
        ApiKeyStore::cleanKey(m_entries.at(row).newKey, &keyProblem);
        if (!keyProblem.isEmpty()) {
            *error = tr("The API key typed for \"%1\" %2, so it was not stored. Paste it again without it.")
                         .arg(config.name, keyProblem);
            return false;
        }
        names.append(config.name);
    }
    return true;
}

void ProvidersDialog::accept()
{
    storeEditor();
    QString error;
    int badRow = -1;
    if (!validate(&error, &badRow)) {
        selectProvider(badRow);
        QMessageBox::warning(this, tr("Providers"), error);
        return;
    }
    // Keys: typed ones to memory and the keychain, renamed ones follow their provider,
    // forgotten ones are deleted. Nothing here touches a file.
    KeychainStore *store = keychain();
    for (const QString &name : std::as_const(m_removedKeys)) {
        if (!std::any_of(m_entries.begin(), m_entries.end(), [&](const Entry &e) { return e.config.name == name; }))
            store->removeKey(name);
    }
    for (const Entry &entry : std::as_const(m_entries)) {
        const QString &name = entry.config.name;
        const bool renamed = !entry.originalName.isEmpty() && entry.originalName != name;
        if (entry.forgetKey || (renamed && !entry.newKey.isEmpty())) {
            if (!entry.originalName.isEmpty())
                store->removeKey(entry.originalName);
        }
        if (name.isEmpty())
            continue;
        if (!entry.newKey.isEmpty()) {
            store->storeKey(name, ApiKeyStore::cleanKey(entry.newKey));
        } else if (renamed && !entry.forgetKey && m_keys && m_keys->hasStoredKey(entry.originalName)) {
            ProviderConfig old = entry.config;
            old.name = entry.originalName;
            old.apiKeyEnv.clear();
            const QString key = m_keys->key(old);
            store->removeKey(entry.originalName);
            store->storeKey(name, key);
        }
    }
    QSettings settings;
    m_prices.saveUserPrices(settings);
    QDialog::accept();
}
