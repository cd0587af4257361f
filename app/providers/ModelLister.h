// SPDX-License-Identifier: MIT
#pragma once

#include "ProviderConfig.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <qcoro/qcorotask.h>

class QNetworkAccessManager;

/// The outcome of one model-list request.
struct ModelListResult {
    QStringList models;
    QString error;      ///< empty on success
    int httpStatus = 0; ///< 0 when no HTTP answer arrived
    bool ok() const { return error.isEmpty(); }
};

/// Fetches the model list of a provider (GET /models, /v1/models, /v1beta/models or
/// /api/tags). One long-lived QNetworkAccessManager serves every request.
class ModelLister : public QObject
{
    Q_OBJECT
public:
    explicit ModelLister(QObject *parent = nullptr);
    ~ModelLister() override;

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    int timeoutMs() const { return m_timeoutMs; }

    /// The models of \a provider, asked with \a apiKey (may be empty; trimmed, refused with a
    /// control character). Never throws; the error text is readable, and it and the model
    /// names never contain the key (SecretMask). Redirects follow RedirectRule.
    QCoro::Task<ModelListResult> fetch(ProviderConfig provider, QString apiKey);
    /// Starts fetch() and reports through finished(); \a tag is handed back unchanged.
    void request(const ProviderConfig &provider, const QString &apiKey, const QString &tag = {});

Q_SIGNALS:
    void finished(const QString &tag, const ModelListResult &result);

private:
    QCoro::Task<ModelListResult> fetchUnmasked(ProviderConfig provider, QString apiKey);

    QNetworkAccessManager *m_network;
    int m_timeoutMs = 10'000;
};

Q_DECLARE_METATYPE(ModelListResult)
