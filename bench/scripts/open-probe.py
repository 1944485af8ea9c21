#!/usr/bin/env python3
"""One client's open latency while a bench case runs (not part of run-all).

    bench/scripts/open-probe.py <host> <port> <path> <seconds>

Opens a stream every 200 ms with a raw socket (no Last-Event-ID: the server logs it as
start=<topic>=latest, so its open is found in the server's log among a storm's resumes) and
prints, per open: the wall-clock time it sent the request, the TCP connect, and the time to the
response headers and to the caught-up event, in ms. Matching the send times with the server's
"Stream opened" lines splits the wait into before the handler ran and after.
"""
import socket
import sys
import time

host, port, path, seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
end = time.time() + seconds
while time.time() < end:
    sent = time.time()
    t0 = time.monotonic()
    s = socket.create_connection((host, port))
    connected = time.monotonic()
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: probe\r\nAccept: text/event-stream\r\n\r\n".encode())
    s.settimeout(30)
    buf, headers, caught_up = b"", None, None
    while caught_up is None:
        data = s.recv(65536)
        if not data:
            break
        buf += data
        if headers is None and b"\r\n\r\n" in buf:
            headers = time.monotonic()
        if b"caught-up" in buf:
            caught_up = time.monotonic()
    s.close()
    ms = lambda t: f"{1000 * (t - t0):.1f}" if t else "-"
    print(f"{sent:.3f} connect {ms(connected)} headers {ms(headers)} caught-up {ms(caught_up)}", flush=True)
    time.sleep(0.2)
