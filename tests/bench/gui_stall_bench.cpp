// SPDX-License-Identifier: MIT
// Window smoothness benchmark: opens the real MainWindow (run it with QT_QPA_PLATFORM=offscreen
// on a machine without a display) and measures, with a 5 ms timer probe on the GUI thread:
//   1. start-to-first-paint time and idle RSS;
//   2. the stall percentiles while 1,000 cells stream at once from the Demo provider's "fast"
//      model (about 50 small chunks a second each) and the grid is scrolled;
//   3. scrolling a grid of 10,000 finished cells with 2 KB answers;
//   4. exporting those 10,000 cells to CSV (off the GUI thread) and the stalls meanwhile.
// Prints a Markdown report and one JSON line. Every phase is bounded by its own timeout.
//
// Usage: promptgrid_gui_bench [--cells 1000] [--export-cells 10000] [--words 150] [--json-only]

#include "ColumnStats.h"
#include "ProcessStats.h"
#include "HistoryDatabase.h"
#include "MainWindow.h"
#include "ResultsTableModel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <unistd.h>
#include <vector>

namespace {
QElapsedTimer g_sinceMain;

// Milliseconds since the kernel started this process (exec), to also count what happens before
// main(): dynamic loading of Qt and its plugins.
double msSinceProcessStart()
{
    QFile file(QStringLiteral("/proc/self/stat"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return -1;
    const double startTicks = fields.at(19).toDouble(); // field 22: starttime
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const double nowMs = now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
    return nowMs - startTicks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

/// Gaps between the ticks of a 5 ms timer on the GUI thread, minus the interval: how long the
/// window could not react.
class StallProbe : public QObject
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kIntervalMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const double stallMs = std::max<qint64>(0, now - m_lastNs - kIntervalMs * 1'000'000LL) / 1e6;
            if (m_stallsMs.empty() || stallMs > max())
                m_maxAtS = m_lastNs / 1e9;
            m_stallsMs.push_back(stallMs);
            m_lastNs = now;
        });
    }
    void start()
    {
        m_stallsMs.clear();
        m_clock.start();
        m_lastNs = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    /// Nearest rank, as the app's own column statistics.
    double percentile(double p) const
    {
        return ColumnStats::percentile(QList<double>(m_stallsMs.begin(), m_stallsMs.end()), p).value_or(0);
    }
    double max() const { return m_stallsMs.empty() ? 0 : *std::max_element(m_stallsMs.begin(), m_stallsMs.end()); }
    int ticks() const { return int(m_stallsMs.size()); }
    /// When the longest stall began, in seconds since start().
    double maxAtS() const { return m_maxAtS; }

private:
    static constexpr int kIntervalMs = 5;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    std::vector<double> m_stallsMs;
    double m_maxAtS = 0;
};

/// Reports the first paint of any widget in the window.
class PaintWatcher : public QObject
{
public:
    std::function<void()> onFirstPaint;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && onFirstPaint) {
            const auto callback = std::move(onFirstPaint);
            onFirstPaint = nullptr;
            callback();
        }
        return QObject::eventFilter(watched, event);
    }
};

/// Times every top-level event dispatch and keeps the slowest, to name what stalls the window.
class TimedApplication : public QApplication
{
public:
    using QApplication::QApplication;
    struct Slow {
        double ms;
        QString what;
    };
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_depth > 0) {
            ++m_depth;
            const bool result = QApplication::notify(receiver, event);
            --m_depth;
            return result;
        }
        // Describe before dispatch: the receiver may be gone afterwards.
        const int type = int(event->type());
        const char *className = receiver->metaObject()->className();
        QString timerName;
        if (const auto *timer = recording && type == QEvent::Timer ? qobject_cast<QTimer *>(receiver) : nullptr)
            timerName = QStringLiteral(" [%1, %2 ms]").arg(timer->objectName().isEmpty() ? QStringLiteral("unnamed") : timer->objectName()).arg(timer->interval());
        QElapsedTimer clock;
        clock.start();
        ++m_depth;
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        const double ms = clock.nsecsElapsed() / 1e6;
        if (recording && ms >= 8) {
            QString what = QStringLiteral("%1 event %2").arg(QLatin1String(className)).arg(type);
            what += timerName;
            if (type == QEvent::MetaCall)
                what += QStringLiteral(" (queued call/signal)");
            else if (type == QEvent::Timer)
                what += QStringLiteral(" (timer)");
            else if (type == QEvent::UpdateRequest)
                what += QStringLiteral(" (repaint)");
            slow.push_back({ms, what});
        }
        return result;
    }
    bool recording = false;
    std::vector<Slow> slow;

private:
    int m_depth = 0;
};

QString slowestEvents(std::vector<TimedApplication::Slow> slow, int count)
{
    std::sort(slow.begin(), slow.end(), [](const auto &a, const auto &b) { return a.ms > b.ms; });
    QStringList out;
    for (int i = 0; i < int(slow.size()) && i < count; ++i)
        out.append(QStringLiteral("%1 ms %2").arg(slow[size_t(i)].ms, 0, 'f', 1).arg(slow[size_t(i)].what));
    return out.join(QStringLiteral("; "));
}

QString words(int count, int seed)
{
    static const QStringList vocabulary{QStringLiteral("grid"),   QStringLiteral("model"), QStringLiteral("answer"),
                                        QStringLiteral("stream"), QStringLiteral("token"), QStringLiteral("prompt"),
                                        QStringLiteral("compare"), QStringLiteral("cell"), QStringLiteral("latency")};
    QStringList out;
    for (int i = 0; i < count; ++i)
        out.append(vocabulary.at((i * 7 + seed) % vocabulary.size()));
    return out.join(QLatin1Char(' '));
}

struct PhaseStats {
    double p50 = 0, p99 = 0, max = 0, seconds = 0;
    int ticks = 0;
    double maxAtS = 0;
    QJsonObject json() const
    {
        return {{QStringLiteral("p50_ms"), p50}, {QStringLiteral("p99_ms"), p99}, {QStringLiteral("max_ms"), max},
                {QStringLiteral("max_at_s"), maxAtS},
                {QStringLiteral("seconds"), seconds}, {QStringLiteral("ticks"), ticks}};
    }
};

PhaseStats statsOf(const StallProbe &probe, double seconds)
{
    return PhaseStats{probe.percentile(50), probe.percentile(99), probe.max(), seconds, probe.ticks(), probe.maxAtS()};
}
} // namespace

int main(int argc, char **argv)
{
    g_sinceMain.start();
    // The window keeps a run history and settings: keep the bench's out of the user's own.
    QTemporaryDir home;
    for (const char *variable : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        qputenv(variable, home.path().toUtf8() + '/' + variable);
    TimedApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PromptGrid-bench"));
    QApplication::setOrganizationName(QStringLiteral("PromptGrid-bench"));
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("cells"), QStringLiteral("Cells streaming at once (default 1000)."), QStringLiteral("N")},
        {QStringLiteral("export-cells"), QStringLiteral("Finished cells to scroll and export (default 10000)."), QStringLiteral("N")},
        {QStringLiteral("words"), QStringLiteral("Words per streamed answer (default 150: 3 s at 50 chunks/s)."), QStringLiteral("N")},
        {QStringLiteral("json-only"), QStringLiteral("Print only the JSON line.")},
    });
    parser.addHelpOption();
    parser.process(app);
    const int cells = std::max(10, parser.value(QStringLiteral("cells")).toInt() > 0 ? parser.value(QStringLiteral("cells")).toInt() : 1000);
    const int exportCells = std::max(10, parser.value(QStringLiteral("export-cells")).toInt() > 0 ? parser.value(QStringLiteral("export-cells")).toInt() : 10000);
    const int answerWords = parser.value(QStringLiteral("words")).toInt() > 0 ? parser.value(QStringLiteral("words")).toInt() : 150;
    constexpr int kColumns = 10;

    QTemporaryDir dir;
    QJsonObject report;
    double gridPaintMaxMs = 0;
    StallProbe probe;
    QElapsedTimer phaseClock;
    QTimer scroller;
    scroller.setInterval(50);

    MainWindow window;
    window.resize(1400, 900);
    PaintWatcher watcher;
    window.installEventFilter(&watcher);
    for (QWidget *child : window.findChildren<QWidget *>())
        child->installEventFilter(&watcher);

    Scheduler *scheduler = window.scheduler();
    QTableView *grid = window.grid();
    const auto finish = [&](int code) {
        report.insert(QStringLiteral("peak_rss_mb"), ProcessStats::statusFieldKb("VmHWM") / 1024.0);
        std::printf("%s\n", QJsonDocument(report).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
        QTimer::singleShot(0, &app, [&app, code] { app.exit(code); });
    };
    // Every phase ends by itself; this is the backstop.
    QTimer::singleShot(180'000, &app, [&] {
        report.insert(QStringLiteral("error"), QStringLiteral("timed out"));
        finish(1);
    });

    // Phase 4: CSV export of the finished grid, off the GUI thread.
    const auto runExport = [&] {
        const QString path = dir.filePath(QStringLiteral("export.csv"));
        QObject::connect(&window, &MainWindow::exportFinished, &app, [&, path](const QString &, const QString &error) {
            probe.stop();
            const double seconds = phaseClock.nsecsElapsed() / 1e9;
            QJsonObject exportJson = statsOf(probe, seconds).json();
            exportJson.insert(QStringLiteral("cells"), exportCells);
            exportJson.insert(QStringLiteral("bytes"), double(QFileInfo(path).size()));
            exportJson.insert(QStringLiteral("error"), error);
            report.insert(QStringLiteral("export"), exportJson);
            finish(error.isEmpty() ? 0 : 1);
        });
        probe.start();
        phaseClock.start();
        window.exportCsvTo(path);
    };

    // kColumns Demo "fast" columns, labelled apart.
    const auto addFastColumns = [](RunPlan &plan) {
        for (int column = 0; column < kColumns; ++column) {
            ModelColumn model;
            model.provider = QStringLiteral("demo");
            model.model = QStringLiteral("fast");
            model.label = QStringLiteral("fast #%1").arg(column + 1);
            plan.columns.append(model);
        }
    };

    // Phase 3: scroll a grid of finished cells with 2 KB answers, a page every 16 ms.
    const auto runScroll = [&] {
        RunPlan plan;
        const QString answer = words(330, 3).left(2048);
        for (int row = 0; row < exportCells / kColumns; ++row)
            plan.rows.append(RunRow{row, -1, QStringLiteral("Prompt %1: %2").arg(row).arg(words(12, row)), QString(),
                                    QStringLiteral("Prompt %1").arg(row + 1)});
        addFastColumns(plan);
        std::vector<CellResult> results(size_t(plan.cellCount()));
        for (CellResult &result : results) {
            result.status = CellStatus::Ok;
            result.text = answer;
            result.ttftMs = 120;
            result.latencyMs = 2400;
            result.inputTokens = 40;
            result.outputTokens = 330;
            result.finishReason = QStringLiteral("stop");
            result.attempts = 1;
        }
        QElapsedTimer loadClock;
        loadClock.start();
        scheduler->load(plan, results);
        report.insert(QStringLiteral("load_10k_ms"), loadClock.nsecsElapsed() / 1e6);
        QObject::disconnect(&scroller, nullptr, nullptr, nullptr);
        scroller.setInterval(16);
        QObject::connect(&scroller, &QTimer::timeout, &app, [&] {
            QScrollBar *bar = grid->verticalScrollBar();
            if (bar->value() >= bar->maximum() || phaseClock.elapsed() > 3000) {
                scroller.stop();
                probe.stop();
                QJsonObject scrollJson = statsOf(probe, phaseClock.nsecsElapsed() / 1e9).json();
                scrollJson.insert(QStringLiteral("rows_scrolled"), bar->value());
                report.insert(QStringLiteral("scroll_10k"), scrollJson);
                QTimer::singleShot(200, &app, runExport);
                return;
            }
            bar->setValue(bar->value() + bar->pageStep());
        });
        probe.start();
        phaseClock.start();
        scroller.start();
    };

    // Phase 2: N cells stream at once while the grid scrolls up and down.
    const auto runStream = [&] {
        RunPlan plan;
        for (int row = 0; row < cells / kColumns; ++row)
            plan.rows.append(RunRow{row, -1, QStringLiteral("Question %1: %2").arg(row).arg(words(answerWords, row)), QString(),
                                    QStringLiteral("Question %1").arg(row + 1)});
        addFastColumns(plan);
        scheduler->setConcurrencyOverride(cells);
        QObject::connect(scheduler, &Scheduler::runFinished, &app, [&] {
            if (report.contains(QStringLiteral("stream")))
                return;
            probe.stop();
            scroller.stop();
            const RunCounts counts = scheduler->counts();
            QJsonObject streamJson = statsOf(probe, phaseClock.nsecsElapsed() / 1e9).json();
            streamJson.insert(QStringLiteral("cells"), counts.total());
            streamJson.insert(QStringLiteral("ok"), counts.ok);
            streamJson.insert(QStringLiteral("peak_rss_mb"), ProcessStats::statusFieldKb("VmHWM") / 1024.0);
            streamJson.insert(QStringLiteral("grid_repaint_max_ms"), gridPaintMaxMs);
            app.recording = false;
            streamJson.insert(QStringLiteral("slowest_events"), slowestEvents(app.slow, 6));
            if (HistoryDatabase *history = window.history()) {
                streamJson.insert(QStringLiteral("history_writes"), history->writeTransactions());
                streamJson.insert(QStringLiteral("history_longest_write_ms"), double(history->longestWriteMs()));
            }
            report.insert(QStringLiteral("stream"), streamJson);
            QTimer::singleShot(200, &app, runScroll);
        });
        // What one full repaint of the grid costs, sampled twice a second: the usual stall source.
        auto *paintSampler = new QTimer(&app);
        paintSampler->setInterval(500);
        QObject::connect(paintSampler, &QTimer::timeout, &app, [&, paintSampler] {
            if (report.contains(QStringLiteral("stream"))) {
                paintSampler->stop();
                return;
            }
            QElapsedTimer paintClock;
            paintClock.start();
            grid->viewport()->repaint();
            const double ms = paintClock.nsecsElapsed() / 1e6;
            gridPaintMaxMs = std::max(gridPaintMaxMs, ms);
        });
        paintSampler->start();
        int direction = 1;
        QObject::connect(&scroller, &QTimer::timeout, &app, [&, direction]() mutable {
            QScrollBar *bar = grid->verticalScrollBar();
            if (bar->value() >= bar->maximum())
                direction = -1;
            else if (bar->value() <= bar->minimum())
                direction = 1;
            bar->setValue(bar->value() + direction * std::max(1, bar->pageStep() / 4));
        });
        app.slow.clear();
        app.recording = true;
        probe.start();
        phaseClock.start();
        scheduler->start(plan);
        scroller.start();
    };

    // Phase 1: first paint, then a second of idle.
    watcher.onFirstPaint = [&] {
        report.insert(QStringLiteral("first_paint_ms_since_main"), g_sinceMain.nsecsElapsed() / 1e6);
        report.insert(QStringLiteral("first_paint_ms_since_exec"), msSinceProcessStart());
        QTimer::singleShot(1000, &app, [&] {
            report.insert(QStringLiteral("idle_rss_mb"), ProcessStats::statusFieldKb("VmRSS") / 1024.0);
            runStream();
        });
    };
    window.show();
    const int code = app.exec();
    if (!parser.isSet(QStringLiteral("json-only"))) {
        const auto phase = [&](const char *key) { return report.value(QLatin1String(key)).toObject(); };
        std::printf("\n| measure | value | target |\n|---|---:|---:|\n");
        std::printf("| start to first paint (from exec) | %.0f ms | <= 300 ms |\n", report.value(QStringLiteral("first_paint_ms_since_exec")).toDouble());
        std::printf("| idle RSS | %.1f MB | <= 80 MB |\n", report.value(QStringLiteral("idle_rss_mb")).toDouble());
        const QJsonObject stream = phase("stream");
        std::printf("| %d cells streaming + scrolling: stall p50 / p99 / max | %.1f / %.1f / %.1f ms | p99 <= 16, max <= 50 |\n",
                    stream.value(QStringLiteral("cells")).toInt(), stream.value(QStringLiteral("p50_ms")).toDouble(),
                    stream.value(QStringLiteral("p99_ms")).toDouble(), stream.value(QStringLiteral("max_ms")).toDouble());
        std::printf("| (diagnostics while streaming) one full grid repaint, longest / history write, longest | %.1f / %.0f ms | |\n",
                    stream.value(QStringLiteral("grid_repaint_max_ms")).toDouble(),
                    stream.value(QStringLiteral("history_longest_write_ms")).toDouble());
        const QJsonObject scroll = phase("scroll_10k");
        std::printf("| scrolling %d finished 2 KB cells: stall p50 / p99 / max | %.1f / %.1f / %.1f ms | p99 <= 16, max <= 50 |\n",
                    exportCells, scroll.value(QStringLiteral("p50_ms")).toDouble(), scroll.value(QStringLiteral("p99_ms")).toDouble(),
                    scroll.value(QStringLiteral("max_ms")).toDouble());
        const QJsonObject exported = phase("export");
        std::printf("| CSV export of %d cells (off the GUI thread) | %.2f s | <= 1 s |\n", exportCells,
                    exported.value(QStringLiteral("seconds")).toDouble());
        std::printf("| stall during the export: p99 / max | %.1f / %.1f ms | p99 <= 16, max <= 50 |\n",
                    exported.value(QStringLiteral("p99_ms")).toDouble(), exported.value(QStringLiteral("max_ms")).toDouble());
        std::printf("| peak RSS | %.1f MB | |\n", report.value(QStringLiteral("peak_rss_mb")).toDouble());
    }
    return code;
}
