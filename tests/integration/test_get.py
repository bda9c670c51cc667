"""`deskops get` against a real wks-sim: on a tenant with nothing of a kind, every output format
says so in its own way — `-o json` and `-o yaml` print an empty list (`[]`, never `null` or
nothing, so `jq length` and scripts work), the table prints its header alone — and once an object
exists the same command lists it.
"""
import json
import os
import subprocess
import tempfile
import unittest

import yaml

from harness import DEMO_ENV, Sim

DESKOPS = os.environ["DESKOPS"]
WKS_SIM = os.environ["WKS_SIM"]


class GetTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="deskops-get-")
        self.sim = Sim(WKS_SIM, self.tmp.name)
        self.addCleanup(self.tmp.cleanup)
        self.addCleanup(self.sim.stop)

    def get(self, *args):
        res = subprocess.run([DESKOPS, "get", *args, "--endpoint", self.sim.url, "--ca-file",
                              self.sim.ca_file], env={**os.environ, **DEMO_ENV},
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(res.returncode, 0, res.stderr)
        return res.stdout

    def kinds(self):
        out = subprocess.run([DESKOPS, "schema", "--kinds"], capture_output=True, text=True,
                             check=True).stdout
        return [k["plural"] for k in json.loads(out)]

    def test_empty_lists_print_an_empty_list(self):
        empty = []
        for kind in self.kinds():
            table = self.get(kind).splitlines()
            if len(table) != 1:  # the simulator seeds some kinds (OUs): not empty
                continue
            empty.append(kind)
            with self.subTest(kind):
                self.assertEqual(self.get(kind, "-o", "json"), "[]\n")
                self.assertEqual(self.get(kind, "-o", "yaml"), "[]\n")
                self.assertEqual(yaml.safe_load(self.get(kind, "-o", "yaml")), [])
        self.assertIn("desktops", empty, "a fresh simulator has no desktops")
        self.assertIn("users", empty, "a fresh simulator has no users")

    def test_the_same_command_lists_what_exists(self):
        self.assertEqual(self.get("users", "-o", "json"), "[]\n")
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", dir=self.tmp.name,
                                         delete=False) as f:
            f.write("apiVersion: deskops.io/v1alpha1\nkind: User\nmetadata: {name: alice}\n"
                    "spec: {userEmail: alice@example.com}\n")
        res = subprocess.run([DESKOPS, "apply", f.name, "--endpoint", self.sim.url, "--ca-file",
                              self.sim.ca_file, "--state-dir", os.path.join(self.tmp.name, "st")],
                             env={**os.environ, **DEMO_ENV}, capture_output=True, text=True,
                             timeout=120)
        self.assertEqual(res.returncode, 0, res.stderr)
        users = json.loads(self.get("users", "-o", "json"))
        self.assertIsInstance(users, list)
        self.assertEqual(len(users), 1, users)
        self.assertIn("alice", json.dumps(users))


if __name__ == "__main__":
    unittest.main(verbosity=2)
