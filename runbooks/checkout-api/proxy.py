#!/usr/bin/env python3
"""Switchable reverse proxy in front of the demo checkout-api (Python 3 standard library only).

    python3 proxy.py --port 18080 --state-dir /var/tmp/opsbook/checkout-api

Forwards every request to the upstream named in STATE_DIR/upstream (one line, e.g.
http://127.0.0.1:18081). The file is read on every request, so a failover is one atomic rename
of that file: no reload, no restart, no dropped connections. Responses carry X-Upstream.

  GET /proxy/status   200 {"upstream": URL} (answered by the proxy itself)
  upstream down       502 {"error": "upstream unreachable", "upstream": URL, "detail": ...}
  bad upstream file   502 {"error": "no valid upstream", ...}

Writes its pid to STATE_DIR/proxy.pid once it listens, removes it on SIGTERM/SIGINT.
"""
import argparse
import http.client
import json
import os
import re
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UPSTREAM = re.compile(r"^http://([A-Za-z0-9.-]+):(\d{1,5})$")
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailers", "transfer-encoding", "upgrade", "host", "content-length"}


def read_upstream(path):
    try:
        with open(path) as f:
            url = f.read().strip()
    except OSError as e:
        return None, f"cannot read {path}: {e.strerror}"
    m = UPSTREAM.match(url)
    return (url, (m.group(1), int(m.group(2)))) if m else (None, f"{path} holds {url!r}, expected http://HOST:PORT")


def make_handler(upstream_file, timeout):
    class Handler(BaseHTTPRequestHandler):
        server_version = "checkout-proxy/1"

        def reply(self, status, body, upstream=None):
            data = (json.dumps(body) + "\n").encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if upstream:
                self.send_header("X-Upstream", upstream)
            self.end_headers()
            self.wfile.write(data)

        def forward(self):
            url, target = read_upstream(upstream_file)
            if url is None:
                return self.reply(502, {"error": "no valid upstream", "detail": target})
            if self.path == "/proxy/status":
                return self.reply(200, {"upstream": url})
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            conn = http.client.HTTPConnection(*target, timeout=timeout)
            try:
                conn.request(self.command, self.path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
            except OSError as e:
                return self.reply(502, {"error": "upstream unreachable", "upstream": url, "detail": str(e)}, url)
            finally:
                conn.close()
            self.send_response(resp.status)
            for key, value in resp.getheaders():
                if key.lower() not in HOP_BY_HOP and key.lower() not in ("server", "date"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Upstream", url)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = forward

        def log_message(self, fmt, *args):
            sys.stderr.write(f"{self.log_date_time_string()} proxy {fmt % args}\n")

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--timeout", type=float, default=5.0, help="upstream timeout in seconds")
    args = parser.parse_args()

    pid_file = os.path.join(args.state_dir, "proxy.pid")
    server = ThreadingHTTPServer((args.bind, args.port),
                                 make_handler(os.path.join(args.state_dir, "upstream"), args.timeout))
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    signal.signal(signal.SIGINT, lambda *_: threading.Thread(target=server.shutdown).start())
    with open(pid_file, "w") as out:
        out.write(f"{os.getpid()}\n")
    sys.stderr.write(f"proxy listening on {args.bind}:{args.port}\n")
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        server.server_close()
        try:
            with open(pid_file) as current:
                if current.read().strip() == str(os.getpid()):
                    os.remove(pid_file)
        except FileNotFoundError:
            pass
        sys.stderr.write("proxy stopped\n")


if __name__ == "__main__":
    main()
