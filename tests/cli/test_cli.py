#!/usr/bin/env python3
"""Runs the real deskops binary: exit codes, where output goes, and formats of the offline
commands (validate, schema, version, help).

Usage: test_cli.py DESKOPS_BINARY EXAMPLES_DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

DESKOPS = sys.argv.pop(1) if len(sys.argv) > 2 else os.environ.get("DESKOPS", "deskops")
EXAMPLES = sys.argv.pop(1) if len(sys.argv) > 1 else "examples"

BAD = """apiVersion: deskops.io/v1alpha1
kind: User
metadata: {name: alice}
spec:
  password: Hunter2-secret
  userEmail: nope
---
apiVersion: deskops.io/v1alpha1
kind: Desktp
"""


def run(*args, stdin=None):
    return subprocess.run([DESKOPS, *args], input=stdin, capture_output=True, text=True,
                          timeout=60)


class CliTest(unittest.TestCase):
    def test_validate_examples(self):
        r = run("validate", EXAMPLES)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), 1, "one summary line")
        self.assertRegex(lines[0], r"^valid: 14 objects in 7 files \(.*User: 5.*\)$")

    def test_validate_errors(self):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write(BAD)
        try:
            r = run("validate", f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "")
        err = r.stderr.splitlines()
        self.assertEqual(err, [
            f"{f.name}:5:3: User/alice: spec.password: inline passwords are not allowed: manifests "
            "live in version control. Write passwordFrom: {env: VARIABLE} or passwordFrom: "
            "{file: /path/to/secret} instead",
            f"{f.name}:6:14: User/alice: spec.userEmail: must be an e-mail address such as "
            "alice@example.com; got \"nope\"",
            f"{f.name}:9:7: kind: unknown kind \"Desktp\"; did you mean \"Desktop\"?",
            "invalid: 3 errors in 1 file",
        ])
        self.assertNotIn("Hunter2-secret", r.stderr)

    def test_validate_stdin_and_json(self):
        r = run("validate", "-o", "json", "-", stdin=BAD)
        self.assertEqual(r.returncode, 1)
        doc = json.loads(r.stdout)
        self.assertFalse(doc["valid"])
        self.assertEqual(doc["errors"], 3)
        first = doc["diagnostics"][0]
        self.assertEqual((first["file"], first["line"], first["column"], first["kind"], first["name"],
                          first["path"]), ("<stdin>", 5, 3, "User", "alice", "spec.password"))

    def test_validate_missing_path_fails(self):
        r = run("validate", "/nonexistent/manifests")
        self.assertEqual(r.returncode, 1)
        self.assertIn("/nonexistent/manifests: no such file or directory", r.stderr)

    def test_usage_errors(self):
        self.assertEqual(run().returncode, 64)
        self.assertEqual(run("validate").returncode, 64, "paths are required")
        self.assertEqual(run("frobnicate").returncode, 64)
        self.assertEqual(run("validate", "-o", "xml", EXAMPLES).returncode, 64)

    def test_help_for_each_command(self):
        for args in ([], ["validate"], ["schema"], ["version"]):
            with self.subTest(args):
                r = run(*args, "--help")
                self.assertEqual(r.returncode, 0)
                self.assertIn("Usage:", r.stdout)

    def test_schema(self):
        r = run("schema")
        self.assertEqual(r.returncode, 0)
        self.assertIn("allOf", json.loads(r.stdout))
        r = run("schema", "--kind", "UserGroup")
        self.assertEqual(json.loads(r.stdout)["title"], "UserGroup")
        r = run("schema", "--kind", "Server")
        self.assertEqual(r.returncode, 64)
        self.assertIn("unknown kind", r.stderr)

    def test_version(self):
        r = run("version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^deskops \d+\.\d+\.\d+ \(commit \S+, API deskops.io/v1alpha1\)\n$")


if __name__ == "__main__":
    unittest.main(verbosity=2)
