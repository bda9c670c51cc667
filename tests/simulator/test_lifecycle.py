"""The wks-sim process: flags, TLS choices, seed files, persistence across restarts, SIGTERM,
access logs, the control API's state dump, out-of-band changes and statistics."""

import json
import os
import signal
import ssl
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

import simclient
from base import BINARY, SimTestCase, desktop_body


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def wait_until(predicate, timeout=10, what="condition"):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


class ProcessTest(unittest.TestCase):
    def run_sim(self, *args, **kw):
        sim = simclient.SimProcess(BINARY, *args, **kw).start()
        self.addCleanup(sim.stop)
        return sim

    def test_first_line_is_the_url_and_https_verifies(self):
        sim = self.run_sim()
        self.assertRegex(sim.url, r"^https://127\.0\.0\.1:\d+$")
        client = sim.client()
        self.assertEqual(client.get("/desktops").status, 200)
        client.close()
        # Without the CA the certificate does not verify.
        with self.assertRaises(urllib.error.URLError) as caught:
            urllib.request.urlopen(sim.url + "/_sim/stats", context=ssl.create_default_context(), timeout=5)
        self.assertIn("CERTIFICATE_VERIFY_FAILED", str(caught.exception))
        self.assertEqual(sim.stop(), 0)

    def test_plain_http_and_given_certificate(self):
        sim = self.run_sim(tls=False)
        self.assertTrue(sim.url.startswith("http://"))
        self.assertEqual(sim.client().get("/desktops").status, 200)
        work = tempfile.mkdtemp()
        key, cert = os.path.join(work, "key.pem"), os.path.join(work, "cert.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
        given = simclient.SimProcess(BINARY, "--tls-cert", cert, "--tls-key", key, tls=False)
        given.cmd.remove("--plain-http")
        given.start()
        self.addCleanup(given.stop)
        self.addCleanup(sim.stop)
        self.assertTrue(given.url.startswith("https://"))
        client = simclient.Client(given.url, cert)
        self.assertEqual(client.get("/desktops").status, 200)
        client.close()

    def test_bad_flags_and_seed(self):
        cases = [(["--listen", "nowhere"], 64), (["--jobs", "sometimes"], 1), (["--bogus"], 64),
                 (["--tls-cert", "x.pem"], 64), (["--seed", "/nonexistent.yaml"], 1)]
        for args, code in cases:
            with self.subTest(args=args):
                proc = subprocess.run([BINARY, *args], capture_output=True, timeout=10)
                self.assertEqual(proc.returncode, code, proc.stderr)
                self.assertIn(b"wks-sim:", proc.stderr)
        help_text = subprocess.run([BINARY, "--help"], capture_output=True, timeout=10).stdout.decode()
        self.assertIn("--control-api", help_text)

    def test_seed_file_replaces_the_tenant(self):
        work = tempfile.mkdtemp()
        yaml_seed = os.path.join(work, "seed.yaml")
        with open(yaml_seed, "w") as f:
            f.write("""\
products:
  - {product_id: custom.product.1, flavor_id: custom.1, type: BASE, architecture: x86, cpu: "4",
     memory: "8192", is_gpu: false, charge_mode: "1", status: normal, package_type: general,
     os_type: Linux}
images:
  - {id: img-1, image_type: private, os_type: Linux, name: custom-image, os_version: Ubuntu 22.04}
availability_zones:
  - {availability_zone: zone-a, display_name: Zone A, default_availability_zone: true}
subnets:
  - {id: subnet-1, name: s1, cidr: 10.9.0.0/24, vpc_id: vpc-1}
vpcs: [{id: vpc-1, name: v1, cidr: 10.9.0.0/16}]
security_groups: [{id: sg-1, name: default}]
quotas: [{type: general_instances, quota: 1}]
""")
        sim = self.run_sim("--seed", yaml_seed)
        client = sim.client()
        products = client.get("/products").json["products"]
        self.assertEqual([p["product_id"] for p in products], ["custom.product.1"])
        body = desktop_body(image_id="img-1", image_type="private", product_id="custom.product.1",
                            nics=[{"subnet_id": "subnet-1"}])
        self.assertEqual(client.post("/desktops", body).status, 200)
        desktop = client.get("/desktops/detail").json["desktops"][0]
        self.assertEqual((desktop["availability_zone"], desktop["ipv4"]), ("zone-a", "10.9.0.10"))
        body = desktop_body("bob", "bob-01", image_id="img-1", image_type="private",
                            product_id="custom.product.1", nics=[{"subnet_id": "subnet-1"}])
        self.assertEqual(client.post("/desktops", body).json["error_code"], "WKS.0106")
        client.close()

    def test_state_survives_a_restart(self):
        work = tempfile.mkdtemp()
        state = os.path.join(work, "state.json")
        sim = self.run_sim("--state-file", state, "--save-interval-ms", "50", workdir=work)
        client = sim.client()
        user_id = client.post("/users", {"user_name": "persisted"}).json["id"]
        client.post("/desktops", desktop_body("persisted", "kept-01"))
        client.control("PUT", "quotas", {"general_instances": 42})
        client.close()
        # Saved within the interval, crash-safely: whenever it exists the file parses.
        def saved():
            if not os.path.exists(state):
                return False
            snapshot = json.loads(read_text(state))
            return snapshot["quotas"]["general_instances"] == 42 and "kept-01" in read_text(state)
        wait_until(saved, what="state saved")
        sim.stop(signal.SIGKILL)  # a crash: only the periodic save counts
        again = self.run_sim("--state-file", state, workdir=work)
        client = again.client()
        self.assertEqual(client.get(f"/users/{user_id}").json["user_detail"]["user_name"], "persisted")
        self.assertEqual(client.get("/desktops", {"computer_name": "kept-01"}).json["total_count"], 1)
        quotas = client.control("GET", "quotas").json
        self.assertEqual(quotas["general_instances"]["quota"], 42)
        # A graceful stop saves the latest changes too.
        client.post("/users", {"user_name": "late"})
        client.close()
        self.assertEqual(again.stop(), 0)
        self.assertIn("late", read_text(state))
        self.assertFalse(os.path.exists(state + ".tmp"))

    def test_sigterm_lets_requests_in_progress_finish(self):
        sim = self.run_sim()
        client = sim.client()
        client.control("PUT", "faults", {"rules": [{"operation": "desktops.list", "kind": "delay_ms",
                                                    "delay_ms": 700}]})
        result = {}
        worker = simclient.Client(sim.url, sim.ca_file)
        thread = threading.Thread(target=lambda: result.update(reply=worker.get("/desktops")))
        thread.start()
        # Handle() has counted the request once it is waiting out its delay.
        wait_until(lambda: client.control("GET", "stats").json["by_operation"].get("desktops.list") == 1,
                   what="request in progress")
        client.close()
        sim.proc.send_signal(signal.SIGTERM)
        thread.join(10)
        self.assertEqual(result["reply"].status, 200)
        self.assertEqual(sim.proc.wait(10), 0)
        worker.close()
        self.assertIn('"msg":"wks-sim stopped"', sim.read_log())


class ControlApiTest(SimTestCase):
    def test_access_log_lines(self):
        self.client.get("/desktops/detail", {"limit": "1"})
        self.client.get("/desktops/nope")
        wait_until(lambda: "/v2/{project_id}/desktops/{desktop_id}" in self.sim.read_log(), what="log line")
        lines = [json.loads(l) for l in self.sim.read_log().splitlines() if '"msg":"request"' in l]
        line = next(l for l in lines if l.get("route") == "/v2/{project_id}/desktops/{desktop_id}")
        self.assertEqual((line["method"], line["status"], line["operation"]), ("GET", 404, "desktops.get"))
        self.assertRegex(line["request_id"], r"^sim-")
        self.assertIsInstance(line["duration_ms"], (int, float))

    def test_state_dump_and_out_of_band_changes(self):
        desktop = self.create_desktop()
        user = self.ok(self.client.get("/users", {"user_name": "alice"}))["users"][0]["id"]
        group = self.create_group("eng")
        self.client.post(f"/groups/{group}/actions", {"user_ids": [user], "op_type": "ADD"})
        state = self.client.control("GET", "state").json
        self.assertEqual([d["computer_name"] for d in state["desktops"]], ["eng-alice-01"])
        # Drift: someone stops the desktop, edits the user and empties the group in the console.
        cases = [("desktops", desktop, {"status": "SHUTOFF"}), ("users", user, {"user_email": "x@corp.example"}),
                 ("groups", group, {"member_ids": []})]
        for kind, object_id, patch in cases:
            with self.subTest(kind):
                self.assertEqual(self.client.control("PATCH", f"objects/{kind}/{object_id}", patch).status, 200)
        self.assertEqual(self.ok(self.client.get(f"/desktops/{desktop}"))["desktop"]["status"], "SHUTOFF")
        self.assertEqual(self.ok(self.client.get(f"/users/{user}"))["user_detail"]["user_email"], "x@corp.example")
        self.assertEqual(self.ok(self.client.get(f"/groups/{group}/users"))["total_count"], 0)
        self.assertEqual(self.client.control("DELETE", f"objects/desktops/{desktop}").status, 204)
        self.assertEqual(self.ok(self.client.get("/desktops"))["total_count"], 0)
        self.assertEqual(self.client.control("POST", "objects/users", {"user_name": "console-made"}).status, 201)
        self.assertEqual(self.ok(self.client.get("/users", {"user_name": "console-made"}))["total_count"], 1)
        self.assertEqual(self.client.control("PATCH", "objects/users/nope", {}).status, 404)
        self.assertEqual(self.client.control("PATCH", "objects/widgets/x", {}).status, 404)

    def test_bulk_loading(self):
        users = [{"id": f"{i:032x}", "user_name": f"user{i}", "user_email": f"user{i}@example.com"}
                 for i in range(3)]
        self.assertEqual(self.client.control("POST", "bulk/users", {"objects": users}).json, {"created": 3})
        group = {"id": "a" * 32, "name": "eng", "platform_type": "LOCAL", "member_ids": [users[0]["id"]]}
        self.assertEqual(self.client.control("POST", "bulk/groups", {"objects": [group]}).status, 200)
        listed = self.ok(self.client.get("/users"), 200, "4.8.1")["users"]
        self.assertEqual([(u["user_name"], u["group_names"]) for u in listed],
                         [("user0", ["eng"]), ("user1", []), ("user2", [])])
        # All or none: a clash leaves the store as it was.
        clash = [{"user_name": "user9"}, {"id": users[1]["id"], "user_name": "again"}]
        self.assertEqual(self.client.control("POST", "bulk/users", {"objects": clash}).status, 409)
        self.assertEqual(self.client.control("POST", "bulk/widgets", {"objects": []}).status, 404)
        self.assertEqual(self.client.control("POST", "bulk/users", {"users": []}).status, 400)
        self.assertEqual(self.ok(self.client.get("/users"))["total_count"], 3)
        # Desktops are assigned to user<N>: existing users keep their ID, missing ones are created.
        self.assertEqual(self.client.control("POST", "bulk/desktops", {"count": 4, "name_prefix": "b"}).status, 200)
        desktops = self.ok(self.client.get("/desktops/detail"), 200, "4.3.8")["desktops"]
        by_name = {d["computer_name"]: d["attach_user_infos"][0] for d in desktops}
        self.assertEqual(by_name["b0000000"]["user_id"], users[0]["id"])
        created = self.ok(self.client.get("/users", {"user_name": "user3"}))["users"]
        self.assertEqual([u["id"] for u in created], [by_name["b0000003"]["user_id"]])
        pool = {"id": "b" * 32, "name": "p", "type": "DYNAMIC", "product_id": "workspace.c2.large.windows.2",
                "image_id": "a866298d-67db-44b0-a1f1-9d09bdddc20f", "root_volume": {"type": "SAS", "size": 80},
                "subnet_ids": ["5dee0216-2260-47c2-9368-98a27d910e55"]}
        self.assertEqual(self.client.control("POST", "bulk/pools", {"objects": [pool]}).status, 200)
        self.assertEqual(self.client.control("POST", "bulk/desktops",
                                             {"count": 2, "name_prefix": "p", "pool_id": pool["id"]}).status, 200)
        listed = self.ok(self.client.get("/desktop-pools"), 200, "4.4.2")["desktop_pools"]
        self.assertEqual((listed[0]["desktop_count"], listed[0]["desktop_used"]), (2, 0))
        self.assertEqual(self.ok(self.client.get("/users"))["total_count"], 4)
        self.assertEqual(self.client.control("POST", "bulk/desktops", {"count": 1, "pool_id": "nope"}).status, 404)

    def test_stats(self):
        self.client.control("DELETE", "stats")
        self.client.get("/desktops")
        self.client.get("/desktops")
        self.client.get("/users/nope")
        stats = self.client.control("GET", "stats").json
        self.assertEqual(stats["by_operation"]["desktops.list"], 2)
        rows = {(r["operation"], r["method"], r["route"], r["status"]): r["count"] for r in stats["requests"]}
        self.assertEqual(rows[("desktops.list", "GET", "/v2/{project_id}/desktops", 200)], 2)
        self.assertEqual(rows[("users.get", "GET", "/v2/{project_id}/users/{user_id}", 404)], 1)
        self.assertEqual(self.client.control("DELETE", "stats").status, 204)
        self.assertEqual(self.client.control("GET", "stats").json["by_operation"], {"control": 1})

    def test_reset_restores_the_seed(self):
        self.create_desktop()
        self.client.control("PUT", "faults", {"rules": [{"operation": "users.list", "kind": "http_500"}]})
        self.client.control("PUT", "quotas", {"users": 0})
        self.assertEqual(self.client.control("POST", "reset").status, 204)
        self.assertEqual(self.ok(self.client.get("/desktops"))["total_count"], 0)
        self.assertEqual(self.ok(self.client.get("/users"))["total_count"], 0)
        self.assertEqual(self.client.control("GET", "quotas").json["users"]["quota"], 3000)


class ControlApiOffTest(SimTestCase):
    sim_kwargs = {"control": False}

    def setUp(self):
        pass  # no reset without the control API

    def test_control_api_is_off_by_default(self):
        for method, path in [("GET", "state"), ("POST", "reset"), ("PUT", "faults"), ("GET", "stats")]:
            with self.subTest(path):
                self.assertEqual(self.client.control(method, path).status, 404)


if __name__ == "__main__":
    unittest.main()
