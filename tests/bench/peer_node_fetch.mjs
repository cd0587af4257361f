// SPDX-License-Identifier: MIT
// Peer client for tests/bench/run.sh: N streaming OpenAI-style requests at once with Node's fetch
// (undici, no connection limit by default). Every SSE event is read and its JSON decoded.
// Prints one JSON line: wall time, idle RSS, CPU spent before the run (the driver subtracts
// it from the process total), and how many answers came back complete.
//
// Usage: node peer_node_fetch.mjs URL N
import { readFileSync } from 'node:fs';

const [url, nText] = process.argv.slice(2);
if (!url || !nText) {
    console.error('usage: node peer_node_fetch.mjs URL N');
    process.exit(2);
}
const n = Number(nText);
const body = JSON.stringify({
    model: 'bench',
    messages: [{ role: 'user', content: 'Say something.' }],
    stream: true,
});

function rssKb() {
    const match = /VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : 0;
}

async function one() {
    const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body,
    });
    if (response.status !== 200)
        return false;
    const decoder = new TextDecoder();
    let buffer = '';
    let done = false;
    const text = [];
    for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        // Events end with a blank line.
        while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            for (const line of event.split('\n')) {
                if (!line.startsWith('data:'))
                    continue;
                const data = line.slice(5).trim();
                if (data === '[DONE]') {
                    done = true;
                    continue;
                }
                const parsed = JSON.parse(data);
                for (const choice of parsed.choices ?? [])
                    text.push(choice.delta?.content ?? '');
            }
        }
    }
    return done && text.length > 0;
}

const idle = rssKb();
const before = process.cpuUsage();
const start = performance.now();
const results = await Promise.allSettled(Array.from({ length: n }, () => one()));
const wall = (performance.now() - start) / 1000;
const ok = results.filter((r) => r.status === 'fulfilled' && r.value === true).length;
const failed = results.find((r) => r.status === 'rejected');
console.log(JSON.stringify({
    client: 'node-fetch', n, wall_s: wall, idle_rss_kb: idle,
    cpu_before_s: (before.user + before.system) / 1e6, ok,
    first_error: failed ? String(failed.reason?.cause ?? failed.reason) : '',
}));
process.exit(ok === n ? 0 : 1);
