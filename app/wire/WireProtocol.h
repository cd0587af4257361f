// SPDX-License-Identifier: MIT
#pragma once

#include "ChatRequest.h"
#include "ProviderConfig.h"
#include "StreamParser.h"

#include <QByteArray>
#include <QNetworkRequest>
#include <QStringList>

#include <memory>

/// One provider wire format: how to ask, how to read the stream, how to read errors.
/// ProtocolFactory::create() gives the one for a provider kind.
class WireProtocol
{
public:
    virtual ~WireProtocol() = default;

    /// The HTTP part of a chat request (URL, headers, attributes). It depends only on the
    /// provider, key and model, so a run builds it once and shares it (see RequestTemplates).
    virtual QNetworkRequest chatHttpRequest(const ProviderConfig &provider, const QString &apiKey,
                                            const QString &model) const = 0;
    /// The JSON body of a streaming chat request.
    virtual QByteArray chatBody(const ChatRequest &request) const = 0;
    /// chatBody(), built without QJsonDocument's copies of a large prompt or system text (it
    /// holds the text as UTF-16, as CBOR and as UTF-8 at once): the format is laid out around
    /// a short marker and the text escaped straight into the body, so a 200 MB prompt costs
    /// the body once. Small texts go through chatBody() unchanged.
    QByteArray requestBody(const ChatRequest &request) const;
    /// Texts at least this long (in UTF-16 code units) are spliced by requestBody().
    static constexpr qsizetype kSpliceThreshold = 1024 * 1024;
    virtual std::unique_ptr<StreamParser> createParser() const = 0;
    /// Reads a whole non-streaming answer (a server that ignored "stream": true) into \a out:
    /// text, reasoning, token counts, finish reason, and done set. An error the body reports
    /// goes to \a out.error. Returns false when \a body is not this format's answer.
    virtual bool readCompleteAnswer(const QByteArray &body, StreamOutput &out) const = 0;
    /// The request that lists the endpoint's models.
    virtual QNetworkRequest modelsRequest(const ProviderConfig &provider, const QString &apiKey) const = 0;
    /// Model ids from the models answer; empty with \a error set when it cannot be read.
    virtual QStringList parseModels(const QByteArray &body, QString *error) const = 0;
    /// Why \a request cannot be sent in this format as asked (an output format or tool choice
    /// the provider has no way to express), or empty. Checked before anything is sent.
    virtual QString requestProblem(const ChatRequest &request) const;
    /// A readable message from a non-2xx answer body.
    virtual QString errorMessage(const QByteArray &body) const;

protected:
    /// \a http2Direct: speak h2c (prior knowledge) to a plain-http server.
    static QNetworkRequest jsonRequest(const QUrl &url, bool http2Direct = false);
    /// A chat request: as jsonRequest, and its body is decompressed by the runner (BodyInflater),
    /// not by Qt, so that a corrupt or explosive gzip body gets a message that says which.
    static QNetworkRequest streamingRequest(const QUrl &url, bool http2Direct);
};
