// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkRequest>
#include <QString>

/// What to do with a 3xx answer: the next request, or an error naming both URLs.
struct RedirectStep {
    QNetworkRequest next; ///< valid when error is empty
    QString error;
    bool droppedCredentials = false; ///< the next URL is another origin
    bool followed() const { return error.isEmpty(); }
};

/// Redirects are followed by PromptGrid, not by Qt, whose policies copy every header (API keys
/// included) to whatever host a Location names, and turn a POST into a GET on 301/302/303.
/// Here a redirect to another scheme, host or port drops every credential header; a POST is
/// only followed by 307/308 (which repeat it); https never leads to http; at most
/// kMaxRedirects are followed.
class RedirectRule
{
public:
    static constexpr int kMaxRedirects = 5;

    /// Requests PromptGrid sends carry this policy, so that Qt hands every 3xx back.
    static void setManual(QNetworkRequest *request);
    /// \a answered was answered with \a status and \a location after \a redirectsSoFar
    /// redirects; \a post says it was a POST whose body the next request repeats. Headers
    /// that carry \a apiKey, and the known credential headers, are dropped across origins.
    static RedirectStep next(const QNetworkRequest &answered, bool post, int status, const QByteArray &location,
                             int redirectsSoFar, const QString &apiKey);
    static bool sameOrigin(const QUrl &a, const QUrl &b);
    /// Lower-case names of the headers that carry credentials in the wire formats.
    static QList<QByteArray> credentialHeaders();
};
