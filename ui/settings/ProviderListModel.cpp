// SPDX-License-Identifier: MIT
#include "ProviderListModel.h"

#include "ApiKeyStore.h"

#include <algorithm>

ProviderListModel::ProviderListModel(const ProviderRegistry &registry, QObject *parent)
    : QAbstractListModel(parent)
{
    for (const ProviderConfig &config : registry.providers())
        m_entries.append(ProviderEntry{config, config.name, {}, false});
}

int ProviderListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant ProviderListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= count())
        return {};
    if (role == Qt::DisplayRole || role == Qt::EditRole)
        return m_entries.at(index.row()).config.name;
    if (role == Qt::ToolTipRole)
        return m_entries.at(index.row()).config.baseUrl;
    return {};
}

void ProviderListModel::changed(int row)
{
    if (row >= 0 && row < count())
        Q_EMIT dataChanged(index(row), index(row));
}

int ProviderListModel::append(const ProviderConfig &config)
{
    const int row = count();
    beginInsertRows({}, row, row);
    m_entries.append(ProviderEntry{config, {}, {}, false});
    endInsertRows();
    return row;
}

void ProviderListModel::removeAt(int row)
{
    if (row < 0 || row >= count())
        return;
    const QString originalName = m_entries.at(row).originalName;
    beginRemoveRows({}, row, row);
    m_entries.removeAt(row);
    endRemoveRows();
    // The stored key goes when the dialog is accepted; Cancel keeps everything.
    if (!originalName.isEmpty())
        m_removedKeys.append(originalName);
}

void ProviderListModel::merge(const ProviderRegistry &imported)
{
    for (const ProviderConfig &config : imported.providers()) {
        const auto it = std::find_if(m_entries.begin(), m_entries.end(),
                                     [&config](const ProviderEntry &e) { return e.config.name == config.name; });
        if (it != m_entries.end()) {
            it->config = config;
            changed(int(it - m_entries.begin()));
        } else {
            append(config);
        }
    }
}

bool ProviderListModel::hasName(const QString &name) const
{
    return std::any_of(m_entries.begin(), m_entries.end(), [&name](const ProviderEntry &e) { return e.config.name == name; });
}

bool ProviderListModel::hasKind(ProviderKind kind) const
{
    return std::any_of(m_entries.begin(), m_entries.end(), [kind](const ProviderEntry &e) { return e.config.kind == kind; });
}

QString ProviderListModel::uniqueName(const QString &base) const
{
    QString name = base;
    name.replace(QLatin1Char('/'), QLatin1Char('-'));
    for (int n = 2; hasName(name); ++n)
        name = QStringLiteral("%1 %2").arg(base).arg(n);
    return name;
}

bool ProviderListModel::validate(QString *error, int *badRow) const
{
    QStringList names;
    for (int row = 0; row < m_entries.size(); ++row) {
        const ProviderConfig &config = m_entries.at(row).config;
        *badRow = row;
        QString parseError;
        if (!ProviderConfig::fromJson(config.toJson(), &parseError)) {
            *error = parseError;
            return false;
        }
        if (names.contains(config.name)) {
            *error = tr("Two providers are called \"%1\".").arg(config.name);
            return false;
        }
        // A control character in a key would inject HTTP headers into every request.
        QString keyProblem;
        ApiKeyStore::cleanKey(m_entries.at(row).newKey, &keyProblem);
        if (!keyProblem.isEmpty()) {
            *error = tr("The API key typed for \"%1\" %2, so it was not stored. Paste it again without it.")
                         .arg(config.name, keyProblem);
            return false;
        }
        names.append(config.name);
    }
    return true;
}

ProviderRegistry ProviderListModel::registry() const
{
    ProviderRegistry registry;
    for (const ProviderEntry &entry : m_entries)
        registry.upsert(entry.config);
    return registry;
}
