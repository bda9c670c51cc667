"""Liveness (issue 19): /healthz fails when the loop has made no progress for longer than
--liveness-timeout (the rule that also stops the systemd watchdog's pings), and recovers when it
moves again; /metrics has the process metrics under the names Prometheus' client libraries use.

The loop is stalled for real: wks-sim holds the first user list for 8 s while deskops' request
timeout is a minute, so the pass sits in one unanswered call."""
import time
import unittest

import daemon_support as ds
from harness import wait_until

STALL_SECONDS = 8
STALL = {"rules": [{"operation": "users.list", "kind": "delay_ms",
                    "delay_ms": STALL_SECONDS * 1000, "count": 1}]}


class LivenessTest(ds.DaemonTestCase):
    def test_a_stalled_loop_fails_healthz_and_recovers(self):
        manifests = self.examples()
        self.sim.control("PUT", "faults", STALL)
        d = self.start(manifests, "--interval", "1h", "--liveness-timeout", "2s",
                       "--request-timeout", "60s")
        started = time.monotonic()
        self.assertEqual(d.get("/healthz")[0::2], (200, "ok\n"))
        stalled = {}

        def fails():
            code, _, body = d.get("/healthz")
            if code == 503:
                stalled["body"] = body
                stalled["at"] = time.monotonic() - started
                return True
            return False

        self.assertTrue(wait_until(fails, timeout=STALL_SECONDS), d.log_text()[-3000:])
        self.assertRegex(stalled["body"], r"^stalled: no progress for \d+s \(limit 2s\)\n$")
        # The rest of the admin server still answers: a stalled loop is not a dead process.
        self.assertEqual(d.get("/metrics")[0], 200)
        # Once the call returns the loop moves again and /healthz says so.
        self.assertTrue(wait_until(lambda: d.get("/healthz")[0] == 200, timeout=60),
                        d.log_text()[-3000:])
        d.wait_pass(0, timeout=120)
        # While idle the loop wakes often enough to stay alive with a 2 s limit.
        for _ in range(10):
            self.assertEqual(d.get("/healthz")[0], 200)
            time.sleep(0.3)
        self.assertEqual(d.stop(), 0)

    def test_process_metrics(self):
        manifests = self.examples()
        d = self.start(manifests, "--interval", "1h")
        d.wait_pass(0, timeout=120)
        m = d.metrics()
        self.assertIn("# TYPE process_cpu_seconds_total counter", m)
        for name in ("process_resident_memory_bytes", "process_open_fds", "process_max_fds"):
            self.assertIn(f"# TYPE {name} gauge", m)
        self.assertGreater(ds.metric(m, "process_resident_memory_bytes"), 1e6)
        self.assertGreater(ds.metric(m, "process_cpu_seconds_total"), 0)
        fds = ds.metric(m, "process_open_fds")
        self.assertGreaterEqual(fds, 3)
        self.assertGreater(ds.metric(m, "process_max_fds"), fds)
        self.assertEqual(d.stop(), 0)


if __name__ == "__main__":
    unittest.main()
