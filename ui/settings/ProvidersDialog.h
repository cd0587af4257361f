// SPDX-License-Identifier: MIT
#pragma once

#include "PresetCatalog.h"
#include "PriceTable.h"
#include "ProviderRegistry.h"

#include <QDialog>
#include <QPointer>

#include <optional>

class ApiKeyStore;
class KeychainStore;
class PriceEditor;
class ProviderForm;
class ProviderListModel;
class QComboBox;
class QLabel;
class QListView;
class QPushButton;

/// Lists, adds (from a preset or blank), edits, removes, imports and exports providers.
/// API keys typed here go to the system keychain when there is one, else they are kept in
/// memory for the session; they never reach the registry, QSettings or an export. The
/// providers are a ProviderListModel, shown in a list beside the ProviderForm of the selected
/// one and its PriceEditor.
class ProvidersDialog : public QDialog
{
    Q_OBJECT
public:
    ProvidersDialog(const ProviderRegistry &registry, ApiKeyStore *keys, QWidget *parent = nullptr);
    ~ProvidersDialog() override;

    /// The edited providers (valid after accept(); before, the current state of the form).
    ProviderRegistry registry() const;
    /// Uses \a store (owned by the caller) for keys; without one the dialog makes its own.
    void setKeychainStore(KeychainStore *store);
    /// What OllamaProbe found on this machine: the Ollama preset offers these models.
    void setOllamaModels(const QStringList &models);

    /// Adds a provider made from preset \a presetId; returns its row.
    int addFromPreset(const QString &presetId);
    /// Adds an empty OpenAI-compatible endpoint; returns its row.
    int addBlank();
    /// Merges a providers JSON file (the CLI's format) by name.
    bool importFile(const QString &path, QString *error);
    /// Writes the providers as JSON (the CLI's format, never a key).
    bool exportFile(const QString &path, QString *error) const;
    int providerCount() const;
    void selectProvider(int row);

    void accept() override;

private:
    void buildUi();
    void showProvider(int row);
    void updateKeychainNote();
    void onRemove();
    void onImport();
    void onExport();
    KeychainStore *keychain();

    ApiKeyStore *m_keys;
    QPointer<KeychainStore> m_keychain;
    PresetCatalog m_presets;
    QString m_presetsWarning; ///< why the user's presets file was not used, shown under the keychain note
    PriceTable m_prices;
    ProviderListModel *m_providers;
    bool m_selecting = false;
    std::optional<QStringList> m_ollamaModels; ///< set when a local Ollama answered

    QListView *m_list = nullptr;
    QComboBox *m_presetCombo = nullptr;
    QPushButton *m_addPresetButton = nullptr;
    QPushButton *m_addBlankButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    ProviderForm *m_form = nullptr;
    PriceEditor *m_priceEditor = nullptr;
    QLabel *m_keychainNote = nullptr;
};
