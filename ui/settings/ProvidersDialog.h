// SPDX-License-Identifier: MIT
#pragma once

#include "PresetCatalog.h"
#include "PriceTable.h"
#include "ProviderRegistry.h"

#include <QDialog>
#include <QList>
#include <QPointer>

#include <optional>

class ApiKeyStore;
class KeychainStore;
class ModelLister;
struct ModelListResult;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QWidget;

/// Lists, adds (from a preset or blank), edits, removes, imports and exports providers.
/// API keys typed here go to the system keychain when there is one, else they are kept in
/// memory for the session; they never reach the registry, QSettings or an export.
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
    int providerCount() const { return int(m_entries.size()); }
    void selectProvider(int row);

    void accept() override;

private:
    struct Entry {
        ProviderConfig config;
        QString originalName; ///< the name its stored key is filed under (empty: new)
        QString newKey;       ///< typed in this dialog, not yet stored
        bool forgetKey = false;
    };

    void buildUi();
    void refreshList();
    void loadEditor(int row);
    void storeEditor();
    void updateKeyNote();
    void updateKeychainNote();
    void updatePrices();
    void onKindChanged();
    void onRemove();
    void onImport();
    void onExport();
    void onFetchModels();
    void onModelsFetched(const QString &tag, const ModelListResult &result);
    void onPriceEdited(int row, int column);
    void addModel(const QString &model);
    KeychainStore *keychain();
    QString uniqueName(const QString &base) const;
    bool validate(QString *error, int *badRow) const;

    ApiKeyStore *m_keys;
    QPointer<KeychainStore> m_keychain;
    bool m_ownsKeychain = false;
    ModelLister *m_lister;
    PresetCatalog m_presets;
    PriceTable m_prices;
    QList<Entry> m_entries;
    QStringList m_removedKeys; ///< names whose stored key goes on accept
    int m_current = -1;
    bool m_loading = false;
    int m_fetchSerial = 0;
    std::optional<QStringList> m_ollamaModels; ///< set when a local Ollama answered

    QListWidget *m_list = nullptr;
    QComboBox *m_presetCombo = nullptr;
    QPushButton *m_addPresetButton = nullptr;
    QPushButton *m_addBlankButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    QWidget *m_editor = nullptr;
    QLineEdit *m_nameEdit = nullptr;
    QComboBox *m_kindCombo = nullptr;
    QLineEdit *m_baseUrlEdit = nullptr;
    QLineEdit *m_keyEdit = nullptr;
    QPushButton *m_forgetKeyButton = nullptr;
    QLabel *m_keyNote = nullptr;
    QLineEdit *m_envEdit = nullptr;
    QListWidget *m_modelList = nullptr;
    QComboBox *m_modelCombo = nullptr;
    QPushButton *m_addModelButton = nullptr;
    QPushButton *m_removeModelButton = nullptr;
    QPushButton *m_fetchButton = nullptr;
    QLabel *m_fetchStatus = nullptr;
    QSpinBox *m_concurrencySpin = nullptr;
    QSpinBox *m_rpmSpin = nullptr;
    QTableWidget *m_priceTable = nullptr;
    QLabel *m_priceNote = nullptr;
    QLabel *m_keychainNote = nullptr;
};
