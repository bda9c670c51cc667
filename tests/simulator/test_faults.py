"""Fault injection (/_sim/faults) over HTTPS: every kind, counts, seeds and operation matching."""

import http.client
import time
import unittest

import simclient
from base import SimTestCase, desktop_body


class FaultTest(SimTestCase):
    def set_faults(self, *rules, seed=0):
        reply = self.client.control("PUT", "faults", {"seed": seed, "rules": list(rules)})
        self.assertEqual(reply.status, 200, reply)
        return reply.json

    def test_off_by_default(self):
        self.assertEqual(self.client.control("GET", "faults").json["rules"], [])
        self.ok(self.client.get("/desktops"))

    def test_http_kinds(self):
        cases = [
            ({"kind": "http_429", "retry_after": 7}, 429, "SIM.0429", "4.3.2"),
            ({"kind": "http_500"}, 500, "WKS.0002", "4.3.2"),
            ({"kind": "http_503"}, 503, "SIM.0503", "4.3.2"),
            ({"kind": "conflict_409"}, 409, "WKS.00010032", "4.3.2"),
            ({"kind": "http_500", "error_code": "WKS.0005", "error_msg": "Failed to invoke ECS interface."},
             500, "WKS.0005", "4.3.2"),
        ]
        for rule, status, code, section in cases:
            with self.subTest(rule["kind"]):
                self.set_faults({"operation": "desktops.list", "count": 1, **rule})
                reply = self.client.get("/desktops")
                self.error(reply, status, code, section)
                if status == 429:
                    self.assertEqual(reply.headers["retry-after"], "7")
                self.ok(self.client.get("/desktops"))  # count 1: only once

    def test_operation_matching(self):
        cases = [("desktops.list", "/desktops", True), ("desktops.*", "/desktops/detail", True),
                 ("GET /v2/{project_id}/desktops/detail", "/desktops/detail", True),
                 ("GET /v2/{project_id}/desktops/detail", "/desktops", False), ("*", "/users", True),
                 ("users.list", "/desktops", False)]
        for operation, path, hits in cases:
            with self.subTest(operation=operation, path=path):
                self.set_faults({"operation": operation, "kind": "http_503"})
                self.assertEqual(self.client.get(path).status, 503 if hits else 200)
        self.client.control("DELETE", "faults")

    def test_probability_is_reproducible_with_a_seed(self):
        def run():
            self.set_faults({"operation": "users.list", "kind": "http_500", "probability": 0.5}, seed=42)
            return [self.client.get("/users").status for _ in range(30)]
        first, second = run(), run()
        self.assertEqual(first, second)
        self.assertIn(500, first)
        self.assertIn(200, first)
        state = self.client.control("GET", "faults").json
        self.assertEqual(state["rules"][0]["fired"], first.count(500))

    def test_delay(self):
        self.set_faults({"operation": "desktops.list", "kind": "delay_ms", "delay_ms": 400, "count": 1})
        started = time.monotonic()
        self.ok(self.client.get("/desktops"))
        self.assertGreaterEqual(time.monotonic() - started, 0.4)

    def test_dropped_connection(self):
        self.set_faults({"operation": "desktops.list", "kind": "drop_connection", "count": 1})
        conn = http.client.HTTPSConnection(self.client.host, self.client.port, timeout=10,
                                           context=self.client.context)
        path = f"/v2/{self.client.project}/desktops"
        headers = simclient.sign("GET", path, [], {"Host": f"{self.client.host}:{self.client.port}"}, b"",
                                 simclient.DEMO_AK, simclient.DEMO_SK)
        try:
            with self.assertRaises((http.client.RemoteDisconnected, ConnectionResetError)):
                conn.request("GET", path, headers=headers)
                conn.getresponse()
        finally:
            conn.close()
        stats = self.client.control("GET", "stats").json
        self.assertTrue(any(r["operation"] == "desktops.list" for r in stats["requests"]))

    def test_job_failure_and_quota_together(self):
        self.set_faults({"operation": "desktops.create", "kind": "job_failure", "error_code": "WKS.0014",
                         "error_msg": "Failed to invoke EVS interface."})
        job = self.ok(self.client.post("/desktops", desktop_body()))["job_id"]
        self.assertEqual(self.ok(self.client.wait_job(job))["job_error_code"], "WKS.0014")
        self.client.control("PUT", "quotas", {"general_instances": 1})
        self.error(self.client.post("/desktops", desktop_body("bob", "bob-01")), 400, "WKS.0106", "4.3.1")

    def test_bad_rules(self):
        for rule in ({"kind": "explode"}, {"kind": "http_500", "probability": 2},
                     {"kind": "delay_ms"}, "not an object"):
            with self.subTest(rule=rule):
                reply = self.client.control("PUT", "faults", {"rules": [rule]})
                self.assertEqual(reply.status, 400, reply)


if __name__ == "__main__":
    unittest.main()
