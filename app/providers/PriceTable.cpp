// SPDX-License-Identifier: MIT
#include "PriceTable.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

namespace {
const auto kUserPricesKey = QStringLiteral("prices/user");

std::optional<ModelPrice> readPrice(const QJsonValue &value)
{
    const QJsonObject entry = value.toObject();
    const QJsonValue input = entry.value(QLatin1String("input_per_mtok"));
    const QJsonValue output = entry.value(QLatin1String("output_per_mtok"));
    const ModelPrice price{input.toDouble(-1), output.toDouble(-1)};
    if (!input.isDouble() || !output.isDouble() || !price.isValid())
        return std::nullopt;
    return price;
}

QJsonObject priceJson(const ModelPrice &price)
{
    return QJsonObject{{QStringLiteral("input_per_mtok"), price.inputPerMTok},
                       {QStringLiteral("output_per_mtok"), price.outputPerMTok}};
}
} // namespace

PriceTable PriceTable::builtIn()
{
    PriceTable table;
    QFile file(QStringLiteral(":/providers/prices.json"));
    QString error;
    if (!file.open(QIODevice::ReadOnly) || !table.loadJson(file.readAll(), &error))
        qWarning("PriceTable: the built-in price table cannot be read: %s", qPrintable(error.isEmpty() ? file.errorString() : error));
    return table;
}

bool PriceTable::loadJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        *error = QStringLiteral("invalid JSON: %1").arg(parseError.errorString());
        return false;
    }
    const QJsonObject root = doc.object();
    const QJsonValue prices = root.value(QLatin1String("prices"));
    if (!prices.isObject()) {
        *error = QStringLiteral("field \"prices\" must be an object");
        return false;
    }
    QHash<QString, QHash<QString, ModelPrice>> table;
    const QJsonObject byPreset = prices.toObject();
    for (auto preset = byPreset.begin(); preset != byPreset.end(); ++preset) {
        const QJsonObject models = preset.value().toObject();
        for (auto model = models.begin(); model != models.end(); ++model) {
            const auto price = readPrice(model.value());
            if (!price) {
                *error = QStringLiteral("prices.%1.%2 needs numbers input_per_mtok and output_per_mtok")
                             .arg(preset.key(), model.key());
                return false;
            }
            table[preset.key()].insert(model.key(), *price);
        }
    }
    m_builtIn = table;
    m_asOf = root.value(QLatin1String("as_of")).toString();
    m_note = root.value(QLatin1String("note")).toString();
    return true;
}

std::optional<ModelPrice> PriceTable::builtInPrice(const QString &presetId, const QString &model) const
{
    const auto preset = m_builtIn.constFind(presetId);
    if (preset == m_builtIn.constEnd())
        return std::nullopt;
    const auto it = preset->constFind(model);
    if (it == preset->constEnd())
        return std::nullopt;
    return *it;
}

QHash<QString, ModelPrice> PriceTable::builtInPrices(const QString &presetId) const
{
    return m_builtIn.value(presetId);
}

void PriceTable::setUserPrice(const QString &provider, const QString &model, const ModelPrice &price)
{
    m_user[provider].insert(model, price);
}

void PriceTable::removeUserPrice(const QString &provider, const QString &model)
{
    auto it = m_user.find(provider);
    if (it == m_user.end())
        return;
    it->remove(model);
    if (it->isEmpty())
        m_user.erase(it);
}

std::optional<ModelPrice> PriceTable::userPrice(const QString &provider, const QString &model) const
{
    const auto it = m_user.constFind(provider);
    if (it == m_user.constEnd() || !it->contains(model))
        return std::nullopt;
    return it->value(model);
}

void PriceTable::loadUserPrices(const QSettings &settings)
{
    m_user.clear();
    const QJsonObject root = QJsonDocument::fromJson(settings.value(kUserPricesKey).toByteArray()).object();
    for (auto provider = root.begin(); provider != root.end(); ++provider) {
        const QJsonObject models = provider.value().toObject();
        for (auto model = models.begin(); model != models.end(); ++model) {
            if (const auto price = readPrice(model.value()))
                m_user[provider.key()].insert(model.key(), *price);
        }
    }
}

void PriceTable::saveUserPrices(QSettings &settings) const
{
    if (m_user.isEmpty()) {
        settings.remove(kUserPricesKey);
        return;
    }
    QJsonObject root;
    for (auto provider = m_user.begin(); provider != m_user.end(); ++provider) {
        QJsonObject models;
        for (auto model = provider->begin(); model != provider->end(); ++model)
            models.insert(model.key(), priceJson(*model));
        root.insert(provider.key(), models);
    }
    settings.setValue(kUserPricesKey, QJsonDocument(root).toJson(QJsonDocument::Compact));
}

void PriceTable::apply(ProviderConfig &config, const QString &presetId, ApplyMode mode) const
{
    if (!presetId.isEmpty() && (mode == ApplyMode::FillMissing || config.prices.isEmpty())) {
        const QHash<QString, ModelPrice> prices = m_builtIn.value(presetId);
        for (auto it = prices.begin(); it != prices.end(); ++it) {
            if (!config.prices.contains(it.key()))
                config.prices.insert(it.key(), *it);
        }
    }
    const QHash<QString, ModelPrice> user = m_user.value(config.name);
    for (auto it = user.begin(); it != user.end(); ++it)
        config.prices.insert(it.key(), *it);
}
