"""The admin server is read-only and stays on loopback unless told otherwise.

  - `deskops run` without --admin-listen listens on 127.0.0.1 only (checked in the process's own
    sockets, /proc/PID/fd against /proc/net/tcp*); --admin-listen 0.0.0.0:0 is what it takes to
    listen on every interface, which the same check sees;
  - GET and HEAD work; every other method gets 405 with Allow: GET, HEAD, with or without a body;
  - a request with a 100 MB body gets 413 and oversized headers 431, without the server reading
    them, and it keeps serving afterwards.

Usage: test_admin_server.py DESKOPS WKS_SIM EXAMPLES_DIR
"""
import json
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from harness import Deskops, Sim, wait_until  # noqa: E402

DESKOPS, WKS_SIM, EXAMPLES = sys.argv[1:4]


def listening_addresses(pid):
    """IP addresses (as text) of the TCP sockets process `pid` listens on."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table, family in (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6)):
        with open(f"/proc/{pid}/net/{table}") as f:
            for row in f.readlines()[1:]:
                cols = row.split()
                if cols[3] != "0A" or cols[9] not in inodes:  # 0A: LISTEN
                    continue
                raw = bytes.fromhex(cols[1].split(":")[0])
                # /proc prints the address as host-order 32-bit words.
                words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
                found.append(socket.inet_ntop(family, words))
    return found


def exchange(address, request, read_timeout=10):
    """Sends raw bytes, returns (status code, headers text, body) of the answer."""
    host, port = address.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=read_timeout) as s:
        s.sendall(request)
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode(errors="replace").split("\r\n")
    return int(lines[0].split()[1]), "\n".join(lines[1:]).lower(), body


class Daemon:
    """`deskops run` with a state directory of its own (two daemons never share the lock)."""

    def __init__(self, sim, workdir, manifests, *flags):
        os.makedirs(workdir, exist_ok=True)
        deskops = Deskops(DESKOPS, sim, workdir, env={"DESKOPS_PASSWORD_ERIN": "Quick-Start-2026!"})
        self.proc = deskops.start("run", manifests, "--interval", "1h", *flags)
        self.lines = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stderr:
            self.lines.append(line)

    def entry(self, *messages):
        for line in list(self.lines):
            try:
                e = json.loads(line)
            except ValueError:
                continue
            if e.get("msg") in messages:
                return e
        return None

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.communicate(timeout=60)


class AdminServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="deskops-admin-")
        cls.sim = Sim(WKS_SIM, cls.tmp)
        cls.manifests = os.path.join(cls.tmp, "manifests")
        shutil.copytree(EXAMPLES, cls.manifests, ignore=shutil.ignore_patterns("*.md"))
        cls.daemon = Daemon(cls.sim, os.path.join(cls.tmp, "main"), cls.manifests,
                            "--admin-listen", "127.0.0.1:0")
        assert wait_until(lambda: cls.daemon.entry("admin server listening"), timeout=60)
        cls.address = cls.daemon.entry("admin server listening")["address"]

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()
        cls.sim.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_default_listen_address_is_loopback(self):
        daemon = Daemon(self.sim, os.path.join(self.tmp, "default"), self.manifests)  # no flag
        try:
            self.assertTrue(wait_until(lambda: daemon.entry("admin server listening",
                                                            "cannot start the admin server"),
                                       timeout=60), "".join(daemon.lines))
            started = daemon.entry("admin server listening")
            if started is None:  # port 9180 taken by something else on this machine
                self.assertIn("127.0.0.1:9180", daemon.entry("cannot start the admin server")["error"])
                return
            self.assertEqual(started["address"], "127.0.0.1:9180")
            self.assertEqual(listening_addresses(daemon.proc.pid), ["127.0.0.1"])
        finally:
            daemon.stop()

    def test_every_interface_only_when_asked(self):
        self.assertEqual(listening_addresses(self.daemon.proc.pid), ["127.0.0.1"])
        daemon = Daemon(self.sim, os.path.join(self.tmp, "any"), self.manifests,
                        "--admin-listen", "0.0.0.0:0")
        try:
            self.assertTrue(wait_until(lambda: daemon.entry("admin server listening"), timeout=60))
            self.assertEqual(listening_addresses(daemon.proc.pid), ["0.0.0.0"])
        finally:
            daemon.stop()

    def test_get_and_head(self):
        status, headers, body = exchange(self.address, b"GET /healthz HTTP/1.1\r\nHost: a\r\n"
                                                       b"Connection: close\r\n\r\n")
        self.assertEqual((status, body), (200, b"ok\n"))
        status, headers, body = exchange(self.address, b"HEAD /metrics HTTP/1.1\r\nHost: a\r\n"
                                                       b"Connection: close\r\n\r\n")
        self.assertEqual((status, body), (200, b""))
        self.assertIn("content-length:", headers)

    def test_other_methods_get_405(self):
        for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "PURGE"):
            for body in (b"", b"reload=1"):
                with self.subTest(method=method, body=body):
                    request = (f"{method} /metrics HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                               f"Content-Length: {len(body)}\r\n\r\n").encode() + body
                    status, headers, _ = exchange(self.address, request)
                    self.assertEqual(status, 405)
                    self.assertIn("allow: get, head", headers)

    def test_oversized_requests_are_refused_and_the_server_lives_on(self):
        # Only the header is sent: the answer must come without the server reading the body.
        status, headers, _ = exchange(self.address, b"GET /status HTTP/1.1\r\nHost: a\r\n"
                                                    b"Content-Length: 104857600\r\n\r\n")
        self.assertEqual(status, 413)
        self.assertIn("connection: close", headers)
        status, _, _ = exchange(self.address, b"POST /status HTTP/1.1\r\nHost: a\r\n"
                                              b"Transfer-Encoding: chunked\r\n\r\n")
        self.assertEqual(status, 405)
        status, _, _ = exchange(self.address, b"GET /status HTTP/1.1\r\nHost: a\r\nX-Big: "
                                              + b"x" * 20000 + b"\r\n\r\n")
        self.assertEqual(status, 431)
        status, _, body = exchange(self.address, b"GET /status HTTP/1.1\r\nHost: a\r\n"
                                                 b"Connection: close\r\n\r\n")
        self.assertEqual(status, 200)
        self.assertIn(b"{", body)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
