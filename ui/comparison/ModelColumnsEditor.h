// SPDX-License-Identifier: MIT
#pragma once

#include "ModelColumn.h"
#include "ModelSetStore.h"

#include <QList>
#include <QWidget>

class QComboBox;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

/// The grid's columns as model configurations: add, edit (ModelConfigDialog), duplicate, remove,
/// rename the label in place (double-click the label), and save or pick named model sets. The
/// same model may appear several times with different parameters.
class ModelColumnsEditor : public QWidget
{
    Q_OBJECT
public:
    /// \a store defaults to one over the application's QSettings.
    explicit ModelColumnsEditor(QWidget *parent = nullptr, ModelSetStore store = ModelSetStore());

    QList<ModelColumn> columns() const { return m_columns; }
    void setColumns(const QList<ModelColumn> &columns);
    /// Provider names offered by the configuration dialog.
    void setProviderNames(const QStringList &names);

    int addColumn(const ModelColumn &column);
    void replaceColumn(int index, const ModelColumn &column);
    /// Inserts a copy after \a index, labelled "<label> (2)"; returns the copy's index.
    int duplicateColumn(int index);
    void removeColumn(int index);
    void setLabel(int index, const QString &label);
    int currentIndex() const;
    void setCurrentIndex(int index);

    QStringList modelSetNames() const { return m_store.names(); }
    bool saveModelSet(const QString &name);
    /// Replaces the columns with the set's; false when there is no such set.
    bool loadModelSet(const QString &name);

Q_SIGNALS:
    void columnsChanged();

private:
    void rebuild();
    void fillItem(QTreeWidgetItem *item, const ModelColumn &column) const;
    void editColumn(int index);
    void askSaveSet();
    void refreshSets();
    void updateButtons();

    QList<ModelColumn> m_columns;
    QStringList m_providers;
    ModelSetStore m_store;
    bool m_rebuilding = false;
    QTreeWidget *m_tree;
    QPushButton *m_add;
    QPushButton *m_edit;
    QPushButton *m_duplicate;
    QPushButton *m_remove;
    QComboBox *m_sets;
    QPushButton *m_loadSet;
    QPushButton *m_saveSet;
};
