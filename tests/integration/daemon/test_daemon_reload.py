"""SIGHUP re-reads the configuration file. A broken file is rejected with its file:line:col, counted
in deskops_config_reloads_total{result="failure"}, and the previous configuration stays in force
(the daemon goes on reconciling the manifests the old file names); a valid change takes effect at
once. An inline secret in the new file is rejected without the secret reaching the log."""
import os
import signal
import unittest

import daemon_support as ds
from harness import wait_until

REJECTED = "configuration reload rejected; keeping the previous configuration"
RELOADED = "configuration reloaded"

CONFIG = """\
# deskops run --config for the reload test
manifests:
  - {manifests}
stateDir: state
credentials:
  ak: {{env: HUAWEICLOUD_SDK_AK}}
  sk: {{env: HUAWEICLOUD_SDK_SK}}
  projectId: {{env: HUAWEICLOUD_SDK_PROJECT_ID}}
intervals:
  reconcile: {interval}
  jitterPercent: 0
"""

FRANK = ("apiVersion: deskops.io/v1alpha1\nkind: User\nmetadata: {name: frank}\n"
         "spec: {userEmail: frank@example.com}\n")
INLINE_SECRET = "inline-secret-value-0123456789"


class ReloadTest(ds.DaemonTestCase):
    def write_config(self, text):
        tmp = self.config + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, self.config)

    def reload(self, d, expect):
        before = d.count(expect)
        d.signal(signal.SIGHUP)
        return d.wait_log(expect, after=before, timeout=20)

    def test_broken_configuration_is_rejected_and_a_valid_one_applied(self):
        self.examples("manifests")
        extra = os.path.join(self.workdir, "extra")
        os.makedirs(extra)
        with open(os.path.join(extra, "frank.yaml"), "w") as f:
            f.write(FRANK)
        self.config = os.path.join(self.workdir, "config.yaml")
        self.write_config(CONFIG.format(manifests="manifests", interval="1h"))
        self.assertEqual(ds.subprocess.run([ds.DESKOPS, "config", "check", self.config],
                                           capture_output=True).returncode, 0)
        d = self.start("--config", self.config)
        d.wait_quiet()
        self.assertEqual(d.status()["configPath"], self.config)

        # 1. A bad value: `extra` is named, but the file is rejected as a whole.
        self.write_config(CONFIG.format(manifests="extra", interval="soon"))
        line = self.reload(d, REJECTED)
        self.assertIn(f"{self.config}:10:", line["error"])  # `reconcile: soon` is line 10
        self.assertIn("intervals.reconcile", line["error"])
        metrics = d.metrics()
        self.assertEqual(ds.metric(metrics, "deskops_config_reloads_total", result="failure"), 1)
        self.assertEqual(ds.metric(metrics, "deskops_config_reloads_total", result="success"), 0)
        self.assertEqual(ds.metric(metrics, "deskops_config_last_reload_successful"), 0)

        # 2. Not YAML at all.
        self.write_config(CONFIG.format(manifests="extra", interval="1h") + "limits: [\n")
        line = self.reload(d, REJECTED)
        self.assertIn(f"{self.config}:", line["error"])
        # 3. A secret by value: rejected, and never echoed.
        self.write_config(CONFIG.format(manifests="extra", interval="1h").replace(
            "sk: {env: HUAWEICLOUD_SDK_SK}", f"sk: {INLINE_SECRET}"))
        line = self.reload(d, REJECTED)
        self.assertIn(f"{self.config}:7:", line["error"])
        self.assertIn("by reference", line["error"])
        self.assertNotIn(INLINE_SECRET, d.log_text())
        self.assertEqual(ds.metric(d.metrics(), "deskops_config_reloads_total", result="failure"),
                         3)

        # The old configuration is still the one in force: frank (only in `extra`) is not
        # created, and an edit of the old manifests is applied.
        passes = d.passes()
        ds.replace_in(os.path.join(self.workdir, "manifests", "users.yaml"), "Platform engineer",
                      "Platform lead")
        self.assertTrue(wait_until(lambda: ds.user(self.sim.state(), "alice")["description"]
                                   == "Platform lead", timeout=15), d.log_text()[-3000:])
        d.wait_pass(passes)
        self.assertIsNone(ds.user(self.sim.state(), "frank"))
        self.assertTrue(d.get("/readyz")[0] == 200)

        # A valid change takes effect after SIGHUP: the manifests now include `extra`.
        self.write_config(CONFIG.format(manifests="manifests\n  - extra", interval="1h"))
        self.reload(d, RELOADED)
        self.assertTrue(wait_until(lambda: ds.user(self.sim.state(), "frank"), timeout=15),
                        d.log_text()[-3000:])
        metrics = d.metrics()
        self.assertEqual(ds.metric(metrics, "deskops_config_reloads_total", result="success"), 1)
        self.assertEqual(ds.metric(metrics, "deskops_config_reloads_total", result="failure"), 3)
        self.assertEqual(ds.metric(metrics, "deskops_config_last_reload_successful"), 1)
        # And the new manifest list is watched: an edit under `extra` is applied too.
        ds.replace_in(os.path.join(extra, "frank.yaml"), "frank@example.com", "frank@corp.example")
        self.assertTrue(wait_until(lambda: ds.user(self.sim.state(), "frank")["user_email"]
                                   == "frank@corp.example", timeout=15), d.log_text()[-3000:])
        self.assertEqual(d.stop(), 0)


if __name__ == "__main__":
    unittest.main()
