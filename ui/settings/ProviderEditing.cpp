// SPDX-License-Identifier: MIT
#include "ProviderEditing.h"

#include "ProvidersDialog.h"

std::optional<ProviderRegistry> editProviders(const ProviderRegistry &current, ApiKeyStore *keys,
                                              KeychainStore *keychain, QWidget *parent,
                                              const std::optional<QStringList> &ollamaModels)
{
    ProvidersDialog dialog(current, keys, parent);
    dialog.setObjectName(QStringLiteral("providersDialog"));
    if (keychain)
        dialog.setKeychainStore(keychain);
    if (ollamaModels)
        dialog.setOllamaModels(*ollamaModels);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.registry();
}
