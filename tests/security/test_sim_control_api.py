"""wks-sim's control API (/_sim/: state dumps, resets, fault rules, out-of-band changes) exists
only when --control-api is given; without it every /_sim/ path is 404 and changes nothing.

Usage: test_sim_control_api.py WKS_SIM
"""
import json
import os
import shutil
import sys
import tempfile
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from harness import Sim  # noqa: E402

WKS_SIM = sys.argv[1]
PROBES = [("GET", "state", None), ("GET", "stats", None), ("POST", "reset", {}),
          ("PUT", "faults", {"rules": [{"operation": "users.list", "probability": 1,
                                        "kind": "http_500"}]}),
          ("POST", "bulk/desktops", {"count": 5, "name_prefix": "x"}), ("GET", "", None)]


def call(sim, method, path, body):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(sim.url + "/_sim/" + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, context=sim.context, timeout=30) as res:
            return res.status, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class ControlApiTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="deskops-simctl-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_off_by_default(self):
        sim = Sim(WKS_SIM, self.tmp, control_api=False)
        try:
            for method, path, body in PROBES:
                with self.subTest(method=method, path=path):
                    status, text = call(sim, method, path, body)
                    self.assertEqual(status, 404)
                    self.assertNotIn(b"desktops", text)
        finally:
            sim.stop()

    def test_on_when_enabled(self):
        # The same probes reach the control API once it is enabled, so the 404s above are
        # the switch at work and not a wrong path.
        sim = Sim(WKS_SIM, self.tmp)
        try:
            status, text = call(sim, "GET", "state", None)
            self.assertEqual(status, 200)
            self.assertIn("desktops", json.loads(text))
        finally:
            sim.stop()


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
