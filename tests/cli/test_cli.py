#!/usr/bin/env python3
"""Runs the real deskops binary: exit codes, where output goes, and formats of the offline
commands (validate, schema, version, help).

Usage: test_cli.py DESKOPS_BINARY EXAMPLES_DIR
"""
import glob
import json
import os
import subprocess
import sys
import tempfile
import unittest

import yaml

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
        # Counted from the example tenant itself, which grows with every kind.
        files = glob.glob(os.path.join(EXAMPLES, "*.yaml"))
        docs = []
        for path in files:
            with open(path, encoding="utf-8") as f:
                docs += [d for d in yaml.safe_load_all(f) if d]
        users = sum(1 for d in docs if d["kind"] == "User")
        self.assertRegex(lines[0], rf"^valid: {len(docs)} objects in {len(files)} files "
                                   rf"\(.*User: {users}.*\)$")

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

    def test_unknown_command_suggests_the_nearest(self):
        cases = [
            (["aply"], 'deskops: unknown command "aply"; did you mean "apply"?\n'),
            (["valdiate", "x.yaml"], 'deskops: unknown command "valdiate"; did you mean "validate"?\n'),
            (["config", "chek", "f.yaml"],
             'deskops config: unknown command "chek"; did you mean "check"?\n'),
            (["debug", "sgin"], 'deskops debug: unknown command "sgin"; did you mean "sign"?\n'),
        ]
        for args, want in cases:
            with self.subTest(args):
                r = run(*args)
                self.assertEqual((r.returncode, r.stdout, r.stderr), (64, "", want))
        r = run("frobnicate")
        self.assertEqual(r.returncode, 64)
        # Nothing close: the commands there are, as --help lists them.
        self.assertRegex(r.stderr, r'^deskops: unknown command "frobnicate" \(one of validate, '
                                   r'plan, apply, .*completion\)\n$')
        offered = r.stderr.split("(one of ", 1)[1].rstrip(")\n").split(", ")
        self.assertNotIn("man", offered, "hidden commands are not offered")

    def test_help_for_each_command(self):
        for args in ([], ["validate"], ["schema"], ["version"], ["get"], ["debug", "sign"],
                     ["completion"]):
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

    def test_debug_sign_matches_the_signing_guide_vector(self):
        args = ["debug", "sign", "--ak", "QTWAOYTTINDUT2QVKYUC",
                "--sk", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", "--date", "20191115T033655Z",
                "--method", "GET", "--url",
                "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs"
                "?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
                "--header", "Content-Type: application/json",
                "--header", "Host: service.region.example.com"]
        r = run(*args)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout,
                         "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, "
                         "SignedHeaders=content-type;host;x-sdk-date, "
                         "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe\n")
        self.assertEqual(r.stderr, "")
        explained = run(*args, "--explain")
        self.assertEqual(explained.stdout, r.stdout)
        self.assertIn("--- canonical request ---\nGET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\n",
                      explained.stderr)
        self.assertIn("b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
                      explained.stderr)
        self.assertNotIn("MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", explained.stderr)

    def test_debug_sign_body_and_usage(self):
        with tempfile.NamedTemporaryFile("w", delete=False) as f:
            f.write('{"Name":"test","Id":1}\n')
        try:
            r = run("debug", "sign", "--ak", "AccessKey", "--sk", "SecretKey", "--date",
                    "20060102T150405Z", "--method", "post", "--url",
                    "https://example.huaweicloud.com/path?key=value", "--body-file", f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59", r.stdout)
        bad = run("debug", "sign", "--ak", "a", "--sk", "b", "--url", "nope")
        self.assertEqual(bad.returncode, 64)
        self.assertIn("no scheme", bad.stderr)

    def test_get_needs_an_endpoint_and_a_known_kind(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HUAWEICLOUD", "DESKOPS"))}
        r = subprocess.run([DESKOPS, "get", "servers"], capture_output=True, text=True, env=env)
        self.assertEqual(r.returncode, 64)
        self.assertIn("unknown kind", r.stderr)
        r = subprocess.run([DESKOPS, "get", "desktops"], capture_output=True, text=True, env=env)
        self.assertEqual(r.returncode, 1)
        self.assertIn("no endpoint", r.stderr)

    def test_version(self):
        r = run("version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^deskops \d+\.\d+\.\d+ \(commit \S+, API deskops.io/v1alpha1\)\n$")
        flag = run("--version")
        self.assertEqual((flag.returncode, flag.stdout, flag.stderr), (0, r.stdout, ""))


if __name__ == "__main__":
    unittest.main(verbosity=2)
