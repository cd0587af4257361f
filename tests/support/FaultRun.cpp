// SPDX-License-Identifier: MIT
#include "FaultRun.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace FaultRun {

ProviderRegistry providers(const QList<std::pair<QString, QString>> &entries, const QString &kind)
{
    QJsonArray list;
    for (const auto &[name, url] : entries)
        list.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("kind"), kind}, {QStringLiteral("base_url"), url}});
    QString error;
    const auto registry = ProviderRegistry::fromJson(QJsonDocument(QJsonObject{{QStringLiteral("providers"), list}}).toJson(), &error);
    if (!registry)
        qFatal("FaultRun::providers: %s", qPrintable(error));
    return *registry;
}

ProviderRegistry localProvider(const FakeLlmServer &server)
{
    return providers({{QStringLiteral("local"), server.baseUrl(QStringLiteral("/v1")).toString()}});
}

ModelColumn localColumn(const QString &model)
{
    ModelColumn column;
    column.provider = QStringLiteral("local");
    column.model = model;
    return column;
}

QList<ModelColumn> columns(const QStringList &providerNames)
{
    QList<ModelColumn> list;
    for (const QString &name : providerNames) {
        ModelColumn column;
        column.provider = name;
        column.model = QStringLiteral("m");
        list.append(column);
    }
    return list;
}

QString promptOf(const RecordedRequest &request)
{
    const QJsonArray messages = request.json().value(QLatin1String("messages")).toArray();
    return messages.isEmpty() ? QString() : messages.last().toObject().value(QLatin1String("content")).toString();
}

RequestLimits fastLimits()
{
    RequestLimits limits;
    limits.backoffBaseMs = 10;
    limits.backoffCapMs = 50;
    limits.connectTimeoutMs = 3000;
    limits.firstByteTimeoutMs = 3000;
    limits.idleTimeoutMs = 3000;
    limits.totalTimeoutMs = 10'000;
    return limits;
}

} // namespace FaultRun
