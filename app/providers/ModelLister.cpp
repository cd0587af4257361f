// SPDX-License-Identifier: MIT
#include "ModelLister.h"

#include "ApiKeyStore.h"
#include "RedirectRule.h"
#include "SecretMask.h"
#include "ProtocolFactory.h"

#include <QCoroNetworkReply>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QScopedPointer>
#include <QTimer>

#include <memory>

namespace {
constexpr qint64 kMaxModelListBytes = 16 * 1024 * 1024;
}

ModelLister::ModelLister(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    qRegisterMetaType<ModelListResult>();
}

ModelLister::~ModelLister()
{
    // Let waiting coroutines resume with an error instead of never (a deleted reply never
    // signals). They touch only their own frame after the await. Whoever listens is told
    // nothing: it may be our parent, already half destroyed.
    disconnect(this, &ModelLister::finished, nullptr, nullptr);
    const QList<QNetworkReply *> replies = m_network->findChildren<QNetworkReply *>();
    for (QNetworkReply *reply : replies)
        reply->abort();
}

QCoro::Task<ModelListResult> ModelLister::fetch(ProviderConfig provider, QString apiKey)
{
    ModelListResult result = co_await fetchUnmasked(std::move(provider), apiKey);
    // What the server said (its errors, even its model names) may repeat the key.
    const SecretMask mask(QStringList{apiKey.trimmed()});
    result.error = mask.apply(result.error);
    for (QString &model : result.models)
        model = mask.apply(model);
    co_return result;
}

QCoro::Task<ModelListResult> ModelLister::fetchUnmasked(ProviderConfig provider, QString apiKey)
{
    ModelListResult result;
    const auto protocol = ProtocolFactory::create(provider.kind);
    if (!protocol) {
        result.error = tr("this provider has no model list to fetch");
        co_return result;
    }
    QString keyProblem;
    apiKey = ApiKeyStore::cleanKey(apiKey, &keyProblem);
    if (!keyProblem.isEmpty()) {
        result.error = tr("the API key %1; nothing was sent").arg(keyProblem);
        co_return result;
    }
    QNetworkRequest http = protocol->modelsRequest(provider, apiKey);
    http.setRawHeader("Accept", "application/json");
    if (!http.url().isValid() || http.url().host().isEmpty()) {
        result.error = tr("the base URL \"%1\" is not a valid URL").arg(provider.baseUrl);
        co_return result;
    }
    const int timeoutMs = m_timeoutMs;
    QElapsedTimer clock;
    clock.start();
    // Redirects are followed here, by RedirectRule: the key never goes to another origin.
    for (int redirects = 0;; ++redirects) {
        std::unique_ptr<QNetworkReply, QScopedPointerDeleteLater> reply(m_network->get(http));
        QNetworkReply *raw = reply.get();
        // The reply is the timer's context: nothing here outlives it. One limit for all hops.
        QTimer::singleShot(std::max<qint64>(1, timeoutMs - clock.elapsed()), raw, [raw] {
            raw->setProperty("promptgridTimedOut", true);
            raw->abort();
        });
        co_await raw;

        result.httpStatus = raw->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        // An aborted reply is closed; reading it would only print a warning.
        const QByteArray body = raw->isOpen() ? raw->read(kMaxModelListBytes) : QByteArray();
        if (raw->property("promptgridTimedOut").toBool()) {
            result.error = tr("no answer from %1 within %2 s").arg(provider.baseUrl).arg(timeoutMs / 1000.0, 0, 'g', 3);
            co_return result;
        }
        // Aborted by our destructor: touch nothing of ours (no further hop).
        if (raw->error() == QNetworkReply::OperationCanceledError) {
            result.error = tr("cancelled");
            co_return result;
        }
        if (result.httpStatus >= 300 && result.httpStatus < 400) {
            RedirectStep step = RedirectRule::next(raw->request(), false, result.httpStatus, raw->rawHeader("location"),
                                                   redirects, apiKey);
            if (step.followed()) {
                http = std::move(step.next);
                continue;
            }
            result.error = step.error;
            co_return result;
        }
        if (result.httpStatus != 0 && (result.httpStatus < 200 || result.httpStatus >= 300)) {
            QString hint;
            if (result.httpStatus == 401 || result.httpStatus == 403)
                hint = tr(" - check the API key");
            else if (result.httpStatus == 404)
                hint = tr(" - check the base URL");
            result.error = tr("HTTP %1: %2%3").arg(result.httpStatus).arg(protocol->errorMessage(body), hint);
            co_return result;
        }
        if (raw->error() != QNetworkReply::NoError) {
            result.error = tr("cannot reach %1: %2").arg(provider.baseUrl, raw->errorString());
            co_return result;
        }
        QString error;
        result.models = protocol->parseModels(body, &error);
        result.error = error;
        co_return result;
    }
}

void ModelLister::request(const ProviderConfig &provider, const QString &apiKey, const QString &tag)
{
    QCoro::connect(fetch(provider, apiKey), this, [this, tag](const ModelListResult &result) {
        Q_EMIT finished(tag, result);
    });
}
