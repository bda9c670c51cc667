#!/usr/bin/env python3
"""Validates every example manifest against the JSON Schema that `deskops schema` exports, with an
independent validator (python3 jsonschema, draft 2020-12), and checks that the schema rejects
broken documents, so the check cannot pass vacuously.

Usage: test_schema_examples.py DESKOPS_BINARY EXAMPLES_DIR
"""
import copy
import glob
import json
import os
import subprocess
import sys
import tempfile
import unittest

import jsonschema
import yaml

DESKOPS = sys.argv.pop(1) if len(sys.argv) > 2 else os.environ.get("DESKOPS", "deskops")
EXAMPLES = sys.argv.pop(1) if len(sys.argv) > 1 else "examples"


def example_documents():
    docs = []
    for path in sorted(glob.glob(os.path.join(EXAMPLES, "**", "*.yaml"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            for i, doc in enumerate(yaml.safe_load_all(f)):
                if doc is not None:
                    docs.append((f"{os.path.basename(path)}#{i}", doc))
    return docs


class SchemaExamplesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        subprocess.run([DESKOPS, "schema", "--out-dir", cls.tmp.name], check=True,
                       stdout=subprocess.DEVNULL)
        with open(os.path.join(cls.tmp.name, "manifest.json"), encoding="utf-8") as f:
            cls.schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(cls.schema)
        cls.validator = jsonschema.Draft202012Validator(cls.schema)
        cls.docs = example_documents()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_every_kind_has_an_example(self):
        kinds = {doc["kind"] for _, doc in self.docs}
        self.assertEqual(kinds, set(self.schema["properties"]["kind"]["enum"]))

    def test_examples_are_valid_instances(self):
        self.assertGreaterEqual(len(self.docs), 7)
        for name, doc in self.docs:
            with self.subTest(name):
                errors = [e.message for e in self.validator.iter_errors(doc)]
                self.assertEqual(errors, [])

    def test_per_kind_files_agree(self):
        for name, doc in self.docs:
            with open(os.path.join(self.tmp.name, doc["kind"].lower() + ".json"), encoding="utf-8") as f:
                kind_schema = json.load(f)
            with self.subTest(name):
                jsonschema.validate(doc, kind_schema, cls=jsonschema.Draft202012Validator)

    def test_broken_documents_are_rejected(self):
        by_kind = {doc["kind"]: doc for _, doc in reversed(self.docs)}
        breakages = [
            ("unknown spec field", "Desktop", lambda d: d["spec"].__setitem__("prodcutId", "x")),
            ("bad enum", "Desktop", lambda d: d["spec"].__setitem__("powerState", "on")),
            ("bad name", "Desktop", lambda d: d["metadata"].__setitem__("name", "eng_alice_0123456")),
            ("disk not multiple of 10", "Desktop", lambda d: d["spec"]["rootVolume"].__setitem__("size", 85)),
            ("missing required", "DesktopPool", lambda d: d["spec"].pop("subnetIds")),
            ("inline password", "User", lambda d: d["spec"].__setitem__("password", "x")),
            ("two password sources", "User", lambda d: d["spec"].__setitem__("passwordFrom", {"env": "A", "file": "/b"})),
            ("wrong kind", "User", lambda d: d.__setitem__("kind", "Server")),
            ("wrong apiVersion", "User", lambda d: d.__setitem__("apiVersion", "v1")),
            ("policy out of range", "PolicyGroup",
             lambda d: d["spec"]["policies"]["watermark"]["options"].__setitem__("fontSize", 500)),
            ("unknown policy", "PolicyGroup",
             lambda d: d["spec"]["policies"]["peripherals"].__setitem__("usbEnabel", True)),
            ("bad ip", "AccessPolicy", lambda d: d["spec"]["ipList"][0].__setitem__("ipAddress", "1.2.3")),
            ("too many tags", "Desktop",
             lambda d: d["spec"].__setitem__("tags", {f"k{i}": "v" for i in range(10)})),
        ]
        for name, kind, breaker in breakages:
            with self.subTest(name):
                doc = copy.deepcopy(by_kind[kind])
                breaker(doc)
                self.assertFalse(self.validator.is_valid(doc), f"{name} was accepted")


if __name__ == "__main__":
    unittest.main(verbosity=2)
