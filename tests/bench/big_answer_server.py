#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A local OpenAI-style server for tests/bench/memory.sh: every POST to /v1/chat/completions is
# answered with EVENTS SSE events of CHARS characters each, then the end marker. The request
# body (a prompt of any size) is read and dropped.
#
#   big_answer_server.py PORT EVENTS CHARS
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, events, chars = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
content = ("abcdefghij" * (chars // 10 + 1))[:chars]
event = ("data: " + json.dumps({"choices": [{"index": 0, "delta": {"content": content}, "finish_reason": None}]}) + "\n\n").encode()
body = event * events + b'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        remaining = int(self.headers.get("content-length", 0))
        while remaining > 0:
            remaining -= len(self.rfile.read(min(remaining, 1 << 20)))
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


Server(("127.0.0.1", port), Handler).serve_forever()
