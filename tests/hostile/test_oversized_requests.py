"""wks-sim refuses requests too large to read, cleanly: 413 for a body over its 13 MB limit
(declared by Content-Length or reached chunk by chunk), 431 for oversized headers, each with a
JSON error and the connection closed, and it keeps serving afterwards. (The admin server's
limits are in tests/security/test_admin_server.py, the client's limit on response sizes in
cloud_test TransportTest.OversizedResponseIsRefusedClearly.)

Usage: test_oversized_requests.py WKS_SIM
"""
import json
import os
import shutil
import socket
import sys
import tempfile
import unittest
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from harness import DEMO_ENV, Sim  # noqa: E402

WKS_SIM = sys.argv[1]
PROJECT = DEMO_ENV["HUAWEICLOUD_SDK_PROJECT_ID"]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0


class OversizedRequestTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="deskops-oversized-")
        cls.sim = Sim(WKS_SIM, cls.tmp)
        url = urllib.parse.urlparse(cls.sim.url)
        cls.host, cls.port = url.hostname, url.port

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def exchange(self, head, chunks=()):
        """Sends `head` then `chunks` over TLS; returns (status, headers, body) of the answer."""
        raw = socket.create_connection((self.host, self.port), timeout=20)
        with self.sim.context.wrap_socket(raw, server_hostname=self.host) as s:
            s.sendall(head)
            try:
                for c in chunks:
                    s.sendall(c)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered and closed before taking everything: expected
            data = b""
            while True:
                try:
                    chunk = s.recv(65536)
                except (ConnectionResetError, OSError):
                    break
                if not chunk:
                    break
                data += chunk
        head_text, _, body = data.partition(b"\r\n\r\n")
        lines = head_text.decode(errors="replace").split("\r\n")
        return int(lines[0].split()[1]), "\n".join(lines[1:]).lower(), body

    def request_head(self, extra):
        return (f"POST /v2/{PROJECT}/desktops HTTP/1.1\r\nHost: {self.host}\r\n"
                f"Content-Type: application/json\r\n{extra}\r\n").encode()

    def assertServesAfterwards(self):
        self.assertIsNone(self.sim.proc.poll(), "wks-sim died")
        self.assertIn("desktops", self.sim.state())

    def test_declared_body_over_the_limit(self):
        before = rss_mb(self.sim.proc.pid)
        status, headers, body = self.exchange(self.request_head("Content-Length: 209715200\r\n"))
        self.assertEqual(status, 413)
        self.assertIn("connection: close", headers)
        self.assertEqual(json.loads(body)["error_code"], "SIM.0413")
        self.assertLess(rss_mb(self.sim.proc.pid) - before, 50, "the body was buffered")
        self.assertServesAfterwards()

    def test_chunked_body_over_the_limit(self):
        # A chunk announced larger than the limit is refused at its size line, before its data.
        status, _, body = self.exchange(self.request_head("Transfer-Encoding: chunked\r\n"),
                                        [b"%x\r\n" % (16 << 20)])
        self.assertEqual(status, 413)
        self.assertEqual(json.loads(body)["error_code"], "SIM.0413")
        self.assertServesAfterwards()

    def test_oversized_headers(self):
        status, _, body = self.exchange(self.request_head("X-Padding: " + "x" * 20000 + "\r\n"
                                                          "Content-Length: 0\r\n"))
        self.assertEqual(status, 431)
        self.assertEqual(json.loads(body)["error_code"], "SIM.0431")
        self.assertServesAfterwards()


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
