// SPDX-License-Identifier: MIT
#pragma once

#include "ProviderConfig.h"

#include <QHash>
#include <QString>

#include <optional>

class QSettings;

/// Token prices: the built-in snapshot shipped with the presets (per preset id and model) plus
/// the prices the user edited (per provider name and model). Prices are not secrets, so the
/// user's edits live in QSettings.
class PriceTable
{
public:
    /// How apply() treats the prices a provider already has.
    enum class ApplyMode {
        FillMissing,      ///< add built-in prices for models that have none (the window)
        OnlyWhenNoPrices, ///< leave a provider that brings its own "prices" alone (the CLI)
    };

    /// The snapshot in the engine's resources (:/providers/prices.json).
    static PriceTable builtIn();
    /// Reads a prices.json document; on failure returns false with \a error.
    bool loadJson(const QByteArray &json, QString *error);

    /// The date the built-in prices were taken (ISO 8601), and the note that they are a snapshot.
    QString asOf() const { return m_asOf; }
    QString note() const { return m_note; }
    bool isEmpty() const { return m_builtIn.isEmpty(); }

    std::optional<ModelPrice> builtInPrice(const QString &presetId, const QString &model) const;
    QHash<QString, ModelPrice> builtInPrices(const QString &presetId) const;

    void setUserPrice(const QString &provider, const QString &model, const ModelPrice &price);
    void removeUserPrice(const QString &provider, const QString &model);
    std::optional<ModelPrice> userPrice(const QString &provider, const QString &model) const;
    /// The user's prices from / to \a settings (key "prices/user", one JSON document).
    void loadUserPrices(const QSettings &settings);
    void saveUserPrices(QSettings &settings) const;

    /// Fills \a config's prices from the built-in table of \a presetId (may be empty: no
    /// built-in prices), then lays the user's prices for \a config over them.
    void apply(ProviderConfig &config, const QString &presetId, ApplyMode mode = ApplyMode::FillMissing) const;

private:
    QString m_asOf;
    QString m_note;
    QHash<QString, QHash<QString, ModelPrice>> m_builtIn; ///< preset id -> model -> price
    QHash<QString, QHash<QString, ModelPrice>> m_user;    ///< provider name -> model -> price
};
