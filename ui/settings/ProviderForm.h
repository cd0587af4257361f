// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QWidget>

class ApiKeyStore;
class KeychainStore;
class ModelLister;
class ProviderListModel;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
struct ModelListResult;

/// The fields of one provider of a ProviderListModel: name, wire format, base URL, API key
/// (masked; where the key comes from is said below it, never the key), key variable, models
/// (typed, or fetched from the endpoint without blocking), concurrency and requests per minute.
/// The fields are read into the provider by store().
class ProviderForm : public QWidget
{
    Q_OBJECT
public:
    ProviderForm(ProviderListModel *providers, ApiKeyStore *keys, QWidget *parent = nullptr);

    /// Shows provider \a row (-1: empty and disabled).
    void setRow(int row);
    int row() const { return m_row; }
    /// Writes the fields into the provider shown.
    void store();
    /// Adds \a label and \a field as a row at the end of the form.
    void addRow(QLabel *label, QWidget *field);
    /// Used to say where a typed key will be kept.
    void setKeychain(KeychainStore *keychain);
    /// Says again where the key of the provider shown comes from.
    void updateKeyNote();
    /// Asks the endpoint for its models (GET .../models); the status line says how it went.
    void fetchModels();
    void addModel(const QString &model);
    QLineEdit *nameEdit() const { return m_nameEdit; }

Q_SIGNALS:
    /// The provider's name was edited (the list shows it).
    void nameEdited(int row);
    /// The provider's models changed (its price list follows).
    void modelsChanged();

private:
    void onKindChanged();
    void onModelsFetched(const QString &tag, const ModelListResult &result);

    ProviderListModel *m_providers;
    ApiKeyStore *m_keys;
    QPointer<KeychainStore> m_keychain;
    ModelLister *m_lister;
    int m_row = -1;
    bool m_loading = false;
    int m_fetchSerial = 0;

    QFormLayout *m_form;
    QLineEdit *m_nameEdit;
    QComboBox *m_kindCombo;
    QLineEdit *m_baseUrlEdit;
    QLineEdit *m_keyEdit;
    QPushButton *m_forgetKeyButton;
    QLabel *m_keyNote;
    QLineEdit *m_envEdit;
    QListWidget *m_modelList;
    QComboBox *m_modelCombo;
    QPushButton *m_addModelButton;
    QPushButton *m_removeModelButton;
    QPushButton *m_fetchButton;
    QLabel *m_fetchStatus;
    QSpinBox *m_concurrencySpin;
    QSpinBox *m_rpmSpin;
};
