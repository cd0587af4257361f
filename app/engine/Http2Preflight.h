// SPDX-License-Identifier: MIT
#pragma once

#include <QCoroTask>
#include <QHash>
#include <QObject>
#include <QUrl>

#include <memory>

/// Asks a plain-http server, once per run, whether it speaks HTTP/2 with prior knowledge (h2c,
/// a provider's "http2": true) before requests go to it. Qt 6.4 leaves a request hanging when
/// the server answers HTTP/2's connection preface in HTTP/1.1, so the cell would only time out
/// with a message about connecting; the check sends the preface itself and reads the answer.
class Http2Preflight : public QObject, public std::enable_shared_from_this<Http2Preflight>
{
    Q_OBJECT
public:
    Http2Preflight();
    ~Http2Preflight() override;

    /// Empty when the server at \a url may speak h2c: it answered with HTTP/2 frames, or not at
    /// all within \a timeoutMs (the request itself then reports what happens). Otherwise why it
    /// does not, quoting its answer. Every request to one host and port shares one check.
    QCoro::Task<QString> check(QUrl url, int timeoutMs);
    /// Ends the checks still running; their callers go on as if the server had not answered.
    void abortAll();

private:
    struct Origin;
    void start(const std::shared_ptr<Origin> &origin, const QUrl &url, int timeoutMs);
    /// Records what the server's first bytes say, once they say enough (or \a final).
    void judge(const std::shared_ptr<Origin> &origin, bool final);
    void finish(const std::shared_ptr<Origin> &origin, const QString &verdict);
    void resumeWaiting(const std::shared_ptr<Origin> &origin);

    QHash<QString, std::shared_ptr<Origin>> m_origins;
};
