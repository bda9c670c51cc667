"""SIGTERM in the middle of a large apply (DESKTOPS desktops, created one request each at deskops'
default 10 requests/s, jobs that take seconds) stops starting calls (no further creates, no job
polling), lets the ones in flight end and exits 0 within the grace period, through the graceful
path. A restart follows what the
first run left in its ledger and converges: every desktop exists exactly once, and each was
created by exactly one request across both runs.

DESKOPS_IT_DESKTOPS raises the count (default 220; the simulator's quota is 500)."""
import collections
import os
import signal
import time
import unittest

import daemon_support as ds
from harness import wait_until

DESKTOPS = int(os.environ.get("DESKOPS_IT_DESKTOPS", "220"))
GRACE = 10  # seconds

DESKTOP = """\
---
apiVersion: deskops.io/v1alpha1
kind: Desktop
metadata:
  name: {name}
spec:
  availabilityZone: az3.manage.x86
  productId: workspace.c2.large.windows.2
  imageType: gold
  imageId: a866298d-67db-44b0-a1f1-9d09bdddc20f
  rootVolume: {{type: SAS, size: 80}}
  nics:
    - subnetId: 5dee0216-2260-47c2-9368-98a27d910e55
"""


def creates(sim):
    return sim.calls_by_operation().get("desktops.create", 0)


class ShutdownTest(ds.DaemonTestCase):
    sim_jobs = "seconds:3"

    def test_sigterm_mid_apply_exits_cleanly_and_a_restart_resumes(self):
        manifests = os.path.join(self.workdir, "manifests")
        os.makedirs(manifests)
        names = [f"lab-{i:04d}" for i in range(DESKTOPS)]
        with open(os.path.join(manifests, "desktops.yaml"), "w") as f:
            f.write("".join(DESKTOP.format(name=n) for n in names))

        d = self.start(manifests, "--interval", "1h", "--shutdown-grace", f"{GRACE}s")
        self.assertTrue(wait_until(lambda: creates(self.sim) >= 30, timeout=60, step=0.2),
                        d.log_text()[-3000:])
        self.assertEqual(d.status()["phase"], "reconciling")
        t0 = time.monotonic()
        d.signal(signal.SIGTERM)
        # Once the daemon shows it is stopping, it starts no new call; the creates already past
        # that point (at most one per worker) may still arrive.
        self.assertTrue(wait_until(lambda: d.status()["phase"] == "stopping", timeout=GRACE,
                                   step=0.01))
        before = self.sim.calls_by_operation()
        rc = d.proc.wait(timeout=GRACE + 20)
        took = time.monotonic() - t0
        after = self.sim.calls_by_operation()
        # Stopping means starting no new calls: the creates already under way (one per worker,
        # --concurrency 4) end, and the jobs they started are left to the next run, not polled.
        self.assertLessEqual(after["desktops.create"] - before["desktops.create"], 4)
        self.assertEqual(after.get("jobs.get", 0), before.get("jobs.get", 0),
                         "jobs polled after SIGTERM")
        self.assertEqual(rc, 0, d.log_text()[-3000:])
        self.assertLess(took, GRACE, "did not stop within the grace period")
        self.assertEqual(d.count("stopped"), 1, "the graceful path ends with `stopped`")
        self.assertNotIn("grace period is over", d.log_text())
        self.assertNotIn("second signal", d.log_text())

        first = ds.desktop_names(self.sim.state())
        self.assertEqual([n for n, c in collections.Counter(first).items() if c > 1], [])
        self.assertGreater(len(first), 0)
        self.assertLess(len(first), DESKTOPS, "SIGTERM came after the apply had ended")
        self.assertEqual(creates(self.sim), len(first),
                         "every request the first run sent created one desktop")
        print(f"first run: {len(first)} of {DESKTOPS} desktops created, stopped in {took:.1f}s")

        # The restart: faster, so the test stays short.
        d2 = self.start(manifests, "--interval", "1h", "--rate", "100", "--burst", "100",
                        name="deskops-restart")

        def converged():
            objects = d2.status()["objects"]
            return len(objects) == DESKTOPS and all(
                c["status"] == "True" for o in objects for c in o["conditions"])
        self.assertTrue(wait_until(converged, timeout=120, step=0.5), d2.log_text()[-3000:])
        d2.wait_quiet()
        final = ds.desktop_names(self.sim.state())
        counts = collections.Counter(final)
        self.assertEqual([n for n, c in counts.items() if c > 1], [], "duplicate desktops")
        self.assertEqual(sorted(counts), names)
        self.assertEqual(creates(self.sim), DESKTOPS, "a desktop was requested twice")
        self.assertEqual(d2.get("/readyz")[0], 200)
        self.assertEqual(d2.stop(), 0)


if __name__ == "__main__":
    unittest.main()
