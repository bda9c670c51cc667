"""Jobs (4.28.1, 4.28.2) and their progression in each mode, over HTTPS."""

import time
import unittest

from base import SimTestCase, desktop_body


class JobTest(SimTestCase):
    def start_create(self, name="job-01"):
        return self.ok(self.client.post("/desktops", desktop_body("alice", name)))["job_id"]

    def sub_jobs(self, **query):
        return self.ok(self.client.get("/workspace-sub-jobs", query), 200, "4.28.2")

    def test_immediate(self):
        self.client.control("PUT", "jobs", {"default": {"mode": "immediate"}})
        job = self.ok(self.client.get(f"/workspace-jobs/{self.start_create()}"), 200, "4.28.1")
        self.assertEqual((job["status"], job["sub_jobs"][0]["status"], job["sub_jobs"][0]["process"]),
                         ("SUCCESS", "SUCCESS", 100))
        self.assertRegex(job["begin_time"], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
        self.assertEqual(job["end_time"], job["begin_time"])

    def test_reads(self):
        self.client.control("PUT", "jobs", {"default": {"mode": "reads", "value": 3}})
        job_id = self.start_create()
        self.assertEqual(self.sub_jobs(job_id=job_id)["jobs"][0]["status"], "WAITING")
        desktop_id = self.sub_jobs(job_id=job_id)["jobs"][0]["entities"]["desktop_id"]
        desktop = self.ok(self.client.get(f"/desktops/{desktop_id}"))["desktop"]
        self.assertEqual((desktop["status"], desktop["task_status"]), ("BUILD", "scheduling"))
        seen = []
        for _ in range(4):
            job = self.ok(self.client.get(f"/workspace-jobs/{job_id}"), 200, "4.28.1")
            seen.append((job["status"], job["sub_jobs"][0]["process"]))
        self.assertEqual(seen, [("RUNNING", 33), ("RUNNING", 66), ("SUCCESS", 100), ("SUCCESS", 100)])
        desktop = self.ok(self.client.get(f"/desktops/{desktop_id}"))["desktop"]
        self.assertEqual((desktop["status"], desktop["task_status"], desktop["process"]), ("ACTIVE", "", None))

    def test_seconds(self):
        self.client.control("PUT", "jobs", {"default": {"mode": "seconds", "value": 2}})
        started = time.monotonic()
        job_id = self.start_create()
        first = self.ok(self.client.get(f"/workspace-jobs/{job_id}"))
        self.assertIn(first["status"], ("WAITING", "RUNNING"))
        self.assertEqual(first["end_time"], "")
        # A running job's desktop conflicts with other operations.
        desktop_id = first["sub_jobs"][0]["entities"]["desktop_id"]
        self.error(self.client.post("/desktops/action", {"desktop_ids": [desktop_id], "op_type": "reboot"}),
                   409, "WKS.00010032", "4.3.9")
        done = self.ok(self.client.wait_job(job_id, timeout=10))
        self.assertEqual(done["status"], "SUCCESS")
        self.assertGreaterEqual(time.monotonic() - started, 1.9)
        self.assertNotEqual(done["end_time"], "")

    def test_per_type_progression(self):
        self.client.control("PUT", "jobs", {"default": {"mode": "immediate"},
                                            "job_types": {"operateDesktops": {"mode": "reads", "value": 2}}})
        desktop_id = self.ok(self.client.get(f"/workspace-jobs/{self.start_create()}"))["sub_jobs"][0]["entities"][
            "desktop_id"]
        stop = self.ok(self.client.post("/desktops/action", {"desktop_ids": [desktop_id], "op_type": "os-stop"}))
        desktop = self.ok(self.client.get(f"/desktops/{desktop_id}"))["desktop"]
        self.assertEqual((desktop["status"], desktop["task_status"]), ("ACTIVE", "powering-off"))
        self.assertEqual(self.ok(self.client.get(f"/workspace-jobs/{stop['job_id']}"))["status"], "RUNNING")
        self.assertEqual(self.ok(self.client.get(f"/workspace-jobs/{stop['job_id']}"))["status"], "SUCCESS")
        self.assertEqual(self.ok(self.client.get(f"/desktops/{desktop_id}"))["desktop"]["status"], "SHUTOFF")
        config = self.ok(self.client.control("GET", "jobs"))
        self.assertEqual(config["job_types"]["operateDesktops"], {"mode": "reads", "value": 2})

    def test_failed_job(self):
        self.client.control("PUT", "faults", {"rules": [{"operation": "desktops.create", "kind": "job_failure"}]})
        job = self.ok(self.client.get(f"/workspace-jobs/{self.start_create()}"), 200, "4.28.1")
        self.assertEqual((job["status"], job["job_error_code"]), ("FAILED", "WKS.0005"))
        sub = job["sub_jobs"][0]
        self.assertEqual((sub["status"], sub["error_code"]), ("FAILED", "WKS.0005"))
        self.assertTrue(sub["fail_reason"])
        # A failed create leaves the desktop listed in ERROR.
        desktop = self.ok(self.client.get(f"/desktops/{sub['entities']['desktop_id']}"))["desktop"]
        self.assertEqual(desktop["status"], "ERROR")

    def test_sub_job_filters(self):
        self.client.control("PUT", "jobs", {"default": {"mode": "reads", "value": 5}})
        running = self.start_create("j-1")
        self.client.control("PUT", "jobs", {"default": {"mode": "immediate"}})
        done = self.start_create("j-2")
        cases = [({"status": "SUCCESS"}, [done]), ({"status": ["WAITING", "SUCCESS"]}, [running, done]),
                 ({"job_id": running}, [running]), ({"job_type": "createDesktops"}, [running, done]),
                 ({"job_type": "deleteDesktops"}, []), ({"limit": "1", "offset": "1"}, [done])]
        for query, want in cases:
            with self.subTest(query):
                self.assertEqual([j["job_id"] for j in self.sub_jobs(**query)["jobs"]], want)
        self.assertEqual(self.sub_jobs(limit="1")["total_count"], 2)
        self.error(self.client.get("/workspace-sub-jobs", {"status": "DONE"}), 400, "WKS.0001", "4.28.2")
        self.error(self.client.get("/workspace-sub-jobs", {"limit": "1001"}), 400, "WKS.0509", "4.28.2")
        self.error(self.client.get("/workspace-jobs/nope"), 404, "WKS.00010031", "4.28.1")

    def test_delete_finished_sub_jobs(self):
        self.client.control("PUT", "jobs", {"default": {"mode": "reads", "value": 5}})
        running = self.start_create("d-1")
        self.client.control("PUT", "jobs", {"default": {"mode": "immediate"}})
        done = self.start_create("d-2")
        # "Only tasks in the SUCCESS or FAILED status can be deleted." (L44316)
        self.error(self.client.post("/workspace-sub-jobs/batch-delete", {"job_ids": [running]}), 400, "WKS.0001")
        self.error(self.client.post("/workspace-sub-jobs/batch-delete", {}), 400, "WKS.0001")
        reply = self.client.post("/workspace-sub-jobs/batch-delete", {"delete_by_status": "SUCCESS"})
        self.assertEqual((reply.status, reply.raw), (200, b""))
        self.assertEqual([j["job_id"] for j in self.sub_jobs()["jobs"]], [running])
        self.error(self.client.get(f"/workspace-jobs/{done}"), 404, "WKS.00010031")


if __name__ == "__main__":
    unittest.main()
