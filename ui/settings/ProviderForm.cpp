// SPDX-License-Identifier: MIT
#include "ProviderForm.h"

#include "ApiKeyStore.h"
#include "KeychainStore.h"
#include "ModelLister.h"
#include "ProviderListModel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace {
QString kindLabel(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAI:
        return ProviderForm::tr("OpenAI-compatible (Chat Completions)");
    case ProviderKind::OpenAIResponses:
        return ProviderForm::tr("OpenAI Responses API");
    case ProviderKind::Anthropic:
        return ProviderForm::tr("Anthropic Messages");
    case ProviderKind::Gemini:
        return ProviderForm::tr("Google Gemini");
    case ProviderKind::Ollama:
        return ProviderForm::tr("Ollama");
    case ProviderKind::Demo:
        return ProviderForm::tr("Demo (offline)");
    }
    return {};
}
} // namespace

ProviderForm::ProviderForm(ProviderListModel *providers, ApiKeyStore *keys, QWidget *parent)
    : QWidget(parent)
    , m_providers(providers)
    , m_keys(keys)
    , m_lister(new ModelLister(this))
    , m_form(new QFormLayout(this))
{
    setObjectName(QStringLiteral("providerForm"));
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameEdit"));
    m_nameEdit->setAccessibleName(tr("Provider name"));
    m_nameEdit->setToolTip(tr("Used in column headers and in --model NAME/MODEL; no '/'."));
    m_form->addRow(tr("&Name:"), m_nameEdit);

    m_kindCombo = new QComboBox(this);
    m_kindCombo->setObjectName(QStringLiteral("kindCombo"));
    m_kindCombo->setAccessibleName(tr("Wire format"));
    for (auto kind : {ProviderKind::OpenAI, ProviderKind::OpenAIResponses, ProviderKind::Anthropic, ProviderKind::Gemini,
                      ProviderKind::Ollama, ProviderKind::Demo})
        m_kindCombo->addItem(kindLabel(kind), providerKindName(kind));
    m_form->addRow(tr("&Kind:"), m_kindCombo);

    m_baseUrlEdit = new QLineEdit(this);
    m_baseUrlEdit->setObjectName(QStringLiteral("baseUrlEdit"));
    m_baseUrlEdit->setAccessibleName(tr("Base URL"));
    m_form->addRow(tr("Base &URL:"), m_baseUrlEdit);

    m_keyEdit = new QLineEdit(this);
    m_keyEdit->setObjectName(QStringLiteral("keyEdit"));
    m_keyEdit->setAccessibleName(tr("API key"));
    m_keyEdit->setEchoMode(QLineEdit::Password);
    m_keyEdit->setClearButtonEnabled(true);
    m_forgetKeyButton = new QPushButton(tr("&Forget key"), this);
    m_forgetKeyButton->setObjectName(QStringLiteral("forgetKeyButton"));
    m_forgetKeyButton->setAccessibleName(tr("Forget the stored API key"));
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyEdit, 1);
    keyRow->addWidget(m_forgetKeyButton);
    m_keyNote = new QLabel(this);
    m_keyNote->setObjectName(QStringLiteral("keyNote"));
    m_keyNote->setAccessibleName(tr("Where the API key comes from"));
    auto *keyBox = new QVBoxLayout;
    keyBox->setSpacing(2);
    keyBox->addLayout(keyRow);
    keyBox->addWidget(m_keyNote);
    // A form row holding a layout gets no buddy by itself: give the mnemonic its field.
    auto *keyLabel = new QLabel(tr("API ke&y:"), this);
    keyLabel->setBuddy(m_keyEdit);
    m_form->addRow(keyLabel, keyBox);

    m_envEdit = new QLineEdit(this);
    m_envEdit->setObjectName(QStringLiteral("envEdit"));
    m_envEdit->setAccessibleName(tr("API key environment variable"));
    m_form->addRow(tr("Key &variable:"), m_envEdit);

    m_modelList = new QListWidget(this);
    m_modelList->setObjectName(QStringLiteral("modelList"));
    m_modelList->setAccessibleName(tr("Models"));
    m_modelList->setMinimumHeight(110);
    m_modelCombo = new QComboBox(this);
    m_modelCombo->setObjectName(QStringLiteral("modelCombo"));
    m_modelCombo->setEditable(true);
    m_modelCombo->setInsertPolicy(QComboBox::NoInsert);
    m_modelCombo->setAccessibleName(tr("Model to add"));
    m_modelCombo->lineEdit()->setPlaceholderText(tr("model id"));
    m_addModelButton = new QPushButton(tr("A&dd model"), this);
    m_addModelButton->setAccessibleName(tr("Add the model"));
    m_removeModelButton = new QPushButton(tr("Remove mode&l"), this);
    m_removeModelButton->setAccessibleName(tr("Remove the selected model"));
    m_fetchButton = new QPushButton(tr("Fetch &models"), this);
    m_fetchButton->setObjectName(QStringLiteral("fetchButton"));
    m_fetchButton->setAccessibleName(tr("Fetch the model list from the provider"));
    m_fetchStatus = new QLabel(this);
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
    auto *modelsLabel = new QLabel(tr("M&odels:"), this);
    modelsLabel->setBuddy(m_modelList);
    m_form->addRow(modelsLabel, modelBox);

    m_concurrencySpin = new QSpinBox(this);
    m_concurrencySpin->setObjectName(QStringLiteral("concurrencySpin"));
    m_concurrencySpin->setRange(1, 1000);
    m_concurrencySpin->setAccessibleName(tr("Maximum requests at once"));
    m_rpmSpin = new QSpinBox(this);
    m_rpmSpin->setObjectName(QStringLiteral("rpmSpin"));
    m_rpmSpin->setRange(0, 1'000'000);
    m_rpmSpin->setSpecialValueText(tr("no limit"));
    m_rpmSpin->setAccessibleName(tr("Requests per minute"));
    auto *limitsRow = new QHBoxLayout;
    limitsRow->addWidget(m_concurrencySpin);
    limitsRow->addWidget(new QLabel(tr("at once,"), this));
    limitsRow->addWidget(m_rpmSpin);
    limitsRow->addWidget(new QLabel(tr("requests per minute"), this));
    limitsRow->addStretch(1);
    m_form->addRow(tr("Limits:"), limitsRow);

    connect(m_lister, &ModelLister::finished, this, &ProviderForm::onModelsFetched);
    connect(m_kindCombo, &QComboBox::currentIndexChanged, this, &ProviderForm::onKindChanged);
    connect(m_nameEdit, &QLineEdit::textEdited, this, [this](const QString &text) {
        if (m_row < 0)
            return;
        m_providers->entry(m_row).config.name = text.trimmed();
        Q_EMIT nameEdited(m_row);
    });
    connect(m_keyEdit, &QLineEdit::textEdited, this, [this] { updateKeyNote(); });
    connect(m_envEdit, &QLineEdit::textEdited, this, [this] { updateKeyNote(); });
    connect(m_forgetKeyButton, &QPushButton::clicked, this, [this] {
        if (m_row < 0)
            return;
        ProviderEntry &entry = m_providers->entry(m_row);
        entry.forgetKey = true;
        entry.newKey.clear();
        m_keyEdit->clear();
        updateKeyNote();
    });
    connect(m_addModelButton, &QPushButton::clicked, this, [this] { addModel(m_modelCombo->currentText().trimmed()); });
    connect(m_modelCombo->lineEdit(), &QLineEdit::returnPressed, this, [this] { addModel(m_modelCombo->currentText().trimmed()); });
    connect(m_removeModelButton, &QPushButton::clicked, this, [this] {
        delete m_modelList->currentItem();
        store();
        Q_EMIT modelsChanged();
    });
    connect(m_modelList, &QListWidget::itemChanged, this, [this] {
        if (!m_loading) {
            store();
            Q_EMIT modelsChanged();
        }
    });
    connect(m_fetchButton, &QPushButton::clicked, this, &ProviderForm::fetchModels);
}

void ProviderForm::setKeychain(KeychainStore *keychain)
{
    m_keychain = keychain;
}

void ProviderForm::addRow(QLabel *label, QWidget *field)
{
    m_form->addRow(label, field);
}

void ProviderForm::setRow(int row)
{
    m_row = row;
    setEnabled(row >= 0);
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
        m_loading = false;
        m_keyNote->clear();
        return;
    }
    const ProviderEntry &entry = m_providers->at(row);
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
    updateKeyNote();
}

void ProviderForm::store()
{
    if (m_row < 0 || m_row >= m_providers->count() || m_loading)
        return;
    ProviderEntry &entry = m_providers->entry(m_row);
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
    m_providers->changed(m_row);
}

void ProviderForm::onKindChanged()
{
    const auto kind = providerKindFromName(m_kindCombo->currentData().toString()).value_or(ProviderKind::OpenAI);
    const bool network = kind != ProviderKind::Demo;
    m_baseUrlEdit->setEnabled(network);
    m_baseUrlEdit->setPlaceholderText(ProviderConfig::defaultBaseUrl(kind));
    m_keyEdit->setEnabled(network);
    m_envEdit->setEnabled(network);
    m_fetchButton->setEnabled(network);
    if (!m_loading)
        store();
    updateKeyNote();
}

void ProviderForm::updateKeyNote()
{
    if (m_row < 0)
        return;
    const ProviderEntry &entry = m_providers->at(m_row);
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

void ProviderForm::addModel(const QString &model)
{
    if (m_row < 0 || model.isEmpty())
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
    store();
    Q_EMIT modelsChanged();
}

void ProviderForm::fetchModels()
{
    if (m_row < 0)
        return;
    store();
    const ProviderEntry &entry = m_providers->at(m_row);
    ProviderConfig config = entry.config;
    if (config.baseUrl.isEmpty())
        config.baseUrl = ProviderConfig::defaultBaseUrl(config.kind);
    QString key = entry.newKey;
    if (key.isEmpty() && !entry.forgetKey && m_keys) {
        ProviderConfig lookup = config;
        lookup.name = entry.originalName;
        key = m_keys->key(lookup);
    }
    const QString tag = QStringLiteral("%1:%2").arg(++m_fetchSerial).arg(m_row);
    m_fetchButton->setEnabled(false);
    m_fetchStatus->setText(tr("Fetching the model list…"));
    setCursor(Qt::BusyCursor);
    m_lister->request(config, key, tag);
}

void ProviderForm::onModelsFetched(const QString &tag, const ModelListResult &result)
{
    // Only the newest request for the provider still shown counts.
    if (tag != QStringLiteral("%1:%2").arg(m_fetchSerial).arg(m_row))
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
    // An empty list takes what the server has (a local server has a handful).
    const bool takeAll = m_modelList->count() == 0 && result.models.size() <= 20;
    if (takeAll) {
        for (const QString &model : result.models)
            addModel(model);
    }
    QStringList listed;
    for (int i = 0; i < m_modelList->count(); ++i)
        listed.append(m_modelList->item(i)->text());
    const auto missing = std::count_if(result.models.begin(), result.models.end(),
                                       [&listed](const QString &model) { return !listed.contains(model); });
    const int fetched = int(result.models.size());
    if (takeAll)
        m_fetchStatus->setText(fetched == 1 ? tr("Added the model the server lists.")
                                            : tr("Added the %1 models the server lists.").arg(fetched));
    else if (missing == 0)
        m_fetchStatus->setText(fetched == 1 ? tr("The model the server lists is already added.")
                                            : tr("All %1 models the server lists are already added.").arg(fetched));
    else if (missing == fetched)
        m_fetchStatus->setText(tr("%n model(s) available: pick one above and press Add model.", nullptr, fetched));
    else
        m_fetchStatus->setText(tr("%1 of the %2 models the server lists %3 not added yet: pick one above and press Add model.")
                                   .arg(missing)
                                   .arg(fetched)
                                   .arg(missing == 1 ? tr("is") : tr("are")));
}
