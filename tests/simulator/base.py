"""Shared set-up of the simulator's process-level tests: one wks-sim per test class (HTTPS on
127.0.0.1, port 0, CA trusted), reset between tests, plus helpers to create fixtures."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import schema_check  # noqa: E402
import simclient  # noqa: E402

BINARY = os.environ.get("WKS_SIM", "build/bin/wks-sim")
# The reference's example bodies, copied byte for byte from ../shared/reference/api-examples.
EXAMPLES = os.environ.get("WKS_EXAMPLES", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                       "golden", "api-examples"))
IMAGE = "a866298d-67db-44b0-a1f1-9d09bdddc20f"
PRIVATE_IMAGE = "cc3bbc0b-9441-461b-b80b-48c52f3aed08"
PRODUCT = "workspace.c2.large.windows.2"
BIGGER_PRODUCT = "workspace.x86.ultimate.xlarge2"
SUBNET = "5dee0216-2260-47c2-9368-98a27d910e55"
SUBNET2 = "c7f30df4-f3ac-4807-9599-18950b05455f"
VPC = "8e1d3b5f-2c4a-4f7e-9d6b-0a1c3e5f7b9d"
SECURITY_GROUP = "ff2c8d48-c32a-4d25-8566-1d1db9119037"


def desktop_body(user="alice", name="eng-alice-01", **extra):
    body = {"desktop_type": "DEDICATED", "image_type": "gold", "image_id": IMAGE,
            "root_volume": {"type": "SAS", "size": 80}, "product_id": PRODUCT,
            "nics": [{"subnet_id": SUBNET}],
            "desktops": [{"user_name": user, "user_group": "users", "computer_name": name}]}
    body.update(extra)
    return body


class SimTestCase(unittest.TestCase):
    sim_args = ()
    sim_kwargs = {}

    @classmethod
    def setUpClass(cls):
        cls.sim = simclient.SimProcess(BINARY, *cls.sim_args, **cls.sim_kwargs).start()
        cls.client = cls.sim.client()

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        code = cls.sim.stop()
        if code != 0:
            raise AssertionError(f"wks-sim exited with {code}: {cls.sim.read_log()[-2000:]}")

    def setUp(self):
        self.assertEqual(self.client.control("POST", "reset").status, 204)

    # Assertions.
    def ok(self, reply, status=200, section=None):
        self.assertEqual(reply.status, status, repr(reply))
        if section:
            schema_check.assert_schema(self, section, reply)
        return reply.json

    def error(self, reply, status, code, section=None):
        schema_check.assert_error(self, reply, status, code, section)

    # Fixtures.
    def create_desktop(self, user="alice", name="eng-alice-01", **extra):
        job = self.ok(self.client.post("/desktops", desktop_body(user, name, **extra)))["job_id"]
        done = self.ok(self.client.wait_job(job))
        self.assertEqual(done["status"], "SUCCESS", done)
        return done["sub_jobs"][0]["entities"]["desktop_id"]

    def create_user(self, name, **fields):
        return self.ok(self.client.post("/users", {"user_name": name, **fields}), 201)["id"]

    def create_group(self, name, platform="LOCAL"):
        self.ok(self.client.post("/groups", {"group_name": name, "platform_type": platform}), 201)
        groups = self.ok(self.client.get("/groups", {"keyword": name}))["user_groups"]
        return next(g["id"] for g in groups if g["name"] == name)

    def example(self, name):
        with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
            return json.load(f)
