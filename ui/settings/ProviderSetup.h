// SPDX-License-Identifier: MIT
#pragma once

#include "ProviderRegistry.h"

#include <QObject>
#include <QStringList>

#include <optional>

class KeychainStore;
class OllamaProbe;
class QSettings;
class QWidget;
class Scheduler;

/// The window's providers: the registry the engine and the model picker use (the Demo
/// provider always kept), read from and written to the settings with built-in and user
/// prices, the keys from the system keychain, a local Ollama found at start, and the
/// Providers dialog. Keys never reach the settings.
class ProviderSetup : public QObject
{
    Q_OBJECT
public:
    ProviderSetup(Scheduler *scheduler, QWidget *window);

    const ProviderRegistry &registry() const { return m_registry; }
    /// Uses \a registry (plus Demo) for the engine, loads its stored keys, then emits
    /// registryChanged().
    void setRegistry(const ProviderRegistry &registry);
    KeychainStore *keychain() const { return m_keychain; }

    /// Reads the saved providers; one that cannot be read any more is kept aside in the
    /// settings and reported, and the Demo provider is used.
    void readSettings(QSettings &settings);
    /// Provider settings only: ProviderRegistry::toJson() never holds a key.
    void writeSettings(QSettings &settings) const;

    /// Looks for a local Ollama once, never blocking; what it finds is offered as "ollama".
    void startOllamaProbe();
    OllamaProbe *ollamaProbe() const { return m_ollamaProbe; }
    /// What the Ollama probe found, nullopt while none answered.
    std::optional<QStringList> ollamaModels() const { return m_ollamaModels; }

    /// The Providers dialog; true when the user accepted it (the registry is replaced).
    bool edit();

Q_SIGNALS:
    void registryChanged(const ProviderRegistry &registry);
    /// Something to tell the user in the status bar for \a timeoutMs (0: until replaced).
    void message(const QString &text, int timeoutMs);

private:
    void onOllamaProbed(bool found, const QStringList &models);

    Scheduler *m_scheduler;
    QWidget *m_window;
    ProviderRegistry m_registry;
    KeychainStore *m_keychain;
    OllamaProbe *m_ollamaProbe = nullptr;
    std::optional<QStringList> m_ollamaModels;
};
