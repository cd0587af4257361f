// SPDX-License-Identifier: MIT
// PromptGrid's engine as a load client, for tests/bench/run.sh: N streaming OpenAI-style requests to
// one local host through the real Scheduler, NetworkPool and request coroutines, with the
// concurrency cap set to N. Prints one JSON line with wall time, idle RSS, CPU spent before the
// run (the driver subtracts it from the process total), its own view of peak RSS and run CPU,
// the longest event-loop stall seen by a 5 ms timer probe, and how many answers came back whole.
//
// Usage: promptgrid_engine_bench --url http://127.0.0.1:PORT/v1 --n N [--http2]

#include "ColumnStats.h"
#include "PlanBuilder.h"
#include "ProcessStats.h"
#include "ResultsTableModel.h"
#include "Scheduler.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

namespace {
/// The longest gap between ticks of a 5 ms timer, minus the interval: how long the event loop
/// was unable to run anything else.
class StallProbe : public QObject
{
public:
    explicit StallProbe(QObject *parent = nullptr)
        : QObject(parent)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kIntervalMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const qint64 stall = now - m_lastNs - kIntervalMs * 1'000'000LL;
            if (stall > m_maxStallNs) {
                m_maxStallNs = stall;
                m_maxStallAtNs = m_lastNs;
            }
            m_lastNs = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_lastNs = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double maxStallMs() const { return std::max<qint64>(0, m_maxStallNs) / 1e6; }
    /// When the longest stall began, in seconds since start().
    double maxStallAtS() const { return m_maxStallAtNs / 1e9; }

private:
    static constexpr int kIntervalMs = 5;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_maxStallNs = 0;
    qint64 m_maxStallAtNs = 0;
};
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("url"), QStringLiteral("OpenAI-style base URL (…/v1)."), QStringLiteral("URL")},
        {QStringLiteral("n"), QStringLiteral("Requests, all at once."), QStringLiteral("N")},
        {QStringLiteral("http2"), QStringLiteral("Speak h2c (the provider's \"http2\": true).")},
    });
    parser.addHelpOption();
    parser.process(app);
    const QString url = parser.value(QStringLiteral("url"));
    const int n = parser.value(QStringLiteral("n")).toInt();
    if (url.isEmpty() || n <= 0) {
        std::fputs("usage: promptgrid_engine_bench --url http://127.0.0.1:PORT/v1 --n N [--http2]\n", stderr);
        return 2;
    }
    const bool http2 = parser.isSet(QStringLiteral("http2"));

    ProviderConfig provider;
    provider.name = QStringLiteral("bench");
    provider.kind = ProviderKind::OpenAI;
    provider.baseUrl = url;
    provider.models = {QStringLiteral("bench")};
    provider.maxConcurrency = n;
    provider.http2Direct = http2;
    ProviderRegistry registry = ProviderRegistry::withDemo();
    registry.upsert(provider);

    Scheduler scheduler;
    scheduler.setProviders(registry);
    scheduler.setConcurrencyOverride(n);
    // The window's model listens as it would in the app, so its update path is measured too.
    ResultsTableModel model(&scheduler);

    ModelColumn column;
    column.provider = provider.name;
    column.model = QStringLiteral("bench");
    const QStringList prompts(n, QStringLiteral("Say something."));
    const RunPlan plan = PlanBuilder::fromPrompts(prompts, {column}, 1, QString());

    StallProbe probe;
    QElapsedTimer wall;
    qint64 idleRssKb = 0;
    double cpuBefore = 0;
    // When the last request was handed to Qt: the launch burst's length.
    double allStartedS = -1;
    QObject::connect(&scheduler, &Scheduler::countsChanged, &app, [&](const RunCounts &counts) {
        if (allStartedS < 0 && wall.isValid() && counts.queued == 0 && counts.total() > 0)
            allStartedS = wall.nsecsElapsed() / 1e9;
    });
    QObject::connect(&scheduler, &Scheduler::runFinished, &app, [&] {
        const double wallS = wall.nsecsElapsed() / 1e9;
        probe.stop();
        const double cpuRun = ProcessStats::cpuSeconds() - cpuBefore;
        int ok = 0;
        QString firstError;
        // Where the time beyond D goes: how long requests waited in the engine's queue (the
        // launch burst), took to their first token, and took in all.
        QList<double> queueWaits, ttfts, latencies;
        for (int cell = 0; cell < scheduler.cellCount(); ++cell) {
            const CellResult &result = scheduler.result(cell);
            queueWaits.append(double(result.queueWaitMs.value_or(0)));
            ttfts.append(double(result.ttftMs.value_or(0)));
            latencies.append(double(result.latencyMs.value_or(0)));
            if (result.status == CellStatus::Ok && !result.text.isEmpty())
                ++ok;
            else if (firstError.isEmpty())
                firstError = cellStatusName(result.status) + QStringLiteral(": ") + result.error;
        }
        const QJsonObject line{
            {QStringLiteral("client"), http2 ? QStringLiteral("engine-h2c") : QStringLiteral("engine-h1")},
            {QStringLiteral("n"), n},
            {QStringLiteral("wall_s"), wallS},
            {QStringLiteral("idle_rss_kb"), double(idleRssKb)},
            {QStringLiteral("cpu_before_s"), cpuBefore},
            {QStringLiteral("self_peak_rss_kb"), double(ProcessStats::statusFieldKb("VmHWM"))},
            {QStringLiteral("self_cpu_run_s"), cpuRun},
            {QStringLiteral("max_stall_ms"), probe.maxStallMs()},
            {QStringLiteral("max_stall_at_s"), probe.maxStallAtS()},
            {QStringLiteral("all_started_s"), allStartedS},
            {QStringLiteral("queue_wait_max_ms"), ColumnStats::percentile(queueWaits, 100).value_or(0)},
            {QStringLiteral("ttft_p50_ms"), ColumnStats::percentile(ttfts, 50).value_or(0)},
            {QStringLiteral("ttft_max_ms"), ColumnStats::percentile(ttfts, 100).value_or(0)},
            {QStringLiteral("latency_p50_ms"), ColumnStats::percentile(latencies, 50).value_or(0)},
            {QStringLiteral("latency_max_ms"), ColumnStats::percentile(latencies, 100).value_or(0)},
            {QStringLiteral("threads"), double(ProcessStats::statusFieldKb("Threads"))},
            {QStringLiteral("ok"), ok},
            {QStringLiteral("first_error"), firstError},
        };
        std::printf("%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
        // Leave after this turn so that finished replies are freed by their deleteLater first.
        QTimer::singleShot(0, &app, [&app, ok, n] { app.exit(ok == n ? 0 : 1); });
    });
    // Start from a running loop, as the app does when the user presses Run.
    QTimer::singleShot(0, &app, [&] {
        idleRssKb = ProcessStats::statusFieldKb("VmRSS");
        cpuBefore = ProcessStats::cpuSeconds();
        probe.start();
        wall.start();
        scheduler.start(plan);
    });
    return app.exec();
}
