"""Credential rotation under a running `deskops run` (issue 19, item 5). The AK/SK come from
systemd-style credential files ($CREDENTIALS_DIRECTORY/ak, sk, project_id). wks-sim is told to
accept only a new key pair (PUT /_sim/credentials), and the files are rotated:
  1. replaced by rename, as tools that rotate secrets do: the file watcher re-reads them at once;
  2. rewritten through a hard link elsewhere, which inotify does not report for the watched name
     (as with a change the watcher misses): the first 401 re-reads them and the call is sent again.
Either way the daemon goes on applying changes without a restart, the log names which credential
changed and where it was read from, and no key value reaches the log or /status."""
import json
import os
import unittest

import daemon_support as ds
from harness import wait_until

CHANGED = "credentials changed; using the new ones"
FRANK = ("apiVersion: deskops.io/v1alpha1\nkind: User\nmetadata: {name: %s}\n"
         "spec: {userEmail: %s@example.com}\n")
KEYS = [("WKSSIMROTATEDKEY0001", "rotated-secret-key-one-0123456789abcdef"),
        ("WKSSIMROTATEDKEY0002", "rotated-secret-key-two-0123456789abcdef")]


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text + "\n")
    os.replace(tmp, path)


def write_in_place(path, text):
    with open(path, "r+") as f:
        f.truncate(0)
        f.write(text + "\n")


class CredentialRotationTest(ds.DaemonTestCase):
    def setUp(self):
        super().setUp()
        self.creds = os.path.join(self.workdir, "credentials")
        self.elsewhere = os.path.join(self.workdir, "elsewhere")
        os.makedirs(self.creds)
        os.makedirs(self.elsewhere)
        for name, env in (("ak", "HUAWEICLOUD_SDK_AK"), ("sk", "HUAWEICLOUD_SDK_SK"),
                          ("project_id", "HUAWEICLOUD_SDK_PROJECT_ID")):
            write_atomic(os.path.join(self.creds, name), self.deskops.env.pop(env))
        self.deskops.env["CREDENTIALS_DIRECTORY"] = self.creds

    def add_user(self, d, manifests, name):
        passes = d.passes()
        with open(os.path.join(manifests, f"{name}.yaml"), "w") as f:
            f.write(FRANK % (name, name))
        ok = wait_until(lambda: ds.user(self.sim.state(), name) is not None, timeout=30, step=0.2)
        self.assertTrue(ok, f"{name} was not created:\n{d.log_text()[-3000:]}")
        return d.wait_pass(passes)

    def assert_no_secret_anywhere(self, d):
        text = d.log_text() + json.dumps(d.status()) + d.metrics()
        for ak, sk in KEYS:
            self.assertNotIn(sk, text)
        self.assertNotIn(ds.DEMO_SK, text)

    def test_rotated_files_are_used_without_a_restart(self):
        manifests = self.examples()
        d = self.start(manifests, "--interval", "1h", "--jitter-percent", "0")
        d.wait_quiet()

        # 1. Rotation by rename: the watcher sees it; no request is refused.
        ak, sk = KEYS[0]
        self.sim.control("PUT", "credentials", {"ak": ak, "sk": sk})
        write_atomic(os.path.join(self.creds, "sk"), sk)
        write_atomic(os.path.join(self.creds, "ak"), ak)
        line = d.wait_log(CHANGED, timeout=15)
        if "ak from" not in line["changed"]:  # the two files were seen apart
            line = d.wait_log(CHANGED, after=1, timeout=15)
        self.assertIn(f"from file {os.path.join(self.creds, 'ak')}", line["changed"])
        self.assertEqual(line["trigger"], "a credential file changed")
        self.sim.reset_stats()
        self.assertEqual(self.add_user(d, manifests, "frank")["msg"], "pass done")
        refused = [r for r in self.sim.stats()["requests"] if r["status"] == 401]
        self.assertEqual(refused, [], "the new keys were in use before the next call")

        # 2. A change the watcher cannot see: the file is a hard link to one rewritten elsewhere.
        for name in ("ak", "sk"):
            hidden = os.path.join(self.elsewhere, name)
            os.replace(os.path.join(self.creds, name), hidden)
            os.link(hidden, os.path.join(self.creds, name))
        d.wait_quiet()
        changes = d.count(CHANGED)
        ak, sk = KEYS[1]
        write_in_place(os.path.join(self.elsewhere, "ak"), ak)
        write_in_place(os.path.join(self.elsewhere, "sk"), sk)
        self.sim.control("PUT", "credentials", {"ak": ak, "sk": sk})
        self.assertEqual(d.count(CHANGED), changes, "the watcher did not see that change")
        self.assertEqual(self.add_user(d, manifests, "grace")["msg"], "pass done")
        line = d.wait_log(CHANGED, after=changes, timeout=5)
        self.assertEqual(line["trigger"], "the API refused the credentials (401)")
        self.assertIn("ak from file", line["changed"])
        self.assertIn("sk from file", line["changed"])
        self.assert_no_secret_anywhere(d)
        self.assertEqual(d.stop(), 0)


if __name__ == "__main__":
    unittest.main()
