// SPDX-License-Identifier: MIT
// The floor under the engine: bare Qt with no PromptGrid code. N POSTs spread over a pool of
// QNetworkAccessManagers (100 per manager over h2c, 6 over HTTP/1.1), each read by a plain
// readyRead slot that only counts bytes. The engine's cost above this is PromptGrid's own.
// Prints the same JSON line as promptgrid_engine_bench.
//
// Usage: promptgrid_qt_floor_bench --url http://127.0.0.1:PORT/v1 --n N [--http2]

#include "ProcessStats.h"
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <sys/resource.h>

#include <cstdio>
#include <vector>

namespace {
// QIODevice::readAll() on a QNetworkReply leaves a 16 KB chunk in the device's own ring buffer
// for the reply's lifetime; reading at least that much at once goes straight to the caller.
QByteArray readChunk(QNetworkReply *reply)
{
    if (qEnvironmentVariableIsSet("FLOOR_READALL"))
        return reply->readAll();
    static QByteArray scratch(64 * 1024, Qt::Uninitialized);
    QByteArray out;
    while (true) {
        const qint64 got = reply->read(scratch.data(), scratch.size());
        if (got <= 0)
            break;
        out.append(scratch.constData(), got);
    }
    return out;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("url"), QStringLiteral("OpenAI-style base URL (…/v1)."), QStringLiteral("URL")},
        {QStringLiteral("n"), QStringLiteral("Requests, all at once."), QStringLiteral("N")},
        {QStringLiteral("http2"), QStringLiteral("Speak h2c.")},
    });
    parser.process(app);
    const QUrl url(parser.value(QStringLiteral("url")) + QStringLiteral("/chat/completions"));
    const int n = parser.value(QStringLiteral("n")).toInt();
    const bool http2 = parser.isSet(QStringLiteral("http2"));
    // FLOOR_PER_MANAGER overrides the split, to see what the pool size does.
    const int perManager = qEnvironmentVariableIsSet("FLOOR_PER_MANAGER") ? qEnvironmentVariableIntValue("FLOOR_PER_MANAGER")
                                                                          : (http2 ? 100 : 6);
    const QByteArray body = R"({"model":"bench","messages":[{"role":"user","content":"Say something."}],"stream":true})";

    std::vector<QNetworkAccessManager *> managers;
    int finished = 0;
    int ok = 0;
    int launched = 0;
    QElapsedTimer wall;
    qint64 idleRssKb = 0;
    double cpuBefore = 0;
    double allStartedS = -1; // when the last post() returned: the launch burst's length

    const auto finish = [&] {
        const QJsonObject line{
            {QStringLiteral("client"), http2 ? QStringLiteral("qt-floor-h2c") : QStringLiteral("qt-floor-h1")},
            {QStringLiteral("n"), n},
            {QStringLiteral("wall_s"), wall.nsecsElapsed() / 1e9},
            {QStringLiteral("idle_rss_kb"), double(idleRssKb)},
            {QStringLiteral("cpu_before_s"), cpuBefore},
            {QStringLiteral("self_peak_rss_kb"), double(ProcessStats::statusFieldKb("VmHWM"))},
            {QStringLiteral("self_cpu_run_s"), ProcessStats::cpuSeconds() - cpuBefore},
            {QStringLiteral("all_started_s"), allStartedS},
            {QStringLiteral("ok"), ok},
        };
        std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
        QTimer::singleShot(0, &app, [&app, ok, n] { app.exit(ok == n ? 0 : 1); });
    };
    // Batches of 64 per loop turn, like the engine's scheduler.
    std::function<void()> launchBatch = [&] {
        for (int i = 0; i < 64 && launched < n; ++i, ++launched) {
            if (size_t(launched / perManager) >= managers.size())
                managers.push_back(new QNetworkAccessManager(&app));
            // One request shared by all posts, as the engine's RequestTemplates does: built
            // per post, its header and attribute tables cost about 2 KB each.
            static const QNetworkRequest request = [&] {
                QNetworkRequest shared(url);
                shared.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
                if (http2)
                    shared.setAttribute(QNetworkRequest::Http2DirectAttribute, true);
                return shared;
            }();
            QNetworkReply *reply = managers[size_t(launched / perManager)]->post(request, body);
            auto *bytes = new qint64(0);
            QObject::connect(reply, &QNetworkReply::readyRead, reply, [reply, bytes] { *bytes += readChunk(reply).size(); });
            QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, bytes] {
                *bytes += readChunk(reply).size();
                if (reply->error() == QNetworkReply::NoError && *bytes > 0)
                    ++ok;
                delete bytes;
                reply->deleteLater();
                if (++finished == n)
                    finish();
            });
        }
        if (launched < n)
            QTimer::singleShot(0, &app, launchBatch);
        else if (allStartedS < 0)
            allStartedS = wall.nsecsElapsed() / 1e9;
    };
    QTimer::singleShot(0, &app, [&] {
        idleRssKb = ProcessStats::statusFieldKb("VmRSS");
        cpuBefore = ProcessStats::cpuSeconds();
        wall.start();
        launchBatch();
    });
    return app.exec();
}
