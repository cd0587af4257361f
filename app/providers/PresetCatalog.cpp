// SPDX-License-Identifier: MIT
#include "PresetCatalog.h"

#include "AppFolders.h"
#include "PriceTable.h"
#include "ProviderRegistry.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

PresetCatalog PresetCatalog::builtIn()
{
    PresetCatalog catalog;
    QFile file(QStringLiteral(":/providers/presets.json"));
    QString error;
    if (!file.open(QIODevice::ReadOnly) || !catalog.mergeJson(file.readAll(), false, &error))
        qWarning("PresetCatalog: the built-in presets cannot be read: %s", qPrintable(error.isEmpty() ? file.errorString() : error));
    return catalog;
}

PresetCatalog PresetCatalog::load(QString *warning)
{
    PresetCatalog catalog = builtIn();
    QFile file(userPresetsPath());
    if (!file.exists())
        return catalog;
    QString error;
    if (!file.open(QIODevice::ReadOnly)) {
        error = file.errorString();
    } else {
        PresetCatalog user = catalog;
        if (user.mergeJson(file.readAll(), true, &error))
            catalog = user;
    }
    if (!error.isEmpty() && warning)
        *warning = QStringLiteral("%1: %2 (using the built-in presets)").arg(QDir::toNativeSeparators(file.fileName()), error);
    return catalog;
}

QString PresetCatalog::userPresetsPath()
{
    return AppFolders::configFolder() + QStringLiteral("/presets.json");
}

bool PresetCatalog::mergeJson(const QByteArray &json, bool fromUser, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject() || !doc.object().value(QLatin1String("presets")).isArray()) {
        *error = parseError.error != QJsonParseError::NoError
            ? QStringLiteral("invalid JSON at offset %1: %2").arg(parseError.offset).arg(parseError.errorString())
            : QStringLiteral("field \"presets\" must be an array");
        return false;
    }
    QList<ProviderPreset> merged = m_presets;
    const QJsonArray entries = doc.object().value(QLatin1String("presets")).toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject object = entries.at(i).toObject();
        ProviderPreset preset;
        preset.id = object.value(QLatin1String("id")).toString();
        preset.name = object.value(QLatin1String("name")).toString(preset.id);
        const auto kind = providerKindFromName(object.value(QLatin1String("kind")).toString());
        if (preset.id.isEmpty() || !kind || *kind == ProviderKind::Demo) {
            *error = QStringLiteral("presets[%1] needs an \"id\" and a \"kind\" of openai, openai-responses, anthropic, gemini or ollama").arg(i);
            return false;
        }
        preset.kind = *kind;
        preset.baseUrl = object.value(QLatin1String("base_url")).toString(ProviderConfig::defaultBaseUrl(preset.kind));
        while (preset.baseUrl.endsWith(QLatin1Char('/')))
            preset.baseUrl.chop(1);
        const QUrl url(preset.baseUrl, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
            *error = QStringLiteral("presets[%1] (\"%2\"): \"base_url\" must be an http or https URL").arg(i).arg(preset.id);
            return false;
        }
        preset.apiKeyEnv = object.value(QLatin1String("api_key_env")).toString();
        for (const QJsonValue &model : object.value(QLatin1String("models")).toArray()) {
            if (model.isString() && !model.toString().isEmpty())
                preset.models.append(model.toString());
        }
        preset.maxConcurrency = std::max(1, object.value(QLatin1String("max_concurrency")).toInt(8));
        preset.local = object.value(QLatin1String("local")).toBool(false);
        preset.priceId = object.value(QLatin1String("prices_from")).toString();
        preset.fromUser = fromUser;
        // The same fields as a providers JSON entry, read by the same code.
        QJsonObject reasoning;
        for (const char *key : {"reasoning_style", "model_settings"})
            reasoning.insert(QLatin1String(key), object.value(QLatin1String(key)));
        reasoning.insert(QStringLiteral("name"), QString(preset.id).replace(QLatin1Char('/'), QLatin1Char('-')));
        reasoning.insert(QStringLiteral("kind"), providerKindName(preset.kind));
        reasoning.insert(QStringLiteral("base_url"), preset.baseUrl);
        QString problem;
        const std::optional<ProviderConfig> parsed = ProviderConfig::fromJson(reasoning, &problem);
        if (!parsed) {
            *error = QStringLiteral("presets[%1] (\"%2\"): %3").arg(i).arg(preset.id, problem);
            return false;
        }
        preset.reasoningStyle = parsed->reasoningStyle;
        preset.modelSettings = parsed->modelSettings;

        bool replaced = false;
        for (ProviderPreset &existing : merged) {
            if (existing.id == preset.id) {
                existing = preset;
                replaced = true;
                break;
            }
        }
        if (!replaced)
            merged.append(preset);
    }
    m_presets = merged;
    return true;
}

const ProviderPreset *PresetCatalog::find(const QString &id) const
{
    for (const ProviderPreset &preset : m_presets) {
        if (preset.id == id)
            return &preset;
    }
    return nullptr;
}

QString PresetCatalog::normalizedUrl(const QString &text)
{
    QUrl url(text.trimmed());
    if (!url.isValid() || url.host().isEmpty())
        return text.trimmed();
    QString host = url.host().toLower();
    if (host == QLatin1String("localhost") || host == QLatin1String("::1") || host == QLatin1String("[::1]"))
        host = QStringLiteral("127.0.0.1");
    const QString scheme = url.scheme().toLower();
    const int port = url.port(scheme == QLatin1String("https") ? 443 : 80);
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return QStringLiteral("%1://%2:%3%4").arg(scheme, host).arg(port).arg(path);
}

const ProviderPreset *PresetCatalog::match(const ProviderConfig &config) const
{
    if (config.kind == ProviderKind::Demo)
        return nullptr;
    const QString url = normalizedUrl(config.baseUrl);
    for (const ProviderPreset &preset : m_presets) {
        if (preset.kind == config.kind && normalizedUrl(preset.baseUrl) == url)
            return &preset;
    }
    return nullptr;
}

ProviderConfig PresetCatalog::makeProvider(const QString &id, const PriceTable *prices, const QString &name) const
{
    ProviderConfig config;
    const ProviderPreset *preset = find(id);
    if (!preset)
        return config;
    config.name = name.isEmpty() ? preset->name : name;
    config.kind = preset->kind;
    config.baseUrl = preset->baseUrl;
    config.apiKeyEnv = preset->apiKeyEnv;
    config.models = preset->models;
    config.maxConcurrency = preset->maxConcurrency;
    config.reasoningStyle = preset->reasoningStyle;
    config.modelSettings = preset->modelSettings;
    if (prices)
        prices->apply(config, preset->priceId.isEmpty() ? preset->id : preset->priceId, PriceTable::ApplyMode::FillMissing);
    return config;
}

void PresetCatalog::applyPrices(ProviderRegistry &registry, const PriceTable &prices, PriceTable::ApplyMode mode) const
{
    const QList<ProviderConfig> providers = registry.providers();
    for (ProviderConfig config : providers) {
        const ProviderPreset *preset = match(config);
        prices.apply(config, !preset ? QString() : preset->priceId.isEmpty() ? preset->id : preset->priceId, mode);
        if (preset) {
            if (!config.reasoningStyle)
                config.reasoningStyle = preset->reasoningStyle;
            for (auto it = preset->modelSettings.begin(); it != preset->modelSettings.end(); ++it) {
                if (!config.modelSettings.contains(it.key()))
                    config.modelSettings.insert(it.key(), it.value());
            }
        }
        registry.upsert(config);
    }
}
