// SPDX-License-Identifier: MIT
#include "RedirectRule.h"

#include <QUrl>

namespace {
QString shown(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo);
}

bool isFollowable(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}
} // namespace

void RedirectRule::setManual(QNetworkRequest *request)
{
    request->setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
}

QList<QByteArray> RedirectRule::credentialHeaders()
{
    return {QByteArrayLiteral("authorization"), QByteArrayLiteral("proxy-authorization"), QByteArrayLiteral("x-api-key"),
            QByteArrayLiteral("x-goog-api-key"), QByteArrayLiteral("api-key"), QByteArrayLiteral("cookie")};
}

bool RedirectRule::sameOrigin(const QUrl &a, const QUrl &b)
{
    const auto defaultPort = [](const QUrl &url) { return url.scheme() == QLatin1String("https") ? 443 : 80; };
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(defaultPort(a)) == b.port(defaultPort(b));
}

RedirectStep RedirectRule::next(const QNetworkRequest &answered, bool post, int status, const QByteArray &location,
                                int redirectsSoFar, const QString &apiKey)
{
    RedirectStep step;
    const QUrl from = answered.url();
    if (!isFollowable(status)) {
        step.error = QStringLiteral("HTTP %1 from %2 is not a redirect that can be followed").arg(status).arg(shown(from));
        return step;
    }
    const QByteArray trimmed = location.trimmed();
    const QUrl to = trimmed.isEmpty() ? QUrl() : from.resolved(QUrl::fromEncoded(trimmed));
    if (!to.isValid() || to.host().isEmpty()) {
        step.error = QStringLiteral("HTTP %1: a redirect from %2 without a usable Location").arg(status).arg(shown(from));
        return step;
    }
    const QString both = QStringLiteral("from %1 to %2").arg(shown(from), shown(to));
    if (redirectsSoFar >= kMaxRedirects) {
        step.error = QStringLiteral("HTTP %1: stopped after %2 redirects (a redirect loop?); the last one went %3")
                         .arg(status)
                         .arg(kMaxRedirects)
                         .arg(both);
        return step;
    }
    if (to.scheme() != QLatin1String("https") && to.scheme() != QLatin1String("http")) {
        step.error = QStringLiteral("HTTP %1: refused the redirect %2: only http and https are followed").arg(status).arg(both);
        return step;
    }
    if (from.scheme() == QLatin1String("https") && to.scheme() == QLatin1String("http")) {
        step.error = QStringLiteral("HTTP %1: refused the redirect %2: it would leave HTTPS for plain HTTP").arg(status).arg(both);
        return step;
    }
    if (post && status != 307 && status != 308) {
        step.error = QStringLiteral("HTTP %1: refused the redirect %2: it would turn the POST into a GET "
                                    "(if the endpoint moved, change the provider's base URL)")
                         .arg(status)
                         .arg(both);
        return step;
    }
    step.next = answered;
    step.next.setUrl(to);
    if (!sameOrigin(from, to)) {
        // Neither the key nor anything else that proves who we are goes to another server.
        const QList<QByteArray> credentials = credentialHeaders();
        const QByteArray key = apiKey.toUtf8();
        const QList<QByteArray> names = step.next.rawHeaderList();
        for (const QByteArray &name : names) {
            if (credentials.contains(name.toLower()) || (!key.isEmpty() && step.next.rawHeader(name).contains(key)))
                step.next.setRawHeader(name, QByteArray());
        }
        // h2c by prior knowledge was a promise about the first server only.
        step.next.setAttribute(QNetworkRequest::Http2DirectAttribute, QVariant());
        step.droppedCredentials = true;
    }
    return step;
}
