#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Turns tests/bench/run.sh's raw runs (one JSON object per line) into the Markdown results table:
medians per client and N, ratios against the peers, and the issue's targets met or missed."""
import argparse
import json
import statistics

ENGINE = "engine-h2c"
REFERENCES = ("h2load", "qt-floor-h2c")
PEERS = ("aiohttp", "node")
ORDER = ("h2load", "engine-h2c", "engine-h2c-nagle", "engine-h1", "qt-floor-h2c", "aiohttp", "node")
LABELS = {
    "h2load": "h2load, h2c (server capacity, C)",
    "engine-h2c": "PromptGrid engine, h2c pool",
    "engine-h2c-nagle": "PromptGrid engine, h2c pool, Nagle on (PROMPTGRID_TCP_NODELAY=0)",
    "engine-h1": "PromptGrid engine, HTTP/1.1 pool",
    "qt-floor-h2c": "bare Qt QNAM pool, h2c (no PromptGrid code)",
    "aiohttp": "asyncio + aiohttp, no limit",
    "node": "Node fetch (undici)",
}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, digits=2):
    return "-" if value is None else f"{value:.{digits}f}"


def summarize(runs, delay):
    groups = {}
    for run in runs:
        groups.setdefault((run["client"], run["n"]), []).append(run)
    rows = {}
    for (client, n), group in groups.items():
        good = [r for r in group if r.get("ok") == n and r.get("rc", 0) == 0 and "wall_s" in r]
        row = {"runs": len(group), "complete": len(good)}
        row["wall"] = median(r["wall_s"] for r in good)
        row["wall_d"] = row["wall"] / delay if row["wall"] is not None else None
        if client != "h2load":
            row["peak_mb"] = median(r["peak_rss_kb"] / 1024 for r in good)
            row["idle_mb"] = median(r["idle_rss_kb"] / 1024 for r in good)
            row["kb_req"] = median((r["peak_rss_kb"] - r["idle_rss_kb"]) / n for r in good)
            row["cpu_ms_req"] = median((r["cpu_total_s"] - r["cpu_before_s"]) * 1000 / n for r in good)
            row["stall"] = median(r.get("max_stall_ms") for r in good)
            row["ttft_p50"] = median(r.get("ttft_p50_ms") for r in good)
            row["latency_p50"] = median(r.get("latency_p50_ms") for r in good)
            row["latency_max"] = median(r.get("latency_max_ms") for r in good)
        rows[(client, n)] = row
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("raw")
    parser.add_argument("delay", type=float)
    for option in ("started", "machine", "versions", "load", "limits", "elapsed", "command", "gui", "gui_load"):
        parser.add_argument("--" + option, default="")
    args = parser.parse_args()
    runs = [json.loads(line) for line in open(args.raw) if line.strip()]
    rows = summarize(runs, args.delay)
    ns = sorted({n for (_, n) in rows})
    clients = [c for c in ORDER if any((c, n) in rows for n in ns)]

    out = []
    out.append("# Fan-out benchmark: latest results\n")
    out.append(f"N streaming OpenAI-style requests at once to one local nginx that streams 10 SSE events "
               f"over D = {args.delay:g} s, then `data: [DONE]`. Medians of the complete runs.\n")
    out.append(f"- Command: `{args.command.strip() or 'tests/bench/run.sh'}` (took {args.elapsed} s), started {args.started}")
    out.append(f"- Machine: {args.machine}")
    out.append(f"- Software: {args.versions}")
    out.append(f"- Load average (1/5/15 min) before -> after: {args.load}")
    out.append(f"- Limits: {args.limits}")
    out.append("- Memory per request = (peak RSS - idle RSS) / N; CPU per request = (user + sys of the whole "
               "process - CPU spent before the run started) / N; loop stall = longest gap of a 5 ms timer, "
               "engine only.\n")
    out.append("| N | client | wall s | wall / D | peak RSS MB | idle RSS MB | KB / request | CPU ms / request | max loop stall ms | complete runs |")
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in ns:
        for client in clients:
            row = rows.get((client, n))
            if not row:
                continue
            out.append(f"| {n:,} | {LABELS.get(client, client)} | {fmt(row['wall'])} | {fmt(row['wall_d'])} | "
                       f"{fmt(row.get('peak_mb'), 1)} | {fmt(row.get('idle_mb'), 1)} | {fmt(row.get('kb_req'), 1)} | "
                       f"{fmt(row.get('cpu_ms_req'), 3)} | {fmt(row.get('stall'), 0)} | {row['complete']}/{row['runs']} |")

    out.append("\nRatios, PromptGrid engine (h2c) / peer (below 1 means the engine is better):\n")
    out.append("| N | peer | wall | KB / request | CPU / request |")
    out.append("|---:|---|---:|---:|---:|")
    for n in ns:
        engine = rows.get((ENGINE, n))
        for peer in PEERS:
            other = rows.get((peer, n))
            if not engine or not other:
                continue

            def ratio(key):
                a, b = engine.get(key), other.get(key)
                return "-" if a is None or not b else f"{a / b:.2f}"
            out.append(f"| {n:,} | {peer} | {ratio('wall')} | {ratio('kb_req')} | {ratio('cpu_ms_req')} |")

    out.append("\nTargets (issue 7), checked on this run:\n")

    def check(label, ok, detail):
        mark = "-" if ok is None else ("met" if ok else "MISSED")
        out.append(f"- {label}: **{mark}** ({detail})")

    e1k = rows.get((ENGINE, 1000))
    if e1k and e1k["wall_d"] is not None:
        check("wall / D <= 1.10 at N = 1,000", e1k["wall_d"] <= 1.10, f"{e1k['wall_d']:.2f}")
    e10k = rows.get((ENGINE, 10000))
    if e10k and e10k["cpu_ms_req"] is not None:
        check("CPU per request <= 0.3 ms at N = 10,000", e10k["cpu_ms_req"] <= 0.3, f"{e10k['cpu_ms_req']:.3f} ms")
        # h2load (the server's capacity) and bare Qt (the floor under the engine) are references,
        # not clients an app could use.
        walls = {c: rows[(c, 10000)]["wall"] for c in clients
                 if c not in REFERENCES and (c, 10000) in rows and rows[(c, 10000)]["wall"] is not None}
        best = min(walls, key=walls.get)
        check("shortest wall time of all clients at N = 10,000", best.startswith("engine"),
              ", ".join(f"{c} {w:.2f} s" for c, w in sorted(walls.items(), key=lambda kv: kv[1])))
    for n in ns:
        engine = rows.get((ENGINE, n))
        if not engine or engine["kb_req"] is None:
            continue
        if n >= 1000:
            check(f"memory per in-flight request <= 20 KB at N = {n:,}", engine["kb_req"] <= 20, f"{engine['kb_req']:.1f} KB")
        for peer in PEERS:
            other = rows.get((peer, n))
            if not other or other["wall"] is None:
                continue
            check(f"at least as fast as {peer} at N = {n:,}", engine["wall"] <= other["wall"],
                  f"{engine['wall']:.2f} s vs {other['wall']:.2f} s")
            check(f"less memory per request than {peer} at N = {n:,}", engine["kb_req"] < other["kb_req"],
                  f"{engine['kb_req']:.1f} KB vs {other['kb_req']:.1f} KB")
    floor = [(n, rows.get(("qt-floor-h2c", n)), rows.get((ENGINE, n))) for n in ns]
    floor = [(n, f, e) for n, f, e in floor if f and e and f["wall"] is not None and e["wall"] is not None]
    if floor:
        out.append("\nThe engine against bare Qt (the same pool of managers with no PromptGrid code, reading bytes "
                   "without parsing them): " + "; ".join(
                       f"N = {n:,}: wall {e['wall']:.2f} vs {f['wall']:.2f} s, {e['kb_req']:.1f} vs {f['kb_req']:.1f} KB, "
                       f"{e['cpu_ms_req']:.3f} vs {f['cpu_ms_req']:.3f} ms CPU per request" for n, f, e in floor) + ".")
    timing = [(n, c, rows.get((c, n))) for n in ns for c in ("engine-h2c", "engine-h2c-nagle")]
    timing = [(n, c, r) for n, c, r in timing if r and r.get("ttft_p50") is not None]
    if timing:
        out.append("\nPer request, as the engine records it for every cell (medians of the runs' p50 and max): "
                   + "; ".join(f"{LABELS[c].replace('PromptGrid engine, ', '')} at N = {n:,}: time to first token "
                               f"{r['ttft_p50']:.0f} ms, latency {r['latency_p50']:.0f} ms (max {r['latency_max']:.0f})"
                               for n, c, r in timing)
                   + f". The first event is due at D / 10 = {args.delay * 100:.0f} ms and the last at D.")
    server = [(n, rows.get(("h2load", n))) for n in ns]
    server = [(n, r) for n, r in server if r and r["wall"] is not None]
    if server:
        out.append("\nThe server is not the bottleneck: h2load, a C client, gets all N answers in "
                   + ", ".join(f"{r['wall']:.2f} s at N = {n:,}" for n, r in server)
                   + " from the same server, while the fastest client needs at least as long (see the table).")
    if args.gui:
        out.extend(gui_section(args.gui, args.gui_load))
    print("\n".join(out))


def gui_section(path, load):
    runs = []
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            try:
                runs.append(json.loads(line))
            except ValueError:
                pass
    out = ["\n## Window smoothness (`promptgrid_gui_bench`, real MainWindow, offscreen)\n"]
    if not runs:
        return out + ["The GUI benchmark produced no result (see its output above)."]
    out.append(f"Medians of {len(runs)} run(s); load average before: {load}. Stall = how late a 5 ms timer on the "
               "GUI thread fired. Streaming: 1,000 Demo `fast` cells at once (about 50 small chunks a second each) "
               "while the grid scrolls; then 10,000 finished cells with 2 KB answers are scrolled a page every 16 ms "
               "and exported to CSV (formatting and writing on a worker thread).\n")

    def med(*keys):
        values = []
        for run in runs:
            value = run
            for key in keys:
                value = value.get(key, {}) if isinstance(value, dict) else {}
            if isinstance(value, (int, float)):
                values.append(value)
        return statistics.median(values) if values else None

    def row(label, value, target, ok):
        mark = "" if ok is None else (" (met)" if ok else " (MISSED)")
        out.append(f"| {label} | {value} | {target}{mark} |")

    out.append("| measure | median | target |")
    out.append("|---|---:|---|")
    fp = med("first_paint_ms_since_exec")
    row("start to first paint, from exec", f"{fp:.0f} ms", "<= 300 ms", fp <= 300)
    idle = med("idle_rss_mb")
    row("idle RSS after first paint", f"{idle:.1f} MB", "<= 80 MB", idle <= 80)
    for key, label in (("stream", "1,000 cells streaming + scrolling"), ("scroll_10k", "scrolling 10,000 finished 2 KB cells"),
                       ("export", "during the CSV export of 10,000 cells")):
        p99, worst = med(key, "p99_ms"), med(key, "max_ms")
        row(f"{label}: stall p99", f"{p99:.1f} ms", "<= 16 ms", p99 <= 16)
        row(f"{label}: longest stall", f"{worst:.1f} ms", "<= 50 ms", worst <= 50)
    seconds = med("export", "seconds")
    row("CSV export of 10,000 cells with 2 KB answers", f"{seconds:.2f} s", "<= 1 s", seconds <= 1)
    repaint = med("stream", "grid_repaint_max_ms")
    history = med("stream", "history_longest_write_ms")
    row("(diagnostic) longest full grid repaint while streaming", f"{repaint:.1f} ms", "", None)
    row("(diagnostic) longest run-history write while streaming", f"{history:.0f} ms", "", None)
    row("peak RSS", f"{med('peak_rss_mb'):.0f} MB", "", None)
    slowest = [run.get("stream", {}).get("slowest_events", "") for run in runs]
    out.append("\nSlowest GUI-thread events while streaming (one run): " + (slowest[0] or "none over 8 ms"))
    return out


if __name__ == "__main__":
    main()
