#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Peer client for tests/bench/run.sh: N streaming OpenAI-style requests at once with asyncio + aiohttp.

The pattern the field uses: one shared ClientSession, the connection limit off, every SSE event
read and its JSON decoded. Prints one JSON line: wall time, idle RSS, CPU spent before the run
(the driver subtracts it from the process total), and how many answers came back complete.

Usage: peer_aiohttp.py URL N
"""
import asyncio
import json
import resource
import sys
import time

import aiohttp

BODY = {
    "model": "bench",
    "messages": [{"role": "user", "content": "Say something."}],
    "stream": True,
}


def rss_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_s():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def one(session, url):
    async with session.post(url, json=BODY) as response:
        if response.status != 200:
            return False
        done = False
        text = []
        # Lines as they arrive; an SSE event here is one "data:" line and a blank line.
        async for raw in response.content:
            line = raw.strip()
            if not line.startswith(b"data:"):
                continue
            data = line[5:].strip()
            if data == b"[DONE]":
                done = True
                continue
            event = json.loads(data)
            for choice in event.get("choices", []):
                text.append(choice.get("delta", {}).get("content") or "")
        return done and len(text) > 0


async def main(url, n):
    connector = aiohttp.TCPConnector(limit=0, limit_per_host=0)
    timeout = aiohttp.ClientTimeout(total=600)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        idle = rss_kb()
        cpu_before = cpu_s()
        start = time.monotonic()
        results = await asyncio.gather(*(one(session, url) for _ in range(n)), return_exceptions=True)
        wall = time.monotonic() - start
    ok = sum(1 for r in results if r is True)
    errors = [repr(r) for r in results if isinstance(r, BaseException)]
    print(json.dumps({"client": "aiohttp", "n": n, "wall_s": wall, "idle_rss_kb": idle,
                      "cpu_before_s": cpu_before, "ok": ok,
                      "first_error": errors[0] if errors else ""}))
    return 0 if ok == n else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: peer_aiohttp.py URL N")
    sys.exit(asyncio.run(main(sys.argv[1], int(sys.argv[2]))))
