// SPDX-License-Identifier: MIT
#pragma once

#include "PriceTable.h"
#include "ProviderConfig.h"

#include <QList>
#include <QString>
#include <QStringList>

class ProviderRegistry;

/// A starting point for a provider: a known endpoint with its key variable and a few models.
struct ProviderPreset {
    QString id;   ///< stable key, also the key of its prices in prices.json
    QString name; ///< shown to the user, and the default provider name
    ProviderKind kind = ProviderKind::OpenAI;
    QString baseUrl;
    QString apiKeyEnv;
    QStringList models;
    int maxConcurrency = 8;
    bool local = false;    ///< runs on this machine (no key needed)
    QString priceId;       ///< whose prices in prices.json (another preset's for one endpoint's second API); id when empty
    std::optional<ReasoningStyle> reasoningStyle;   ///< how its models take a reasoning setting
    QHash<QString, ModelSettings> modelSettings;    ///< per model: reasoning style and defaults
    bool fromUser = false; ///< defined or changed by the user's presets file
};

/// The presets shipped in the engine's resources (:/providers/presets.json), with the user's
/// own presets file (same format, in the app config directory) merged over them by id.
class PresetCatalog
{
public:
    /// Only the built-in presets.
    static PresetCatalog builtIn();
    /// Built-ins plus the user's presets file, when there is one. A broken user file is
    /// skipped and described in \a warning.
    static PresetCatalog load(QString *warning = nullptr);
    /// presets.json in AppFolders::configFolder() (~/.config/PromptGrid)
    static QString userPresetsPath();

    /// Adds or replaces presets from a {"presets":[...]} document.
    bool mergeJson(const QByteArray &json, bool fromUser, QString *error);

    const QList<ProviderPreset> &presets() const { return m_presets; }
    const ProviderPreset *find(const QString &id) const;
    /// The preset whose endpoint \a config talks to (same scheme, host, port and path), or null.
    const ProviderPreset *match(const ProviderConfig &config) const;

    /// A provider made from preset \a id, named \a name (the preset's name when empty), with
    /// the built-in prices of the preset from \a prices (may be null) and the user's prices.
    ProviderConfig makeProvider(const QString &id, const PriceTable *prices, const QString &name = {}) const;
    /// Applies \a prices to every provider of \a registry that matches a preset (see
    /// PriceTable::apply), and the user's prices to the others. A matching preset's reasoning
    /// style and model settings fill what the provider does not set itself (the facts about its
    /// models travel with its prices).
    void applyPrices(ProviderRegistry &registry, const PriceTable &prices,
                     PriceTable::ApplyMode mode = PriceTable::ApplyMode::FillMissing) const;

    /// A comparable form of a base URL: lower-case scheme and host, localhost as 127.0.0.1,
    /// the scheme's default port made explicit, no trailing slash.
    static QString normalizedUrl(const QString &url);

private:
    QList<ProviderPreset> m_presets;
};
