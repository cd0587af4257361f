// SPDX-License-Identifier: MIT
#pragma once

#include "ProviderRegistry.h"

#include <QStringList>
#include <QTreeWidget>

/// The model picker: one checkable item per model, grouped under its provider.
class ModelTree : public QTreeWidget
{
    Q_OBJECT
public:
    explicit ModelTree(QWidget *parent = nullptr);

    /// Rebuilds the tree from \a registry, keeping the models that stay available ticked.
    void setRegistry(const ProviderRegistry &registry);
    /// Ticked models as "provider/model", in tree order.
    QStringList checkedModels() const;
    /// Ticks exactly \a references ("provider/model"); unknown ones are ignored.
    void setCheckedModels(const QStringList &references);
    /// Ticks or unticks one model; false when it is not in the tree.
    bool setModelChecked(const QString &reference, bool checked);
    /// The item of \a reference, or nullptr.
    QTreeWidgetItem *itemFor(const QString &reference) const;

Q_SIGNALS:
    void checkedModelsChanged();

private:
    static constexpr int ReferenceRole = Qt::UserRole + 1;
    bool m_rebuilding = false;
};
