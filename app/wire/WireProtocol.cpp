// SPDX-License-Identifier: MIT
#include "WireProtocol.h"

#include "JsonText.h"
#include "RedirectRule.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>
#include <cstring>

namespace {
// How a short marker string appears inside the serialized body.
QByteArray serializedMarker(const QString &marker)
{
    QByteArray json = QJsonDocument(QJsonArray{marker}).toJson(QJsonDocument::Compact);
    return json.mid(2, json.size() - 4); // inside ["..."]
}
} // namespace

QByteArray WireProtocol::requestBody(const ChatRequest &request) const
{
    const bool bigPrompt = request.prompt.size() >= kSpliceThreshold;
    const bool bigSystem = request.system.size() >= kSpliceThreshold;
    if (!bigPrompt && !bigSystem)
        return chatBody(request);
    // Markers no text can contain by chance: control characters around a random id.
    const QString nonce = QUuid::createUuid().toString(QUuid::Id128);
    struct Splice {
        QByteArray marker;
        const QString *text;
        qsizetype at = -1;
        qsizetype length = 0; ///< of the escaped text
    };
    QList<Splice> splices;
    ChatRequest skeleton = request;
    if (bigPrompt) {
        skeleton.prompt = QStringLiteral("\x01prompt-%1\x01").arg(nonce);
        splices.append({serializedMarker(skeleton.prompt), &request.prompt});
    }
    if (bigSystem) {
        skeleton.system = QStringLiteral("\x01system-%1\x01").arg(nonce);
        splices.append({serializedMarker(skeleton.system), &request.system});
    }
    const QByteArray layout = chatBody(skeleton);
    for (Splice &splice : splices) {
        splice.at = layout.indexOf(splice.marker);
        // The format changed or repeated the text: build it the ordinary way.
        if (splice.at < 0 || layout.indexOf(splice.marker, splice.at + 1) >= 0)
            return chatBody(request);
    }
    std::sort(splices.begin(), splices.end(), [](const Splice &a, const Splice &b) { return a.at < b.at; });
    qsizetype total = layout.size();
    for (Splice &splice : splices) {
        splice.length = JsonText::escapedSize(*splice.text);
        total += splice.length - splice.marker.size();
    }
    // One allocation for the whole body; the escaped texts are written straight into it.
    QByteArray body(total, Qt::Uninitialized);
    char *cursor = body.data();
    qsizetype from = 0;
    for (const Splice &splice : splices) {
        std::memcpy(cursor, layout.constData() + from, size_t(splice.at - from));
        cursor += splice.at - from;
        JsonText::escapeInto(*splice.text, cursor);
        cursor += splice.length;
        from = splice.at + splice.marker.size();
    }
    std::memcpy(cursor, layout.constData() + from, size_t(layout.size() - from));
    return body;
}

QString WireProtocol::requestProblem(const ChatRequest &) const
{
    return {};
}

QString WireProtocol::errorMessage(const QByteArray &body) const
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QJsonValue error = object.value(QLatin1String("error"));
    if (error.isObject()) {
        const QJsonObject details = error.toObject();
        const QString message = details.value(QLatin1String("message")).toString();
        const QString type = details.value(QLatin1String("type")).toString(
            details.value(QLatin1String("status")).toString());
        if (!message.isEmpty())
            return type.isEmpty() ? message : QStringLiteral("%1 (%2)").arg(message, type);
    }
    if (error.isString() && !error.toString().isEmpty())
        return error.toString();
    for (const char *key : {"message", "detail"}) {
        const QString text = object.value(QLatin1String(key)).toString();
        if (!text.isEmpty())
            return text;
    }
    // Not JSON (an HTML error page, a proxy): show the start of it, on one line.
    QString text = QString::fromUtf8(body.left(300)).simplified();
    return text.isEmpty() ? QStringLiteral("empty response body") : text;
}

QNetworkRequest WireProtocol::jsonRequest(const QUrl &url, bool http2Direct)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "text/event-stream, application/x-ndjson, application/json");
    // Qt would copy the key to any host a redirect names; RedirectRule decides instead.
    RedirectRule::setManual(&request);
    if (http2Direct)
        request.setAttribute(QNetworkRequest::Http2DirectAttribute, true);
    return request;
}

QNetworkRequest WireProtocol::streamingRequest(const QUrl &url, bool http2Direct)
{
    QNetworkRequest request = jsonRequest(url, http2Direct);
    // Naming the encodings ourselves turns Qt's own decoding off (what Qt offers by default).
    request.setRawHeader("Accept-Encoding", "gzip, deflate");
    return request;
}
