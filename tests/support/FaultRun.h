// SPDX-License-Identifier: MIT
#pragma once

#include "FakeLlmServer.h"
#include "ModelColumn.h"
#include "ProviderRegistry.h"
#include "RequestLimits.h"

#include <QJsonArray>
#include <QString>
#include <QStringList>

#include <utility>

/// Helpers for the fault, retry and timeout suites: providers pointing at test servers, and a
/// run of one prompt per cell.
namespace FaultRun {

/// A registry of OpenAI-style providers: {name, base URL} pairs.
ProviderRegistry providers(const QList<std::pair<QString, QString>> &entries, const QString &kind = QStringLiteral("openai"));
/// One OpenAI-style provider named "local" at \a server's /v1.
ProviderRegistry localProvider(const FakeLlmServer &server);
/// A column of the "local" provider (localProvider) asking \a model.
ModelColumn localColumn(const QString &model);
/// One column per provider name, model "m".
QList<ModelColumn> columns(const QStringList &providerNames);
/// The user prompt a recorded OpenAI request carried.
QString promptOf(const RecordedRequest &request);
/// Limits small enough for tests: short backoff, short timeouts.
RequestLimits fastLimits();

} // namespace FaultRun
