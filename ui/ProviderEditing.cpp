// SPDX-License-Identifier: MIT
#include "ProviderEditing.h"

#include "ApiKeyStore.h"

#include <QMessageBox>
#include <QWidget>

// The dialog is built separately; the window builds with or without it.
#if __has_include("ProvidersDialog.h")
#include "ProvidersDialog.h"
#define PROMPTGRID_HAVE_PROVIDERS_DIALOG 1
#endif

std::optional<ProviderRegistry> editProviders(const ProviderRegistry &current, ApiKeyStore *keys,
                                              KeychainStore *keychain, QWidget *parent)
{
#ifdef PROMPTGRID_HAVE_PROVIDERS_DIALOG
    ProvidersDialog dialog(current, keys, parent);
    dialog.setObjectName(QStringLiteral("providersDialog"));
    if (keychain)
        dialog.setKeychainStore(keychain);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.registry();
#else
    Q_UNUSED(current)
    Q_UNUSED(keys)
    Q_UNUSED(keychain)
    QMessageBox::information(parent, QObject::tr("Providers"),
                             QObject::tr("The Providers dialog is not part of this build yet. Start "
                                         "promptgrid-cli with --providers FILE to use your own endpoints."));
    return std::nullopt;
#endif
}
