// SPDX-License-Identifier: MIT
#include "ModelTree.h"

#include <QHeaderView>

ModelTree::ModelTree(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("modelTree"));
    setAccessibleName(tr("Models"));
    setHeaderHidden(true);
    setColumnCount(1);
    setRootIsDecorated(true);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::NoSelection);
    connect(this, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item) {
        if (!m_rebuilding && item->parent())
            Q_EMIT checkedModelsChanged();
    });
}

void ModelTree::setRegistry(const ProviderRegistry &registry)
{
    const QStringList checked = checkedModels();
    m_rebuilding = true;
    clear();
    for (const ProviderConfig &provider : registry.providers()) {
        auto *group = new QTreeWidgetItem(this);
        group->setText(0, provider.kind == ProviderKind::Demo
                              ? tr("%1 (offline demo)").arg(provider.name)
                              : QStringLiteral("%1 (%2)").arg(provider.name, providerKindName(provider.kind)));
        group->setToolTip(0, provider.baseUrl.isEmpty() ? tr("Built in, no network, no key") : provider.baseUrl);
        if (provider.models.isEmpty()) {
            group->setFlags(Qt::ItemIsEnabled);
            auto *none = new QTreeWidgetItem(group);
            none->setText(0, tr("no models listed: add some in Settings > Providers"));
            none->setFlags(Qt::NoItemFlags);
        } else {
            group->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsAutoTristate);
            for (const QString &model : provider.models) {
                auto *item = new QTreeWidgetItem(group);
                const QString reference = provider.name + QLatin1Char('/') + model;
                item->setText(0, model);
                item->setData(0, ReferenceRole, reference);
                item->setToolTip(0, reference);
                item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
                item->setCheckState(0, checked.contains(reference) ? Qt::Checked : Qt::Unchecked);
            }
        }
        group->setExpanded(true);
    }
    m_rebuilding = false;
    Q_EMIT checkedModelsChanged();
}

QStringList ModelTree::checkedModels() const
{
    QStringList references;
    for (int i = 0; i < topLevelItemCount(); ++i) {
        const QTreeWidgetItem *group = topLevelItem(i);
        for (int j = 0; j < group->childCount(); ++j) {
            const QTreeWidgetItem *item = group->child(j);
            if (item->checkState(0) == Qt::Checked && item->data(0, ReferenceRole).isValid())
                references.append(item->data(0, ReferenceRole).toString());
        }
    }
    return references;
}

void ModelTree::setCheckedModels(const QStringList &references)
{
    m_rebuilding = true;
    for (int i = 0; i < topLevelItemCount(); ++i) {
        QTreeWidgetItem *group = topLevelItem(i);
        for (int j = 0; j < group->childCount(); ++j) {
            QTreeWidgetItem *item = group->child(j);
            if (item->data(0, ReferenceRole).isValid())
                item->setCheckState(0, references.contains(item->data(0, ReferenceRole).toString()) ? Qt::Checked : Qt::Unchecked);
        }
    }
    m_rebuilding = false;
    Q_EMIT checkedModelsChanged();
}

bool ModelTree::setModelChecked(const QString &reference, bool checked)
{
    QTreeWidgetItem *item = itemFor(reference);
    if (!item)
        return false;
    item->setCheckState(0, checked ? Qt::Checked : Qt::Unchecked);
    return true;
}

QTreeWidgetItem *ModelTree::itemFor(const QString &reference) const
{
    for (int i = 0; i < topLevelItemCount(); ++i) {
        QTreeWidgetItem *group = topLevelItem(i);
        for (int j = 0; j < group->childCount(); ++j) {
            if (group->child(j)->data(0, ReferenceRole).toString() == reference)
                return group->child(j);
        }
    }
    return nullptr;
}
