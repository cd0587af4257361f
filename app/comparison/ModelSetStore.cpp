// SPDX-License-Identifier: MIT
#include "ModelSetStore.h"


#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>


namespace {
const QString kKey = QStringLiteral("modelSets/json");

// One object {name: [model, ...]} under one key, because set names may hold '/' which
// QSettings would read as groups.
QJsonObject parse(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}
} // namespace

ModelSetStore::ModelSetStore(QSettings *settings)
    : m_settings(settings)
{
}

QByteArray ModelSetStore::readAll() const
{
    if (m_settings)
        return m_settings->value(kKey).toByteArray();
    return QSettings().value(kKey).toByteArray();
}

void ModelSetStore::writeAll(const QByteArray &json)
{
    if (m_settings) {
        m_settings->setValue(kKey, json);
        return;
    }
    QSettings().setValue(kKey, json);
}

QStringList ModelSetStore::names() const
{
    QStringList names = parse(readAll()).keys();
    names.sort(Qt::CaseInsensitive);
    return names;
}

bool ModelSetStore::contains(const QString &name) const
{
    return parse(readAll()).contains(name);
}

QList<ModelColumn> ModelSetStore::load(const QString &name) const
{
    QList<ModelColumn> models;
    const QJsonArray array = parse(readAll()).value(name).toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        QString error;
        // A damaged entry is skipped rather than losing the whole set.
        if (auto model = ModelColumn::fromJson(array.at(i), QStringLiteral("models[%1]").arg(i), &error))
            models.append(*model);
    }
    return models;
}

bool ModelSetStore::save(const QString &name, const QList<ModelColumn> &models)
{
    if (name.trimmed().isEmpty())
        return false;
    QJsonObject all = parse(readAll());
    QJsonArray array;
    for (const ModelColumn &model : models) {
        QJsonObject object;
        model.writeJson(&object);
        array.append(object);
    }
    all.insert(name.trimmed(), array);
    writeAll(QJsonDocument(all).toJson(QJsonDocument::Compact));
    return true;
}

void ModelSetStore::remove(const QString &name)
{
    QJsonObject all = parse(readAll());
    all.remove(name);
    writeAll(QJsonDocument(all).toJson(QJsonDocument::Compact));
}
