"""`deskops run` configured by a file: the ready-to-use simulator configuration
(deploy/simulator/config.yaml) converges the example tenant with `--once` (only the simulator's
address and CA, which this test's simulator picks itself, and the state directory come from
flags), a second `--once` changes nothing, and the exit codes an operator or systemd sees: 78 for
an invalid configuration, 64 for a usage error."""
import os
import subprocess
import unittest

import daemon_support as ds

SIM_CONFIG = os.path.join(ds.REPO, "deploy", "simulator", "config.yaml")


class ConfigFileTest(ds.DaemonTestCase):
    def test_simulator_config_converges_the_examples_once(self):
        check = subprocess.run([ds.DESKOPS, "config", "check", SIM_CONFIG], capture_output=True,
                               text=True, timeout=60)
        self.assertEqual(check.returncode, 0, check.stderr)
        # The file names the project; the environment has only the AK and SK it references.
        self.deskops.env.pop("HUAWEICLOUD_SDK_PROJECT_ID")
        first = self.deskops.run("run", "--once", "--config", SIM_CONFIG, timeout=240)
        self.assertEqual(first.returncode, 0, first.stderr[-3000:])
        declared = ds.manifest_objects(ds.EXAMPLES)
        state = self.sim.state()
        users = {u["user_name"] for u in state["users"]}
        self.assertLessEqual({n for k, n in declared if k == "User"}, users)
        self.assertLessEqual({n for k, n in declared if k == "Desktop"},
                             set(ds.desktop_names(state)))
        self.assertNotIn(ds.DEMO_SK, first.stderr)

        # Converged: one more pass finds nothing to do (jobs are immediate in this simulator).
        again = self.deskops.run("run", "--once", "--config", SIM_CONFIG, timeout=240)
        self.assertEqual(again.returncode, 0, again.stderr[-3000:])
        self.sim.reset_stats()
        third = self.deskops.run("run", "--once", "--config", SIM_CONFIG, timeout=240)
        self.assertEqual(third.returncode, 0, third.stderr[-3000:])
        self.assertEqual(self.sim.mutating_calls(), 0, self.sim.calls_by_operation())

    def test_exit_codes(self):
        bad = os.path.join(self.workdir, "bad.yaml")
        with open(bad, "w") as f:
            f.write("manifests: [m]\nintervals:\n  reconcile: often\n")
        res = self.deskops.run("run", "--config", bad, timeout=60)
        self.assertEqual(res.returncode, 78, res.stderr)
        self.assertIn(f"{bad}:3:", res.stderr)
        self.assertIn("intervals.reconcile", res.stderr)
        res = subprocess.run([ds.DESKOPS, "config", "check", bad], capture_output=True, text=True,
                             timeout=60)
        self.assertEqual(res.returncode, 78, res.stderr)
        self.assertIn(f"{bad}:3:", res.stderr)
        res = self.deskops.run("run", "--jitter-percent", "90", timeout=60)
        self.assertEqual(res.returncode, 64, res.stderr)
        res = self.deskops.run("run", "--kind-interval", "Printer=5m", timeout=60)
        self.assertEqual(res.returncode, 64, res.stderr)
        # No credentials at all: the daemon cannot start (exit 1) and says why.
        for var in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"):
            self.deskops.env.pop(var)
        res = self.deskops.run("run", "--once", ds.EXAMPLES, timeout=60)
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertIn("no credentials", res.stderr)


if __name__ == "__main__":
    unittest.main()
