// SPDX-License-Identifier: MIT
#include "ProvidersDialog.h"

#include "ApiKeyStore.h"
#include "KeychainStore.h"
#include "PriceEditor.h"
#include "ProviderForm.h"
#include "ProviderListModel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

ProvidersDialog::ProvidersDialog(const ProviderRegistry &registry, ApiKeyStore *keys, QWidget *parent)
    : QDialog(parent)
    , m_keys(keys)
{
    setWindowTitle(tr("Providers"));
    setObjectName(QStringLiteral("providersDialog"));
    m_presets = PresetCatalog::load(&m_presetsWarning);
    m_prices = PriceTable::builtIn();
    m_prices.loadUserPrices(QSettings());
    // Known endpoints show their built-in prices (and the user's edits) from the start.
    ProviderRegistry priced = registry;
    m_presets.applyPrices(priced, m_prices, PriceTable::ApplyMode::FillMissing);
    m_providers = new ProviderListModel(priced, this);

    buildUi();
    selectProvider(m_providers->count() == 0 ? -1 : 0);
    // After the caller had its chance to hand over its own store (setKeychainStore()).
    QTimer::singleShot(0, this, [this] {
        if (!m_keychain)
            updateKeychainNote();
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
    m_list = new QListView(left);
    m_list->setObjectName(QStringLiteral("providerList"));
    m_list->setAccessibleName(tr("Providers"));
    m_list->setModel(m_providers);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
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

    // Right: the selected provider, its prices last.
    m_form = new ProviderForm(m_providers, m_keys, splitter);
    m_priceEditor = new PriceEditor(m_providers, &m_prices, m_form);
    auto *pricesLabel = new QLabel(tr("Pri&ces:"), m_form);
    pricesLabel->setBuddy(m_priceEditor->table());
    m_form->addRow(pricesLabel, m_priceEditor);

    splitter->addWidget(left);
    splitter->addWidget(m_form);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({280, 660});

    m_keychainNote = new QLabel(this);
    m_keychainNote->setObjectName(QStringLiteral("keychainNote"));
    m_keychainNote->setWordWrap(true);
    m_keychainNote->setTextFormat(Qt::RichText);
    m_keychainNote->setAccessibleName(tr("Key storage"));
    // Room for the longest note from the start: the buttons below stay put when it changes.
    m_keychainNote->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_keychainNote->setMinimumHeight(3 * m_keychainNote->fontMetrics().lineSpacing());
    layout->addWidget(m_keychainNote);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ProvidersDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ProvidersDialog::reject);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (m_selecting)
            return;
        m_form->store();
        showProvider(current.isValid() ? current.row() : -1);
    });
    connect(m_addPresetButton, &QPushButton::clicked, this, [this] { addFromPreset(m_presetCombo->currentData().toString()); });
    connect(m_addBlankButton, &QPushButton::clicked, this, [this] { addBlank(); });
    connect(m_removeButton, &QPushButton::clicked, this, &ProvidersDialog::onRemove);
    connect(importButton, &QPushButton::clicked, this, &ProvidersDialog::onImport);
    connect(exportButton, &QPushButton::clicked, this, &ProvidersDialog::onExport);
    connect(m_form, &ProviderForm::nameEdited, m_providers, &ProviderListModel::changed);
    connect(m_form, &ProviderForm::modelsChanged, m_priceEditor, &PriceEditor::refresh);
}

void ProvidersDialog::setKeychainStore(KeychainStore *store)
{
    m_keychain = store;
    m_form->setKeychain(store);
    if (store) {
        connect(store, &KeychainStore::stateChanged, this, &ProvidersDialog::updateKeychainNote);
        // The window's store may not have needed the keychain yet: nobody would find out.
        store->probe();
    }
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
    if (!m_providers->hasKind(ProviderKind::Ollama))
        m_presetCombo->setCurrentIndex(index);
}

KeychainStore *ProvidersDialog::keychain()
{
    if (!m_keychain) {
        // Works on its own too: a store of our own finds out whether there is a keychain.
        m_keychain = new KeychainStore(m_keys, this);
        m_form->setKeychain(m_keychain);
        connect(m_keychain, &KeychainStore::stateChanged, this, &ProvidersDialog::updateKeychainNote);
        m_keychain->probe();
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
    if (!m_presetsWarning.isEmpty())
        m_keychainNote->setText(m_keychainNote->text() + QLatin1Char(' ') + m_presetsWarning.toHtmlEscaped());
    m_form->updateKeyNote();
}

int ProvidersDialog::providerCount() const
{
    return m_providers->count();
}

void ProvidersDialog::selectProvider(int row)
{
    if (row >= m_providers->count())
        row = m_providers->count() - 1;
    m_form->store();
    m_selecting = true;
    m_list->setCurrentIndex(m_providers->index(row));
    m_selecting = false;
    showProvider(row);
}

void ProvidersDialog::showProvider(int row)
{
    m_removeButton->setEnabled(row >= 0);
    m_form->setRow(row);
    m_priceEditor->setRow(row);
}

int ProvidersDialog::addFromPreset(const QString &presetId)
{
    const ProviderPreset *preset = m_presets.find(presetId);
    if (!preset)
        return -1;
    m_form->store();
    ProviderConfig config = m_presets.makeProvider(presetId, &m_prices, m_providers->uniqueName(preset->name));
    // The models this machine's Ollama really has beat the preset's examples.
    const bool probed = preset->kind == ProviderKind::Ollama && m_ollamaModels && !m_ollamaModels->isEmpty()
        && PresetCatalog::normalizedUrl(config.baseUrl) == PresetCatalog::normalizedUrl(preset->baseUrl);
    if (probed)
        config.models = *m_ollamaModels;
    const int row = m_providers->append(config);
    selectProvider(row);
    // Local servers answer at once: offer what they have.
    if (preset->local && !probed)
        m_form->fetchModels();
    return row;
}

int ProvidersDialog::addBlank()
{
    m_form->store();
    ProviderConfig config;
    config.name = m_providers->uniqueName(tr("Custom endpoint"));
    config.kind = ProviderKind::OpenAI;
    config.baseUrl = QStringLiteral("http://127.0.0.1:8080/v1");
    const int row = m_providers->append(config);
    selectProvider(row);
    m_form->nameEdit()->setFocus();
    m_form->nameEdit()->selectAll();
    return row;
}

void ProvidersDialog::onRemove()
{
    const int row = m_form->row();
    if (row < 0)
        return;
    const ProviderEntry entry = m_providers->at(row);
    if (!entry.originalName.isEmpty() && m_keys && m_keys->hasStoredKey(entry.originalName)) {
        const auto answer = QMessageBox::question(this, tr("Remove provider"),
                                                  tr("Remove \"%1\" and forget its stored API key?").arg(entry.config.name));
        if (answer != QMessageBox::Yes)
            return;
    }
    // Nothing of the removed provider is stored back.
    m_form->setRow(-1);
    m_selecting = true;
    m_providers->removeAt(row);
    m_selecting = false;
    selectProvider(std::min(row, m_providers->count() - 1));
}

bool ProvidersDialog::importFile(const QString &path, QString *error)
{
    auto imported = ProviderRegistry::fromFile(path, error);
    if (!imported)
        return false;
    m_form->store();
    m_presets.applyPrices(*imported, m_prices, PriceTable::ApplyMode::FillMissing);
    m_selecting = true;
    m_providers->merge(*imported);
    m_selecting = false;
    selectProvider(m_providers->count() - 1);
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
    m_form->store();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export providers"), QStringLiteral("providers.json"),
                                                      tr("Providers JSON (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportFile(path, &error))
        QMessageBox::warning(this, tr("Export providers"), tr("Cannot write %1:\n%2").arg(path, error));
}

ProviderRegistry ProvidersDialog::registry() const
{
    return m_providers->registry();
}

void ProvidersDialog::accept()
{
    m_form->store();
    QString error;
    int badRow = -1;
    if (!m_providers->validate(&error, &badRow)) {
        selectProvider(badRow);
        QMessageBox::warning(this, tr("Providers"), error);
        return;
    }
    // Keys: typed ones to memory and the keychain, renamed ones follow their provider,
    // forgotten ones are deleted. Nothing here touches a file.
    KeychainStore *store = keychain();
    for (const QString &name : m_providers->removedKeys()) {
        if (!m_providers->hasName(name))
            store->removeKey(name);
    }
    for (const ProviderEntry &entry : m_providers->entries()) {
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
