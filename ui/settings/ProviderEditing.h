// SPDX-License-Identifier: MIT
#pragma once

#include "ProviderRegistry.h"

#include <QStringList>

#include <optional>

class ApiKeyStore;
class KeychainStore;
class QWidget;

/// Opens the Providers dialog on \a current. Returns the edited registry when the user accepted
/// it, nullopt when they cancelled. Keys typed in go to \a keys (memory) and, through
/// \a keychain when there is one, to the system keychain; never to QSettings. \a ollamaModels
/// are the models a local Ollama reported, when one answered.
std::optional<ProviderRegistry> editProviders(const ProviderRegistry &current, ApiKeyStore *keys,
                                              KeychainStore *keychain, QWidget *parent,
                                              const std::optional<QStringList> &ollamaModels = std::nullopt);
