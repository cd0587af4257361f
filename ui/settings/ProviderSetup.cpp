// SPDX-License-Identifier: MIT
#include "ProviderSetup.h"

#include "KeychainStore.h"
#include "OllamaProbe.h"
#include "PresetCatalog.h"
#include "PriceTable.h"
#include "ProviderEditing.h"
#include "Scheduler.h"
#include "SecretMask.h"

#include <QSettings>
#include <QWidget>

#include <algorithm>

namespace {
const QString kDemoProvider = QStringLiteral("demo");
}

ProviderSetup::ProviderSetup(Scheduler *scheduler, QWidget *window)
    : QObject(window)
    , m_scheduler(scheduler)
    , m_window(window)
    , m_registry(ProviderRegistry::withDemo())
    , m_keychain(new KeychainStore(&scheduler->keys(), this))
{
    connect(m_keychain, &KeychainStore::keysLoaded, this,
            [this] { SecretMask::setLogSecrets(m_scheduler->keys().keys(m_registry.providers())); });
    connect(m_keychain, &KeychainStore::unavailable, this, [this](const QString &reason) {
        Q_EMIT message(tr("No system keychain (%1): keys typed in are kept for this session only.").arg(reason), 10000);
    });
}

void ProviderSetup::setRegistry(const ProviderRegistry &registry)
{
    m_registry = registry;
    if (!m_registry.find(kDemoProvider))
        m_registry.upsert(*ProviderRegistry::withDemo().find(kDemoProvider));
    m_scheduler->setProviders(m_registry);
    // Keys saved in the system keychain by an earlier session; the Demo provider needs none.
    QStringList keyed;
    for (const ProviderConfig &provider : m_registry.providers()) {
        if (provider.kind != ProviderKind::Demo && !m_scheduler->keys().hasStoredKey(provider.name))
            keyed.append(provider.name);
    }
    if (!keyed.isEmpty())
        m_keychain->loadKeys(keyed);
    SecretMask::setLogSecrets(m_scheduler->keys().keys(m_registry.providers()));
    Q_EMIT registryChanged(m_registry);
}

void ProviderSetup::readSettings(QSettings &settings)
{
    ProviderRegistry registry = ProviderRegistry::withDemo();
    const QByteArray json = settings.value(QStringLiteral("providers/json")).toByteArray();
    if (!json.isEmpty()) {
        QString error;
        if (auto loaded = ProviderRegistry::fromJson(json, &error)) {
            registry = *loaded;
        } else {
            // Stricter checks (a base_url with a query, a price of 1e308) may refuse what an
            // older version saved: keep a copy, as writeSettings() replaces the original.
            settings.setValue(QStringLiteral("providers/unreadableJson"), json);
            Q_EMIT message(tr("Saved providers could not be read (%1); using the Demo provider. A copy is kept "
                              "under providers/unreadableJson in the settings file.")
                               .arg(error),
                           20000);
        }
    }
    // Known endpoints get their built-in prices and the user's edits now, so that cost shows
    // without a visit to the Providers dialog.
    PriceTable prices = PriceTable::builtIn();
    prices.loadUserPrices(settings);
    PresetCatalog::load().applyPrices(registry, prices, PriceTable::ApplyMode::FillMissing);
    setRegistry(registry);
}

void ProviderSetup::writeSettings(QSettings &settings) const
{
    settings.setValue(QStringLiteral("providers/json"), m_registry.toJson());
}

void ProviderSetup::startOllamaProbe()
{
    m_ollamaProbe = new OllamaProbe(this);
    connect(m_ollamaProbe, &OllamaProbe::finished, this, &ProviderSetup::onOllamaProbed);
    m_ollamaProbe->start();
}

void ProviderSetup::onOllamaProbed(bool found, const QStringList &models)
{
    if (!found || models.isEmpty())
        return;
    m_ollamaModels = models;
    const QString name = QStringLiteral("ollama");
    const bool haveOther = std::any_of(m_registry.providers().begin(), m_registry.providers().end(),
                                       [&name](const ProviderConfig &p) {
                                           return p.kind == ProviderKind::Ollama && p.name != name;
                                       });
    const ProviderConfig *existing = m_registry.find(name);
    // A user's own Ollama entry (or a non-Ollama provider called "ollama") is left alone.
    if (haveOther || (existing && existing->kind != ProviderKind::Ollama))
        return;
    ProviderConfig config;
    if (existing)
        config = *existing;
    config.name = name;
    config.kind = ProviderKind::Ollama;
    if (config.baseUrl.isEmpty())
        config.baseUrl = OllamaProbe::defaultBaseUrl();
    QStringList merged = config.models;
    for (const QString &model : models) {
        if (!merged.contains(model))
            merged.append(model);
    }
    if (existing && merged == existing->models)
        return;
    config.models = merged;
    ProviderRegistry registry = m_registry;
    registry.upsert(config);
    setRegistry(registry);
    Q_EMIT message(tr("Found a local Ollama with %n model(s): tick them under \"ollama\".", nullptr, int(models.size())), 8000);
}

bool ProviderSetup::edit()
{
    const auto edited = editProviders(m_registry, &m_scheduler->keys(), m_keychain, m_window, m_ollamaModels);
    if (!edited)
        return false;
    setRegistry(*edited);
    return true;
}
