"""A tiny round-robin HTTP load balancer for the cluster suite: each request (not each
connection) goes to the next node, so a client's consecutive calls land on different nodes.
Headers are forwarded unchanged (Host too: SigV4 signs it).

    python3 rr_proxy.py LISTEN_PORT BACKEND_PORT [BACKEND_PORT ...]

A backend that refuses the connection (a node killed by the suite) is skipped for that request.
Prints "proxy ready" once listening; a count per backend is written to stderr at exit.
"""
import http.client
import http.server
import itertools
import signal
import sys
import threading

BACKENDS = [int(p) for p in sys.argv[2:]]
NEXT = itertools.count()
LOCK = threading.Lock()
COUNTS = {p: 0 for p in BACKENDS}
LOCAL = threading.local()


def connection(port):
    conns = getattr(LOCAL, "conns", None)
    if conns is None:
        conns = LOCAL.conns = {}
    if port not in conns:
        conns[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    return conns[port]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        with LOCK:
            start = next(NEXT)
        last_error = None
        for i in range(len(BACKENDS)):
            port = BACKENDS[(start + i) % len(BACKENDS)]
            for attempt in range(2):
                conn = connection(port)
                try:
                    conn.putrequest(self.command, self.path, skip_host=True,
                                    skip_accept_encoding=True)
                    for k, v in self.headers.items():
                        conn.putheader(k, v)
                    conn.endheaders(body)
                    resp = conn.getresponse()
                    data = resp.read()
                except ConnectionRefusedError as e:
                    conn.close()
                    last_error = e
                    break
                except (http.client.HTTPException, OSError) as e:
                    # A kept-alive connection the node closed: once more on a fresh one.
                    conn.close()
                    last_error = e
                    if attempt == 0 and not isinstance(e, TimeoutError):
                        continue
                    break
                with LOCK:
                    COUNTS[port] += 1
                self.send_response_only(resp.status, resp.reason)
                for k, v in resp.getheaders():
                    if k.lower() not in ("content-length", "connection", "transfer-encoding"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
        self.send_response_only(502, "Bad Gateway")
        msg = f"no node answered: {last_error}".encode()
        self.send_header("Content-Length", str(len(msg)))
        self.end_headers()
        self.wfile.write(msg)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = forward


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("proxy ready", flush=True)
    try:
        server.serve_forever()
    finally:
        print(f"requests per node: {COUNTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
