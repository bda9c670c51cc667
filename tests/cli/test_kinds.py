#!/usr/bin/env python3
"""The kind registry (specs/kinds.def, printed by `deskops schema --kinds`) is the one list of kinds:
the JSON Schema that `deskops schema` exports, the example tenant in examples/ and the README's
kind table must name exactly the same kinds, the README with the same API sections. A kind added to
one place and forgotten in another fails here.

Usage: test_kinds.py DESKOPS_BINARY SOURCE_DIR
"""
import glob
import json
import os
import re
import subprocess
import sys
import unittest

import yaml

DESKOPS = sys.argv.pop(1) if len(sys.argv) > 2 else os.environ.get("DESKOPS", "deskops")
SOURCE = sys.argv.pop(1) if len(sys.argv) > 1 else "."


def run(*args):
    return subprocess.run([DESKOPS, *args], check=True, capture_output=True, text=True).stdout


def registry():
    return json.loads(run("schema", "--kinds"))


def readme_table():
    """{kind: [sections]} from the README's kind table (under '## Manifests')."""
    with open(os.path.join(SOURCE, "README.md"), encoding="utf-8") as f:
        text = f.read()
    table = re.search(r"^\| kind \| name is \| spec covers \| API sections \|\n(.*?)\n\n", text,
                      re.S | re.M)
    assert table, "README.md has no kind table (| kind | name is | spec covers | API sections |)"
    rows = {}
    for line in table.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        m = re.fullmatch(r"`([A-Za-z]+)`", cells[0])
        if m:
            rows[m.group(1)] = [s.strip() for s in cells[-1].split(",") if s.strip()]
    return rows


class KindRegistryTest(unittest.TestCase):
    def setUp(self):
        self.kinds = [k["kind"] for k in registry()]

    def test_registry_is_not_empty_and_has_no_repeats(self):
        self.assertGreaterEqual(len(self.kinds), 7)
        self.assertEqual(len(self.kinds), len(set(self.kinds)))

    def test_schema_names_the_registered_kinds(self):
        schema = json.loads(run("schema"))
        self.assertEqual(sorted(schema["properties"]["kind"]["enum"]), sorted(self.kinds))
        for kind in self.kinds:
            with self.subTest(kind=kind):
                one = json.loads(run("schema", "--kind", kind))
                self.assertEqual(one["properties"]["kind"]["enum"], [kind])

    def test_examples_use_every_kind(self):
        used = set()
        for path in glob.glob(os.path.join(SOURCE, "examples", "*.yaml")):
            with open(path, encoding="utf-8") as f:
                used |= {d["kind"] for d in yaml.safe_load_all(f) if d}
        self.assertEqual(used - set(self.kinds), set(), "examples use kinds nobody registered")
        self.assertEqual(set(self.kinds) - used, set(), "registered kinds missing from examples/")

    def test_readme_lists_every_kind_with_its_sections(self):
        table = readme_table()
        self.assertEqual(sorted(table), sorted(self.kinds))
        for k in registry():
            with self.subTest(kind=k["kind"]):
                self.assertEqual(table[k["kind"]], k["sections"])

    def test_every_kind_names_its_operations(self):
        for k in registry():
            with self.subTest(kind=k["kind"]):
                self.assertTrue(k["operations"], "a kind without API operations")
                for op in k["operations"]:
                    # 4.1.1/4.1.2 are /v1/{project_id}/app-center/profiles (L817, L930).
                    self.assertRegex(op["path"], r"^/v[12]/\{project_id\}/")
                    self.assertIn(op["method"], ("GET", "POST", "PUT", "DELETE", "PATCH"))

    def test_get_accepts_every_kind_by_its_names(self):
        # `deskops get` reads the registry too: an unknown kind lists the accepted ones.
        out = subprocess.run([DESKOPS, "get", "no-such-kind"], capture_output=True, text=True)
        self.assertNotEqual(out.returncode, 0)
        for k in registry():
            self.assertIn(k["plural"], out.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
