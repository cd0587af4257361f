// SPDX-License-Identifier: MIT
#pragma once

#include "ProviderRegistry.h"

#include <QAbstractListModel>
#include <QList>
#include <QStringList>

/// One provider as the Providers dialog edits it.
struct ProviderEntry {
    ProviderConfig config;
    QString originalName; ///< the name its stored key is filed under (empty: new)
    QString newKey;       ///< typed in the dialog, not yet stored
    bool forgetKey = false;
};

/// The providers being edited, one row each (shown by name): added, removed, merged from a
/// providers JSON, checked before they are accepted. Keys typed in stay in the entries until
/// the dialog stores them; the registry() never holds one.
class ProviderListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    explicit ProviderListModel(const ProviderRegistry &registry, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    int count() const { return int(m_entries.size()); }
    const QList<ProviderEntry> &entries() const { return m_entries; }
    const ProviderEntry &at(int row) const { return m_entries.at(row); }
    /// The entry of \a row to edit in place; call changed() when its name may have changed.
    ProviderEntry &entry(int row) { return m_entries[row]; }
    void changed(int row);

    /// Appends \a config as a new provider (no stored key); returns its row.
    int append(const ProviderConfig &config);
    /// Removes \a row; its stored key is forgotten when the dialog is accepted (removedKeys()).
    void removeAt(int row);
    /// Replaces providers of the same name, appends the others.
    void merge(const ProviderRegistry &imported);
    /// Names whose stored key goes on accept.
    const QStringList &removedKeys() const { return m_removedKeys; }

    /// \a base, or "base 2", "base 3"... when taken; never with a '/'.
    QString uniqueName(const QString &base) const;
    bool hasName(const QString &name) const;
    bool hasKind(ProviderKind kind) const;
    /// Every provider's fields, unique names and typed keys; on a problem the row and why.
    bool validate(QString *error, int *badRow) const;
    /// The providers as edited (never a key).
    ProviderRegistry registry() const;

private:
    QList<ProviderEntry> m_entries;
    QStringList m_removedKeys;
};
