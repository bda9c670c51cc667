"""Two `deskops run` on one state directory: the second waits as a standby (alive, not ready,
deskops_leader 0, no API calls at all) while the first holds the lock, and takes over when the
first exits. `run --once` does not wait: it refuses while another instance holds the lock, and so
does `apply`. plan, get and state show neither wait nor write: they read the state while the
daemon runs and leave every byte of it as it was."""
import os
import signal
import subprocess
import unittest

import daemon_support as ds
from harness import wait_until


def snapshot(directory):
    """{relative path: (bytes, mtime in ns)} of every file under `directory`."""
    out = {}
    for root, _, files in os.walk(directory):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, directory)] = (f.read(), os.stat(path).st_mtime_ns)
    return out


class StandbyTest(ds.DaemonTestCase):
    def test_second_instance_stays_standby_until_the_first_exits(self):
        manifests = self.examples()
        declared = ds.manifest_objects(manifests)
        first = self.start(manifests, "--interval", "1h", "--jitter-percent", "0", name="first")
        first.wait_quiet()

        second = self.start(manifests, "--interval", "1h", "--jitter-percent", "0", name="second")
        line = second.wait_log("standby: another deskops holds the state directory; waiting for "
                               "it to exit")
        self.assertIn(f"pid {first.proc.pid} ", line["holder"])
        self.assertEqual(second.get("/healthz")[0], 200)
        code, _, body = second.get("/readyz")
        self.assertEqual(code, 503)
        self.assertIn("standby", body)
        self.assertIn(f"pid {first.proc.pid}", body)
        st = second.status()
        self.assertEqual((st["phase"], st["leader"], st["ready"]), ("standby", False, False))
        self.assertEqual(st["objects"], [])
        self.assertEqual(ds.metric(second.metrics(), "deskops_leader"), 0)
        self.assertEqual(ds.metric(first.metrics(), "deskops_leader"), 1)
        self.assertIn("no (standby)", second.get("/")[2])

        # Drift behind deskops' back. The first instance idles (next pass in an hour); the
        # standby must not touch the tenant, nor even read it.
        alice = ds.user(self.sim.state(), "alice")
        self.sim.control("PATCH", f"objects/users/{alice['id']}", {"user_email": "drift@x.example"})
        self.sim.reset_stats()
        once = self.deskops.run("run", "--once", manifests, timeout=60)
        self.assertEqual(once.returncode, 1, once.stderr)
        self.assertIn("another deskops holds the state directory", once.stderr)
        # Nor does a one-shot apply: it would take the daemon's calls in flight for an earlier
        # run's and race it on the inventory.
        apply = self.deskops.run("apply", manifests, timeout=60)
        self.assertEqual(apply.returncode, 1, apply.stderr)
        self.assertIn(f"another deskops (pid {first.proc.pid} ", apply.stderr)
        self.assertIn("nothing was planned or changed", apply.stderr)
        self.assertFalse(wait_until(lambda: ds.api_calls(self.sim) > 0, timeout=3),
                         f"calls while one instance idles and one stands by: {self.sim.stats()}")
        self.assertEqual(second.get("/readyz")[0], 503)

        # The first exits; the standby takes over, becomes ready and corrects the drift.
        self.assertEqual(first.stop(), 0)
        second.wait_log("holding the state directory lock", timeout=10)
        self.assertTrue(wait_until(lambda: second.get("/readyz")[0] == 200, timeout=30),
                        second.log_text()[-3000:])
        self.assertEqual(ds.metric(second.metrics(), "deskops_leader"), 1)
        self.assertTrue(wait_until(lambda: ds.user(self.sim.state(), "alice")["user_email"]
                                   == "alice@example.com", timeout=30), second.log_text()[-3000:])
        self.assertGreater(self.sim.mutating_calls(), 0)
        second.wait_quiet()
        self.assertEqual({k for k in second.objects()}, declared)
        self.assertEqual(second.stop(), 0)

    def test_plan_get_and_state_show_are_read_only_beside_a_daemon(self):
        manifests = self.examples()
        # Before anything ran: plan reads no state and creates none.
        plan = self.deskops.run("plan", manifests, timeout=60)
        self.assertEqual(plan.returncode, 2, plan.stderr)
        self.assertFalse(os.path.exists(self.deskops.state_dir), "plan created the state directory")

        daemon = self.start(manifests, "--interval", "1h", "--jitter-percent", "0", name="daemon")
        daemon.wait_quiet()
        before = snapshot(self.deskops.state_dir)
        self.assertIn("inventory.json", before)
        # While the daemon holds the lock, each of them works and changes no byte, no mtime.
        sim = ["--endpoint", self.sim.url, "--ca-file", self.sim.ca_file]
        state = ["--state-dir", self.deskops.state_dir]
        for args in (["plan", manifests, *sim, *state], ["get", "desktops", *sim],
                     ["state", "show", *state]):
            res = subprocess.run([self.deskops.binary, *args], env=self.deskops.env,
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(res.returncode, 0, f"{args}: {res.stderr}")
            self.assertEqual(snapshot(self.deskops.state_dir), before, f"{args[0]} wrote state")
        self.assertEqual(daemon.stop(), 0)

    def test_sigterm_stops_a_standby(self):
        manifests = self.examples()
        first = self.start(manifests, "--interval", "1h", name="first")
        first.wait_log("holding the state directory lock")
        second = self.start(manifests, "--interval", "1h", name="second")
        second.wait_log("standby: another deskops holds the state directory; waiting for it to "
                        "exit")
        second.signal(signal.SIGTERM)
        self.assertEqual(second.proc.wait(timeout=10), 0)
        self.assertEqual(first.stop(), 0)


if __name__ == "__main__":
    unittest.main()
