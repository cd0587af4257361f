// SPDX-License-Identifier: MIT
#include "ProviderRegistry.h"

#include "DemoModels.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>

std::optional<ProviderRegistry> ProviderRegistry::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("invalid JSON at offset %1: %2")
                     .arg(parseError.offset)
                     .arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isObject() || !doc.object().value(QLatin1String("providers")).isArray()) {
        *error = QStringLiteral("field \"providers\" must be an array");
        return std::nullopt;
    }
    ProviderRegistry registry;
    QSet<QString> names;
    const QJsonArray entries = doc.object().value(QLatin1String("providers")).toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (!entries.at(i).isObject()) {
            *error = QStringLiteral("providers[%1] must be an object").arg(i);
            return std::nullopt;
        }
        auto config = ProviderConfig::fromJson(entries.at(i).toObject(), error);
        if (!config) {
            *error = QStringLiteral("providers[%1]: %2").arg(i).arg(*error);
            return std::nullopt;
        }
        if (names.contains(config->name)) {
            *error = QStringLiteral("providers[%1]: duplicate name \"%2\"").arg(i).arg(config->name);
            return std::nullopt;
        }
        if (config->kind == ProviderKind::Demo && config->models.isEmpty())
            config->models = DemoModels::names();
        names.insert(config->name);
        registry.m_providers.append(*config);
    }
    return registry;
}

std::optional<ProviderRegistry> ProviderRegistry::fromFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    auto registry = fromJson(file.readAll(), error);
    if (!registry)
        *error = path + QStringLiteral(": ") + *error;
    return registry;
}

ProviderRegistry ProviderRegistry::withDemo()
{
    ProviderRegistry registry;
    ProviderConfig demo;
    demo.name = QStringLiteral("demo");
    demo.kind = ProviderKind::Demo;
    demo.models = DemoModels::names();
    demo.maxConcurrency = 64;
    registry.m_providers.append(demo);
    return registry;
}

QByteArray ProviderRegistry::toJson() const
{
    QJsonArray entries;
    for (const ProviderConfig &config : m_providers)
        entries.append(config.toJson());
    return QJsonDocument(QJsonObject{{QStringLiteral("providers"), entries}}).toJson(QJsonDocument::Indented);
}

const ProviderConfig *ProviderRegistry::find(const QString &name) const
{
    for (const ProviderConfig &config : m_providers) {
        if (config.name == name)
            return &config;
    }
    return nullptr;
}

void ProviderRegistry::upsert(const ProviderConfig &config)
{
    for (ProviderConfig &existing : m_providers) {
        if (existing.name == config.name) {
            existing = config;
            return;
        }
    }
    m_providers.append(config);
}

bool ProviderRegistry::remove(const QString &name)
{
    for (qsizetype i = 0; i < m_providers.size(); ++i) {
        if (m_providers.at(i).name == name) {
            m_providers.removeAt(i);
            return true;
        }
    }
    return false;
}
