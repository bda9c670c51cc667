"""A sustained 429 storm over `deskops run`: deskops must slow down while every call is throttled
and converge on its own once the storm ends.

The daemon reconciles a generated tenant against wks-sim (real binaries, HTTPS on loopback). A
sampler thread reads the simulator's request counter every 200 ms. Once deskops is busy creating
objects, every API call is answered 429 with Retry-After: 1 (probability 1.0) for STORM_SECONDS;
then the faults are cleared. The request rate during the storm (its first second, when calls
already in flight are still landing, excluded) must fall below a third of the rate before it, and
the tenant must then converge without anyone restarting deskops: every manifest's object exists
exactly once and a fault-free `deskops plan` shows no changes. Prints the measured rates.
Binaries: $DESKOPS, $WKS_SIM; DESKOPS_STORM_TENANT=N sets the tenant size (default 500).
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fault_tenant as tenant  # noqa: E402
from harness import Deskops, Sim, keep_evidence, wait_until  # noqa: E402

DESKOPS = os.environ.get("DESKOPS", "build/bin/deskops")
WKS_SIM = os.environ.get("WKS_SIM", "build/bin/wks-sim")
TENANT_SIZE = int(os.environ.get("DESKOPS_STORM_TENANT", "500"))
STORM_SECONDS = 8
RATE = 20  # deskops' client-side limit, requests per second: a 500-object apply takes ~15 s


class Sampler(threading.Thread):
    """(monotonic time, API requests so far) every `step` seconds, control calls excluded."""

    def __init__(self, sim, step=0.2):
        super().__init__(daemon=True)
        self.sim, self.step = sim, step
        self.samples = []
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            self.samples.append((time.monotonic(), self.sim.api_calls()))
            time.sleep(self.step)

    def rate(self, start, end):
        inside = [s for s in self.samples if start <= s[0] <= end]
        if len(inside) < 2:
            raise AssertionError(f"no samples between {start} and {end}")
        (t0, n0), (t1, n1) = inside[0], inside[-1]
        return (n1 - n0) / (t1 - t0)


class ThrottleStormTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="deskops-storm-")
        self.dir = self.tmp.name
        self.manifests = os.path.join(self.dir, "manifests")
        self.tenant = tenant.write_tenant(self.manifests, TENANT_SIZE)
        self.sim = Sim(WKS_SIM, self.dir, jobs="immediate")
        self.deskops = Deskops(DESKOPS, self.sim, self.dir)
        self.daemon = None

    def tearDown(self):
        if self.daemon and self.daemon.poll() is None:
            self.daemon.kill()
            self.daemon.wait()
        self.sim.stop()
        self.tmp.cleanup()

    def converged(self):
        state = self.sim.state()
        for kind, wanted in self.tenant.names.items():
            collection, field = tenant.SIM_COLLECTION[kind]
            have = [o.get(field) for o in state[collection]]
            if any(have.count(n) != 1 for n in wanted):
                return False
        return True

    def settled_since(self, offset):
        """Whether, after byte `offset` of its log, the daemon's passes found nothing left to do
        for every kind: since its last pass that changed, failed, held or left anything, its clean
        passes ("pass done" with nothing changed, failed, held, in error or not applied) covered
        every kind. Objects existing is not enough (memberships and authorisations come later),
        and one clean pass is not either: the daemon reconciles the kinds that are due, so a clean
        pass over desktops says nothing of a group's members."""
        settled = set()
        with open(self.log_path) as log:
            log.seek(offset)
            for line in log:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if not entry.get("msg", "").startswith("pass "):
                    continue
                clean = entry["msg"] == "pass done" and all(
                    int(entry.get(k, 1)) == 0
                    for k in ("changed", "failed", "held", "plan_errors", "not_applied"))
                settled = settled | set(entry.get("kinds", "").split(",")) if clean else set()
        return settled >= set(tenant.MIX)

    def test_backs_off_during_a_429_storm_and_recovers_after(self):
        try:
            self.storm_and_recovery()
        except Exception:  # a failed assertion, or a daemon that hangs on SIGTERM
            self.keep_evidence()
            raise

    def keep_evidence(self):
        """Copies the daemon's log, the state files, the simulator's state and a final plan to a
        directory that outlives the test; each step on its own, so none hides the failure."""
        extra = {}
        try:
            if self.daemon and self.daemon.poll() is None:
                self.daemon.send_signal(signal.SIGTERM)
                self.daemon.wait(timeout=60)
        except Exception as e:  # noqa: BLE001
            extra["daemon-stop.txt"] = f"stopping the daemon: {e!r}"
        try:
            extra["sim-state.json"] = json.dumps(self.sim.state(), indent=1)
        except Exception as e:  # noqa: BLE001
            extra["sim-state.json"] = f"reading the simulator's state: {e!r}"
        try:
            plan = self.deskops.run("plan", self.manifests)
            extra["final-plan.txt"] = plan.stdout + plan.stderr
        except Exception as e:  # noqa: BLE001
            extra["final-plan.txt"] = f"planning: {e!r}"
        kept = keep_evidence(self.dir, "storm", extra)
        print(f"kept the failing run's logs, state and final plan in {kept}", file=sys.stderr)

    def storm_and_recovery(self):
        sampler = Sampler(self.sim)
        sampler.start()
        # The daemon logs every mutating call: to a file, as a pipe nobody reads would fill up.
        self.log_path = os.path.join(self.dir, "deskops.log")
        with open(self.log_path, "w") as log:
            self.daemon = subprocess.Popen(
                self.deskops.args("run", self.manifests, "--rate", str(RATE), "--burst", str(RATE),
                                  "--interval", "2s", "--retry-interval", "1s",
                                  "--admin-listen", "127.0.0.1:0"),
                env=self.deskops.env, stdout=subprocess.DEVNULL, stderr=log)
        self.assertTrue(wait_until(lambda: self.sim.api_calls() > 0, timeout=30))
        busy = time.monotonic()
        time.sleep(4)
        self.assertFalse(self.converged(), "the tenant is too small to keep deskops busy")
        storm = time.monotonic()
        self.sim.control("PUT", "faults", {"rules": [
            {"operation": "*", "kind": "http_429", "retry_after": 1, "probability": 1.0}]})
        time.sleep(STORM_SECONDS)
        self.sim.control("DELETE", "faults")
        calm = time.monotonic()
        calm_offset = os.path.getsize(self.log_path)
        recovered = wait_until(lambda: self.converged() and self.settled_since(calm_offset),
                               timeout=180, step=0.5)
        end = time.monotonic()
        sampler.done.set()
        sampler.join()
        before = sampler.rate(busy + 1, storm)
        during = sampler.rate(storm + 1, calm)
        print(f"429 storm: {before:.1f} requests/s before, {during:.1f} requests/s during "
              f"{STORM_SECONDS} s of 429 (Retry-After 1, --rate {RATE}); "
              f"{'converged' if recovered else 'NOT converged'} {end - calm:.1f} s after it ended",
              file=sys.stderr, flush=True)
        self.assertLess(during, before / 3, "deskops did not slow down under throttling")
        self.assertTrue(recovered, "deskops did not converge after the storm")
        self.daemon.send_signal(signal.SIGTERM)
        self.daemon.wait(timeout=60)
        with open(self.log_path) as log:
            # Per-call lines (with their 429s) are at debug; the slow-down is a warning.
            self.assertIn('"msg":"throttled by the API: slowing down"', log.read())
        plan = self.deskops.run("plan", self.manifests)
        self.assertEqual(plan.returncode, 0, plan.stdout + plan.stderr[-3000:])


if __name__ == "__main__":
    unittest.main()
