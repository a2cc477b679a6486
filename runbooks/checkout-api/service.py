#!/usr/bin/env python3
"""One instance of the demo checkout-api (Python 3 standard library only).

    python3 service.py --name primary --port 18081 --state-dir /var/tmp/opsbook/checkout-api

Endpoints:
  GET  /health  200 {"status": "ok", "instance": NAME}; 503 {"status": "down", ...} while the
                maintenance switch STATE_DIR/NAME.down exists (used to drain an instance and,
                in drills, to simulate a failure)
  GET  /...     200 {"service": "checkout-api", "instance": NAME, "path": PATH}
  POST /...     200 {"service": "checkout-api", "instance": NAME, "received_bytes": N}

Writes its pid to STATE_DIR/NAME.pid once it listens, removes it on SIGTERM/SIGINT.
Access log lines go to stderr.
"""
import argparse
import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def make_handler(name, down_file):
    class Handler(BaseHTTPRequestHandler):
        server_version = "checkout-api/1"

        def reply(self, status, body):
            data = (json.dumps(body) + "\n").encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Instance", name)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def do_GET(self):
            if self.path == "/health":
                if os.path.exists(down_file):
                    self.reply(503, {"status": "down", "instance": name, "reason": f"{down_file} exists"})
                else:
                    self.reply(200, {"status": "ok", "instance": name})
            else:
                self.reply(200, {"service": "checkout-api", "instance": name, "path": self.path})

        do_HEAD = do_GET

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            self.reply(200, {"service": "checkout-api", "instance": name, "received_bytes": len(body)})

        def log_message(self, fmt, *args):
            sys.stderr.write(f"{self.log_date_time_string()} {name} {fmt % args}\n")

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--name", required=True, help="instance name, e.g. primary or standby")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--state-dir", required=True)
    args = parser.parse_args()

    pid_file = os.path.join(args.state_dir, f"{args.name}.pid")
    server = ThreadingHTTPServer((args.bind, args.port),
                                 make_handler(args.name, os.path.join(args.state_dir, f"{args.name}.down")))
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    signal.signal(signal.SIGINT, lambda *_: threading.Thread(target=server.shutdown).start())
    with open(pid_file, "w") as out:
        out.write(f"{os.getpid()}\n")
    sys.stderr.write(f"{args.name} listening on {args.bind}:{args.port}\n")
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
        sys.stderr.write(f"{args.name} stopped\n")


if __name__ == "__main__":
    main()
