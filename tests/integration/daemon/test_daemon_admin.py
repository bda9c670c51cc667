"""The admin server of `deskops run` before the first observation of the tenant, during an apply,
after it, and after a failed pass: /healthz, /readyz, /status (every managed object with its Ready
and Synced conditions), /metrics and the status page."""
import json
import os
import time
import unittest

import daemon_support as ds
from harness import wait_until

# The first observation lists users slowly, so the test sees the daemon before it has observed.
SLOW_FIRST_LIST = {"rules": [{"operation": "users.list", "kind": "delay_ms", "delay_ms": 3000,
                              "count": 1}]}


class AdminEndpointsTest(ds.DaemonTestCase):
    sim_jobs = "seconds:2"  # jobs stay in flight for a while during the apply

    def test_endpoints_before_during_and_after_a_run(self):
        manifests = self.examples()
        declared = ds.manifest_objects(manifests)
        self.sim.control("PUT", "faults", SLOW_FIRST_LIST)
        d = self.start(manifests, "--interval", "1h", "--jitter-percent", "0")

        # Before: alive, leading, but not ready until the tenant has been observed.
        self.assertEqual(d.get("/healthz")[0::2], (200, "ok\n"))
        self.assertTrue(wait_until(lambda: d.status()["phase"] == "reconciling", timeout=10),
                        d.status())
        code, _, body = d.get("/readyz")
        self.assertEqual(code, 503, body)
        self.assertIn("first observation", body)
        st = d.status()
        self.assertTrue(st["leader"])
        self.assertFalse(st["ready"])
        self.assertEqual(st["objects"], [])
        self.assertEqual(st["lastPass"]["result"], "")
        self.assertEqual(st["lastSuccessAt"], "")
        self.assertEqual(st["stateDir"], self.deskops.state_dir)
        m = d.metrics()
        self.assertEqual(ds.metric(m, "deskops_leader"), 1)
        self.assertEqual(ds.metric(m, "deskops_reconcile_runs_total"), 0)
        self.assertEqual(ds.metric(m, "deskops_last_successful_reconcile_timestamp_seconds"), 0)
        self.assertEqual(ds.metric(m, "deskops_build_info"), 1)
        self.assertGreater(ds.metric(m, "process_start_time_seconds"), time.time() - 120)
        code, ctype, page = d.get("/")
        self.assertEqual((code, ctype), (200, "text/html; charset=utf-8"))
        self.assertIn("first observation", page)

        # During the apply: observed (ready), jobs in flight, the phase says so.
        seen = {}

        def jobs_in_flight():
            m = d.metrics()
            if (ds.metric(m, "deskops_jobs_in_flight") or 0) > 0:
                seen["metrics"] = m
                seen["status"] = d.status()
                seen["readyz"] = d.get("/readyz")[0]
                return True
            return False
        self.assertTrue(wait_until(jobs_in_flight, timeout=30, step=0.05), d.log_text()[-3000:])
        self.assertEqual(seen["status"]["phase"], "reconciling")
        self.assertEqual(seen["readyz"], 200)
        self.assertGreaterEqual(ds.metric(seen["metrics"], "deskops_oldest_job_age_seconds"), 0)

        # After: every declared object Ready and Synced, and the metrics agree.
        d.wait_quiet()
        code, _, body = d.get("/readyz")
        self.assertEqual((code, body), (200, "ready\n"))
        code, ctype, body = d.get("/status")
        self.assertEqual((code, ctype), (200, "application/json"))
        st = json.loads(body)
        self.assertEqual((st["phase"], st["leader"], st["ready"]), ("idle", True, True))
        self.assertEqual(st["lastPass"]["result"], "success")
        self.assertEqual(st["lastPass"]["errors"], 0)
        self.assertEqual(st["lastPass"]["inSync"], len(declared))
        self.assertNotEqual(st["lastSuccessAt"], "")
        self.assertGreater(st["nextPassAt"], st["lastSuccessAt"])
        self.assertEqual({(o["kind"], o["name"]) for o in st["objects"]}, declared)
        live = {(o["kind"], o["name"]): o for o in st["objects"]}
        for key, o in live.items():
            conds = {c["type"]: c for c in o["conditions"]}
            self.assertEqual(set(conds), {"Ready", "Synced"}, key)
            self.assertEqual((conds["Ready"]["status"], conds["Ready"]["reason"]),
                             ("True", "Available"), key)
            self.assertEqual((conds["Synced"]["status"], conds["Synced"]["reason"]),
                             ("True", "InSync"), key)
            self.assertNotEqual(conds["Ready"]["lastTransitionTime"], "", key)
            self.assertTrue(o["declared"], key)
            self.assertNotEqual(o["id"], "", key)
            self.assertIsNone(o["lastError"], key)
            self.assertEqual(o["pendingJobs"], [], key)
        ids = {d_["computer_name"]: d_["id"] for d_ in self.sim.state()["desktops"]}
        self.assertEqual(live[("Desktop", "eng-alice-01")]["id"], ids["eng-alice-01"])

        m = d.metrics()
        n = len(declared)
        self.assertEqual(ds.metric(m, "deskops_objects", condition="Ready", status="True"), n)
        self.assertEqual(ds.metric(m, "deskops_objects", condition="Synced", status="True"), n)
        self.assertEqual(ds.metric(m, "deskops_objects", status="False"), 0)
        self.assertEqual(ds.metric(m, "deskops_manifest_objects"), n)
        self.assertEqual(ds.metric(m, "deskops_manifest_objects", kind="User"),
                         sum(1 for k, _ in declared if k == "User"))
        self.assertEqual(ds.metric(m, "deskops_jobs_in_flight"), 0)
        self.assertEqual(ds.metric(m, "deskops_reconcile_runs_total", result="failure"), 0)
        self.assertEqual(ds.metric(m, "deskops_reconcile_runs_total", result="success"),
                         d.passes())
        self.assertGreaterEqual(ds.metric(m, "deskops_actions_total", kind="Desktop",
                                          verb="create", result="succeeded"), 2)
        self.assertGreater(ds.metric(m, "deskops_job_duration_seconds_count", outcome="success"), 0)
        self.assertGreater(ds.metric(m, "deskops_api_requests_total", operation="users.list",
                                     code="200"), 0)
        self.assertAlmostEqual(ds.metric(m, "deskops_last_successful_reconcile_timestamp_seconds"),
                               time.time(), delta=120)

        # A failed pass: the API fails every user listing. The status says so; readiness holds
        # (one failed pass is not an outage), the objects keep their last known conditions.
        self.sim.control("PUT", "faults", {"rules": [{"operation": "users.list",
                                                      "kind": "http_500"}]})
        passes = d.passes()
        ds.replace_in(os.path.join(manifests, "users.yaml"), "Platform engineer", "Platform lead")
        line = d.wait_pass(passes, timeout=30)
        self.assertEqual(line["msg"], "pass failed", line)
        st = d.status()
        self.assertEqual(st["lastPass"]["result"], "failure")
        self.assertNotEqual(st["lastPass"]["message"], "")
        self.assertEqual(len(st["objects"]), len(declared))
        self.assertEqual(d.get("/readyz")[0], 200)
        self.assertEqual(ds.metric(d.metrics(), "deskops_reconcile_runs_total", result="failure"), 1)
        self.assertIn("failure", d.get("/")[2])

        # Wrong paths and methods.
        self.assertEqual(d.get("/nope")[0], 404)
        req = ds.urllib.request.Request(f"http://{d.address}/status", method="POST", data=b"")
        with self.assertRaises(ds.urllib.error.HTTPError) as e:
            ds.urllib.request.urlopen(req, timeout=10)
        self.assertEqual(e.exception.code, 405)
        self.sim.control("DELETE", "faults")
        self.assertEqual(d.stop(), 0)


if __name__ == "__main__":
    unittest.main()
